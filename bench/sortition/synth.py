"""Seeded synthetic pools with tight quotas, shaped like the paper's real instances.

Quotas are floor/ceil of population share x panel size, over a pool whose value
shares are biased away from the population's (as volunteer pools are).
"""

from __future__ import annotations

import csv
import json
import math
import random
from pathlib import Path

FEATURES = {
    "age": {"16-29": 0.21, "30-44": 0.25, "45-59": 0.25, "60-74": 0.19, "75+": 0.10},
    "gender": {"female": 0.507, "male": 0.488, "non-binary/other": 0.005},
    "ethnicity": {"white": 0.81, "asian": 0.09, "black": 0.04, "mixed": 0.03, "other": 0.03},
    "disability": {"no": 0.82, "yes": 0.18},
    "deprivation": {f"q{i}": 0.2 for i in range(1, 6)},
    "locality": {"city": 0.3, "inner": 0.28, "outer": 0.22, "towns": 0.12, "rural": 0.08},
    "education": {"none": 0.18, "school": 0.3, "college": 0.22, "degree": 0.3},
}


def make_pool(folder: Path, *, n: int, k: int, features: int, seed: int, bias: float = 0.5) -> Path:
    """Write ``people.csv``, ``categories.csv`` and ``instance.json`` into ``folder``."""
    rng = random.Random(seed)
    chosen = dict(list(FEATURES.items())[:features])
    pool_shares = {}
    for name, shares in chosen.items():
        skew = {v: s * math.exp(rng.gauss(0, bias)) for v, s in shares.items()}
        total = sum(skew.values())
        pool_shares[name] = {v: s / total for v, s in skew.items()}
    # A latent "engagement" makes features correlate, as in real pools.
    rows = []
    for i in range(n):
        row = {"id": f"p{i + 1:05d}"}
        tilt = rng.random()
        for name, shares in pool_shares.items():
            values = list(shares)
            weights = [shares[v] * (1 + tilt * (j % 2)) for j, v in enumerate(values)]
            row[name] = rng.choices(values, weights)[0]
        rows.append(row)
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "people.csv").open("w", newline="") as handle:
        writer = csv.DictWriter(handle, ["id", *chosen])
        writer.writeheader()
        writer.writerows(rows)
    with (folder / "categories.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["feature", "value", "min", "max"])
        for name, shares in chosen.items():
            for value, share in shares.items():
                writer.writerow([name, value, math.floor(share * k), math.ceil(share * k)])
    info = {
        "name": folder.name,
        "k": k,
        "n": n,
        "num_features": features,
        "seed": seed,
        "bias": bias,
    }
    (folder / "instance.json").write_text(json.dumps(info))
    return folder

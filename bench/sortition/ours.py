"""Run one of our algorithms on an instance folder; print one JSON line."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from assembly.pool_csv import read_pool
from assembly.selection import find_distribution, gini


def main(folder: str, algorithm: str) -> None:
    path = Path(folder)
    k = json.loads((path / "instance.json").read_text())["k"]
    pool = read_pool(path / "people.csv", path / "categories.csv")
    start = time.perf_counter()
    distribution = find_distribution(pool.people, pool.quotas, k, algorithm=algorithm)
    seconds = time.perf_counter() - start
    probs = list(distribution.person_probabilities.values())
    result = {
        "seconds": seconds,
        "min": min(probs),
        "gini": gini(probs),
        "support": len(distribution.panels),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main(*sys.argv[1:3])

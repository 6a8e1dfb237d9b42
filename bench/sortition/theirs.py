"""Run sortition-algorithms (PyPI) on an instance folder; print one JSON line.

Runs inside the benchmark's own virtualenv (``bench/.venv-sortition``).
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from sortition_algorithms import CSVFileDataSource, SelectionData, Settings
from sortition_algorithms.committee_generation.legacy import find_random_sample_legacy
from sortition_algorithms.committee_generation.maximin import find_distribution_maximin
from sortition_algorithms.committee_generation.nash import find_distribution_nash
from sortition_algorithms.utils import set_random_provider

LEGACY_SAMPLES = 1000


def gini(values):
    xs = sorted(values)
    n, total = len(xs), sum(xs)
    return (2 * sum((i + 1) * x for i, x in enumerate(xs))) / (n * total) - (n + 1) / n


def main(folder: str, algorithm: str) -> None:
    path = Path(folder)
    k = json.loads((path / "instance.json").read_text())["k"]
    out = Path(tempfile.mkdtemp())
    source = CSVFileDataSource(
        features_file=path / "categories.csv",
        people_file=path / "people.csv",
        already_selected_file=None,
        selected_file=out / "selected.csv",
        remaining_file=out / "remaining.csv",
    )
    data = SelectionData(source)
    features, _ = data.load_features(k)
    people, _ = data.load_people(Settings(id_column="id", columns_to_keep=[]), features)
    ids = list(people)
    start = time.perf_counter()
    if algorithm == "legacy":
        set_random_provider(0)
        counts = Counter()
        for _ in range(LEGACY_SAMPLES):
            panels, _ = find_random_sample_legacy(people, features, k, [], max_attempts=100)
            counts.update(panels[0])
        marginal = {i: counts[i] / LEGACY_SAMPLES for i in ids}
        support = None
    else:
        solve = find_distribution_maximin if algorithm == "maximin" else find_distribution_nash
        panels, probs, _ = solve(features, people, k, [], "highspy")
        marginal = dict.fromkeys(ids, 0.0)
        for panel, p in zip(panels, probs, strict=True):
            for i in panel:
                marginal[i] += p
        support = len(panels)
    seconds = time.perf_counter() - start
    values = list(marginal.values())
    print(
        json.dumps(
            {"seconds": seconds, "min": min(values), "gini": gini(values), "support": support}
        )
    )


if __name__ == "__main__":
    main(*sys.argv[1:3])

"""A straightforward LEXIMIN for tiny pools: enumerate every panel, fix levels one by one.

Independent of the engine: it works on people (not groups), lists every feasible
panel, and decides who is stuck at each level by maximising each person's
probability on its own, instead of reading dual values.
"""

from __future__ import annotations

import random
from itertools import combinations
from pathlib import Path

import highspy
import numpy as np

from assembly.selection import Person, Quota

DATA = Path(__file__).resolve().parents[3] / ".." / "shared" / "data" / "sortition"


def feasible_panels(people, quotas, k, households=None):
    households = households or {}
    panels = []
    for panel in combinations(range(len(people)), k):
        members = [people[i] for i in panel]
        if all(
            q.min <= sum(p.features[q.feature] == q.value for p in members) <= q.max for q in quotas
        ):
            addresses = [households[p.id] for p in members if households.get(p.id)]
            if len(addresses) == len(set(addresses)):
                panels.append(panel)
    return panels


def lp_max(objective, rows):
    """Maximise objective @ x over x >= 0 subject to rows of (coefficients, lower, upper)."""
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    n = len(objective)
    h.addVars(n, np.zeros(n), np.full(n, np.inf))
    h.changeColsCost(n, np.arange(n, dtype=np.int32), np.asarray(objective, dtype=float))
    h.changeObjectiveSense(highspy.ObjSense.kMaximize)
    for coefficients, lower, upper in rows:
        index = np.flatnonzero(coefficients).astype(np.int32)
        h.addRow(lower, upper, len(index), index, np.asarray(coefficients)[index])
    h.run()
    assert h.getModelStatus() == highspy.HighsModelStatus.kOptimal
    return h.getInfo().objective_function_value, np.asarray(h.getSolution().col_value)


def _rows(matrix, fixed, level):
    """Rows for: lam sums to 1; fixed people at their level; others at least ``level``."""
    m, n = matrix.shape
    rows = [(np.append(np.ones(m), 0.0), 1.0, 1.0)]
    for i in range(n):
        if i in fixed:
            rows.append((np.append(matrix[:, i], 0.0), fixed[i] - 1e-9, np.inf))
        elif level is None:
            rows.append((np.append(matrix[:, i], -1.0), 0.0, np.inf))
        else:
            rows.append((np.append(matrix[:, i], 0.0), level - 1e-9, np.inf))
    return rows


def reference_leximin(people, quotas, k, households=None):
    """Sorted LEXIMIN probability vector by brute force."""
    panels = feasible_panels(people, quotas, k, households)
    n = len(people)
    matrix = np.zeros((len(panels), n))
    for row, panel in enumerate(panels):
        matrix[row, list(panel)] = 1.0
    fixed: dict[int, float] = {}
    while len(fixed) < n:
        level, _ = lp_max(np.append(np.zeros(len(panels)), 1.0), _rows(matrix, fixed, None))
        stuck = []
        for i in set(range(n)) - set(fixed):
            objective = np.append(matrix[:, i], 0.0)
            best, _ = lp_max(objective, _rows(matrix, fixed, level))
            if best <= level + 1e-7:
                stuck.append(i)
        assert stuck, "some person must be stuck at the stage level"
        for i in stuck:
            fixed[i] = level
    return sorted(fixed.values()), panels, matrix


def random_instance(seed):
    """A small random pool (n <= 12) with feasible quotas over 2-3 categories."""
    rng = random.Random(seed)
    while True:
        n, k = rng.randint(8, 12), rng.randint(3, 5)
        categories = {
            f"c{j}": [f"v{v}" for v in range(rng.randint(2, 3))] for j in range(rng.randint(2, 3))
        }
        people = [
            Person(f"p{i:02d}", {c: rng.choice(vals) for c, vals in categories.items()})
            for i in range(n)
        ]
        quotas = []
        for c, vals in categories.items():
            for v in vals:
                have = sum(p.features[c] == v for p in people)
                low = rng.randint(0, min(have, 2))
                quotas.append(Quota(c, v, low, min(k, low + rng.randint(0, 2))))
        if feasible_panels(people, quotas, k):
            return people, quotas, k

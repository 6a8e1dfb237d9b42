"""LEGACY: the greedy one-by-one procedure the Sortition Foundation used before 2021.

At each step it takes the quota value furthest below its minimum relative to the
people still available, ``(min - selected) / remaining``, and picks one of those
people uniformly. People are removed when a value reaches its maximum or a member
of their household is chosen. A run that strands a minimum starts again.
"""

from __future__ import annotations

import random
from collections import Counter

import numpy as np

from .common import Distribution, Progress
from .errors import SelectionError
from .profiles import Pool
from .result import to_distribution

FAILED = "The legacy procedure found no panel in {attempts} attempts."


def legacy_panel(pool: Pool, rng: random.Random, attempts: int = 100) -> np.ndarray:
    """One panel (group counts) from the legacy procedure."""
    quota_groups = [np.array(pool.quota_groups(q), dtype=int) for q in pool.quotas]
    member_of = [
        [i for i, gs in enumerate(quota_groups) if g in gs] for g in range(len(pool.groups))
    ]
    household_of = {g: h for h in pool.households for g in h}
    for _ in range(attempts):
        remaining = pool.sizes.astype(int)
        chosen = np.zeros(len(remaining), dtype=int)
        for _ in range(pool.panel_size):
            best, best_ratio = None, -np.inf
            for q, groups in zip(pool.quotas, quota_groups, strict=True):
                left = remaining[groups].sum()
                if left and (ratio := (q.min - chosen[groups].sum()) / left) > best_ratio:
                    best, best_ratio = groups, ratio
            if best is None:
                break
            pick = rng.randrange(int(remaining[best].sum()))
            g = int(best[np.searchsorted(np.cumsum(remaining[best]), pick, side="right")])
            chosen[g] += 1
            remaining[g] -= 1
            for i in member_of[g]:
                if chosen[quota_groups[i]].sum() >= pool.quotas[i].max:
                    remaining[quota_groups[i]] = 0
            for other in household_of.get(g, ()):
                remaining[other] = 0
        if chosen.sum() == pool.panel_size and all(
            q.min <= chosen[gs].sum() <= q.max
            for q, gs in zip(pool.quotas, quota_groups, strict=True)
        ):
            return chosen
    raise SelectionError(FAILED.format(attempts=attempts))


def legacy(
    pool: Pool, progress: Progress | None = None, samples: int = 1000, seed: int = 0
) -> Distribution:
    """Estimate the legacy procedure's lottery from ``samples`` seeded runs."""
    rng = random.Random(seed)
    counts: Counter[bytes] = Counter()
    panels: dict[bytes, np.ndarray] = {}
    for i in range(samples):
        panel = legacy_panel(pool, rng)
        counts[panel.tobytes()] += 1
        panels[panel.tobytes()] = panel
        if progress and i % 100 == 0:
            progress(i / samples, f"legacy sample {i}")
    keys = list(panels)
    return to_distribution("legacy", pool, [panels[k] for k in keys], [counts[k] for k in keys])

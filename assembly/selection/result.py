"""Turn group-level panels and probabilities into a :class:`Distribution`."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .common import Distribution
from .profiles import Pool


def to_distribution(
    algorithm: str, pool: Pool, panels: Sequence[np.ndarray], probs: Sequence[float] | np.ndarray
) -> Distribution:
    """Build a distribution from group-count panels and their probabilities."""
    weights = np.asarray(probs, dtype=float)
    weights = weights / weights.sum()
    order = sorted(range(len(panels)), key=lambda i: tuple(-panels[i]))
    matrix = np.array([panels[i] for i in order], dtype=float)
    weights = weights[order]
    marginals = (weights @ matrix) / pool.sizes
    person = {
        pid: float(m) for group, m in zip(pool.groups, marginals, strict=True) for pid in group
    }
    return Distribution(
        algorithm=algorithm,
        panel_size=pool.panel_size,
        groups=pool.groups,
        panels=tuple(
            tuple((int(g), int(panels[i][g])) for g in np.flatnonzero(panels[i])) for i in order
        ),
        probabilities=tuple(float(p) for p in weights),
        person_probabilities=person,
    )

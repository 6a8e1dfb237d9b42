"""LEXIMIN (Flanigan, Gölz, Gupta, Hennig, Procaccia, Nature 2021) on HiGHS.

Maximise the smallest selection probability, then the second smallest, and so on.
Each stage is a column-generation LP over panels (see :mod:`.colgen`); groups whose
dual value is positive at the stage optimum cannot rise above that stage's level in
any optimal lottery, so they are fixed there and the next stage raises the rest.
"""

from __future__ import annotations

import numpy as np

from .colgen import Master
from .common import Distribution, Progress
from .oracle import PanelOracle
from .profiles import Pool
from .result import to_distribution

#: A group is fixed at a stage when its normalised dual value exceeds this.
FIX_TOL = 1e-7


def leximin(pool: Pool, progress: Progress | None = None) -> Distribution:
    """Solve LEXIMIN exactly (to solver tolerance) by column generation.

    Parameters
    ----------
    pool : Pool
        Grouped volunteers, quotas and panel size.
    progress : callable, optional
        Called as ``progress(fraction, message)`` after each stage, where
        ``fraction`` is the share of volunteers whose probability is settled.

    Returns
    -------
    Distribution
    """
    master = Master(PanelOracle(pool))
    master.seed()
    sizes = pool.sizes
    free = np.ones(len(sizes), dtype=bool)
    lam = np.zeros(0)
    stage = 0
    while free.any():
        stage += 1
        z, y, lam = master.optimise()
        settle = free & (y > FIX_TOL)
        if not settle.any():
            settle[np.flatnonzero(free)[np.argmax(y[free])]] = True
        for group in np.flatnonzero(settle):
            master.fix(int(group), z)
        free &= ~settle
        if progress:
            done = float(sizes[~free].sum() / sizes.sum())
            progress(done, f"stage {stage}: {int(settle.sum())} groups settled at {z:.6f}")
    panels, probs, _ = master.marginals(lam)
    return to_distribution("leximin", pool, panels, probs)

"""LEXIMIN (Flanigan, Gölz, Gupta, Hennig, Procaccia, Nature 2021) on HiGHS.

Maximise the smallest selection probability, then the second smallest, and so on.

The fast path solves LEXIMIN over the LP relaxation of the panel rules (a few
small LPs, see :mod:`.compact`), covers that point with panels by a Carathéodory
walk, then asks column generation for a lottery whose probabilities reach it.
If one exists it is the exact LEXIMIN lottery: no lottery can do better than
the relaxation. Otherwise (the relaxation's point
is not a lottery over panels) the staged method of the paper runs: each stage is
a column-generation LP over panels (see :mod:`.colgen`); groups whose dual value
is positive at the stage optimum cannot rise above that stage's level in any
optimal lottery, so they are fixed there and the next stage raises the rest.
"""

from __future__ import annotations

import numpy as np

from .colgen import Master
from .common import Distribution, Progress
from .compact import relaxed_leximin, walk
from .oracle import PanelOracle
from .profiles import Pool
from .result import to_distribution

#: A group is fixed at a stage when its normalised dual value exceeds this.
FIX_TOL = 1e-7
#: The fast path succeeds when every probability reaches this share of its target
#: (within the tolerance of the LP solver and well within the 1e-6 of verification).
REACH = 1.0 - 1e-7


def leximin(pool: Pool, progress: Progress | None = None) -> Distribution:
    """Solve LEXIMIN exactly (to solver tolerance) by column generation.

    Parameters
    ----------
    pool : Pool
        Grouped volunteers, quotas and panel size.
    progress : callable, optional
        Called as ``progress(fraction, message)`` as the work goes on.

    Returns
    -------
    Distribution
    """
    master = Master(PanelOracle(pool))
    target, levels = relaxed_leximin(pool)
    if progress:
        progress(0.05, f"relaxation solved: {len(levels)} levels, lowest {levels[0][0]:.6f}")
    panels, _, left = walk(pool, target)
    for counts in panels:
        master.add(counts)
    if not panels:
        master.seed()
    if progress:
        progress(0.5, f"{len(panels)} panels cover all but {left:.1e} of the lottery")
    master.aim(target)
    z, _, lam = master.optimise(stop_at=REACH)
    if z >= REACH:
        if progress:
            progress(1.0, "lottery found for the relaxation's LEXIMIN point")
        panels, probs, _ = master.marginals(lam)
        return to_distribution("leximin", pool, panels, probs)
    if progress:
        progress(0.1, "relaxation's point is not a lottery: solving stage by stage")
    master.aim(np.ones(len(pool.groups)))
    return _staged(pool, master, progress)


def _staged(pool: Pool, master: Master, progress: Progress | None) -> Distribution:
    """The paper's method: raise the lowest free probabilities one stage at a time."""
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

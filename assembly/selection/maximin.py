"""MAXIMIN: the lottery that maximises the smallest selection probability."""

from __future__ import annotations

import numpy as np

from .colgen import Master
from .common import Distribution, Progress
from .compact import relaxed_leximin, walk
from .leximin import REACH
from .oracle import PanelOracle
from .profiles import Pool
from .result import to_distribution

#: Column generation may stop once it is this close to the relaxation's bound.
BOUND_GAP = 1e-9


def maximin(pool: Pool, progress: Progress | None = None) -> Distribution:
    """Solve MAXIMIN over panels.

    The relaxation's maximin value bounds the optimum from above. Its optimal
    point is covered with panels (a Carathéodory walk, then column generation);
    when that lottery exists it is optimal. Otherwise column generation stops as
    soon as it reaches the bound, or runs until no panel improves the LP.

    Parameters
    ----------
    pool : Pool
        Grouped volunteers, quotas and panel size.
    progress : callable, optional
        Called as ``progress(fraction, message)``.

    Returns
    -------
    Distribution
    """
    master = Master(PanelOracle(pool))
    target, levels = relaxed_leximin(pool, max_stages=1)
    panels, _, _ = walk(pool, target)
    for counts in panels:
        master.add(counts)
    if not panels:
        master.seed()
    master.aim(target)
    z, _, lam = master.optimise(stop_at=REACH)
    if z < REACH:
        master.aim(np.ones(len(target)))
        _, _, lam = master.optimise(stop_at=levels[0][0] - BOUND_GAP)
    if progress:
        progress(1.0, "maximin solved")
    return to_distribution("maximin", pool, *master.marginals(lam)[:2])

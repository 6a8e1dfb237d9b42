"""MAXIMIN: the lottery that maximises the smallest selection probability."""

from __future__ import annotations

from .colgen import Master
from .common import Distribution, Progress
from .compact import relaxed_leximin
from .oracle import PanelOracle
from .profiles import Pool
from .result import to_distribution

#: Column generation may stop once it is this close to the relaxation's bound.
BOUND_GAP = 1e-9


def maximin(pool: Pool, progress: Progress | None = None) -> Distribution:
    """Solve MAXIMIN by column generation over panels.

    The relaxation's maximin value bounds the optimum from above, so column
    generation stops as soon as it reaches it, without proving optimality by
    integer programs; otherwise it runs until no panel improves the LP.

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
    master.seed()
    _, levels = relaxed_leximin(pool, max_stages=1)
    _, _, lam = master.optimise(stop_at=levels[0][0] - BOUND_GAP)
    if progress:
        progress(1.0, "maximin solved")
    return to_distribution("maximin", pool, *master.marginals(lam)[:2])

"""MAXIMIN: the lottery that maximises the smallest selection probability."""

from __future__ import annotations

from .colgen import Master
from .common import Distribution, Progress
from .oracle import PanelOracle
from .profiles import Pool
from .result import to_distribution


def maximin(pool: Pool, progress: Progress | None = None) -> Distribution:
    """Solve MAXIMIN by column generation over panels.

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
    _, _, lam = master.optimise()
    if progress:
        progress(1.0, "maximin solved")
    return to_distribution("maximin", pool, *master.marginals(lam)[:2])

"""NASH: the lottery that maximises the product of selection probabilities."""

from __future__ import annotations

import numpy as np

from .colgen import Master
from .common import Distribution, Progress
from .oracle import PanelOracle
from .profiles import Pool
from .result import to_distribution

#: Stop when no panel improves the Nash welfare's gradient by more than this share.
NASH_TOL = 1e-6


def nash(pool: Pool, progress: Progress | None = None, rounds: int = 300) -> Distribution:
    """Maximise the sum of log selection probabilities by column generation.

    Starts from the maximin lottery, then alternates multiplicative (EM) updates of
    the panel probabilities with pricing a new panel at weights ``1 / probability``.

    Parameters
    ----------
    pool : Pool
    progress : callable, optional
    rounds : int
        Most pricing rounds to run.

    Returns
    -------
    Distribution
    """
    oracle = PanelOracle(pool)
    master = Master(oracle)
    master.seed()
    _, _, lam = master.optimise()
    panels, probs, marginals = master.marginals(lam)
    sizes = pool.sizes
    active = marginals > 1e-9  # groups no panel can include stay out of the product
    total = sizes[active].sum()
    keys = {p.tobytes() for p in panels}
    for round_ in range(rounds):
        shares = np.array(panels, dtype=float) / sizes
        for _ in range(50):
            pi = probs @ shares
            gain = (shares[:, active] * (sizes[active] / pi[active])).sum(axis=1)
            probs = probs * gain / total
        pi = probs @ shares
        weights = np.where(active, 1.0 / np.maximum(pi, 1e-12), 0.0)
        best = oracle.best(weights)[0]
        if weights @ best <= total * (1 + NASH_TOL) or best.tobytes() in keys:
            break
        keys.add(best.tobytes())
        panels.append(best)
        probs = np.append(probs * 0.95, 0.05)
        if progress:
            progress(min(1.0, round_ / rounds), f"nash round {round_}")
    keep = probs > 1e-12
    return to_distribution(
        "nash", pool, [p for p, k in zip(panels, keep, strict=True) if k], probs[keep]
    )

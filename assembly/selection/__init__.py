"""Fair sortition: draw representative panels from a pool of volunteers.

Pure functions over plain data (no Django, no I/O). ``find_distribution`` builds a
lottery over quota-respecting panels; ``draw_panel`` draws from it with a seed.

Examples
--------
>>> from assembly.selection import Person, Quota, find_distribution, draw_panel
>>> people = [Person(f"p{i}", {"age": "young" if i < 4 else "old"}) for i in range(10)]
>>> quotas = [Quota("age", "young", 1, 1), Quota("age", "old", 1, 1)]
>>> d = find_distribution(people, quotas, 2)
>>> round(d.person_probabilities["p0"], 6), round(d.person_probabilities["p9"], 6)
(0.25, 0.166667)
>>> len(draw_panel(d, seed=42))
2
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from . import errors
from .common import Distribution, Person, Progress, Quota, gini
from .draw import draw_panel, probability_mismatches, recorded_marginals, verify_draw
from .errors import InfeasibleQuotasError, QuotaChange, SelectionError
from .feasibility import check_feasible, quota_changes
from .legacy import legacy
from .leximin import leximin
from .maximin import maximin
from .nash import nash
from .profiles import Pool, compress
from .replacement import Replacement, draw_replacement
from .transparent import TransparentLottery, transparent_lottery, verify_transparent

ALGORITHMS = {"leximin": leximin, "maximin": maximin, "nash": nash, "legacy": legacy}

__all__ = [
    "ALGORITHMS",
    "Distribution",
    "InfeasibleQuotasError",
    "Person",
    "Pool",
    "Progress",
    "Quota",
    "QuotaChange",
    "Replacement",
    "SelectionError",
    "TransparentLottery",
    "check_feasible",
    "compress",
    "draw_panel",
    "draw_replacement",
    "find_distribution",
    "gini",
    "probability_mismatches",
    "quota_changes",
    "recorded_marginals",
    "transparent_lottery",
    "verify_draw",
    "verify_probabilities",
    "verify_transparent",
]


def find_distribution(
    people: Iterable[Person],
    quotas: Iterable[Quota],
    panel_size: int,
    *,
    algorithm: str = "leximin",
    households: Mapping[str, str] | None = None,
    progress: Progress | None = None,
) -> Distribution:
    """Find a lottery over panels of ``panel_size`` that meet the quotas.

    Parameters
    ----------
    people : iterable of Person
    quotas : iterable of Quota
    panel_size : int
    algorithm : {"leximin", "maximin", "nash", "legacy"}
        ``legacy`` estimates the old greedy procedure from 1,000 seeded runs.
    households : mapping of person id to household key, optional
        At most one person per household sits on a panel.
    progress : callable, optional
        ``progress(fraction, message)`` for a background job.

    Returns
    -------
    Distribution

    Raises
    ------
    InfeasibleQuotasError
        No panel meets the quotas; ``changes`` names a smallest fix.
    SelectionError
        Bad input (duplicate ids, unknown values, panel larger than the pool).
    """
    if algorithm not in ALGORITHMS:
        choices = ", ".join(ALGORITHMS)
        raise SelectionError(errors.UNKNOWN_ALGORITHM.format(name=algorithm, choices=choices))
    pool = compress(people, quotas, panel_size, households)
    check_feasible(pool)
    return ALGORITHMS[algorithm](pool, progress=progress)


def verify_probabilities(
    distribution: Distribution,
    people: Iterable[Person],
    quotas: Iterable[Quota],
    *,
    households: Mapping[str, str] | None = None,
    tol: float = 1e-6,
) -> list[tuple[str, float, float]]:
    """Re-solve and list people whose recorded probability is off by more than ``tol``.

    An empty list means the record verifies. Use with ``leximin``, whose
    probabilities are unique; other algorithms' lotteries need not be.
    """
    again = find_distribution(
        people,
        quotas,
        distribution.panel_size,
        algorithm=distribution.algorithm,
        households=households,
    )
    return probability_mismatches(distribution, again, tol)

"""Draw a panel from a distribution with a seed, and verify a recorded draw."""

from __future__ import annotations

import random
from bisect import bisect_right
from itertools import accumulate

from .common import Distribution


def draw_panel(distribution: Distribution, seed: int) -> tuple[str, ...]:
    """Draw a panel reproducibly: the same distribution and seed give the same panel.

    Picks a panel of the support with its probability, then the given number of
    members of each group uniformly, all from one ``random.Random(seed)`` stream.

    Examples
    --------
    >>> from assembly.selection import Distribution
    >>> d = Distribution("x", 1, (("a", "b"),), (((0, 1),),), (1.0,), {"a": 0.5, "b": 0.5})
    >>> draw_panel(d, 7) == draw_panel(d, 7)
    True
    """
    rng = random.Random(seed)
    cumulative = list(accumulate(distribution.probabilities))
    index = min(bisect_right(cumulative, rng.random() * cumulative[-1]), len(cumulative) - 1)
    members: list[str] = []
    for group, count in distribution.panels[index]:
        members += rng.sample(distribution.groups[group], count)
    return tuple(sorted(members))


def verify_draw(distribution: Distribution, seed: int, panel: list[str] | tuple[str, ...]) -> bool:
    """Whether ``panel`` is exactly what ``draw_panel(distribution, seed)`` gives."""
    return draw_panel(distribution, seed) == tuple(sorted(panel))


def recorded_marginals(distribution: Distribution) -> dict[str, float]:
    """Each person's selection probability implied by the recorded panels."""
    result = {pid: 0.0 for group in distribution.groups for pid in group}
    for prob, panel in zip(distribution.probabilities, distribution.panels, strict=True):
        for group, count in panel:
            members = distribution.groups[group]
            for pid in members:
                result[pid] += prob * count / len(members)
    return result


def probability_mismatches(
    recorded: Distribution, recomputed: Distribution, tol: float = 1e-6
) -> list[tuple[str, float, float]]:
    """People whose recorded probability differs from the re-solved one by more than ``tol``.

    Also checks that the recorded probabilities follow from the recorded panels.
    """
    implied = recorded_marginals(recorded)
    bad = []
    for pid, prob in recorded.person_probabilities.items():
        other = recomputed.person_probabilities.get(pid, float("nan"))
        if not (abs(prob - other) <= tol and abs(prob - implied.get(pid, float("nan"))) <= tol):
            bad.append((pid, prob, other))
    return bad

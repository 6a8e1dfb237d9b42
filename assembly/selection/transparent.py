"""Transparent draw (Flanigan, Kehne, Procaccia, "Fair sortition made transparent", 2021).

Round the lottery to ``m`` equally likely panels, publish the list (or its hash)
before the draw, then let a public random number (dice rolled in front of
witnesses, say) pick one. Anyone can re-check the pick from the published list.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

import highspy
import numpy as np

from .common import Distribution
from .oracle import new_highs

#: Branch-and-bound nodes for the rounding program: a work limit, not a time
#: limit, so the same lottery always rounds to the same list.
ROUNDING_NODES = 2000


@dataclass(frozen=True)
class TransparentLottery:
    """``m`` equally likely panels, their SHA-256 digest and the rounding error."""

    panels: tuple[tuple[str, ...], ...]
    digest: str
    max_deviation: float

    def pick(self, number: int) -> tuple[str, ...]:
        """The panel chosen by public random number ``number`` (taken modulo ``m``)."""
        return self.panels[number % len(self.panels)]


def panels_digest(panels: tuple[tuple[str, ...], ...]) -> str:
    """SHA-256 of the canonical JSON of the numbered panel list."""
    return hashlib.sha256(json.dumps([list(p) for p in panels]).encode()).hexdigest()


def transparent_lottery(distribution: Distribution, m: int = 1000) -> TransparentLottery:
    """Round ``distribution`` to ``m`` equally likely panels.

    As in the paper, the panels come from the lottery's own support and the
    number of copies of each is chosen by an integer program that minimises the
    largest change in any group's selection probability (HiGHS, started from
    largest-remainder rounding, under a fixed node limit so that it is
    reproducible). Within each group, members take turns in id order, so members
    of a group are chosen equally often up to one panel.
    """
    slots = _round(distribution, m)
    turn = [0] * len(distribution.groups)
    panels: list[tuple[str, ...]] = []
    for index, copies in enumerate(slots):
        for _ in range(copies):
            members: list[str] = []
            for group, count in distribution.panels[index]:
                ids = distribution.groups[group]
                members += [ids[(turn[group] + i) % len(ids)] for i in range(count)]
                turn[group] = (turn[group] + count) % len(ids)
            panels.append(tuple(sorted(members)))
    counts: dict[str, int] = {}
    for panel in panels:
        for pid in panel:
            counts[pid] = counts.get(pid, 0) + 1
    deviation = max(
        abs(counts.get(pid, 0) / m - p) for pid, p in distribution.person_probabilities.items()
    )
    result = tuple(panels)
    return TransparentLottery(result, panels_digest(result), float(deviation))


def _largest_remainder(probabilities: np.ndarray, m: int) -> np.ndarray:
    scaled = probabilities * m
    slots = np.floor(scaled).astype(int)
    order = np.argsort(-(scaled - slots), kind="stable")
    slots[order[: m - slots.sum()]] += 1
    return slots


def _round(distribution: Distribution, m: int) -> np.ndarray:
    """Copies of each support panel, summing to ``m``, with the smallest worst error.

    Minimises ``e`` subject to ``|sum_P copies[P] * count[P, g] - m * size[g] *
    p[g]| <= e * m * size[g]`` for every group ``g``.
    """
    probs = np.asarray(distribution.probabilities, dtype=float)
    start = _largest_remainder(probs, m)
    groups = distribution.groups
    n, support = len(groups), len(probs)
    if support == 1:
        return start
    sizes = np.array([len(g) for g in groups], dtype=float)
    target = np.array([distribution.person_probabilities[g[0]] for g in groups]) * m * sizes
    counts = np.zeros((support, n))
    for index, panel in enumerate(distribution.panels):
        for group, count in panel:
            counts[index, group] = count
    h = new_highs()
    h.setOptionValue("mip_max_nodes", ROUNDING_NODES)
    h.addVars(support, np.zeros(support), np.full(support, float(m)))
    h.changeColsIntegrality(
        support,
        np.arange(support, dtype=np.int32),
        np.array([highspy.HighsVarType.kInteger] * support),
    )
    h.addVar(0.0, np.inf)  # e, the worst error
    h.changeColCost(support, 1.0)
    h.addRow(float(m), float(m), support, np.arange(support, dtype=np.int32), np.ones(support))
    cols = np.arange(support + 1, dtype=np.int32)
    for g in range(n):
        # target - e * m * size <= copies @ counts[:, g] <= target + e * m * size
        upper = np.append(counts[:, g], -m * sizes[g])
        lower = np.append(counts[:, g], m * sizes[g])
        h.addRow(-np.inf, target[g], support + 1, cols, upper)
        h.addRow(target[g], np.inf, support + 1, cols, lower)
    start_error = np.abs(start @ counts - target) / (m * sizes)
    h.setSolution(support + 1, cols, np.append(start.astype(float), start_error.max()))
    h.run()
    solution = h.getSolution()
    if not solution.value_valid:
        return start
    slots = np.rint(np.asarray(solution.col_value[:support])).astype(int)
    ours = np.abs(slots @ counts - target) / (m * sizes)
    if slots.sum() != m or slots.min() < 0 or ours.max() > start_error.max():
        return start
    return slots


def verify_transparent(
    panels: tuple[tuple[str, ...], ...], digest: str, number: int, panel: tuple[str, ...]
) -> bool:
    """Whether the published ``panels`` match ``digest`` and ``number`` picks ``panel``."""
    panels = tuple(tuple(p) for p in panels)
    return panels_digest(panels) == digest and panels[number % len(panels)] == tuple(sorted(panel))

"""Transparent draw (Flanigan, Kehne, Procaccia, "Fair sortition made transparent", 2021).

Round the lottery to ``m`` equally likely panels, publish the list (or its hash)
before the draw, then let a public random number (dice rolled in front of
witnesses, say) pick one. Anyone can re-check the pick from the published list.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

import numpy as np

from .common import Distribution


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

    Panel probabilities are rounded to multiples of ``1/m`` by largest remainder;
    within each group, members take turns in id order, so members of a group are
    chosen equally often up to one panel.
    """
    probs = np.asarray(distribution.probabilities) * m
    slots = np.floor(probs).astype(int)
    order = np.argsort(-(probs - slots), kind="stable")
    slots[order[: m - slots.sum()]] += 1
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


def verify_transparent(
    panels: tuple[tuple[str, ...], ...], digest: str, number: int, panel: tuple[str, ...]
) -> bool:
    """Whether the published ``panels`` match ``digest`` and ``number`` picks ``panel``."""
    panels = tuple(tuple(p) for p in panels)
    return panels_digest(panels) == digest and panels[number % len(panels)] == tuple(sorted(panel))

"""Replace a panel member who withdraws, keeping the quotas where possible."""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from . import errors
from .common import Person, Quota
from .errors import SelectionError

NO_CANDIDATE = "Nobody left in the pool can replace {id!r}."
MOVED = "{feature}={value} now has {count} members (quota {min} to {max})"


@dataclass(frozen=True)
class Replacement:
    """The person drawn to replace a withdrawn member, and quotas no longer met."""

    person_id: str
    withdrawn_id: str
    seed: int
    moved: tuple[str, ...]


def draw_replacement(
    people: Iterable[Person],
    quotas: Iterable[Quota],
    panel: Iterable[str],
    withdrawn_id: str,
    seed: int,
    households: Mapping[str, str] | None = None,
) -> Replacement:
    """Draw a replacement for ``withdrawn_id``, reproducibly from ``seed``.

    Candidates are volunteers not on the panel and not sharing a household with a
    remaining member. Among those that leave the panel closest to its quotas (all
    met if possible), one is drawn uniformly. ``moved`` says which quotas are off.
    """
    by_id = {p.id: p for p in people}
    quotas = list(quotas)
    households = households or {}
    panel = set(panel)
    if withdrawn_id not in panel:
        raise SelectionError(errors.NOT_ON_PANEL.format(id=withdrawn_id))
    stay = panel - {withdrawn_id}
    taken = {households[p] for p in stay if households.get(p)}
    candidates = sorted(
        pid
        for pid in by_id
        if pid not in panel and not (households.get(pid) and households[pid] in taken)
    )
    if not candidates:
        raise SelectionError(NO_CANDIDATE.format(id=withdrawn_id))

    def counts(members: set[str]) -> list[int]:
        return [sum(by_id[p].features.get(q.feature) == q.value for p in members) for q in quotas]

    base = counts(stay)

    def miss(pid: str) -> int:
        person = by_id[pid]
        total = 0
        for q, c in zip(quotas, base, strict=True):
            c += person.features.get(q.feature) == q.value
            total += max(0, q.min - c) + max(0, c - q.max)
        return total

    scores = {pid: miss(pid) for pid in candidates}
    best = min(scores.values())
    chosen = random.Random(seed).choice([pid for pid in candidates if scores[pid] == best])
    final = counts(stay | {chosen})
    moved = tuple(
        MOVED.format(feature=q.feature, value=q.value, count=c, min=q.min, max=q.max)
        for q, c in zip(quotas, final, strict=True)
        if not q.min <= c <= q.max
    )
    return Replacement(chosen, withdrawn_id, seed, moved)

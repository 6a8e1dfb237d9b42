"""Publishing a draw, and checking a published one against its record."""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.utils import timezone

from assembly import selection
from assembly.models import (
    Draw,
    DrawStatus,
)
from assembly.services.draw_inputs import record_digest, snapshot_inputs
from assembly.services.errors import (
    NOT_PUBLISHABLE,
    AssemblyError,
)


def draw_publish(*, draw: Draw, user=None) -> Draw:
    """Show the draw record on the public page (a transparent lottery may go before its draw)."""
    if not (
        draw.status == DrawStatus.DRAWN or (draw.transparent and draw.status == DrawStatus.READY)
    ):
        raise AssemblyError(NOT_PUBLISHABLE)
    draw.published_at = timezone.now()
    draw.save(update_fields=["published_at"])
    return draw


@dataclass(frozen=True)
class DrawCheck:
    panel_ok: bool
    hash_ok: bool
    probabilities_checked: bool
    mismatches: list[tuple[str, float, float]]
    notes: list[str]

    @property
    def ok(self) -> bool:
        return self.panel_ok and self.hash_ok and not self.mismatches


def draw_verify(*, draw: Draw, resolve: bool = True, tol: float = 1e-6) -> DrawCheck:
    """Re-derive the panel from the record, and re-solve to check every probability."""
    notes = []
    distribution = selection.Distribution.from_dict(draw.distribution)
    if draw.transparent:
        lottery = selection.transparent_lottery(distribution, draw.transparent_m)
        panels = tuple(tuple(p) for p in draw.lottery_panels)
        panel_ok = lottery.panels == panels and selection.verify_transparent(
            panels, draw.lottery_digest, draw.public_number, tuple(draw.panel)
        )
    else:
        panel_ok = selection.verify_draw(distribution, draw.seed, draw.panel)
    hash_ok = not draw.pool_snapshot or record_digest(draw.pool_snapshot) == draw.pool_hash
    mismatches: list[tuple[str, float, float]] = []
    checked = False
    implied = selection.recorded_marginals(distribution)
    mismatches += [
        (pid, p, implied.get(pid, math.nan))
        for pid, p in distribution.person_probabilities.items()
        if not abs(p - implied.get(pid, math.nan)) <= tol
    ]
    if resolve and not draw.pool_snapshot:
        notes.append("The pool was anonymised after its retention date, so it cannot be re-solved.")
    elif resolve and draw.algorithm != "leximin":
        notes.append(
            f"Only LEXIMIN's probabilities are unique; {draw.algorithm} was checked against "
            "its recorded panels only."
        )
    elif resolve:
        people, quotas, households = snapshot_inputs(draw)
        mismatches += selection.verify_probabilities(
            distribution, people, quotas, households=households, tol=tol
        )
        checked = True
    return DrawCheck(panel_ok, hash_ok, checked, mismatches, notes)

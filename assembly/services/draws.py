"""Draws: find the fairest lottery, draw the panel from it, and the state of an assembly's
draws. What a draw is computed from is in ``draw_inputs``; publishing and checking it in
``draw_checks``."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from assembly import selection
from assembly.job_kinds import DRAW_PREPARE_KIND, PANEL_DRAW_KIND
from assembly.models import (
    AssemblyPage,
    AssemblyStatus,
    Draw,
    DrawStatus,
    PanelMember,
    Volunteer,
)
from assembly.services.draw_inputs import (
    library_versions,
    pool_snapshot,
    probability_report,
    record_digest,
    snapshot_inputs,
)
from assembly.services.errors import (
    ALREADY_DRAWN,
    NO_CATEGORIES,
    NO_SUPPORT_FOR_SEED,
    NOT_READY,
    PUBLIC_NUMBER_NEEDED,
    AssemblyError,
    InfeasibleQuotas,
)
from jobs.models import Job
from jobs.services import job_start


@transaction.atomic
def draw_prepare(
    *,
    assembly: AssemblyPage,
    algorithm: str = "leximin",
    transparent: bool = False,
    m: int = 1000,
    user=None,
) -> Draw:
    """Check the quotas can be met, then find the lottery in a background job.

    Raises :class:`AssemblyError` naming the smallest quota changes when no panel
    can meet the quotas, so the organiser learns it before any draw.
    """
    if algorithm not in selection.ALGORITHMS:
        choices = ", ".join(selection.ALGORITHMS)
        raise AssemblyError(f"Unknown algorithm {algorithm!r}; choose one of {choices}.")
    _refuse_second_panel(assembly.pk)
    snapshot, quotas = pool_snapshot(assembly)
    if not quotas:
        raise AssemblyError(NO_CATEGORIES)
    people = [selection.Person(pid, f) for pid, f in sorted(snapshot["people"].items())]
    qs = [selection.Quota(**q) for q in quotas]
    try:
        pool = selection.compress(people, qs, assembly.panel_size, snapshot["households"] or None)
        selection.check_feasible(pool)
    except selection.InfeasibleQuotasError as exc:
        raise InfeasibleQuotas(
            str(exc), panel_size=assembly.panel_size, changes=exc.changes
        ) from exc
    except selection.SelectionError as exc:
        raise AssemblyError(str(exc)) from exc
    draw = Draw.objects.create(
        assembly=assembly,
        algorithm=algorithm,
        transparent=transparent,
        transparent_m=m,
        panel_size=assembly.panel_size,
        parameters={
            "household_rule": assembly.one_per_household,
            "pool_size": len(people),
            "left_out": assembly.volunteers.filter(anonymised_at__isnull=True).count()
            - len(people),
            **({"m": m} if transparent else {}),
        },
        versions=library_versions(),
        pool_snapshot=snapshot,
        quotas=quotas,
        pool_hash=record_digest(snapshot),
        quotas_hash=record_digest({"panel_size": assembly.panel_size, "quotas": quotas}),
        created_by=user if user is not None and user.is_authenticated else None,
    )
    draw.job = job_start(
        kind=DRAW_PREPARE_KIND,
        title=f"Find the fairest lottery for {assembly.title}",
        params={"draw_id": draw.pk},
        user=user,
    )
    draw.save(update_fields=["job"])
    return draw


def draw_prepare_run(job: Job, progress) -> dict:
    draw = Draw.objects.get(pk=job.params["draw_id"])
    people, quotas, households = snapshot_inputs(draw)
    try:
        distribution = selection.find_distribution(
            people,
            quotas,
            draw.panel_size,
            algorithm=draw.algorithm,
            households=households,
            progress=lambda fraction, message: progress(round(fraction * 100), 100, message),
        )
    except Exception as exc:
        Draw.objects.filter(pk=draw.pk).update(status=DrawStatus.FAILED, error=str(exc)[:2000])
        raise
    draw.distribution = distribution.to_dict()
    draw.report = probability_report(distribution, people, quotas)
    if draw.transparent:
        lottery = selection.transparent_lottery(distribution, draw.transparent_m)
        draw.lottery_panels = [list(p) for p in lottery.panels]
        draw.lottery_digest = lottery.digest
        draw.report["rounding_deviation"] = lottery.max_deviation
    draw.status = DrawStatus.READY
    draw.save(
        update_fields=["distribution", "report", "lottery_panels", "lottery_digest", "status"]
    )
    return {"draw_id": draw.pk, "min_probability": distribution.min_probability}


@transaction.atomic
def panel_draw(
    *, draw: Draw, seed: int | None = None, public_number: int | None = None, user=None
) -> Draw:
    """Draw the panel from the recorded lottery in a background job and save it."""
    draw = Draw.objects.select_for_update().get(pk=draw.pk)
    if draw.status != DrawStatus.READY:
        raise AssemblyError(NOT_READY.format(status=draw.get_status_display().lower()))
    _refuse_second_panel(draw.assembly_id)
    if draw.transparent:
        if seed is not None:
            raise AssemblyError(NO_SUPPORT_FOR_SEED)
        if public_number is None:
            raise AssemblyError(PUBLIC_NUMBER_NEEDED)
        draw.public_number = public_number
    else:
        draw.seed = seed if seed is not None else secrets.randbelow(2**31)
    draw.status = DrawStatus.DRAWING
    draw.job = job_start(
        kind=PANEL_DRAW_KIND,
        title=f"Draw the panel for {draw.assembly.title}",
        params={"draw_id": draw.pk},
        user=user,
    )
    draw.save(update_fields=["seed", "public_number", "status", "job"])
    return draw


def panel_draw_run(job: Job, progress) -> dict:
    progress(0, 1, "Drawing the panel")
    with transaction.atomic():
        draw = Draw.objects.select_for_update().get(pk=job.params["draw_id"])
        if draw.transparent:
            panel = tuple(draw.lottery_panels[draw.public_number % len(draw.lottery_panels)])
        else:
            distribution = selection.Distribution.from_dict(draw.distribution)
            panel = selection.draw_panel(distribution, draw.seed)
        volunteers = Volunteer.objects.filter(assembly_id=draw.assembly_id, pool_id__in=panel)
        PanelMember.objects.bulk_create(
            PanelMember(assembly_id=draw.assembly_id, draw=draw, volunteer=v) for v in volunteers
        )
        draw.panel = sorted(panel)
        draw.status = DrawStatus.DRAWN
        draw.drawn_at = timezone.now()
        draw.save(update_fields=["panel", "status", "drawn_at"])
        AssemblyPage.objects.filter(pk=draw.assembly_id).update(status=AssemblyStatus.SELECTING)
    progress(1, 1, "Panel drawn")
    return {"draw_id": draw.pk, "panel": list(panel)}


#: Draws that made, or are making, the assembly's one panel.
PANEL_STATUSES = (DrawStatus.DRAWING, DrawStatus.DRAWN)


def _refuse_second_panel(assembly_id: int) -> None:
    # An assembly has one panel; places freed later are filled by replacement draws.
    # Checked before any lottery is sought, not only before the panel is drawn from it,
    # and against a draw still drawing too, so two panels can never be drawn at once.
    if Draw.objects.filter(assembly_id=assembly_id, status__in=PANEL_STATUSES).exists():
        raise AssemblyError(ALREADY_DRAWN)


@dataclass(frozen=True)
class DrawsState:
    """Where an assembly's draws stand, so its pages offer only the actions that fit.

    ``panel`` is the draw that drew (or is drawing) the panel, ``preparing`` a lottery
    still being found, ``ready`` the newest lottery ready to draw from.
    """

    panel: Draw | None
    preparing: Draw | None
    ready: Draw | None

    @property
    def can_prepare(self) -> bool:
        """Whether finding a new lottery makes sense: no panel yet, none being found."""
        return self.panel is None and self.preparing is None

    def can_draw(self, draw: Draw) -> bool:
        return draw.status == DrawStatus.READY and self.panel is None


def draws_state(assembly: AssemblyPage) -> DrawsState:
    draws = (
        Draw.objects.filter(assembly=assembly)
        .select_related("job")
        .defer("pool_snapshot", "distribution", "report", "lottery_panels")
        .order_by("-created_at", "-pk")
    )
    panel = preparing = ready = None
    for draw in draws:
        if draw.status in PANEL_STATUSES and panel is None:
            panel = draw
        elif draw.status == DrawStatus.READY and ready is None:
            ready = draw
        elif (
            draw.status == DrawStatus.PREPARING
            and preparing is None
            # A job that ended without moving the draw on (its worker stopped) blocks nothing.
            and not (draw.job and draw.job.is_finished)
        ):
            preparing = draw
    return DrawsState(panel=panel, preparing=preparing, ready=ready)

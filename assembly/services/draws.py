"""Draws: find the fairest lottery, draw the panel from it, publish and verify."""

from __future__ import annotations

import hashlib
import json
import math
import platform
import secrets
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version

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
from assembly.services.errors import (
    ALREADY_DRAWN,
    NO_CATEGORIES,
    NO_SUPPORT_FOR_SEED,
    NOT_PUBLISHABLE,
    NOT_READY,
    PUBLIC_NUMBER_NEEDED,
    AssemblyError,
    InfeasibleQuotas,
)
from jobs.models import Job
from jobs.services import job_start


def _digest(data) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


def pool_snapshot(assembly: AssemblyPage) -> tuple[dict, list[dict]]:
    """The pool and quotas as plain data: pseudonymous ids, values, hashed households."""
    categories = list(assembly.selection_categories.prefetch_related("values"))
    quotas = [
        {"feature": c.name, "value": v.value, "min": v.min_quota, "max": v.max_quota}
        for c in categories
        for v in c.values.all()
    ]
    names = {c.pk: c.name for c in categories}
    people: dict[str, dict[str, str]] = {}
    households: dict[str, str] = {}
    volunteers = assembly.volunteers.filter(anonymised_at__isnull=True).prefetch_related(
        "answers__value"
    )
    for v in volunteers:
        features = {names[a.category_id]: a.value.value for a in v.answers.all()}
        if len(features) != len(names):
            continue  # did not answer every category: cannot be placed against the quotas
        people[v.pool_id] = features
        if assembly.one_per_household and v.household_key:
            households[v.pool_id] = hashlib.sha256(v.household_key.encode()).hexdigest()[:16]
    return {"people": people, "households": households}, quotas


def snapshot_inputs(draw: Draw):
    """People, quotas and households of a draw, as the selection package takes them."""
    people = [selection.Person(pid, f) for pid, f in sorted(draw.pool_snapshot["people"].items())]
    quotas = [selection.Quota(**q) for q in draw.quotas]
    return people, quotas, draw.pool_snapshot.get("households") or None


def library_versions() -> dict[str, str]:
    found = {"python": platform.python_version()}
    for package in ("highspy", "numpy", "django"):
        try:
            found[package] = version(package)
        except PackageNotFoundError:
            found[package] = "unknown"
    return found


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
        pool_hash=_digest(snapshot),
        quotas_hash=_digest({"panel_size": assembly.panel_size, "quotas": quotas}),
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


def probability_report(distribution, people, quotas) -> dict:
    """Smallest and largest chances, chances by group, and who has the lowest and why."""
    probs = distribution.person_probabilities
    by_value: dict[tuple[str, str], list[float]] = {}
    for person in people:
        for feature, value in person.features.items():
            by_value.setdefault((feature, value), []).append(probs[person.id])
    groups = []
    for q in quotas:
        found = by_value.get((q.feature, q.value), [])
        groups.append(
            {
                "feature": q.feature,
                "value": q.value,
                "pool": len(found),
                "min": q.min,
                "max": q.max,
                "mean": sum(found) / len(found) if found else 0.0,
                "smallest": min(found) if found else 0.0,
            }
        )
    lowest = sorted(people, key=lambda p: (probs[p.id], p.id))[:10]
    reasons = []
    for person in lowest:
        crowded = [
            g
            for g in groups
            if person.features.get(g["feature"]) == g["value"]
            and g["pool"]
            and g["max"] / g["pool"] < distribution.panel_size / max(1, len(people))
        ]
        why = (
            "; ".join(
                f"{g['pool']} volunteers with {g['feature']}={g['value']} share at most "
                f"{g['max']} places"
                for g in crowded
            )
            or "the quotas for their other answers leave little room"
        )
        reasons.append({"id": person.id, "probability": probs[person.id], "why": why})
    values = list(probs.values())
    return {
        "pool_size": len(people),
        "panel_size": distribution.panel_size,
        "min_probability": min(values),
        "max_probability": max(values),
        "equal_share": distribution.panel_size / len(values),
        "gini": selection.gini(values),
        "panels_in_support": len(distribution.panels),
        "groups": groups,
        "lowest": reasons,
    }


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
    hash_ok = not draw.pool_snapshot or _digest(draw.pool_snapshot) == draw.pool_hash
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

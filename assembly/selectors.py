"""Reads about assemblies. Special-category reads are for views that log them."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import pandas as pd
from django.core.cache import cache

from accounts.models import Role
from accounts.selectors import roles_filter
from assembly.models import (
    HOLDING_PLACE,
    AssemblyPage,
    AssemblyStatus,
    CategoryValue,
    Draw,
    DrawStatus,
    Meeting,
    MemberStatus,
    PanelMember,
    Volunteer,
)
from common import suppression
from common.open_items import OpenItem


def assemblies_managed(*, user) -> list[AssemblyPage]:
    """The assemblies whose organiser the user is (``assembly.manage``), in one query."""
    return list(roles_filter(user, AssemblyPage.objects.order_by("title"), [Role.ORGANISER]))


def open_for_home(*, user) -> list:
    """Live assemblies that are recruiting or meeting, for the home page."""
    pages = (
        AssemblyPage.objects.live()
        .public()
        .exclude(status__in=[AssemblyStatus.PLANNING, AssemblyStatus.FINISHED])
        .order_by("-first_published_at")
    )
    return [
        OpenItem(
            kind="assembly",
            title=page.title,
            url=page.url or "",
            summary=page.question,
            status="Volunteers wanted" if page.recruitment_open else page.get_status_display(),
        )
        for page in pages
    ]


def is_panel_member(user, assembly) -> bool:
    """Whether ``user`` accepted a place on the assembly's panel."""
    if not getattr(user, "is_authenticated", False) or assembly is None:
        return False
    return PanelMember.objects.filter(
        assembly_id=assembly.pk, user=user, status=MemberStatus.ACCEPTED
    ).exists()


def published_draw(assembly) -> Draw | None:
    return (
        Draw.objects.filter(assembly=assembly, published_at__isnull=False)
        .order_by("-published_at")
        .first()
    )


def current_draw(assembly) -> Draw | None:
    """The drawn panel's draw, else the latest one."""
    drawn = Draw.objects.filter(assembly=assembly, status=DrawStatus.DRAWN).first()
    return drawn or Draw.objects.filter(assembly=assembly).first()


#: Counts below this are hidden from everyone but the assembly's organisers.
SUPPRESSION_THRESHOLD = 10
NOT_ANSWERED = "(no answer)"


@dataclass(frozen=True)
class ValueCount:
    """One answer's counts; ``None`` where small-number suppression hides a figure."""

    category: str
    value: str
    min: int
    max: int
    pool: int | None
    pool_share: float | None
    target_share: float | None
    panel: int | None

    @property
    def pool_percent(self) -> float | None:
        return None if self.pool_share is None else round(100 * self.pool_share, 1)


def pool_vs_targets(assembly, *, exact: bool = True) -> list[ValueCount]:
    """Per category value: volunteers, their share, the target and the panel count.

    ``exact`` is for the assembly's organisers. Everyone else gets the figures after
    small-number suppression (consultations' rule: counts under the threshold hidden,
    with further counts hidden wherever a total would give them away).
    """
    values = list(
        CategoryValue.objects.filter(category__assembly=assembly)
        .select_related("category")
        .order_by("category__sort_order", "category_id", "sort_order", "pk")
    )
    pool = assembly.volunteers.filter(anonymised_at__isnull=True)
    answers = pool.values_list("pk", "answers__category_id", "answers__value_id")
    holding = set(
        PanelMember.objects.filter(assembly=assembly, status__in=HOLDING_PLACE).values_list(
            "volunteer_id", flat=True
        )
    )
    categories = list(dict.fromkeys(v.category_id for v in values))
    frame = _answer_frame(answers, categories)
    frame["panel"] = frame.index.isin(holding)
    figures = _figures(frame, categories, values, suppress=not exact)
    total = len(frame)
    out = []
    for v in values:
        n, on_panel = figures[v.category_id, v.pk]
        out.append(
            ValueCount(
                category=v.category.name,
                value=v.value,
                min=v.min_quota,
                max=v.max_quota,
                pool=n,
                pool_share=(n / total if total else 0.0) if n is not None else None,
                target_share=float(v.target_share) if v.target_share is not None else None,
                panel=on_panel,
            )
        )
    return out


def _answer_frame(answers, categories: list[int]) -> pd.DataFrame:
    """One row per volunteer, one column per category (value id, or NOT_ANSWERED)."""
    rows: dict[int, dict] = {}
    for volunteer, category, value in answers:
        row = rows.setdefault(volunteer, dict.fromkeys(categories, NOT_ANSWERED))
        if category in row:
            row[category] = value
    return pd.DataFrame(
        [list(r.values()) for r in rows.values()],
        index=list(rows),
        columns=categories,
        dtype=object,
    )


def _figures(frame, categories, values, *, suppress: bool) -> dict:
    """(category id, value id) -> (pool count, panel count), ``None`` where hidden."""
    counts = {}
    for c in categories:
        pool = frame[c].value_counts()
        panel = frame.loc[frame["panel"], c].value_counts()
        for v in values:
            if v.category_id == c:
                counts[c, v.pk] = (int(pool.get(v.pk, 0)), int(panel.get(v.pk, 0)))
    if not suppress or not categories:
        return counts
    # Protection solves linear programmes (seconds for 7 categories over 1,700 people):
    # keep the result for identical data, in the shared cache.
    digest = hashlib.sha256(
        pd.util.hash_pandas_object(frame.astype(str), index=False).to_numpy().tobytes()
        + repr(sorted(counts)).encode()
    ).hexdigest()
    key = f"assembly-suppressed:{SUPPRESSION_THRESHOLD}:{digest}"
    cached = cache.get(key)
    if cached is None:
        cached = _suppressed(frame, categories, values)
        cache.set(key, cached, 24 * 3600)
    return cached


def _suppressed(frame, categories, values) -> dict:
    """Pool and panel tables per category, protected together as one linked problem."""
    counts = {}
    dims = {
        f"c{c}": [*(v.pk for v in values if v.category_id == c), NOT_ANSWERED] for c in categories
    }
    dims["panel"] = [True, False]
    renamed = frame.rename(columns={c: f"c{c}" for c in categories})
    cube = suppression.full_cube(renamed.groupby(list(dims)).size(), dims)
    tables = [suppression.Table(f"pool{c}", dims=(f"c{c}",)) for c in categories]
    tables += [
        suppression.Table(f"panel{c}", dims=(f"c{c}",), where={"panel": [True]}) for c in categories
    ]
    result = suppression.protect(cube, tables, threshold=SUPPRESSION_THRESHOLD).tables

    def shown(table, key):
        row = table.loc[(key,)] if (key,) in table.index else table.loc[key]
        return None if bool(row["suppressed"]) else int(row["count"])

    for c in categories:
        for v in values:
            if v.category_id == c:
                counts[c, v.pk] = (
                    shown(result[f"pool{c}"], v.pk),
                    shown(result[f"panel{c}"], v.pk),
                )
    return counts


def pool_volunteers(assembly):
    """Volunteers with their answers (special-category: log every view)."""
    return (
        Volunteer.objects.filter(assembly=assembly)
        .prefetch_related("answers__value", "answers__category")
        .order_by("pool_id")
    )


def panel_members(assembly):
    return (
        PanelMember.objects.filter(assembly=assembly)
        .select_related("volunteer", "user", "draw")
        .prefetch_related("volunteer__answers__value", "volunteer__answers__category")
        .order_by("volunteer__pool_id")
    )


def meeting_get(*, meeting_id: int) -> Meeting | None:
    """One meeting with its assembly and live session, or ``None``."""
    return Meeting.objects.select_related("assembly", "live_session").filter(pk=meeting_id).first()


def assembly_meetings(*, assembly) -> list[Meeting]:
    """An assembly's meetings, earliest first, each with its live session (if any)."""
    rows = Meeting.objects.filter(assembly=assembly).select_related("live_session")
    return list(rows.order_by("starts_at", "pk"))

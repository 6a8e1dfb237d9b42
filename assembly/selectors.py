"""Reads about assemblies. Special-category reads are for views that log them."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count

from assembly.models import (
    HOLDING_PLACE,
    AssemblyPage,
    AssemblyStatus,
    Draw,
    DrawStatus,
    MemberStatus,
    PanelMember,
    Volunteer,
)


def open_for_home(*, user) -> list:
    """Live assemblies that are recruiting or meeting, for the home page."""
    from home.selectors import OpenItem

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


@dataclass(frozen=True)
class ValueCount:
    category: str
    value: str
    min: int
    max: int
    pool: int
    pool_share: float
    target_share: float | None
    panel: int

    @property
    def pool_percent(self) -> float:
        return round(100 * self.pool_share, 1)


def pool_vs_targets(assembly) -> list[ValueCount]:
    """Per category value: how many volunteers, their share, the target and the panel count."""
    from assembly.models import CategoryValue

    total = assembly.volunteers.filter(anonymised_at__isnull=True).count()
    holding = PanelMember.objects.filter(assembly=assembly, status__in=HOLDING_PLACE)
    panel_counts = dict(
        holding.filter(volunteer__answers__value__isnull=False)
        .values_list("volunteer__answers__value")
        .annotate(n=Count("pk"))
    )
    values = (
        CategoryValue.objects.filter(category__assembly=assembly)
        .select_related("category")
        .annotate(n=Count("answers"))
        .order_by("category__sort_order", "category_id", "sort_order", "pk")
    )
    return [
        ValueCount(
            category=v.category.name,
            value=v.value,
            min=v.min_quota,
            max=v.max_quota,
            pool=v.n,
            pool_share=v.n / total if total else 0.0,
            target_share=float(v.target_share) if v.target_share is not None else None,
            panel=panel_counts.get(v.pk, 0),
        )
        for v in values
    ]


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

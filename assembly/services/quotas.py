"""Selection categories and their quotas, and quotas proposed from target shares."""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from assembly.models import (
    AssemblyPage,
    CategoryValue,
    SelectionCategory,
)

PREFER_NOT_TO_SAY = "Prefer not to say"


@transaction.atomic
def category_create(
    *, assembly: AssemblyPage, name: str, values: list[str], question: str = "", special=False
) -> SelectionCategory:
    """Add a category with its values and an explicit "Prefer not to say" value."""
    order = assembly.selection_categories.count()
    category = SelectionCategory.objects.create(
        assembly=assembly, name=name, question=question, special_category=special, sort_order=order
    )
    names = [v for v in dict.fromkeys(v.strip() for v in values) if v]
    if not any(_is_prefer_not(v) for v in names):
        names.append(PREFER_NOT_TO_SAY)
    k = assembly.panel_size
    for i, value in enumerate(names):
        pnts = _is_prefer_not(value)
        CategoryValue.objects.create(
            category=category,
            value=value,
            sort_order=i,
            prefer_not_to_say=pnts,
            min_quota=0,
            max_quota=k,
        )
    return category


def _is_prefer_not(value: str) -> bool:
    return value.strip().casefold() in {"prefer not to say", "prefer not to say.", "pnts"}


@dataclass(frozen=True)
class ProposedQuota:
    value: CategoryValue
    min: int
    max: int
    expected: float


def quotas_propose(*, assembly: AssemblyPage, panel_size: int | None = None) -> list[ProposedQuota]:
    """Quotas from target shares: floor and ceiling of share × panel size.

    Shares are normalised within each category over the values that have one;
    values without a share ("prefer not to say") get 0 to the panel size.
    """
    k = panel_size or assembly.panel_size
    proposals = []
    for category in assembly.selection_categories.prefetch_related("values"):
        values = list(category.values.all())
        total = sum(float(v.target_share) for v in values if v.target_share is not None)
        for v in values:
            if v.target_share is None or total <= 0:
                proposals.append(ProposedQuota(v, 0, k, math.nan))
                continue
            expected = float(v.target_share) / total * k
            low, high = math.floor(expected + 1e-9), math.ceil(expected - 1e-9)
            proposals.append(ProposedQuota(v, low, high, expected))
    return proposals


@transaction.atomic
def quotas_apply(*, proposals: list[ProposedQuota]) -> None:
    for p in proposals:
        CategoryValue.objects.filter(pk=p.value.pk).update(min_quota=p.min, max_quota=p.max)


@transaction.atomic
def quota_update(
    *, value: CategoryValue, min_quota: int, max_quota: int, target_share: Decimal | None
) -> None:
    value.min_quota, value.max_quota, value.target_share = min_quota, max_quota, target_share
    value.save(update_fields=["min_quota", "max_quota", "target_share"])

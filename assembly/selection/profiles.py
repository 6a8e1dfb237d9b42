"""Compress a pool of volunteers into groups of interchangeable people.

Volunteers with the same value in every quota category are interchangeable: any
fair lottery can give them the same probability. Working on groups (one count and
one probability each) instead of people is what makes the solvers fast. A person
who shares a household with another volunteer forms a group of their own, so the
household rule (at most one person per address) can be stated on groups.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np

from . import errors
from .common import Person, Quota
from .errors import SelectionError


@dataclass(frozen=True)
class Pool:
    """A selection instance over groups of interchangeable volunteers."""

    panel_size: int
    quotas: tuple[Quota, ...]
    features: tuple[str, ...]
    groups: tuple[tuple[str, ...], ...]
    profiles: tuple[tuple[str, ...], ...]
    households: tuple[tuple[int, ...], ...]

    @property
    def sizes(self) -> np.ndarray:
        """Number of people in each group."""
        return np.array([len(g) for g in self.groups], dtype=float)

    def quota_groups(self, quota: Quota) -> list[int]:
        """Indexes of the groups whose members count towards ``quota``."""
        col = self.features.index(quota.feature)
        return [g for g, prof in enumerate(self.profiles) if prof[col] == quota.value]


def check_quotas(quotas: Iterable[Quota], panel_size: int) -> tuple[Quota, ...]:
    """Validate panel size and quota bounds; return the quotas as a tuple."""
    if isinstance(panel_size, bool) or not isinstance(panel_size, int) or panel_size < 1:
        raise SelectionError(errors.BAD_PANEL_SIZE.format(size=panel_size))
    quotas = tuple(quotas)
    if not quotas:
        raise SelectionError(errors.NO_QUOTAS)
    for q in quotas:
        if q.min > q.max:
            raise SelectionError(
                errors.BAD_QUOTA.format(feature=q.feature, value=q.value, min=q.min, max=q.max)
            )
    return quotas


def compress(
    people: Iterable[Person],
    quotas: Iterable[Quota],
    panel_size: int,
    households: Mapping[str, str] | None = None,
) -> Pool:
    """Group interchangeable volunteers.

    Parameters
    ----------
    people : iterable of Person
    quotas : iterable of Quota
    panel_size : int
    households : mapping of person id to household key, optional
        People with the same non-empty key may not sit on the same panel.

    Returns
    -------
    Pool
    """
    quotas = check_quotas(quotas, panel_size)
    features = tuple(sorted({q.feature for q in quotas}))
    allowed = defaultdict(set)
    for q in quotas:
        allowed[q.feature].add(q.value)
    households = households or {}
    seen: set[str] = set()
    people = list(people)
    address_count: dict[str, int] = defaultdict(int)
    for person in people:
        if person.id in seen:
            raise SelectionError(errors.DUPLICATE_ID.format(id=person.id))
        seen.add(person.id)
        if households.get(person.id):
            address_count[households[person.id]] += 1
    members: dict[tuple, list[str]] = defaultdict(list)
    for person in people:
        profile = []
        for feature in features:
            if feature not in person.features:
                raise SelectionError(errors.MISSING_FEATURE.format(id=person.id, feature=feature))
            value = person.features[feature]
            if value not in allowed[feature]:
                raise SelectionError(
                    errors.UNKNOWN_VALUE.format(id=person.id, feature=feature, value=value)
                )
            profile.append(value)
        address = households.get(person.id) or ""
        shared = address if address_count.get(address, 0) > 1 else ""
        members[(tuple(profile), shared, person.id if shared else "")].append(person.id)
    keys = sorted(members)
    by_address: dict[str, list[int]] = defaultdict(list)
    for index, key in enumerate(keys):
        if key[1]:
            by_address[key[1]].append(index)
    available = sum(1 for k in keys if not k[1] for _ in members[k]) + len(by_address)
    if available < panel_size:
        raise SelectionError(errors.POOL_TOO_SMALL.format(available=available, size=panel_size))
    return Pool(
        panel_size=panel_size,
        quotas=quotas,
        features=features,
        groups=tuple(tuple(sorted(members[k])) for k in keys),
        profiles=tuple(k[0] for k in keys),
        households=tuple(tuple(v) for _, v in sorted(by_address.items())),
    )

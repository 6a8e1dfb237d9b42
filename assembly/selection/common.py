"""Plain data objects shared by every selection algorithm."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

#: A panel in a distribution's support, as sorted ``(group index, number chosen)`` pairs.
Composition = tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Person:
    """A volunteer: an id and a value for each selection category."""

    id: str
    features: Mapping[str, str]


@dataclass(frozen=True)
class Quota:
    """Panel members with ``feature == value`` must number between ``min`` and ``max``."""

    feature: str
    value: str
    min: int
    max: int


class Progress(Protocol):
    """Callback told how far a long computation has got (``fraction`` in [0, 1])."""

    def __call__(self, fraction: float, message: str) -> None: ...


@dataclass(frozen=True)
class Distribution:
    """A lottery over panels and each volunteer's resulting selection probability.

    People with the same values in every category (and no household conflict) are
    interchangeable, so they form one *group*. Each panel in the support is a
    *composition*: how many members to take from each group. Drawing a panel picks a
    composition with its probability, then that many members of each group uniformly.

    Attributes
    ----------
    algorithm : str
        Name of the algorithm that produced the distribution.
    panel_size : int
        Number of people on every panel.
    groups : tuple of tuple of str
        Person ids of each group, sorted.
    panels : tuple of Composition
        The panels in the support, as ``(group, count)`` pairs.
    probabilities : tuple of float
        Probability of each panel; they sum to 1.
    person_probabilities : dict
        Selection probability of each person id.
    """

    algorithm: str
    panel_size: int
    groups: tuple[tuple[str, ...], ...]
    panels: tuple[Composition, ...]
    probabilities: tuple[float, ...]
    person_probabilities: dict[str, float] = field(repr=False)

    @property
    def min_probability(self) -> float:
        """Smallest selection probability of any volunteer."""
        return min(self.person_probabilities.values())

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready record of the distribution (for publishing a draw)."""
        return {
            "algorithm": self.algorithm,
            "panel_size": self.panel_size,
            "groups": [list(g) for g in self.groups],
            "panels": [[list(pair) for pair in p] for p in self.panels],
            "probabilities": list(self.probabilities),
            "person_probabilities": dict(self.person_probabilities),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Distribution:
        """Rebuild a distribution from :meth:`to_dict` output."""
        return cls(
            algorithm=data["algorithm"],
            panel_size=int(data["panel_size"]),
            groups=tuple(tuple(g) for g in data["groups"]),
            panels=tuple(tuple((int(g), int(c)) for g, c in p) for p in data["panels"]),
            probabilities=tuple(float(p) for p in data["probabilities"]),
            person_probabilities={k: float(v) for k, v in data["person_probabilities"].items()},
        )


def gini(values: list[float]) -> float:
    """Gini coefficient of non-negative values (0 = all equal)."""
    xs = sorted(values)
    n, total = len(xs), sum(xs)
    if n == 0 or total == 0:
        return 0.0
    weighted = sum((i + 1) * x for i, x in enumerate(xs))
    return (2 * weighted) / (n * total) - (n + 1) / n

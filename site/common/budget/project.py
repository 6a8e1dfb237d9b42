"""Years 1-3 pressures from knock-on effects, and what a revenue change means."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from common.budget.model import Exercise

YEARS = (1, 2, 3)


@dataclass(frozen=True)
class Projection:
    """Extra demand per year and line (negative: demand avoided), exact."""

    pressures: dict[int, dict[str, Fraction]]

    def total(self, year: int) -> Fraction:
        return sum(self.pressures[year].values(), Fraction(0))


def projection_compute(exercise: Exercise, amounts: Mapping[str, int]) -> Projection:
    """Each knock-on effect adds ``coefficient × (today − allocated)`` of its source
    to its target in its year: a cut adds demand, a rise (linearly) avoids it.

    >>> from common.budget.model import Exercise, KnockOn, Line
    >>> ex = Exercise(lines=(Line("prev", "Prevention", 10, 0, 20),
    ...                      Line("asc", "Adult social care", 50, 0, 90)), total=60,
    ...               knock_ons=(KnockOn("prev", "asc", Fraction(3, 5), 2),))
    >>> projection_compute(ex, {"prev": 8, "asc": 52}).pressures[2]
    {'asc': Fraction(6, 5)}
    """
    pressures: dict[int, dict[str, Fraction]] = {year: {} for year in YEARS}
    for effect in exercise.knock_ons:
        cut = exercise.line(effect.source).current - amounts[effect.source]
        year = pressures[effect.year]
        year[effect.target] = year.get(effect.target, Fraction(0)) + effect.coefficient * cut
    return Projection(pressures=pressures)


def revenue_yield(exercise: Exercise, change: Decimal) -> int:
    """What the chosen revenue change adds to the envelope (negative for a cut)."""
    if exercise.revenue is None:
        return 0
    return exercise.revenue.steps(change) * exercise.revenue.yield_per_step


def household_cost(exercise: Exercise, change: Decimal, band: str) -> Decimal:
    """A household's yearly cost of the change in its band (negative: a saving)."""
    if exercise.revenue is None:
        return Decimal(0)
    per_step = exercise.revenue.household_cost_per_step[band]
    return exercise.revenue.steps(change) * per_step

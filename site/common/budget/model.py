"""The budget exercise as plain frozen data.

Every amount is an ``int`` counted in the exercise's smallest unit: with
``unit="£m"`` and ``decimals=1`` the integer 125 means £12.5m. Keeping amounts
integral keeps every sum, bound and step check exact (no floats anywhere);
``amount_parse`` and ``amount_format`` in ``validate`` convert at the edge.

A line's ``reference`` is the stable key (a slug): submissions, rounds and
imports key on it, never on a block id or position.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Literal

RuleKind = Literal["exact", "tolerance", "underspend", "min_share"]
UNALLOCATED = "unallocated"


@dataclass(frozen=True)
class Consequence:
    """What happens when a line's amount is in ``[lower, upper)``; ``None`` is open-ended."""

    text: str
    lower: int | None = None
    upper: int | None = None

    def covers(self, value: int) -> bool:
        return (self.lower is None or value >= self.lower) and (
            self.upper is None or value < self.upper
        )


@dataclass(frozen=True)
class Line:
    """One budget line. ``minimum`` is the legal floor when ``statutory`` is set."""

    reference: str
    name: str
    current: int
    minimum: int
    maximum: int
    step: int = 1
    group: str = ""
    description: str = ""
    statutory: bool = False
    statutory_reason: str = ""
    consequences: tuple[Consequence, ...] = ()

    def __post_init__(self) -> None:
        if self.step < 1:
            raise ValueError(f"{self.reference}: the step must be a positive whole number")
        if not 0 <= self.minimum <= self.maximum:
            raise ValueError(f"{self.reference}: need 0 <= minimum <= maximum")
        if self.statutory and not self.statutory_reason:
            raise ValueError(f"{self.reference}: a statutory floor needs its reason")

    def on_grid(self, value: int) -> bool:
        return (value - self.minimum) % self.step == 0


@dataclass(frozen=True)
class Rule:
    """How the lines' total must relate to the envelope.

    ``exact``: total == envelope. ``tolerance``: within ± ``tolerance``.
    ``underspend``: total <= envelope. ``min_share``: at least ``min_share`` of
    the envelope (rounded up to the unit) and at most the envelope.
    """

    kind: RuleKind = "exact"
    tolerance: int = 0
    min_share: Fraction = Fraction(0)

    def __post_init__(self) -> None:
        if self.tolerance < 0:
            raise ValueError("the tolerance cannot be negative")
        if not 0 <= self.min_share <= 1:
            raise ValueError("the minimum share must be between 0 and 1")

    def bounds(self, envelope: int) -> tuple[int, int]:
        """The inclusive range the lines' total must fall in."""
        if self.kind == "exact":
            return envelope, envelope
        if self.kind == "tolerance":
            return envelope - self.tolerance, envelope + self.tolerance
        if self.kind == "underspend":
            return 0, envelope
        share = self.min_share * envelope
        return -((-share.numerator) // share.denominator), envelope

    @property
    def allows_underspend(self) -> bool:
        return self.kind in ("underspend", "min_share")


@dataclass(frozen=True)
class Revenue:
    """A tax change the resident may choose, e.g. council tax from -5% to +5% in 0.5% steps.

    ``yield_per_step`` is what one step raises, in the exercise's smallest unit;
    ``household_cost_per_step`` is a household's yearly cost per step by band, in
    the household's own currency (e.g. pounds), shown to a resident who picks a band.
    """

    label: str
    minimum: Decimal
    maximum: Decimal
    step: Decimal
    yield_per_step: int
    household_cost_per_step: Mapping[str, Decimal] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.step <= 0 or not self.minimum <= 0 <= self.maximum:
            raise ValueError("the revenue range must include 0 and have a positive step")
        if self.minimum % self.step or self.maximum % self.step:
            raise ValueError("the revenue range must be whole steps from 0")

    def steps(self, change: Decimal) -> int:
        """How many steps ``change`` is from no change (negative for a cut)."""
        return int(change / self.step)

    def allowed(self, change: Decimal) -> bool:
        return self.minimum <= change <= self.maximum and change % self.step == 0


@dataclass(frozen=True)
class KnockOn:
    """Each unit cut from ``source`` adds ``coefficient`` units of demand on ``target``
    in year ``year`` (1-3); a rise in ``source`` takes the same off, linearly."""

    source: str
    target: str
    coefficient: Fraction
    year: int

    def __post_init__(self) -> None:
        if self.year not in (1, 2, 3):
            raise ValueError("a knock-on effect's year is 1, 2 or 3")


@dataclass(frozen=True)
class Exercise:
    """A budget exercise. The envelope is ``total``, or ``per_head`` × ``population``."""

    lines: tuple[Line, ...]
    total: int | None = None
    per_head: int | None = None
    population: int | None = None
    unit: str = "£"
    decimals: int = 0
    rule: Rule = field(default_factory=Rule)
    revenue: Revenue | None = None
    knock_ons: tuple[KnockOn, ...] = ()

    def __post_init__(self) -> None:
        refs = [line.reference for line in self.lines]
        if not refs:
            raise ValueError("an exercise needs at least one line")
        if len(set(refs)) != len(refs):
            raise ValueError("line references must be unique")
        if UNALLOCATED in refs:
            raise ValueError(f"{UNALLOCATED!r} is reserved for the unspent amount")
        if (self.total is None) == (self.per_head is None or self.population is None):
            raise ValueError("give either a total or a per-head amount with a population")
        for effect in self.knock_ons:
            if effect.source not in refs or effect.target not in refs:
                raise ValueError("a knock-on effect must join two of the exercise's lines")

    @property
    def base_envelope(self) -> int:
        if self.total is not None:
            return self.total
        assert self.per_head is not None and self.population is not None
        return self.per_head * self.population

    def envelope(self, revenue_change: Decimal | None = None) -> int:
        """The envelope with the chosen revenue change's yield added."""
        if self.revenue is None or revenue_change is None:
            return self.base_envelope
        return self.base_envelope + self.revenue.steps(revenue_change) * self.revenue.yield_per_step

    @property
    def references(self) -> tuple[str, ...]:
        return tuple(line.reference for line in self.lines)

    def line(self, reference: str) -> Line:
        for line in self.lines:
            if line.reference == reference:
                return line
        raise KeyError(reference)

    @property
    def current_allocation(self) -> dict[str, int]:
        return {line.reference: line.current for line in self.lines}


@dataclass(frozen=True)
class Allocation:
    """A checked submission: an amount per line reference, in line order."""

    amounts: Mapping[str, int]
    revenue_change: Decimal | None = None

    @property
    def total(self) -> int:
        return sum(self.amounts.values())

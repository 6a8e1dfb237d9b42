"""Errors raised by the selection algorithms, with message constants tests can assert on."""

from __future__ import annotations

from dataclasses import dataclass, field

DUPLICATE_ID = "Person id {id!r} appears more than once in the pool."
MISSING_FEATURE = "Person {id!r} has no value for the quota category {feature!r}."
UNKNOWN_VALUE = "Person {id!r} has {feature}={value!r}, which has no quota in the categories."
BAD_PANEL_SIZE = "The panel size must be a positive whole number, not {size!r}."
POOL_TOO_SMALL = (
    "The pool has {available} eligible people (households counted once) but the panel needs {size}."
)
BAD_QUOTA = "The quota for {feature}={value!r} has minimum {min} above its maximum {max}."
NO_QUOTAS = "There are no quotas: give at least one category with its values."
INFEASIBLE_HEAD = (
    "No panel of {size} can meet the quotas. The smallest change that makes it possible:"
)
INFEASIBLE = INFEASIBLE_HEAD + " {changes}."
# Why a quota bound must change, in words an organiser reads on the draw page.
MIN_ABOVE_PANEL = "its minimum of {min} alone is more than the panel of {size}"
MIN_ABOVE_POOL = "only {available} volunteers have {label}"
MIN_ABOVE_HOUSEHOLDS = (
    "{count} volunteers have {label} but they share addresses, and with one person per "
    "household at most {available} of them can sit on a panel"
)
MINS_ABOVE_PANEL = "the minimums for {feature} add up to {total}, more than the panel of {size}"
MAXES_BELOW_PANEL = "the maximums for {feature} add up to {total}, fewer than the panel of {size}"
REACH_BELOW_PANEL = (
    "with the volunteers there are, the maximums for {feature} fill at most {total} of the "
    "{size} places"
)
INTERACTION = "no panel of {size} meets it together with {others}"
INTERACTION_HOUSEHOLDS = "the rule of one person per household"
UNKNOWN_ALGORITHM = "Unknown algorithm {name!r}; choose one of {choices}."
NOT_ON_PANEL = "Person {id!r} is not on the panel."
SOLVER_FAILED = "The solver stopped without an answer ({status})."


class SelectionError(Exception):
    """The pool, quotas or panel size cannot be used for a selection."""


def label(feature: str, value: str) -> str:
    """A quota's category and value as the organiser wrote them: ``Age "16-29"``."""
    return f'{feature} "{value}"'


@dataclass(frozen=True)
class QuotaChange:
    """One quota bound that must change for a panel to be possible, and why.

    ``bound`` is ``"min"`` or ``"max"``; ``old`` is the bound now, ``new`` the
    value the smallest fix gives it; ``reasons`` say in words why it conflicts.
    """

    feature: str
    value: str
    bound: str
    old: int
    new: int
    reasons: tuple[str, ...] = field(default=(), compare=False)

    @property
    def change(self) -> str:
        """The change alone: ``lower the minimum for Age "16-29" from 12 to 9``."""
        verb = "lower" if self.new < self.old else "raise"
        which = "minimum" if self.bound == "min" else "maximum"
        where = label(self.feature, self.value)
        return f"{verb} the {which} for {where} from {self.old} to {self.new}"

    def __str__(self) -> str:
        return f"{self.change} ({'; '.join(self.reasons)})" if self.reasons else self.change

    def to_dict(self) -> dict:
        """Plain data for JSON output."""
        return {
            "feature": self.feature,
            "value": self.value,
            "bound": self.bound,
            "current": self.old,
            "suggested": self.new,
            "reason": "; ".join(self.reasons),
            "change": self.change,
        }


class InfeasibleQuotasError(SelectionError):
    """No panel meets the quotas; ``changes`` is a smallest set of quota changes that fixes it."""

    def __init__(self, message: str, changes: list[QuotaChange]):
        super().__init__(message)
        self.changes = changes

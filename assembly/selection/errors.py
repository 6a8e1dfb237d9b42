"""Errors raised by the selection algorithms, with message constants tests can assert on."""

from __future__ import annotations

from dataclasses import dataclass

DUPLICATE_ID = "Person id {id!r} appears more than once in the pool."
MISSING_FEATURE = "Person {id!r} has no value for the quota category {feature!r}."
UNKNOWN_VALUE = "Person {id!r} has {feature}={value!r}, which has no quota in the categories."
BAD_PANEL_SIZE = "The panel size must be a positive whole number, not {size!r}."
POOL_TOO_SMALL = (
    "The pool has {available} eligible people (households counted once) but the panel needs {size}."
)
BAD_QUOTA = "The quota for {feature}={value!r} has minimum {min} above its maximum {max}."
NO_QUOTAS = "There are no quotas: give at least one category with its values."
INFEASIBLE = (
    "No panel of {size} can meet the quotas. Smallest change that makes it possible: {changes}."
)
UNKNOWN_ALGORITHM = "Unknown algorithm {name!r}; choose one of {choices}."
NOT_ON_PANEL = "Person {id!r} is not on the panel."
SOLVER_FAILED = "The solver stopped without an answer ({status})."


class SelectionError(Exception):
    """The pool, quotas or panel size cannot be used for a selection."""


@dataclass(frozen=True)
class QuotaChange:
    """One change to a quota that helps make the quotas feasible."""

    feature: str
    value: str
    bound: str  # "min" or "max"
    old: int
    new: int

    def __str__(self) -> str:
        verb = "lower" if self.new < self.old else "raise"
        return (
            f"{verb} the {'minimum' if self.bound == 'min' else 'maximum'} for "
            f"{self.feature}={self.value} from {self.old} to {self.new}"
        )


class InfeasibleQuotasError(SelectionError):
    """No panel meets the quotas; ``changes`` is a smallest set of quota changes that fixes it."""

    def __init__(self, message: str, changes: list[QuotaChange]):
        super().__init__(message)
        self.changes = changes

"""The budget arithmetic: pure, exact, no Django and no I/O.

Amounts are integers in an exercise's smallest unit (see ``model``). The
consultation's budget block, deliberation's live rounds and the
``budget_aggregate`` command all call these functions.
"""

from common.budget.aggregate import (
    Aggregate,
    LineShift,
    LineSummary,
    allocations_matrix,
    budget_aggregate,
    largest_remainder_round,
    quantile,
    round_shift,
)
from common.budget.balance import BalanceResult, balance_rest
from common.budget.consequences import consequence_for
from common.budget.model import (
    UNALLOCATED,
    Allocation,
    Consequence,
    Exercise,
    KnockOn,
    Line,
    Revenue,
    Rule,
)
from common.budget.phantom import moving_phantom_median
from common.budget.project import Projection, household_cost, projection_compute, revenue_yield
from common.budget.validate import NON_FIELD, allocation_validate, amount_format, amount_parse

__all__ = [
    "NON_FIELD",
    "UNALLOCATED",
    "Aggregate",
    "Allocation",
    "BalanceResult",
    "Consequence",
    "Exercise",
    "KnockOn",
    "Line",
    "LineShift",
    "LineSummary",
    "Projection",
    "Revenue",
    "Rule",
    "allocation_validate",
    "allocations_matrix",
    "amount_format",
    "amount_parse",
    "balance_rest",
    "budget_aggregate",
    "consequence_for",
    "household_cost",
    "largest_remainder_round",
    "moving_phantom_median",
    "projection_compute",
    "quantile",
    "revenue_yield",
    "round_shift",
]

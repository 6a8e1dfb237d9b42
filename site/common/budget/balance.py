"""'Balance the rest for me': move only the untouched lines, as little as possible.

With bounds and steps, hitting a total exactly is an integer problem that greedy
rules miss (two lines in steps of 3 and 5 reach 13 only as 3 + 10). We solve
it exactly as a small mixed-integer programme on HiGHS: an integer count of steps
``k_i`` per untouched line, and ``d_i >= |x_i - v_i|``; minimise the total change
``sum d_i`` subject to the rule's range. Costs and coefficients are integers well
inside double precision, and the result is checked again in exact integers.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from decimal import Decimal

import highspy
import numpy as np

from common.budget.model import Exercise
from common.budget.validate import amount_format

_INF = highspy.kHighsInf


@dataclass(frozen=True)
class BalanceResult:
    """The balanced amounts, or ``None`` and a ``message`` saying which lines to change."""

    amounts: dict[str, int] | None
    moved: tuple[str, ...] = ()
    change: int = 0
    message: str = ""

    @property
    def ok(self) -> bool:
        return self.amounts is not None


def _solve(
    values: list[int], mins: list[int], steps: list[int], counts: list[int], low: int, high: int
) -> list[int] | None:
    """Steps per free line minimising sum |min + step*k - value|, with the sum in [low, high]."""
    n = len(values)
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("mip_abs_gap", 1e-6)  # integer costs: any gap under 1 is optimal
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = 2 * n, 2 * n + 1
    lp.col_cost_ = np.array([0.0] * n + [1.0] * n)
    lp.col_lower_ = np.zeros(2 * n)
    lp.col_upper_ = np.array([float(c) for c in counts] + [_INF] * n)
    starts, index, coef, row_low, row_high = [0], [], [], [], []
    for i in range(n):  # d_i - step*k_i >= min - v  and  d_i + step*k_i >= v - min
        for sign in (-1.0, 1.0):
            index += [i, n + i]
            coef += [sign * steps[i], 1.0]
            row_low.append(sign * (values[i] - mins[i]))
            row_high.append(_INF)
            starts.append(len(index))
    index += list(range(n))
    coef += [float(s) for s in steps]
    row_low.append(float(low - sum(mins)))
    row_high.append(float(high - sum(mins)))
    starts.append(len(index))
    lp.row_lower_, lp.row_upper_ = np.array(row_low), np.array(row_high)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.start_ = np.array(starts, dtype=np.int32)
    lp.a_matrix_.index_ = np.array(index, dtype=np.int32)
    lp.a_matrix_.value_ = np.array(coef, dtype=float)
    lp.integrality_ = [highspy.HighsVarType.kInteger] * n + [highspy.HighsVarType.kContinuous] * n
    h.passModel(lp)
    h.run()
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return None
    k = [round(x) for x in list(h.getSolution().col_value)[:n]]
    total = sum(m + s * c for m, s, c in zip(mins, steps, k, strict=True))
    if not low <= total <= high or any(not 0 <= c <= u for c, u in zip(k, counts, strict=True)):
        return None  # pragma: no cover - a numerical failure; refuse rather than mislead
    return k


def balance_rest(
    exercise: Exercise,
    amounts: Mapping[str, int],
    kept: Collection[str],
    revenue_change: Decimal | None = None,
) -> BalanceResult:
    """Move the lines not in ``kept`` within their bounds and steps to satisfy the rule.

    ``amounts`` holds a value for every line; ``kept`` the lines the resident
    touched or ticked "keep this amount". The total absolute change to the other
    lines is the smallest possible; when no choice of them satisfies the rule,
    ``message`` says which lines to change and by how much.

    >>> from common.budget.model import Exercise, Line
    >>> ex = Exercise(lines=(Line("a", "A", 5, 0, 20, 3), Line("b", "B", 5, 0, 20, 5)), total=13)
    >>> balance_rest(ex, {"a": 5, "b": 5}, kept=()).amounts
    {'a': 3, 'b': 10}
    """
    envelope = exercise.envelope(revenue_change)
    low, high = exercise.rule.bounds(envelope)
    current = {ref: int(amounts[ref]) for ref in exercise.references}
    if low <= sum(current.values()) <= high:
        return BalanceResult(amounts=current)
    fixed = [line for line in exercise.lines if line.reference in kept]
    free = [line for line in exercise.lines if line.reference not in kept]
    kept_total = sum(current[line.reference] for line in fixed)
    names = ", ".join(line.name for line in fixed) or "the lines"
    if not free:
        return BalanceResult(None, message="Every line is kept: change one to balance the budget.")
    least = sum(line.minimum for line in free)
    most = sum(line.maximum - (line.maximum - line.minimum) % line.step for line in free)
    if kept_total + least > high:
        over = amount_format(exercise, kept_total + least - high)
        return BalanceResult(
            None,
            message=(
                f"The kept lines total {amount_format(exercise, kept_total)}, which leaves "
                f"{amount_format(exercise, high - kept_total)} for the others, but they need at "
                f"least {amount_format(exercise, least)}: lower {names} by {over} in all."
            ),
        )
    if kept_total + most < low:
        short = amount_format(exercise, low - kept_total - most)
        return BalanceResult(
            None,
            message=(
                f"Even with every other line at its most, the budget is {short} short: "
                f"raise {names} by {short} in all."
            ),
        )
    k = _solve(
        [current[line.reference] for line in free],
        [line.minimum for line in free],
        [line.step for line in free],
        [(line.maximum - line.minimum) // line.step for line in free],
        low - kept_total,
        high - kept_total,
    )
    if k is None:
        return BalanceResult(
            None,
            message=(
                "The other lines' steps cannot make the total come out right: "
                f"change {names} a little."
            ),
        )
    result = dict(current)
    for line, count in zip(free, k, strict=True):
        result[line.reference] = line.minimum + line.step * count
    moved = tuple(ref for ref in exercise.references if result[ref] != current[ref])
    change = sum(abs(result[ref] - current[ref]) for ref in exercise.references)
    return BalanceResult(amounts=result, moved=moved, change=change)

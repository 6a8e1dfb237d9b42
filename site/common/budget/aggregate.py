"""What many budgets say together: per-line statistics, round shifts, display rounding.

Quantiles are the inclusive linear method (numpy's default, Excel's
QUARTILE.INC, R's type 7): with the n amounts sorted, the p-quantile sits at
position h = (n − 1)·p and is ``x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋ + 1] − x[⌊h⌋])``,
evaluated on exact Fractions. Sorting is done once per line in numpy over exact
int64 amounts (object arrays of Python ints if a sum could overflow), so
100,000 × 12 takes well under a second; the moving-phantom median then costs
O(m log n) per bisection step (see ``phantom``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
import numpy.typing as npt

from common.budget.model import UNALLOCATED, Allocation, Exercise
from common.budget.phantom import phantom_solve

_SAFE = 2**62


@dataclass(frozen=True)
class LineSummary:
    """One line's figures, in the exercise's smallest unit; shares are of n."""

    line: str
    mean: Fraction
    median: Fraction
    q1: Fraction
    q3: Fraction
    phantom_median: Fraction
    cut: Fraction | None = None
    kept: Fraction | None = None
    raised: Fraction | None = None


@dataclass(frozen=True)
class Aggregate:
    envelope: int
    n: int
    lines: tuple[LineSummary, ...]


@dataclass(frozen=True)
class LineShift:
    """Between two rounds, over the people who answered both."""

    line: str
    pairs: int
    mean_shift: Fraction
    moved_up: Fraction
    moved_down: Fraction


def quantile(ordered: Sequence[int] | npt.NDArray[Any], p: Fraction) -> Fraction:
    """The inclusive linear p-quantile of ascending ``ordered``, exactly.

    >>> quantile([1, 2, 4, 8], Fraction(1, 4))
    Fraction(7, 4)
    """
    h = (len(ordered) - 1) * p
    i = int(h)
    below = Fraction(int(ordered[i]))
    if i + 1 >= len(ordered):
        return below
    return below + (h - i) * (int(ordered[i + 1]) - below)


def _matrix(rows: Any) -> Any:
    """An exact integer matrix: int64 when no sum can overflow, else Python ints."""
    if isinstance(rows, np.ndarray) and rows.dtype.kind in "iu":
        matrix = rows
        small = not matrix.size or int(np.abs(matrix).max()) < _SAFE // len(matrix)
        if matrix.ndim == 2 and small:
            return matrix.astype(np.int64, copy=False)
    matrix = np.asarray(rows, dtype=object)
    if matrix.ndim != 2:
        raise ValueError("need a table of submissions by lines")
    if matrix.size and int(np.abs(matrix).max()) * max(len(matrix), 1) < _SAFE:
        return matrix.astype(np.int64)
    return matrix


def allocations_matrix(
    exercise: Exercise, allocations: Sequence[Allocation]
) -> tuple[tuple[str, ...], list[list[int]]]:
    """Line references and rows for ``budget_aggregate``; where the rule allows
    under-spending, the unspent amount becomes a line of its own (``unallocated``)."""
    refs = exercise.references
    rows = [[a.amounts[ref] for ref in refs] for a in allocations]
    if not exercise.rule.allows_underspend:
        return refs, rows
    for row, allocation in zip(rows, allocations, strict=True):
        row.append(exercise.envelope(allocation.revenue_change) - sum(row))
    return (*refs, UNALLOCATED), rows


def budget_aggregate(
    references: Sequence[str], rows: Any, *, current: Mapping[str, int] | None = None
) -> Aggregate:
    """Per line mean, median, quartiles, moving-phantom median and, given today's
    amounts, the shares of submissions that cut, kept or raised it.

    ``rows`` (a sequence of sequences or an integer array) holds one submission
    per row, one column per reference; every row must sum to the same envelope.

    >>> agg = budget_aggregate(["a", "b"], [[6, 4], [2, 8], [4, 6]], current={"a": 4})
    >>> [(s.line, s.q1, s.raised) for s in agg.lines]
    [('a', Fraction(3, 1), Fraction(1, 3)), ('b', Fraction(5, 1), None)]
    """
    matrix = _matrix(rows)
    n, m = matrix.shape if matrix.size else (len(matrix), len(references))
    if m != len(references):
        raise ValueError("each row needs one amount per line")
    if n == 0:
        raise ValueError("there are no submissions")
    if (matrix < 0).any():
        raise ValueError("amounts cannot be negative")
    totals = matrix.sum(axis=1)
    envelope = int(totals[0])
    if (totals != envelope).any():
        raise ValueError("every submission must add up to the same envelope")
    ordered = np.sort(matrix, axis=0)
    sums = matrix.sum(axis=0)
    columns = [ordered[::-1, j].tolist() for j in range(m)]
    phantom = phantom_solve(columns, envelope)
    lines = []
    for j, ref in enumerate(references):
        col = ordered[:, j]
        shares: dict[str, Fraction | None] = {"cut": None, "kept": None, "raised": None}
        if current is not None and ref in current:
            today = current[ref]
            shares = {
                "cut": Fraction(int((col < today).sum()), n),
                "kept": Fraction(int((col == today).sum()), n),
                "raised": Fraction(int((col > today).sum()), n),
            }
        lines.append(
            LineSummary(
                line=ref,
                mean=Fraction(int(sums[j]), n),
                median=quantile(col, Fraction(1, 2)),
                q1=quantile(col, Fraction(1, 4)),
                q3=quantile(col, Fraction(3, 4)),
                phantom_median=phantom[j],
                **shares,
            )
        )
    return Aggregate(envelope=envelope, n=n, lines=tuple(lines))


def round_shift(references: Sequence[str], before: Any, after: Any) -> tuple[LineShift, ...]:
    """Mean shift and shares who moved up or down, for paired rows (same person, same order).

    >>> [s.mean_shift for s in round_shift(["a"], [[4], [6]], [[5], [6]])]
    [Fraction(1, 2)]
    """
    first, second = _matrix(before), _matrix(after)
    if first.shape != second.shape:
        raise ValueError("paired rounds need the same people and lines")
    n = len(first)
    if n == 0:
        return tuple(LineShift(ref, 0, Fraction(0), Fraction(0), Fraction(0)) for ref in references)
    diff = second - first
    return tuple(
        LineShift(
            line=ref,
            pairs=n,
            mean_shift=Fraction(int(diff[:, j].sum()), n),
            moved_up=Fraction(int((diff[:, j] > 0).sum()), n),
            moved_down=Fraction(int((diff[:, j] < 0).sum()), n),
        )
        for j, ref in enumerate(references)
    )


def largest_remainder_round(amounts: Sequence[Fraction], unit: int, total: int) -> list[int]:
    """Round each amount to a multiple of ``unit`` so the results sum to ``total``.

    Each is rounded down, then the units left go to the largest remainders
    (earlier lines first on ties), so a shown budget still adds up.

    >>> largest_remainder_round([Fraction(10, 3)] * 3, 1, 10)
    [4, 3, 3]
    """
    if unit < 1 or total % unit:
        raise ValueError("the total must be a whole number of units")
    floors = [(Fraction(a) / unit).numerator // (Fraction(a) / unit).denominator for a in amounts]
    left = total // unit - sum(floors)
    if not 0 <= left <= len(amounts):
        raise ValueError("the amounts do not add up to the total")
    order = sorted(
        range(len(amounts)), key=lambda i: (-(Fraction(amounts[i]) / unit - floors[i]), i)
    )
    for i in order[:left]:
        floors[i] += 1
    return [f * unit for f in floors]

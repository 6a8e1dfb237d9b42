"""Distribution bins and respondent matrices for a budget question (pure, no Django).

A line's distribution is published as counts in bins fixed by the exercise (its minimum,
today's amount and its maximum), never by the data: bins drawn from the answers would
give away the smallest and largest amounts. Today's amount is a bin of its own, so the
bins below it count those who cut the line and the bins above those who raised it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from math import lcm

import numpy as np
import pandas as pd

from common.budget import UNALLOCATED, Exercise, amount_format

SIDE_BINS = 4  # bins below today's amount, and as many above
REVENUE, BAND = "_revenue", "_band"


@dataclass(frozen=True)
class Bin:
    """Amounts in ``[lower, upper]`` (inclusive, smallest units).

    ``side`` is -1 for a cut, 0 for today's amount, 1 for a rise.
    """

    label: str
    lower: int
    upper: int
    side: int


def _split(low: int, high: int, step: int, parts: int) -> list[tuple[int, int]]:
    """``[low, high]`` in up to ``parts`` ranges of whole steps (from ``low``)."""
    if high < low:
        return []
    steps = (high - low) // step + 1  # grid points in the range
    parts = max(1, min(parts, steps))
    out, start = [], 0
    for k in range(parts):
        end = (steps * (k + 1)) // parts
        if end > start:
            out.append((low + start * step, low + (end - 1) * step if end < steps else high))
        start = end
    return out


def line_bins(exercise: Exercise, reference: str) -> list[Bin]:
    """The bins of one line: up to four below today's amount, today's, up to four above.

    >>> from common.budget import Line
    >>> ex = Exercise(lines=(Line("a", "A", 4, 0, 8),), total=4)
    >>> [(b.label, b.side) for b in line_bins(ex, "a")]  # doctest: +NORMALIZE_WHITESPACE
    [('£0', -1), ('£1', -1), ('£2', -1), ('£3', -1), ('£4 (today)', 0),
     ('£5', 1), ('£6', 1), ('£7', 1), ('£8', 1)]
    """
    line = exercise.line(reference)
    fmt = lambda v: amount_format(exercise, v)  # noqa: E731
    bins = []
    sides = ((-1, line.minimum, line.current - 1), (1, line.current + 1, line.maximum))
    for side, low, high in sides:
        if side == 1:
            bins.append(Bin(f"{fmt(line.current)} (today)", line.current, line.current, 0))
        for lo, hi in _split(low, high, 1, SIDE_BINS):
            label = fmt(lo) if lo == hi else f"{fmt(lo)} to {fmt(hi)}"
            bins.append(Bin(label, lo, hi, side))
    return bins


def unallocated_bins(exercise: Exercise) -> list[Bin]:
    """Bins of the amount left unspent: none left (today's "kept"), then up to four ranges."""
    envelope = exercise.base_envelope
    high = envelope
    if exercise.revenue is not None:
        high += exercise.revenue.steps(exercise.revenue.maximum) * exercise.revenue.yield_per_step
    fmt = lambda v: amount_format(exercise, v)  # noqa: E731
    bins = [Bin(f"{fmt(0)} (all spent)", 0, 0, 0)]
    for lo, hi in _split(1, max(high, 1), 1, SIDE_BINS):
        bins.append(Bin(fmt(lo) if lo == hi else f"{fmt(lo)} to {fmt(hi)}", lo, hi, 1))
    return bins


def bin_codes(amounts: np.ndarray, bins: list[Bin]) -> np.ndarray:
    """Each amount's bin index; amounts outside every bin (never valid) go to the nearest."""
    uppers = np.array([b.upper for b in bins])
    return np.minimum(np.searchsorted(uppers, amounts, side="left"), len(bins) - 1)


def budget_lines(exercise: Exercise) -> tuple[str, ...]:
    """The lines results are given for: the exercise's, and ``unallocated`` where allowed."""
    extra = (UNALLOCATED,) if exercise.rule.allows_underspend else ()
    return exercise.references + extra


def _decimal(text) -> Decimal | None:
    try:
        return Decimal(str(text))
    except (InvalidOperation, ValueError):
        return None


def budget_matrix(
    rows: pd.DataFrame, q: str, exercise: Exercise, respondents: pd.Index
) -> tuple[pd.Index, np.ndarray, pd.Series]:
    """Who answered the budget, their amounts (one row each, columns ``budget_lines``) and
    their envelopes, from long answers whose questions are ``<q>/<line>``.

    Amounts are read from ``value`` (the exact integer string), never from ``number``.
    A respondent missing a line (not a valid submission) is left out.
    """
    refs = exercise.references
    wanted = {f"{q}/{r}": r for r in refs}
    lines = rows[rows["question"].isin(wanted)]
    table = lines.pivot_table(
        index="response_id",
        columns="question",
        values="value",
        aggfunc="first",
    )
    table = table.reindex(columns=list(wanted)).dropna()
    table = table[table.index.isin(respondents)]
    amounts = np.array([[int(v) for v in row] for row in table.to_numpy()], dtype=object)
    amounts = amounts.reshape(len(table), len(refs))
    changes = pd.Series(None, index=table.index, dtype=object)
    if exercise.revenue is not None:
        rev = rows[rows["question"] == f"{q}/{REVENUE}"].drop_duplicates("response_id")
        changes = rev.set_index("response_id")["value"].map(_decimal).reindex(table.index)
    envelopes = pd.Series(
        [exercise.envelope(c if isinstance(c, Decimal) else None) for c in changes],
        index=table.index,
        dtype=object,
    )
    if exercise.rule.allows_underspend:
        spent = amounts.sum(axis=1) if len(amounts) else np.zeros(0, dtype=object)
        left = np.array(envelopes.to_numpy() - spent, dtype=object).reshape(-1, 1)
        amounts = np.hstack([amounts, left])
    return table.index, amounts, envelopes


def common_scale(amounts: np.ndarray, envelopes: pd.Series, base: int) -> tuple[np.ndarray, int]:
    """Rows rescaled to one envelope, exactly, for the moving-phantom median.

    Every row is a share of its own envelope (a revenue change moves it); multiplying row
    i by L / envelope_i, with L the least common multiple of the envelopes, makes every row
    sum to L without rounding. Returns the scaled rows and L; a result in L-units times
    ``base / L`` is the same share of the base envelope.
    """
    distinct = sorted({int(e) for e in envelopes}) or [base]
    if distinct == [base] or len(distinct) == 1:
        return amounts, distinct[0]
    total = lcm(*distinct)
    factors = np.array([total // int(e) for e in envelopes], dtype=object).reshape(-1, 1)
    return amounts * factors, total

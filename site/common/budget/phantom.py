"""The moving-phantom median (Independent Markets), solved exactly.

Freeman, Pennock, Peters and Wortman Vaughan, "Truthful aggregation of budget
proposals" (EC 2019). With n submissions as shares of the envelope, line j's
aggregate is the median of its n shares and n + 1 phantoms
``f_k(t) = min(1, t·(n − k))``, k = 0..n, at the t in [0, 1] where these medians
sum to 1. It is truthful and always balances.

We work in the envelope's own units (``τ = t × envelope``, phantom ``i`` at
``min(E, τ·i)`` for i = 0..n). With line j's amounts sorted from largest,
``a(1) >= ... >= a(n)``, the median of the 2n + 1 values (the (n + 1)-th
largest) is ``max over i of min(a(i), τ·i)``: at least n + 1 values reach y
exactly when, for some i, the i largest amounts and the n + 1 − i largest
phantoms do. So with ``i* = max{i : τ·i <= a(i)}`` (found by binary search, as
``τ·i`` rises and ``a(i)`` falls) the median is ``τ·i*`` when that is at least
``a(i* + 1)``, else the constant ``a(i* + 1)``; each holds on an interval with
rational ends ``a/i``. The sum is piecewise linear and nondecreasing in τ, 0 at
τ = 0 and at least E at τ = E (the sum of the largest shares). We bisect on τ
between piece ends, and on the piece holding the midpoint solve ``C + S·τ = E``
exactly; a piece that misses the root moves one end of the bracket past the
midpoint, so the bracket at least halves each time and its ends keep
denominators of at most n + 1.

Cost: one sort per line, O(m·n log n), then O(m log n) per step for about
log2(n² + 1) steps, all in exact integers and Fractions.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

_Piece = tuple[int, int, Fraction, Fraction | None]  # median = c + s·τ on [low, high]


def _piece(desc: Sequence[int], p: int, q: int) -> _Piece:
    """Line's median as ``c + s·τ`` on the piece holding ``τ = p/q``."""
    n = len(desc)
    low, high = 0, n  # the largest i with τ·i <= a(i); i = 0 holds vacuously
    while low < high:
        mid = (low + high + 1) // 2
        if p * mid <= q * desc[mid - 1]:
            low = mid
        else:
            high = mid - 1
    i = low
    following = int(desc[i]) if i < n else 0
    if i >= 1 and p * i >= q * following:
        return 0, i, Fraction(following, i), Fraction(int(desc[i - 1]), i)
    return following, 0, Fraction(following, i + 1), (Fraction(following, i) if i else None)


def phantom_solve(columns: Sequence[Sequence[int]], envelope: int) -> list[Fraction]:
    """The moving-phantom medians, in amounts, from each line's amounts sorted largest first.

    Every submission must sum to ``envelope`` across the lines.
    """
    if envelope <= 0 or not columns or not len(columns[0]):
        return [Fraction(0) for _ in columns]
    low, high = Fraction(0), Fraction(envelope)
    tau = Fraction(envelope, 2)
    while True:
        pieces = [_piece(col, tau.numerator, tau.denominator) for col in columns]
        const = sum(c for c, _, _, _ in pieces)
        slope = sum(s for _, s, _, _ in pieces)
        start = max(lo for _, _, lo, _ in pieces)
        ends = [hi for _, _, _, hi in pieces if hi is not None]
        end = min(ends) if ends else None
        if slope == 0:
            if const == envelope:
                return [Fraction(c) for c, _, _, _ in pieces]
            root_right = const < envelope
        else:
            root = Fraction(envelope - const, slope)
            if start <= root and (end is None or root <= end):
                return [c + s * root for c, s, _, _ in pieces]
            root_right = root > start
        if root_right:
            assert end is not None  # the sum reaches the envelope, so a bounded piece is left
            low = end
        else:
            high = start
        tau = (low + high) / 2


def moving_phantom_median(rows: Sequence[Sequence[int]], envelope: int) -> list[Fraction]:
    """Per line, the moving-phantom median of submissions that each sum to ``envelope``.

    A worked case: amounts (6, 4, 0) and (0, 4, 6) of 10. At τ = 2 the
    phantoms are 0, 2, 4: line 1's values 0, 2, 4, 6, 0 have median 2; line 2's
    (4, 4, 0, 2, 4) have 4; line 3's, like line 1's, 2. They sum to 8 < 10; at
    τ = 3 (phantoms 0, 3, 6) they are 3, 4 and 3, summing to 10.

    >>> moving_phantom_median([(6, 4, 0), (0, 4, 6)], 10)
    [Fraction(3, 1), Fraction(4, 1), Fraction(3, 1)]
    """
    if not rows:
        return []
    columns = [sorted((int(row[j]) for row in rows), reverse=True) for j in range(len(rows[0]))]
    return phantom_solve(columns, envelope)

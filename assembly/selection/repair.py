"""Round a fractional panel to a real one by local search (no solver).

A vertex of a face LP is integral in all but a dozen or so groups, and rounding it
breaks a few quota rows by a member or two. Moving single members in or out, or
swapping one group's member for another's, usually repairs that in a few dozen
moves: milliseconds, where an integer program takes a tenth of a second. When the
search stalls, the caller falls back to the integer program, so this only has to
be fast, not complete.
"""

from __future__ import annotations

import numpy as np

#: Candidate groups to take a member from when looking for a swap.
SWAP_CANDIDATES = 12


def _violation(act: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> np.ndarray:
    return np.maximum(lower - act, 0.0) + np.maximum(act - upper, 0.0)


def round_to_panel(
    values: np.ndarray,
    matrix: np.ndarray,
    lower: np.ndarray,
    upper: np.ndarray,
    col_low: np.ndarray,
    col_high: np.ndarray,
    *,
    max_moves: int = 200,
) -> np.ndarray | None:
    """Integer counts in ``[col_low, col_high]`` meeting ``lower <= matrix @ c <= upper``.

    Starts from ``values`` rounded and moves greedily: the single ``+1`` / ``-1``
    or the swap that most reduces the total row violation. Returns ``None`` when no
    move helps or ``max_moves`` is spent.
    """
    c = np.clip(np.rint(values), col_low, col_high)
    at = matrix.T
    act = matrix @ c
    for _ in range(max_moves):
        viol = _violation(act, lower, upper)
        total = viol.sum()
        if total <= 1e-9:
            return c
        # What adding or removing one member does to each row's violation.
        d_plus = _violation(act + 1, lower, upper) - viol
        d_minus = _violation(act - 1, lower, upper) - viol
        up_room, down_room = c < col_high - 0.5, c > col_low + 0.5
        gain_up = np.where(up_room, at @ d_plus, np.inf)
        gain_down = np.where(down_room, at @ d_minus, np.inf)
        j_up, j_down = int(np.argmin(gain_up)), int(np.argmin(gain_down))
        best = min(gain_up[j_up], gain_down[j_down])
        if best < -1e-9:
            if gain_up[j_up] <= gain_down[j_down]:
                c[j_up] += 1
                act += matrix[:, j_up]
            else:
                c[j_down] -= 1
                act -= matrix[:, j_down]
            continue
        move = _best_swap(c, act, matrix, at, lower, upper, gain_down, up_room, total)
        if move is None:
            return None
        a, b = move
        c[a] -= 1
        c[b] += 1
        act += matrix[:, b] - matrix[:, a]
    return None


def _best_swap(
    c: np.ndarray,
    act: np.ndarray,
    matrix: np.ndarray,
    at: np.ndarray,
    lower: np.ndarray,
    upper: np.ndarray,
    gain_down: np.ndarray,
    up_room: np.ndarray,
    total: float,
) -> tuple[int, int] | None:
    """The swap (take from ``a``, add to ``b``) that most reduces the violation."""
    finite = np.flatnonzero(np.isfinite(gain_down))
    if not len(finite):
        return None
    order = finite[np.argsort(gain_down[finite], kind="stable")[:SWAP_CANDIDATES]]
    best, move = -1e-9, None
    for a in order:
        after = act - matrix[:, a]
        viol = _violation(after, lower, upper)
        d_plus = _violation(after + 1, lower, upper) - viol
        gains = viol.sum() - total + at @ d_plus
        gains = np.where(up_room, gains, np.inf)
        gains[a] = np.inf
        b = int(np.argmin(gains))
        if gains[b] < best:
            best, move = gains[b], (int(a), b)
    return move

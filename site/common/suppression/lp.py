"""The attacker's model and the cheapest complementary suppressions, as HiGHS programmes."""

from __future__ import annotations

from collections.abc import Collection, Sequence

import highspy
import numpy as np
from scipy import sparse

from common.suppression.figures import _Figures

_INF = highspy.kHighsInf
_EPS = 1e-6


def _lp(
    n: int,
    cost: np.ndarray,
    lower: np.ndarray,
    upper: np.ndarray,
    rows: Sequence[tuple[np.ndarray, np.ndarray]],
    row_lower: np.ndarray,
    row_upper: np.ndarray,
) -> highspy.Highs:
    """A quiet HiGHS model: ``rows`` are (column indices, coefficients) pairs."""
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = n, len(rows)
    lp.col_cost_, lp.col_lower_, lp.col_upper_ = cost, lower, upper
    lp.row_lower_ = np.asarray(row_lower, dtype=float)
    lp.row_upper_ = np.asarray(row_upper, dtype=float)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.start_ = np.cumsum([0] + [len(i) for i, _ in rows]).astype(np.int32)
    lp.a_matrix_.index_ = np.concatenate([i for i, _ in rows] + [[]]).astype(np.int32)
    lp.a_matrix_.value_ = np.concatenate([v for _, v in rows] + [[]]).astype(float)
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.passModel(lp)
    return h


def _structural(figs: _Figures) -> list[tuple[np.ndarray, np.ndarray]]:
    return [
        (np.concatenate([p, m]), np.concatenate([np.ones(len(p)), -np.ones(len(m))]))
        for p, m in figs.structural
    ]


class _Auditor:
    """The attacker's model: variables >= 0, every shown figure fixed at its value.

    Every integer table the solver returns is one the attacker cannot rule out, and
    hiding more figures only widens the model, so each stays possible. The values
    each figure took across those tables (``seen``) bound its range from inside: a
    figure seen spread widely enough needs no programme of its own.
    """

    def __init__(self, figs: _Figures, hidden: set[int]):
        self.figs, self.n = figs, len(figs.x)
        m = len(figs.rows)
        values = np.array([figs.value(f) for f in range(m)])
        self.membership = sparse.csr_matrix(
            (
                np.ones(sum(len(r) for r in figs.rows)),
                np.concatenate([np.asarray(r, dtype=np.int64) for r in figs.rows] + [[]]),
                np.cumsum([0] + [len(r) for r in figs.rows]),
            ),
            shape=(m, self.n),
        )
        self.seen_low, self.seen_high = values.astype(float), values.astype(float)
        free = np.array([f in hidden for f in range(m)], dtype=bool)
        rows = [(r, np.ones(len(r))) for r in figs.rows] + _structural(figs)
        zeros = np.zeros(len(rows) - m)
        self.h = _lp(
            self.n,
            np.zeros(self.n),
            np.zeros(self.n),
            np.full(self.n, _INF),
            rows,
            np.concatenate([np.where(free, -_INF, values), zeros]),
            np.concatenate([np.where(free, _INF, values), zeros]),
        )

    def hide(self, f: int) -> None:
        self.h.changeRowBounds(f, -_INF, _INF)

    def _extreme(self, f: int, sense: highspy.ObjSense) -> float:
        cost = np.zeros(self.n)
        cost[self.figs.rows[f]] = 1.0
        idx = np.arange(self.n, dtype=np.int32)
        self.h.changeColsCost(self.n, idx, cost)
        self.h.changeObjectiveSense(sense)
        self.h.run()
        status = self.h.getModelStatus()
        if status in (
            highspy.HighsModelStatus.kUnbounded,
            highspy.HighsModelStatus.kUnboundedOrInfeasible,
        ):
            return _INF if sense == highspy.ObjSense.kMaximize else -_INF
        value = self.h.getInfo().objective_function_value
        x = np.asarray(self.h.getSolution().col_value)
        if np.abs(x - np.round(x)).max(initial=0) > _EPS:  # fractional vertex: solve as MIP
            integer = np.full(self.n, highspy.HighsVarType.kInteger)
            self.h.changeColsIntegrality(self.n, idx, integer)
            self.h.run()
            value = self.h.getInfo().objective_function_value
            x = np.asarray(self.h.getSolution().col_value)
            cont = np.full(self.n, highspy.HighsVarType.kContinuous)
            self.h.changeColsIntegrality(self.n, idx, cont)
        if len(x) == self.n and np.abs(x - np.round(x)).max(initial=0) <= _EPS:
            figures = self.membership @ np.round(x)
            np.minimum(self.seen_low, figures, out=self.seen_low)
            np.maximum(self.seen_high, figures, out=self.seen_high)
        return float(value)

    def seen(self, f: int) -> tuple[float, float]:
        """The lowest and highest value figure ``f`` took in a possible table so far."""
        return float(self.seen_low[f]), float(self.seen_high[f])

    def range(self, f: int) -> tuple[float, float]:
        return (
            self._extreme(f, highspy.ObjSense.kMinimize),
            self._extreme(f, highspy.ObjSense.kMaximize),
        )


def _complement(
    figs: _Figures,
    hidden: set[int],
    target: float,
    f: int,
    cost: Sequence[float] | np.ndarray,
    fixed: Collection[int] = frozenset(),
) -> list[int]:
    """Cheapest shown figures whose hiding lets figure ``f`` rise by ``target`` (LP).

    Variables: a change y >= -x of every cell, and u, v >= 0 with a_g.y = u_g - v_g for
    each shown figure g, costing cost_g (u_g + v_g). Every g that moves must be hidden.
    Figures in ``fixed`` (published whatever happens, such as the number of responses)
    may not move at all.
    """
    shown = [g for g in range(len(figs.rows)) if g not in hidden]
    n, k = len(figs.x), len(shown)
    rows = [
        (
            np.concatenate([figs.rows[g], [n + i, n + k + i]]),
            np.r_[np.ones(len(figs.rows[g])), -1, 1],
        )
        for i, g in enumerate(shown)
    ]
    rows += _structural(figs) + [(figs.rows[f], np.ones(len(figs.rows[f])))]
    costs = np.array([cost[g] for g in shown])
    bounds = np.zeros(len(rows))
    movable = np.array([0.0 if g in fixed else _INF for g in shown])
    h = _lp(
        n + 2 * k,
        np.concatenate([np.zeros(n), costs, costs]),
        np.concatenate([-figs.x, np.zeros(2 * k)]),
        np.concatenate([np.full(n, _INF), movable, movable]),
        rows,
        np.r_[bounds[:-1], float(target)],
        np.r_[bounds[:-1], _INF],
    )
    h.run()
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return []
    col = np.asarray(h.getSolution().col_value)
    moved = col[n : n + k] + col[n + k :]
    return [shown[i] for i in np.flatnonzero(moved > _EPS)]

"""Restricted master LP for maximin / LEXIMIN column generation over panels.

The LP, over probabilities ``lam[P]`` of the panels found so far, is::

    max z  s.t.  sum_P lam[P] * a[g, P] - z >= 0      for every free group g
                 sum_P lam[P] * a[g, P]     >= f[g]   for every fixed group g
                 sum_P lam[P] = 1,  lam >= 0

where ``a[g, P]`` is the share of group ``g`` that panel ``P`` selects, so the left
side is each member's selection probability. Its dual (Flanigan et al. 2021) is::

    min mu - sum_fixed f[g] y[g]  s.t.  sum_g y[g] a[g, P] <= mu  for all panels P,
                                        sum_free y[g] = 1,  y >= 0

so a panel whose ``y``-weight exceeds ``mu`` improves the LP, and a group with a
positive dual value cannot get more than ``z`` in any optimal lottery.
"""

from __future__ import annotations

import highspy
import numpy as np

from . import errors
from .errors import SelectionError
from .local import SwapSearch
from .oracle import PanelOracle, new_highs

#: Pricing tolerance: stop when no panel improves the dual by more than this.
PRICE_TOL = 1e-9


class Master:
    """The restricted master LP, kept warm in one HiGHS instance."""

    def __init__(self, oracle: PanelOracle):
        self.oracle = oracle
        self.sizes = oracle.sizes
        n = len(self.sizes)
        h = new_highs()
        for option in ("primal_feasibility_tolerance", "dual_feasibility_tolerance"):
            h.setOptionValue(option, 1e-10)
        h.setOptionValue("presolve", "off")
        h.setOptionValue("simplex_strategy", 4)  # primal: new columns keep the basis feasible
        h.changeObjectiveSense(highspy.ObjSense.kMaximize)
        h.addVar(0.0, 1.0)
        h.changeColCost(0, 1.0)
        starts = np.arange(n, dtype=np.int32)
        h.addRows(n, np.zeros(n), np.full(n, np.inf), n, starts, np.zeros(n, np.int32), -np.ones(n))
        h.addRow(1.0, 1.0, 0, np.array([], np.int32), np.array([]))
        self.highs = h
        self.panels: list[np.ndarray] = []
        self._keys: set[bytes] = set()
        self.fixed = np.full(n, np.nan)
        self.target = np.ones(n)
        self.search = SwapSearch(oracle.pool)

    def add(self, counts: np.ndarray) -> bool:
        """Add a panel (group counts) as a column; return False if already present."""
        key = counts.tobytes()
        if key in self._keys:
            return False
        self._keys.add(key)
        self.panels.append(counts)
        rows = np.flatnonzero(counts).astype(np.int32)
        values = counts[rows] / self.sizes[rows]
        rows = np.append(rows, len(self.sizes)).astype(np.int32)
        self.highs.addCol(0.0, 0.0, np.inf, len(rows), rows, np.append(values, 1.0))
        return True

    def fix(self, group: int, value: float) -> None:
        """Require ``group``'s probability to stay at least ``value`` from now on."""
        self.fixed[group] = value
        self.highs.changeCoeff(group, 0, 0.0)
        self.highs.changeRowBounds(group, max(0.0, value - 1e-10), np.inf)

    def aim(self, target: np.ndarray) -> None:
        """Maximise ``z`` with every free group's probability at least ``z * target``.

        With the leximin point of the relaxation as target, ``z`` reaches 1 exactly
        when that point is a lottery over panels.
        """
        self.target = np.asarray(target, dtype=float).copy()
        for group in np.flatnonzero(np.isnan(self.fixed)):
            self.highs.changeCoeff(int(group), 0, -float(self.target[group]))

    def solve(self) -> tuple[float, np.ndarray, np.ndarray]:
        """Solve the LP; return ``z``, the dual ``y`` (normalised) and ``lam``."""
        h = self.highs
        h.run()
        status = h.getModelStatus()
        if status != highspy.HighsModelStatus.kOptimal:
            raise SelectionError(errors.SOLVER_FAILED.format(status=h.modelStatusToString(status)))
        sol = h.getSolution()
        n = len(self.sizes)
        duals = np.asarray(sol.row_dual[:n])
        free = np.isnan(self.fixed)
        total = duals[free] @ self.target[free]
        y = np.maximum(duals / total, 0.0) if total != 0 else np.zeros(n)
        return float(sol.col_value[0]), y, np.maximum(np.asarray(sol.col_value[1:]), 0.0)

    def purge(self, lam: np.ndarray, y: np.ndarray, mu: float) -> None:
        """Drop unused panels of lowest reduced value once there are too many.

        Keeps the LP small (its simplex iterations slow down with every column);
        a dropped panel can be found and added again later.
        """
        limit = 2 * len(self.sizes) + 50
        if len(self.panels) <= limit:
            return
        matrix = np.array(self.panels, dtype=float) / self.sizes
        slack = matrix @ y - mu
        slack[lam > 1e-12] = np.inf
        drop = np.sort(np.argsort(slack)[: len(self.panels) - limit // 2])
        drop = drop[np.isfinite(slack[drop])]
        self.highs.deleteCols(len(drop), (drop + 1).astype(np.int32))
        gone = set(drop.tolist())
        for i in gone:
            self._keys.discard(self.panels[i].tobytes())
        self.panels = [p for i, p in enumerate(self.panels) if i not in gone]

    def climb(self, weights: np.ndarray, floor: float, starts: int = 6) -> int:
        """Add improving panels found by local search from the best known panels."""
        values = np.array([weights @ p for p in self.panels])
        added = 0
        for index in np.argsort(-values)[:starts]:
            counts = self.search.climb(self.panels[index], weights)
            if weights @ counts > floor:
                added += self.add(counts)
        return added

    def bound(self, v: np.ndarray, counts: np.ndarray) -> float:
        """Upper bound on the stage optimum from dual ``v`` and its best panel."""
        fixed = ~np.isnan(self.fixed)
        return float(v @ (counts / self.sizes) - self.fixed[fixed] @ v[fixed])

    def optimise(
        self, smoothing: float = 0.0, stop_at: float = np.inf
    ) -> tuple[float, np.ndarray, np.ndarray]:
        """Column generation until no panel improves the LP.

        Prices at a smoothed dual (Wentges) between the best-bound dual seen so far
        and the LP's own dual, which cuts the number of rounds; the stage only ends
        when the LP's own dual finds no improving panel, so the result is exact.
        """
        center, best = None, np.inf
        while True:
            z, y, lam = self.solve()
            if z >= stop_at:
                return z, y, lam
            mu = z - self.bound(y, np.zeros(len(self.sizes)))
            self.purge(lam, y, mu)
            if self.climb(y / self.sizes, mu + PRICE_TOL):
                continue
            alpha = smoothing if center is not None and best - z > PRICE_TOL else 0.0
            v = y if center is None or alpha == 0.0 else alpha * center + (1 - alpha) * y
            found = self.oracle.best(v / self.sizes)
            bound = self.bound(v, found[0])
            if bound < best:
                center, best = v, bound
            threshold = z - self.bound(y, np.zeros_like(found[0])) + PRICE_TOL  # mu + tol
            added = sum(self.add(c) for c in found if y @ (c / self.sizes) > threshold)
            if not added and alpha == 0.0:
                return z, y, lam

    def seed(self, rounds: int = 10) -> None:
        """Add panels until every group is on one, favouring groups not yet covered."""
        uncovered = np.ones(len(self.sizes))
        for _ in range(rounds):
            counts = self.oracle.best(uncovered / self.sizes)[0]
            self.add(counts)
            uncovered[counts > 0] = 0.0
            if not uncovered.any():
                return

    def marginals(self, lam: np.ndarray) -> tuple[list[np.ndarray], np.ndarray, np.ndarray]:
        """Panels with positive probability, their probabilities and group marginals."""
        keep = np.flatnonzero(lam > 1e-12)
        probs = lam[keep] / lam[keep].sum()
        panels = [self.panels[i] for i in keep]
        matrix = np.array(panels, dtype=float)
        return panels, probs, (probs @ matrix) / self.sizes

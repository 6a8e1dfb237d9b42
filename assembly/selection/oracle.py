"""The panel-finding subproblem: the best quota-respecting panel for given weights.

An integer program over group counts, solved with the HiGHS MIP solver. Column
generation calls it with dual values as weights to price new panels.
"""

from __future__ import annotations

import highspy
import numpy as np

from . import errors
from .errors import SelectionError
from .profiles import Pool


def new_highs() -> highspy.Highs:
    """A silent, single-threaded HiGHS instance with tight tolerances."""
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", 1)
    h.setOptionValue("random_seed", 0)
    return h


def add_rows(h: highspy.Highs, rows: list[tuple[float, float, list[int]]]) -> None:
    """Add rows ``lower <= sum(x[cols]) <= upper`` with unit coefficients."""
    if not rows:
        return
    lower = np.array([r[0] for r in rows], dtype=float)
    upper = np.array([r[1] for r in rows], dtype=float)
    starts = np.cumsum([0] + [len(r[2]) for r in rows[:-1]]).astype(np.int32)
    index = np.array([c for r in rows for c in r[2]], dtype=np.int32)
    h.addRows(len(rows), lower, upper, len(index), starts, index, np.ones(len(index)))


def panel_rows(pool: Pool) -> list[tuple[float, float, list[int]]]:
    """Panel size, quota and household rows over group-count variables."""
    k = pool.panel_size
    rows = [(float(k), float(k), list(range(len(pool.groups))))]
    rows += [(float(q.min), float(q.max), pool.quota_groups(q)) for q in pool.quotas]
    rows += [(0.0, 1.0, list(h)) for h in pool.households]
    return rows


class PanelOracle:
    """Find quota-respecting panels (group counts) of largest weight."""

    def __init__(self, pool: Pool):
        self.pool = pool
        self.sizes = pool.sizes
        n = len(self.sizes)
        h = new_highs()
        h.setOptionValue("mip_rel_gap", 0.0)
        h.setOptionValue("mip_abs_gap", 1e-10)
        h.setOptionValue("mip_improving_solution_save", True)
        # Callers pass a known panel as a start, so the primal heuristics only cost time.
        for heuristic in ("feasibility_jump", "rins", "rens", "root_reduced_cost"):
            h.setOptionValue(f"mip_heuristic_run_{heuristic}", False)
        h.setOptionValue("mip_heuristic_effort", 0.0)
        h.addVars(n, np.zeros(n), self.sizes.copy())
        h.changeColsIntegrality(
            n, np.arange(n, dtype=np.int32), np.array([highspy.HighsVarType.kInteger] * n)
        )
        add_rows(h, panel_rows(pool))
        h.changeObjectiveSense(highspy.ObjSense.kMaximize)
        self.highs = h
        self.calls = 0
        self.last: np.ndarray | None = None
        self.relaxation: highspy.Highs | None = None
        self.rng = np.random.default_rng(0)

    def best(
        self, weights: np.ndarray, floor: float | None = None, start: np.ndarray | None = None
    ) -> list[np.ndarray]:
        """Panels of largest ``weights @ counts``, best first.

        With ``floor``, only panels worth more than ``floor`` are returned (possibly
        none). ``start`` is a known panel to start from (defaults to the last one
        found). Raises if no panel meets the quotas.
        """
        h = self.highs
        n = len(self.sizes)
        self.calls += 1
        h.changeColsCost(n, np.arange(n, dtype=np.int32), np.asarray(weights, dtype=float))
        h.clearSolver()
        start = self.last if start is None else start
        if start is not None:
            h.setSolution(n, np.arange(n, dtype=np.int32), start.astype(float))
        h.run()
        status = h.getModelStatus()
        if status == highspy.HighsModelStatus.kInfeasible and floor is None:
            raise SelectionError("infeasible")
        found: dict[bytes, np.ndarray] = {}
        candidates = [np.asarray(s.col_value) for s in h.getSavedMipSolutions()]
        if status == highspy.HighsModelStatus.kOptimal:
            candidates.append(np.asarray(h.getSolution().col_value))
        elif status not in (
            highspy.HighsModelStatus.kInfeasible,
            highspy.HighsModelStatus.kObjectiveBound,
        ):
            raise SelectionError(errors.SOLVER_FAILED.format(status=h.modelStatusToString(status)))
        for values in candidates:
            counts = np.rint(values).astype(np.int64)
            if self.is_panel(counts) and (floor is None or weights @ counts > floor):
                found[counts.tobytes()] = counts
        ranked = sorted(found.values(), key=lambda c: -float(weights @ c))
        if ranked:
            self.last = ranked[0]
        return ranked

    def cheap(self, weights: np.ndarray, floor: float, tries: int = 4) -> list[np.ndarray]:
        """Panels worth more than ``floor`` found from the LP relaxation alone.

        Re-solves the relaxation with randomly perturbed weights and keeps the
        vertices that happen to be integral: a fast way to find several good panels.
        """
        if self.relaxation is None:
            h = new_highs()
            n = len(self.sizes)
            h.setOptionValue("simplex_strategy", 4)
            h.addVars(n, np.zeros(n), self.sizes.copy())
            add_rows(h, panel_rows(self.pool))
            h.changeObjectiveSense(highspy.ObjSense.kMaximize)
            self.relaxation = h
        h, n = self.relaxation, len(self.sizes)
        scale = max(float(weights.max()), 1e-12)
        found: dict[bytes, np.ndarray] = {}
        for attempt in range(tries):
            noise = self.rng.random(n) * scale * (0.0 if attempt == 0 else 0.05)
            h.changeColsCost(n, np.arange(n, dtype=np.int32), weights + noise)
            h.run()
            if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
                break
            values = np.asarray(h.getSolution().col_value)
            counts = np.rint(values).astype(np.int64)
            integral = np.abs(values - counts).max() < 1e-7
            if integral and weights @ counts > floor and self.is_panel(counts):
                found[counts.tobytes()] = counts
        return sorted(found.values(), key=lambda c: -float(weights @ c))

    def is_panel(self, counts: np.ndarray) -> bool:
        """Whether group counts form a panel that meets every rule."""
        pool = self.pool
        if counts.min() < 0 or np.any(counts > self.sizes) or counts.sum() != pool.panel_size:
            return False
        for q in pool.quotas:
            if not q.min <= counts[pool.quota_groups(q)].sum() <= q.max:
                return False
        return all(counts[list(h)].sum() <= 1 for h in pool.households)

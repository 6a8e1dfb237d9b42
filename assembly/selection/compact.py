"""LEXIMIN through the compact relaxation, then an exact decomposition into panels.

The panels are the integer points ``X`` of the polytope ``P`` given by the panel
size, quota and household rows over group counts. Selection probabilities of any
lottery lie in ``conv(X)``, a subset of ``P``. The leximin point of ``P`` is a short
sequence of small LPs over group counts (no panels, no integer programs). If that
point is also in ``conv(X)`` it is the leximin point of ``conv(X)`` as well, since a
point that is leximin-optimal over a set is leximin-optimal over any subset that
contains it. :func:`decompose` proves membership by writing it as a lottery over
panels; when it cannot, the caller falls back to column generation.

The decomposition walks like Carathéodory's theorem: take a panel on the smallest
face of ``P`` that holds the target, move the target away from it until one more
row or bound is tight, and repeat. Each step removes at least one dimension, so it
ends after at most ``groups + 1`` panels.
"""

from __future__ import annotations

import highspy
import numpy as np

from .oracle import add_rows, new_highs, panel_rows
from .profiles import Pool
from .repair import round_to_panel

#: Relative tolerance for "this row or bound is tight".
TIGHT = 1e-9
#: A group is fixed at a stage when its scaled dual value exceeds this.
FIX_TOL = 1e-9
#: Probability mass left undistributed when the walk stops (spread by renormalising).
RESIDUE = 1e-8


class Relaxation:
    """The panel rows of ``pool`` as a matrix, for ratio tests and face tests."""

    def __init__(self, pool: Pool):
        self.pool = pool
        self.sizes = pool.sizes
        rows = panel_rows(pool)
        self.lower = np.array([r[0] for r in rows])
        self.upper = np.array([r[1] for r in rows])
        self.matrix = np.zeros((len(rows), len(self.sizes)))
        for i, (_, _, cols) in enumerate(rows):
            self.matrix[i, cols] = 1.0


def relaxed_leximin(
    pool: Pool, max_stages: int | None = None
) -> tuple[np.ndarray, list[tuple[float, int]]]:
    """Leximin group probabilities over the relaxation; and each stage's level.

    Returns the probabilities and ``(level, groups fixed)`` for every stage. With
    ``max_stages=1`` the first level is the relaxation's maximin value, an upper
    bound on any lottery's smallest probability.
    """
    sizes = pool.sizes
    n = len(sizes)
    h = new_highs()
    for option in ("primal_feasibility_tolerance", "dual_feasibility_tolerance"):
        h.setOptionValue(option, 1e-10)
    h.addVars(n, np.zeros(n), sizes.copy())
    h.addVar(0.0, 1.0)  # z, the level being raised
    add_rows(h, panel_rows(pool))
    base = h.getNumRow()
    # x[g] - size[g] * z >= 0: every free member's probability is at least z.
    starts = np.arange(0, 2 * n, 2, dtype=np.int32)
    index = np.column_stack([np.arange(n), np.full(n, n)]).ravel().astype(np.int32)
    values = np.column_stack([np.ones(n), -sizes]).ravel()
    h.addRows(n, np.zeros(n), np.full(n, np.inf), 2 * n, starts, index, values)
    h.changeObjectiveSense(highspy.ObjSense.kMaximize)
    h.changeColCost(n, 1.0)
    free = np.ones(n, dtype=bool)
    stages: list[tuple[float, int]] = []
    x = np.zeros(n)
    while free.any():
        h.run()
        if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            raise ArithmeticError(h.modelStatusToString(h.getModelStatus()))
        sol = h.getSolution()
        z = float(sol.col_value[n])
        x = np.asarray(sol.col_value[:n])
        # A positive dual means the group cannot rise above z in any optimal lottery.
        duals = np.abs(np.asarray(sol.row_dual[base : base + n])) * sizes
        settle = free & (duals > FIX_TOL * max(duals[free].max(), 1e-300))
        if z >= 1.0 - TIGHT or not settle.any():
            settle = free.copy()
        for g in np.flatnonzero(settle):
            h.changeCoeff(base + int(g), n, 0.0)
            h.changeRowBounds(base + int(g), max(0.0, z * sizes[g] - 1e-10), np.inf)
        free &= ~settle
        stages.append((z, int(settle.sum())))
        if max_stages and len(stages) >= max_stages:
            break
    return x / sizes, stages


class _FaceFinder:
    """Find a panel on a given face of the relaxation.

    Tries a vertex of the face's LP first (often integral), then that vertex
    repaired by local search, then the first solution of the integer program near
    the vertex (every count within one of it), then anywhere on the face.
    """

    def __init__(self, pool: Pool, relaxation: Relaxation):
        n = len(relaxation.sizes)
        self.n = n
        self.relaxation = relaxation
        h = new_highs()
        # Any panel on the face will do: stop at the first one found.
        h.setOptionValue("mip_max_improving_sols", 1)
        h.addVars(n, np.zeros(n), relaxation.sizes.copy())
        h.changeColsIntegrality(
            n, np.arange(n, dtype=np.int32), np.array([highspy.HighsVarType.kInteger] * n)
        )
        add_rows(h, panel_rows(pool))
        h.changeObjectiveSense(highspy.ObjSense.kMaximize)
        self.highs = h
        # Options first: passModel on a fresh HiGHS instance prints its banner to fd 1,
        # which would break the one JSON object `select_panel --json` prints.
        self.lp = new_highs()
        self.lp.setOptionValue("simplex_strategy", 4)
        self.lp.passModel(h.getLp())
        lp_model = self.lp.getLp()
        lp_model.integrality_ = []
        self.lp.passModel(lp_model)

    def find(
        self,
        col_low: np.ndarray,
        col_high: np.ndarray,
        row_low: np.ndarray,
        row_high: np.ndarray,
        weights: np.ndarray,
    ) -> np.ndarray | None:
        n = self.n
        cols = np.arange(n, dtype=np.int32)
        rows = np.arange(len(row_low), dtype=np.int32)
        for h in (self.lp, self.highs):
            h.changeColsBounds(n, cols, col_low, col_high)
            h.changeRowsBounds(len(rows), rows, row_low, row_high)  # type: ignore[attr-defined]
            h.changeColsCost(n, cols, weights)
        # A vertex of the face's LP is often integral already; try it first.
        self.lp.run()
        status = self.lp.getModelStatus()
        if status == highspy.HighsModelStatus.kInfeasible:
            return None
        if status != highspy.HighsModelStatus.kOptimal:
            return self._mip(col_low, col_high)
        values = np.asarray(self.lp.getSolution().col_value)
        counts = np.rint(values)
        if np.abs(values - counts).max() < 1e-7:
            return counts
        rel = self.relaxation
        counts = round_to_panel(values, rel.matrix, row_low, row_high, col_low, col_high)
        if counts is not None:
            return counts
        # Measured on 1,727 volunteers: the neighbourhood always held a panel, at
        # half the time of the whole face.
        near_low = np.maximum(col_low, np.floor(values) - 1)
        near_high = np.minimum(col_high, np.ceil(values) + 1)
        counts = self._mip(near_low, near_high)
        return counts if counts is not None else self._mip(col_low, col_high)

    def _mip(self, col_low: np.ndarray, col_high: np.ndarray) -> np.ndarray | None:
        h = self.highs
        h.changeColsBounds(self.n, np.arange(self.n, dtype=np.int32), col_low, col_high)
        h.clearSolver()
        h.run()
        if h.getModelStatus() not in (
            highspy.HighsModelStatus.kOptimal,
            highspy.HighsModelStatus.kObjectiveBound,
            highspy.HighsModelStatus.kSolutionLimit,
        ):
            return None
        return np.rint(np.asarray(h.getSolution().col_value))


def walk(
    pool: Pool, probabilities: np.ndarray, max_steps: int | None = None
) -> tuple[list[np.ndarray], np.ndarray, float]:
    """Cover as much of the group probabilities as possible with panels.

    Returns the panels (group counts), the probability given to each, and the
    probability mass left over (zero, up to ``RESIDUE``, when the walk completes).
    """
    rel = Relaxation(pool)
    sizes, A = rel.sizes, rel.matrix
    target = probabilities * sizes  # expected group counts still to cover
    mass = 1.0  # probability still to hand out
    finder = _FaceFinder(pool, rel)
    panels: list[np.ndarray] = []
    weights: list[float] = []
    steps = max_steps or len(sizes) + len(A) + 2
    # The faces shrink monotonically; track them as sets, since testing tightness
    # on the rescaled target loses precision as the remaining mass shrinks.
    t = target.copy()
    at = A @ t
    at_zero = t <= TIGHT * sizes
    at_full = t >= sizes * (1 - TIGHT)
    tol_r = TIGHT * np.maximum(np.abs(rel.upper), 1.0)
    at_low = at <= rel.lower + tol_r
    at_high = at >= rel.upper - tol_r
    for _ in range(steps):
        if mass <= RESIDUE:
            break
        t = target / mass  # a point of the relaxation
        col_low = np.where(at_full, sizes, 0.0)
        col_high = np.where(at_zero, 0.0, sizes)
        row_low = np.where(at_high, rel.upper, rel.lower)
        row_high = np.where(at_low, rel.lower, rel.upper)
        prob = np.clip(t / sizes, 1e-12, 1 - 1e-12)
        counts = finder.find(col_low, col_high, row_low, row_high, np.log(prob / (1 - prob)))
        if counts is None:
            break
        share, limits = _step(t, counts, sizes, A, rel.lower, rel.upper)
        if share <= 1e-12:
            break
        theta = min(share * mass, mass)
        panels.append(counts.astype(np.int64))
        weights.append(theta)
        mass -= theta
        target = target - theta * counts
        if share >= 1.0 - 1e-12:
            mass = 0.0
            break
        near = share * (1 + 1e-9) + 1e-15
        at_zero |= limits[0] <= near
        at_full |= limits[1] <= near
        at_low |= limits[2] <= near
        at_high |= limits[3] <= near
        target[at_zero] = 0.0
        target[at_full] = mass * sizes[at_full]
    return panels, np.array(weights), max(mass, 0.0)


def _step(
    t: np.ndarray,
    x: np.ndarray,
    sizes: np.ndarray,
    A: np.ndarray,
    lower: np.ndarray,
    upper: np.ndarray,
) -> tuple[float, tuple[np.ndarray, ...]]:
    """Largest share ``s`` in [0, 1] with ``(t - s x) / (1 - s)`` still in the relaxation.

    Also returns each bound's and row's own limit, to tell which became tight.
    """
    ax, at = A @ x, A @ t
    with np.errstate(divide="ignore", invalid="ignore"):
        gap = sizes - x
        over, under = ax - lower, upper - ax
        limits = (
            np.where(x > 1e-12, t / x, np.inf),
            np.where(gap > 1e-12, (sizes - t) / gap, np.inf),
            np.where(over > 1e-12, (at - lower) / over, np.inf),
            np.where(under > 1e-12, (upper - at) / under, np.inf),
        )
    share = min([1.0] + [float(np.min(v, initial=np.inf)) for v in limits])
    return max(0.0, share), limits

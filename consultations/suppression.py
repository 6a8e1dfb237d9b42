"""Small-number suppression for linked frequency tables.

Pure statistical disclosure control: no Django, no I/O. See ``docs/suppression.md``.

The data behind every published table is a *cube*: a pandas Series of counts whose
MultiIndex lists every possible cell of the finest cross-classification (zeros included;
a cell left out is structurally impossible). Each :class:`Table` publishes sums of cube
cells ("figures"). A figure is the same figure wherever it appears, so a count shown in
one table and hidden in another is impossible by construction.

Rule
----
* Primary: a figure is sensitive when ``0 < count < threshold``, or when its percentage
  base satisfies ``0 < base < threshold``. True zeros with a zero or safe base are shown.
* Protection: for every hidden sensitive figure, the range of values consistent with
  everything shown (non-negative integer cells) must be at least ``protection`` wide
  (default ``threshold // 2``); every other hidden figure must not be pinned (width >= 1).
* A percentage is shown only when its count and its base are both shown.

Method: hide the sensitive figures, then audit each hidden figure with two linear
programmes (HiGHS; a MIP when the LP optimum is fractional). While one fails, solve a
min-cost perturbation LP that finds cheap figures whose hiding lets it move, hide them,
and audit again. Hiding only ever widens ranges, so the loop ends with every range audited.

Examples
--------
>>> cube = pd.Series(
...     [12, 3, 20, 15],
...     index=pd.MultiIndex.from_product([["yes", "no"], ["a", "b"]], names=["q", "g"]),
... )
>>> out = protect(cube, [Table("t", dims=("q", "g"))])
>>> int(out.tables["t"]["suppressed"].sum())
4
"""

from __future__ import annotations

import itertools
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

import highspy
import numpy as np
import pandas as pd

__all__ = ["TOTAL", "Protected", "Table", "full_cube", "protect", "protect_linked"]

TOTAL = "Total"
_INF = highspy.kHighsInf
_EPS = 1e-6


@dataclass(frozen=True)
class Table:
    """One published table: every cell of ``dims`` and, with ``totals``, every margin.

    ``where`` restricts the population counted (a filter; totals are over it). ``show``
    restricts which categories of a dimension appear as rows without changing the totals.
    ``percent_of`` names the dimensions a percentage is taken over: a cell's base is the
    cell with those dimensions set to :data:`TOTAL`.
    """

    name: str
    dims: tuple[str, ...] = ()
    where: Mapping[str, Collection] = field(default_factory=dict)
    show: Mapping[str, Collection] = field(default_factory=dict)
    totals: bool = True
    percent_of: tuple[str, ...] = ()


@dataclass
class Protected:
    """Suppression result: one frame per table, the hidden figure keys and their ranges."""

    tables: dict[str, pd.DataFrame]
    hidden: dict[tuple, int]
    ranges: dict[tuple, tuple[float, float]]


def full_cube(counts: pd.Series, categories: Mapping[str, Sequence]) -> pd.Series:
    """Reindex ``counts`` to every combination of ``categories`` (dimension -> labels)."""
    index = pd.MultiIndex.from_product(list(categories.values()), names=list(categories))
    if counts.index.nlevels == 1 and len(categories) == 1:
        counts = counts.copy()
        counts.index = pd.MultiIndex.from_arrays([counts.index], names=list(categories))
    return counts.reindex(index, fill_value=0).astype("int64")


class _Figures:
    """Figures over a cube: canonical keys, member variables (sparse rows) and values.

    With ``leaves`` (dimensions no figure constrains together), the cube is replaced by
    one block per leaf, core dimensions x that leaf, whose core margins must agree
    (``structural`` rows). Any such blocks extend to a non-negative integer cube, so the
    attacker learns exactly the same, from far fewer variables.
    """

    def __init__(self, cube: pd.Series, leaves: Sequence[str] = (), keys_only: bool = False):
        index = cube.index
        if not isinstance(index, pd.MultiIndex):
            cube = pd.Series(
                cube.to_numpy(), index=pd.MultiIndex.from_arrays([index], names=[index.name])
            )
        self.dims = list(cube.index.names)
        self.cats, self.position = {}, {}
        for d in self.dims:
            self.cats[d] = list(pd.unique(cube.index.get_level_values(d)))
            self.position[d] = {c: i for i, c in enumerate(self.cats[d])}
        core = [d for d in self.dims if d not in leaves]
        blocks = [cube]
        if len(leaves) > 1:
            blocks = [cube.groupby(level=core + [leaf], sort=False).sum() for leaf in leaves]
        self.block = {leaf: b for b, leaf in enumerate(leaves)} if len(leaves) > 1 else {}
        self.x = np.concatenate([np.asarray(b, dtype=float) for b in blocks])
        self.var_block = np.repeat(np.arange(len(blocks)), [len(b) for b in blocks])
        self.codes = {d: np.full(len(self.x), -1) for d in self.dims}
        start = 0
        for b in blocks:
            for d in b.index.names:
                labels = b.index.get_level_values(d)
                self.codes[d][start : start + len(b)] = [self.position[d][c] for c in labels]
            start += len(b)
        self.structural: list[tuple[np.ndarray, np.ndarray]] = []
        if self.block:
            core_id = [self.codes[d] for d in core] or [np.zeros(len(self.x), dtype=int)]
            shape = [len(self.cats[d]) for d in core] or [1]
            flat = np.ravel_multi_index(core_id, shape)
            first = np.flatnonzero(self.var_block == 0)
            for b in range(1, len(blocks)):
                mine = np.flatnonzero(self.var_block == b)
                for c in np.unique(flat[mine]):
                    self.structural.append((mine[flat[mine] == c], first[flat[first] == c]))
        self.keys: list[tuple] = []
        self.allowed: list[dict] = []
        self.rows: list[np.ndarray] = []
        self.lookup: dict[tuple, int] = {}
        self.keys_only = keys_only

    def add(self, allowed: Mapping[str, Collection]) -> int:
        constrained = {d: set(v) for d, v in allowed.items() if set(self.cats[d]) - set(v)}
        key = tuple(sorted((d, tuple(sorted(map(str, v)))) for d, v in constrained.items()))
        if key not in self.lookup:
            self.lookup[key] = len(self.keys)
            self.keys.append(key)
            self.allowed.append(constrained)
            self.rows.append(
                np.zeros(0, dtype=int) if self.keys_only else self._members(constrained)
            )
        return self.lookup[key]

    def _members(self, constrained: dict) -> np.ndarray:
        blocks = [self.block[d] for d in constrained if d in self.block]
        mask = self.var_block == (blocks[0] if blocks else 0)
        for d, v in constrained.items():
            ok = np.zeros(len(self.cats[d]) + 1, dtype=bool)  # the extra slot is code -1
            ok[[self.position[d][c] for c in v if c in self.position[d]]] = True
            mask &= ok[self.codes[d]]
        return np.flatnonzero(mask)

    def value(self, f: int) -> float:
        return float(self.x[self.rows[f]].sum())


def _leaves(figs: _Figures) -> list[str]:
    """Dimensions never constrained together, chosen to give the fewest variables."""
    together = [set(a) for a in figs.allowed]
    sizes = {d: len(figs.cats[d]) for d in figs.dims}
    best, best_size = [], float(np.prod(list(sizes.values())))
    for r in range(2, len(figs.dims) + 1):
        for combo in itertools.combinations(figs.dims, r):
            if any(len(t.intersection(combo)) > 1 for t in together):
                continue
            core = np.prod([sizes[d] for d in figs.dims if d not in combo])
            size = float(core * sum(sizes[d] for d in combo))
            if size < best_size:
                best, best_size = list(combo), size
    return best


def _table_cells(figs: _Figures, table: Table):
    """Yield (label tuple, figure, base figure or None) for every cell of ``table``."""

    def figure(labels) -> int:
        allowed = dict(table.where)
        allowed.update(
            {d: [lab] for d, lab in zip(table.dims, labels, strict=True) if lab != TOTAL}
        )
        return figs.add(allowed)

    axes = []
    for d in table.dims:
        pool = set(table.where.get(d, figs.cats[d]))
        shown = set(table.show.get(d, pool))
        axes.append([c for c in figs.cats[d] if c in pool and c in shown])
        axes[-1] += [TOTAL] if table.totals else []
    for labels in itertools.product(*axes):
        base = None
        if table.percent_of:
            base = figure(
                [
                    TOTAL if d in table.percent_of else lab
                    for d, lab in zip(table.dims, labels, strict=True)
                ]
            )
        yield labels, figure(labels), base


def _differences(figs: _Figures, tables: Sequence[Table], cells: dict) -> list[dict]:
    """Groups isolated by differencing the same table under two nested filters: the
    two figures' definitions differ in one dimension only, one inside the other."""
    found = []
    for i, t1 in enumerate(tables):
        for t2 in tables[i + 1 :]:
            if t1.dims != t2.dims:
                continue
            c2 = {lab: f for lab, f, _ in cells[t2.name]}
            for lab, f1, _ in cells[t1.name]:
                if lab not in c2:
                    continue
                a, b = figs.allowed[f1], figs.allowed[c2[lab]]
                differ = [d for d in set(a) | set(b) if a.get(d) != b.get(d)]
                if len(differ) != 1:
                    continue
                d = differ[0]
                sa, sb = (set(x.get(d, figs.cats[d])) for x in (a, b))
                if sa < sb or sb < sa:
                    outer, rest = (b, sb - sa) if sa < sb else (a, sa - sb)
                    found.append({**outer, d: rest})
    return found


def _lp(n: int, cost, lower, upper, rows, row_lower, row_upper) -> highspy.Highs:
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
    """The attacker's model: variables >= 0, every shown figure fixed at its value."""

    def __init__(self, figs: _Figures, hidden: set[int]):
        self.figs, self.n = figs, len(figs.x)
        m = len(figs.rows)
        values = np.array([figs.value(f) for f in range(m)])
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

    def _extreme(self, f: int, sense) -> float:
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
            cont = np.full(self.n, highspy.HighsVarType.kContinuous)
            self.h.changeColsIntegrality(self.n, idx, cont)
        return float(value)

    def range(self, f: int) -> tuple[float, float]:
        return (
            self._extreme(f, highspy.ObjSense.kMinimize),
            self._extreme(f, highspy.ObjSense.kMaximize),
        )


def _complement(figs: _Figures, hidden: set[int], target: float, f: int, cost) -> list[int]:
    """Cheapest shown figures whose hiding lets figure ``f`` rise by ``target`` (LP).

    Variables: a change y >= -x of every cell, and u, v >= 0 with a_g.y = u_g - v_g for
    each shown figure g, costing cost_g (u_g + v_g). Every g that moves must be hidden.
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
    h = _lp(
        n + 2 * k,
        np.concatenate([np.zeros(n), costs, costs]),
        np.concatenate([-figs.x, np.zeros(2 * k)]),
        np.full(n + 2 * k, _INF),
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


def _index(dims: tuple[str, ...], labels: list[tuple]) -> pd.Index:
    if not dims:
        return pd.Index([TOTAL])
    if len(dims) == 1:
        return pd.Index([lab[0] for lab in labels], name=dims[0])
    return pd.MultiIndex.from_tuples(labels, names=list(dims))


def protect(
    cube: pd.Series,
    tables: Sequence[Table],
    *,
    threshold: int = 10,
    protection: int | None = None,
    hidden: Mapping[tuple, int] | None = None,
    weights: Mapping[tuple, float] | None = None,
) -> Protected:
    """Suppress every table drawn from ``cube`` together, primary and secondary.

    ``hidden`` forces figures (by key) to be hidden with a required range width, and
    ``weights`` multiplies the cost of hiding a figure; :func:`protect_linked` uses both.
    Each result frame has ``count``, ``base``, ``percent``, ``primary`` and ``suppressed``.
    """
    protection = max(1, threshold // 2) if protection is None else protection
    figs = _Figures(cube, keys_only=True)
    for t in tables:
        list(_table_cells(figs, t))
    figs = _Figures(cube, leaves=_leaves(figs))
    cells = {t.name: list(_table_cells(figs, t)) for t in tables}
    values = np.array([figs.value(f) for f in range(len(figs.rows))])
    need: dict[int, int] = {}
    for labels_cells in cells.values():
        for _, f, base in labels_cells:
            if 0 < values[f] < threshold or (base is not None and 0 < values[base] < threshold):
                need[f] = protection
    for allowed in _differences(figs, tables, cells):
        f = figs.add(allowed)
        if 0 < figs.value(f) < threshold:
            need[f] = protection
    values = np.array([figs.value(f) for f in range(len(figs.rows))])
    primary = set(need)
    for key, req in (hidden or {}).items():
        if key in figs.lookup:
            f = figs.lookup[key]
            need[f] = max(need.get(f, 1), req)
    cost = [(1.0 + values[f]) * (weights or {}).get(k, 1.0) for f, k in enumerate(figs.keys)]
    hidden_set = set(need)
    auditor = _Auditor(figs, hidden_set)
    queue = sorted(hidden_set, key=lambda f: (values[f], f))
    attempts: dict[int, int] = {}
    ranges: dict[tuple, tuple[float, float]] = {}
    while queue:
        f = queue.pop(0)
        lo, hi = auditor.range(f) if len(figs.rows[f]) else (0.0, 0.0)
        if hi - lo >= need[f] - _EPS or not len(figs.rows[f]):
            ranges[figs.keys[f]] = (lo, hi)
            continue
        attempts[f] = attempts.get(f, 0) + 1
        target = need[f] - (values[f] - lo) + attempts[f] - 1
        new = _complement(figs, hidden_set, target, f, cost) if attempts[f] <= 3 else []
        if not new:  # safety net: hide every shown figure that shares a cell with f
            cells_f = figs.rows[f]
            new = [
                g
                for g in range(len(figs.rows))
                if g not in hidden_set and np.intersect1d(figs.rows[g], cells_f).size
            ]
        for g in new:
            hidden_set.add(g)
            need.setdefault(g, 1)
            auditor.hide(g)
            queue.append(g)
        queue.append(f)
    frames = {}
    for t in tables:
        rows = []
        for _, f, base in cells[t.name]:
            shown = f not in hidden_set and (base is None or base not in hidden_set)
            pct = 100.0 * values[f] / values[base] if base is not None and values[base] else np.nan
            rows.append(
                {
                    "count": int(values[f]),
                    "base": None if base is None else int(values[base]),
                    "percent": pct if shown else np.nan,
                    "primary": f in primary,
                    "suppressed": f in hidden_set,
                }
            )
        index = _index(t.dims, [lab for lab, _, _ in cells[t.name]])
        frames[t.name] = pd.DataFrame(rows, index=index)
    return Protected(frames, {figs.keys[f]: need[f] for f in hidden_set}, ranges)


def _keys(cube: pd.Series, tables: Sequence[Table]) -> set[tuple]:
    figs = _Figures(cube, keys_only=True)
    for t in tables:
        list(_table_cells(figs, t))
    return set(figs.keys)


def protect_linked(
    problems: Sequence[tuple[pd.Series, Sequence[Table]]],
    *,
    threshold: int = 10,
    protection: int | None = None,
    shared_weight: float = 10.0,
) -> list[Protected]:
    """Protect several cubes whose tables share figures (e.g. demographic totals).

    Every cube must cover the same respondents, with a "not answered" category, so that a
    figure's key means the same population in each. A figure hidden in one problem is
    hidden in all that publish it; problems are re-solved until nothing changes.
    """
    keys = [_keys(cube, tables) for cube, tables in problems]
    counts: dict[tuple, int] = {}
    for ks in keys:
        for k in ks:
            counts[k] = counts.get(k, 0) + 1
    shared = {k for k, c in counts.items() if c > 1}
    weights = dict.fromkeys(shared, shared_weight)
    forced: dict[tuple, int] = {}
    results: list[Protected | None] = [None] * len(problems)
    dirty = set(range(len(problems)))
    while dirty:
        for i in sorted(dirty):
            cube, tables = problems[i]
            results[i] = protect(
                cube,
                tables,
                threshold=threshold,
                protection=protection,
                hidden=forced,
                weights=weights,
            )
        merged = dict(forced)
        for res in results:
            for k, req in res.hidden.items():
                if k in shared and merged.get(k, 0) < req:
                    merged[k] = req
        dirty = {
            i
            for i, (ks, res) in enumerate(zip(keys, results, strict=True))
            if any(res.hidden.get(k, 0) < req for k, req in merged.items() if k in ks)
        }
        forced = merged
    return results

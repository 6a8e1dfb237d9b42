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
    """Figures of a cube: cell membership (sparse rows), values, canonical keys."""

    def __init__(self, cube: pd.Series):
        index = cube.index
        if not isinstance(index, pd.MultiIndex):
            index = pd.MultiIndex.from_arrays([index], names=[index.name])
        self.dims = list(index.names)
        self.x = np.asarray(cube, dtype=float)
        self.cats = {d: list(pd.unique(index.get_level_values(d))) for d in self.dims}
        self.codes = {d: np.asarray(index.get_level_values(d)) for d in self.dims}
        self.keys: list[tuple] = []
        self.rows: list[np.ndarray] = []
        self.lookup: dict[tuple, int] = {}

    def add(self, allowed: Mapping[str, Collection]) -> int:
        constrained = {d: frozenset(v) for d, v in allowed.items() if set(self.cats[d]) - set(v)}
        key = tuple(sorted((d, tuple(sorted(map(str, v)))) for d, v in constrained.items()))
        if key not in self.lookup:
            mask = np.ones(len(self.x), dtype=bool)
            for d, v in constrained.items():
                mask &= np.isin(self.codes[d], list(v))
            self.lookup[key] = len(self.keys)
            self.keys.append(key)
            self.rows.append(np.flatnonzero(mask))
        return self.lookup[key]

    def add_cells(self, rows: np.ndarray) -> int:
        """Add an unpublished figure (a derivable difference) by its cells."""
        key = (("__derived__", tuple(int(r) for r in rows)),)
        if key not in self.lookup:
            self.lookup[key] = len(self.keys)
            self.keys.append(key)
            self.rows.append(rows)
        return self.lookup[key]

    def value(self, f: int) -> float:
        return float(self.x[self.rows[f]].sum())


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


def _derived(key: tuple) -> bool:
    return bool(key) and key[0][0] == "__derived__"


def _differences(figs: _Figures, tables: Sequence[Table], cells: dict) -> list[np.ndarray]:
    """Groups isolated by differencing the same table under two nested filters."""
    found = []
    for i, t1 in enumerate(tables):
        for t2 in tables[i + 1 :]:
            if t1.dims != t2.dims:
                continue
            c2 = {lab: f for lab, f, _ in cells[t2.name]}
            for lab, f1, _ in cells[t1.name]:
                if lab not in c2:
                    continue
                small, big = sorted((figs.rows[f1], figs.rows[c2[lab]]), key=len)
                if len(small) < len(big) and np.isin(small, big).all():
                    found.append(np.setdiff1d(big, small))
    return found


class _Auditor:
    """The attacker's LP: cells >= 0, every shown figure fixed at its value."""

    def __init__(self, figs: _Figures, hidden: set[int]):
        self.figs = figs
        n, m = len(figs.x), len(figs.rows)
        self.h = highspy.Highs()
        self.h.setOptionValue("output_flag", False)
        lp = highspy.HighsLp()
        lp.num_col_, lp.num_row_ = n, m
        lp.col_cost_ = np.zeros(n)
        lp.col_lower_, lp.col_upper_ = np.zeros(n), np.full(n, _INF)
        values = np.array([figs.value(f) for f in range(m)])
        lp.row_lower_ = np.where([f in hidden for f in range(m)], -_INF, values)
        lp.row_upper_ = np.where([f in hidden for f in range(m)], _INF, values)
        lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
        lengths = [len(r) for r in figs.rows]
        lp.a_matrix_.start_ = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int32)
        lp.a_matrix_.index_ = np.concatenate(figs.rows + [np.zeros(0, int)]).astype(np.int32)
        lp.a_matrix_.value_ = np.ones(int(sum(lengths)))
        self.h.passModel(lp)
        self.n = n

    def hide(self, f: int) -> None:
        self.h.changeRowBounds(f, -_INF, _INF)

    def _extreme(self, f: int, sense) -> float:
        cost = np.zeros(self.n)
        cost[self.figs.rows[f]] = 1.0
        self.h.changeColsCost(self.n, np.arange(self.n, dtype=np.int32), cost)
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
            cont = np.full(self.n, highspy.HighsVarType.kContinuous)
            idx = np.arange(self.n, dtype=np.int32)
            self.h.changeColsIntegrality(self.n, idx, integer)
            self.h.run()
            value = self.h.getInfo().objective_function_value
            self.h.changeColsIntegrality(self.n, idx, cont)
        return float(value)

    def range(self, f: int) -> tuple[float, float]:
        return (
            self._extreme(f, highspy.ObjSense.kMinimize),
            self._extreme(f, highspy.ObjSense.kMaximize),
        )


def _complement(figs: _Figures, hidden: set[int], target: int, f: int, cost) -> list[int]:
    """Cheapest shown figures whose hiding lets figure ``f`` rise by ``target`` (LP)."""
    shown = [g for g in range(len(figs.rows)) if g not in hidden]
    n, k = len(figs.x), len(shown)
    rows = [figs.rows[g] for g in shown] + [figs.rows[f]]
    index = np.concatenate(
        [np.concatenate([r, [n + i, n + k + i]]) for i, r in enumerate(rows[:-1])] + [rows[-1]]
    ).astype(np.int32)
    value = np.concatenate([np.concatenate([np.ones(len(r)), [-1.0, 1.0]]) for r in rows[:-1]])
    value = np.concatenate([value, np.ones(len(rows[-1]))])
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = n + 2 * k, k + 1
    costs = np.array([cost[g] for g in shown])
    lp.col_cost_ = np.concatenate([np.zeros(n), costs, costs])
    lp.col_lower_ = np.concatenate([-figs.x, np.zeros(2 * k)])
    lp.col_upper_ = np.full(n + 2 * k, _INF)
    lp.row_lower_ = np.concatenate([np.zeros(k), [float(target)]])
    lp.row_upper_ = np.concatenate([np.zeros(k), [_INF]])
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lengths = [len(r) + 2 for r in rows[:-1]] + [len(rows[-1])]
    lp.a_matrix_.start_ = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int32)
    lp.a_matrix_.index_, lp.a_matrix_.value_ = index, value
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.passModel(lp)
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
    figs = _Figures(cube)
    cells = {t.name: list(_table_cells(figs, t)) for t in tables}
    values = np.array([figs.value(f) for f in range(len(figs.rows))])
    need: dict[int, int] = {}
    for labels_cells in cells.values():
        for _, f, base in labels_cells:
            if 0 < values[f] < threshold or (base is not None and 0 < values[base] < threshold):
                need[f] = protection
    for rows in _differences(figs, tables, cells):
        if 0 < figs.x[rows].sum() < threshold:
            need[figs.add_cells(rows)] = protection
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
    published = {f: need[f] for f in hidden_set if not _derived(figs.keys[f])}
    return Protected(frames, {figs.keys[f]: req for f, req in published.items()}, ranges)


def _keys(cube: pd.Series, tables: Sequence[Table]) -> set[tuple]:
    figs = _Figures(cube)
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

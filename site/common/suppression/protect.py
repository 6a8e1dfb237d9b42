"""Suppress linked tables: primary, then secondary until every hidden figure is protected."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

import numpy as np
import pandas as pd

from common.suppression.figures import (
    Protected,
    Table,
    _differences,
    _Figures,
    _index,
    _leaves,
    _table_cells,
)
from common.suppression.lp import _EPS, _Auditor, _complement


def protect(
    cube: pd.Series,
    tables: Sequence[Table],
    *,
    threshold: int = 10,
    protection: int | None = None,
    hidden: Mapping[tuple, int] | None = None,
    weights: Mapping[tuple, float] | None = None,
    published: Collection[tuple] = (),
) -> Protected:
    """Suppress every table drawn from ``cube`` together, primary and secondary.

    ``hidden`` forces figures (by key) to be hidden with a required range width, and
    ``weights`` multiplies the cost of hiding a figure; :func:`protect_linked` uses both.
    ``published`` names figures to keep shown (the grand total is ``()``): others are
    hidden around them instead. One that is sensitive or forced hidden is hidden, and
    so is one that nothing else can protect a figure without.
    Each result frame has ``count``, ``base``, ``percent``, ``primary`` and ``suppressed``.

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
    keep = {figs.lookup[k] for k in published if k in figs.lookup} - hidden_set
    auditor = _Auditor(figs, hidden_set)
    queue = sorted(hidden_set, key=lambda f: (values[f], f))
    attempts: dict[int, int] = {}
    ranges: dict[tuple, tuple[float, float]] = {}
    while queue:
        f = queue.pop(0)
        lo, hi = auditor.seen(f)
        if hi - lo < need[f] - _EPS:  # not yet shown to be wide enough: solve for it
            lo, hi = auditor.range(f) if len(figs.rows[f]) else (0.0, 0.0)
        if hi - lo >= need[f] - _EPS or not len(figs.rows[f]):
            ranges[figs.keys[f]] = (lo, hi)
            continue
        attempts[f] = attempts.get(f, 0) + 1
        target = need[f] - (values[f] - lo) + attempts[f] - 1
        fixed = frozenset(keep - hidden_set)
        new = _complement(figs, hidden_set, target, f, cost, fixed) if attempts[f] <= 3 else []
        if not new:  # safety net: hide every shown figure that shares a cell with f
            cells_f = figs.rows[f]
            near = [
                g
                for g in range(len(figs.rows))
                if g not in hidden_set and np.intersect1d(figs.rows[g], cells_f).size
            ]
            # Published figures last: only when nothing else is left to hide.
            new = [g for g in near if g not in fixed] or near
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
    published: Collection[tuple] = (),
) -> list[Protected]:
    """Protect several cubes whose tables share figures (e.g. demographic totals).

    Every cube must cover the same respondents, with a "not answered" category, so that a
    figure's key means the same population in each. A figure hidden in one problem is
    hidden in all that publish it; problems are re-solved until nothing changes.
    ``published`` is passed to each :func:`protect`.
    """
    keys = [_keys(cube, tables) for cube, tables in problems]
    counts: dict[tuple, int] = {}
    for ks in keys:
        for k in ks:
            counts[k] = counts.get(k, 0) + 1
    shared = {k for k, c in counts.items() if c > 1}
    weights = dict.fromkeys(shared, shared_weight)
    forced: dict[tuple, int] = {}
    solved: dict[int, Protected] = {}
    dirty = set(range(len(problems)))
    while dirty:
        for i in sorted(dirty):
            cube, tables = problems[i]
            solved[i] = protect(
                cube,
                tables,
                threshold=threshold,
                protection=protection,
                hidden=forced,
                weights=weights,
                published=published,
            )
        # Every problem is solved in the first pass, so this is the full list.
        results = [solved[i] for i in range(len(problems))]
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
    return [solved[i] for i in range(len(problems))]

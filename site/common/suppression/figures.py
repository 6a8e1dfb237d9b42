"""Published tables as sums of cube cells ("figures"), with canonical keys."""

from __future__ import annotations

import itertools
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

TOTAL = "Total"


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
        for level, d in enumerate(self.dims):
            # Unique labels in order of appearance, read from the integer codes:
            # materialising every label of a large cube was the page's bottleneck.
            codes = cube.index.codes[level]
            self.cats[d] = list(cube.index.levels[level][pd.unique(codes)])
            self.position[d] = {c: i for i, c in enumerate(self.cats[d])}
        core = [d for d in self.dims if d not in leaves]
        blocks = [cube]
        if len(leaves) > 1:
            blocks = [_margin(cube, core + [leaf]) for leaf in leaves]
        self.block = {leaf: b for b, leaf in enumerate(leaves)} if len(leaves) > 1 else {}
        self.x = np.concatenate([np.asarray(b, dtype=float) for b in blocks])
        self.var_block = np.repeat(np.arange(len(blocks)), [len(b) for b in blocks])
        self.codes = {d: np.full(len(self.x), -1) for d in self.dims}
        start = 0
        for b in blocks:
            index = b.index
            if not isinstance(index, pd.MultiIndex):
                index = pd.MultiIndex.from_arrays([index], names=[index.name])
            for level, d in enumerate(index.names):
                at = pd.Index(self.cats[d]).get_indexer(index.levels[level])
                self.codes[d][start : start + len(b)] = at[index.codes[level]]
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


def _margin(cube: pd.Series, dims: list[str]) -> pd.Series:
    """Sum ``cube`` over every dimension not in ``dims`` (on integer codes, fast)."""
    index = cube.index
    at = [index.names.index(d) for d in dims]
    shape = [len(index.levels[i]) for i in at]
    flat = np.ravel_multi_index([index.codes[i] for i in at], shape)
    kept, inverse = np.unique(flat, return_inverse=True)
    sums = np.bincount(inverse, weights=cube.to_numpy(dtype=float), minlength=len(kept))
    codes = np.unravel_index(kept, shape)
    margin = pd.MultiIndex(levels=[index.levels[i] for i in at], codes=codes, names=dims)
    return pd.Series(sums, index=margin)


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


def _table_cells(figs: _Figures, table: Table) -> Iterator[tuple[tuple, int, int | None]]:
    """Yield (label tuple, figure, base figure or None) for every cell of ``table``."""

    def figure(labels: Sequence) -> int:
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


def _index(dims: tuple[str, ...], labels: list[tuple]) -> pd.Index:
    if not dims:
        return pd.Index([TOTAL])
    if len(dims) == 1:
        return pd.Index([lab[0] for lab in labels], name=dims[0])
    return pd.MultiIndex.from_tuples(labels, names=list(dims))

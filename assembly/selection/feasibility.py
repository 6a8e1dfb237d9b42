"""Detect infeasible quotas and name the smallest set of changes that fixes them.

One integer program picks a panel while allowing each quota's minimum to drop and
maximum to rise, at a high price per changed bound and a small price per place.
If no bound must change the quotas are feasible; otherwise the changes it makes
are a smallest set that would make a panel possible.
"""

from __future__ import annotations

import highspy
import numpy as np

from . import errors
from .errors import InfeasibleQuotasError, QuotaChange, SelectionError
from .oracle import add_rows, new_highs
from .profiles import Pool


def quota_changes(pool: Pool) -> list[QuotaChange]:
    """Smallest set of quota bound changes that makes a panel possible ([] if none)."""
    n, m, k = len(pool.groups), len(pool.quotas), pool.panel_size
    h = new_highs()
    h.setOptionValue("mip_rel_gap", 0.0)
    # columns: group counts | min drops | max rises | drop used | rise used
    lower = np.zeros(n + 4 * m)
    upper = np.concatenate([pool.sizes, np.full(2 * m, float(k)), np.ones(2 * m)])
    h.addVars(len(lower), lower, upper)
    h.changeColsIntegrality(
        len(lower),
        np.arange(len(lower), dtype=np.int32),
        np.array([highspy.HighsVarType.kInteger] * len(lower)),
    )
    cost = np.concatenate([np.zeros(n), np.ones(2 * m), np.full(2 * m, 1000.0 * k)])
    h.changeColsCost(len(cost), np.arange(len(cost), dtype=np.int32), cost)
    add_rows(
        h, [(float(k), float(k), list(range(n)))] + [(0.0, 1.0, list(x)) for x in pool.households]
    )
    for i, q in enumerate(pool.quotas):
        groups = pool.quota_groups(q)
        drop, rise, drop_used, rise_used = n + i, n + m + i, n + 2 * m + i, n + 3 * m + i
        for cols, vals, lo, hi in (
            (groups + [drop], [1.0] * len(groups) + [1.0], q.min, np.inf),
            (groups + [rise], [1.0] * len(groups) + [-1.0], -np.inf, q.max),
            ([drop, drop_used], [1.0, -float(k)], -np.inf, 0.0),
            ([rise, rise_used], [1.0, -float(k)], -np.inf, 0.0),
        ):
            h.addRow(float(lo), float(hi), len(cols), np.array(cols, np.int32), np.array(vals))
    h.run()
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        status = h.modelStatusToString(h.getModelStatus())
        raise SelectionError(errors.SOLVER_FAILED.format(status=status))
    x = np.rint(h.getSolution().col_value).astype(int)
    changes = []
    for i, q in enumerate(pool.quotas):
        if x[n + i]:
            changes.append(QuotaChange(q.feature, q.value, "min", q.min, q.min - int(x[n + i])))
        if x[n + m + i]:
            changes.append(QuotaChange(q.feature, q.value, "max", q.max, q.max + int(x[n + m + i])))
    return changes


def check_feasible(pool: Pool) -> None:
    """Raise :class:`InfeasibleQuotasError` naming the fix if no panel meets the quotas."""
    changes = quota_changes(pool)
    if changes:
        text = "; ".join(str(c) for c in changes)
        message = errors.INFEASIBLE.format(size=pool.panel_size, changes=text)
        raise InfeasibleQuotasError(message, changes)

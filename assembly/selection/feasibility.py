"""Detect infeasible quotas, say why in words, and name the smallest fix.

First the counting an organiser could do by hand, with no solver: per value, a
minimum above the panel size or above the volunteers who could sit on one panel
together; per category, minimums adding up to more than the panel, or maximums
(capped by the volunteers there are) adding up to less. These give the reasons.

Then one integer program picks a panel while letting every bound move, at a high
price per changed bound and a small price per place moved: the fewest, smallest
changes that make a panel possible. It also catches what counting cannot:
categories that interact (every woman in the pool is over 65) and households.
A change the counting does not explain gets, as its reason, the other quotas it
conflicts with: a minimal set of bounds that no panel meets, found by relaxing
one bound at a time and keeping it relaxed while the rest stay infeasible.
"""

from __future__ import annotations

from collections import defaultdict

import highspy
import numpy as np

from . import errors
from .errors import InfeasibleQuotasError, QuotaChange, SelectionError, label
from .oracle import add_rows, new_highs
from .profiles import Pool

#: Seconds each feasibility test of the conflict search may take; a test that runs
#: out keeps its bound in the named set, which stays infeasible, if not minimal.
CHECK_SECONDS = 10.0


def seats(pool: Pool, quota_index: int) -> tuple[int, int]:
    """Volunteers with a quota's value, and how many of them can sit on one panel.

    People who share an address each form a group of their own (``compress``), and
    at most one person per household may be chosen, so a household counts once.
    """
    groups = pool.quota_groups(pool.quotas[quota_index])
    home_of = {g: h for h, members in enumerate(pool.households) for g in members}
    count = sum(len(pool.groups[g]) for g in groups)
    alone = sum(len(pool.groups[g]) for g in groups if g not in home_of)
    return count, alone + len({home_of[g] for g in groups if g in home_of})


def counting_reasons(pool: Pool) -> dict[tuple[int, str], list[str]]:
    """Reasons, keyed by ``(quota index, "min" | "max")``, that counting alone proves.

    Empty when every count adds up; the quotas may still be infeasible together.
    """
    k = pool.panel_size
    found: dict[tuple[int, str], list[str]] = defaultdict(list)
    by_feature: dict[str, list[int]] = defaultdict(list)
    for i, q in enumerate(pool.quotas):
        by_feature[q.feature].append(i)
        count, room = seats(pool, i)
        where = label(q.feature, q.value)
        if q.min > k:
            found[i, "min"].append(errors.MIN_ABOVE_PANEL.format(min=q.min, size=k))
        if q.min > count:
            found[i, "min"].append(errors.MIN_ABOVE_POOL.format(available=count, label=where))
        elif q.min > room:
            found[i, "min"].append(
                errors.MIN_ABOVE_HOUSEHOLDS.format(count=count, label=where, available=room)
            )
    for feature, members in by_feature.items():
        total_min = sum(pool.quotas[i].min for i in members)
        total_max = sum(pool.quotas[i].max for i in members)
        reach = sum(min(pool.quotas[i].max, seats(pool, i)[1]) for i in members)
        if total_min > k:
            text = errors.MINS_ABOVE_PANEL.format(feature=feature, total=total_min, size=k)
            for i in members:
                found[i, "min"].append(text)
        if total_max < k:
            text = errors.MAXES_BELOW_PANEL.format(feature=feature, total=total_max, size=k)
        elif reach < k:
            text = errors.REACH_BELOW_PANEL.format(feature=feature, total=reach, size=k)
        else:
            continue
        for i in members:
            found[i, "max"].append(text)
    return dict(found)


def _smallest_fix(pool: Pool) -> tuple[np.ndarray, np.ndarray]:
    """How far each minimum must drop and each maximum rise, fewest changes first."""
    n, m, k = len(pool.groups), len(pool.quotas), pool.panel_size
    drop_cap = np.array([q.min for q in pool.quotas], dtype=float)
    rise_cap = np.array([max(0, k - q.max) for q in pool.quotas], dtype=float)
    h = new_highs()
    h.setOptionValue("mip_rel_gap", 0.0)
    # columns: group counts | min drops | max rises | drop used | rise used
    total = n + 4 * m
    upper = np.concatenate([pool.sizes, drop_cap, rise_cap, np.ones(2 * m)])
    h.addVars(total, np.zeros(total), upper)
    h.changeColsIntegrality(
        total,
        np.arange(total, dtype=np.int32),
        np.array([highspy.HighsVarType.kInteger] * total),
    )
    # A changed bound costs more than moving every bound as far as it can go, so
    # the solver first changes as few bounds as it can, then each as little.
    per_change = float(drop_cap.sum() + rise_cap.sum() + 1)
    cost = np.concatenate([np.zeros(n), np.ones(2 * m), np.full(2 * m, per_change)])
    h.changeColsCost(total, np.arange(total, dtype=np.int32), cost)
    add_rows(
        h, [(float(k), float(k), list(range(n)))] + [(0.0, 1.0, list(x)) for x in pool.households]
    )
    for i, q in enumerate(pool.quotas):
        groups = pool.quota_groups(q)
        drop, rise, drop_used, rise_used = n + i, n + m + i, n + 2 * m + i, n + 3 * m + i
        ones = [1.0] * len(groups)
        for cols, vals, lo, hi in (
            (groups + [drop], ones + [1.0], q.min, np.inf),
            (groups + [rise], ones + [-1.0], -np.inf, q.max),
            ([drop, drop_used], [1.0, -drop_cap[i]], -np.inf, 0.0),
            ([rise, rise_used], [1.0, -rise_cap[i]], -np.inf, 0.0),
        ):
            h.addRow(float(lo), float(hi), len(cols), np.array(cols, np.int32), np.array(vals))
    h.run()
    # Dropping every minimum to 0 and raising every maximum to k always leaves a
    # panel (``compress`` checked the pool has k seats), so anything else is a fault.
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        status = h.modelStatusToString(h.getModelStatus())
        raise SelectionError(errors.SOLVER_FAILED.format(status=status))
    x = np.rint(h.getSolution().col_value).astype(int)
    return x[n : n + m], x[n + m : n + 2 * m]


class _PanelCheck:
    """Whether any panel meets given quota bounds: an integer program over group counts."""

    def __init__(self, pool: Pool, *, households: bool = True):
        n, k = len(pool.groups), pool.panel_size
        self.m = len(pool.quotas)
        h = new_highs()
        h.setOptionValue("time_limit", CHECK_SECONDS)
        h.setOptionValue("mip_max_improving_sols", 1)  # any panel answers the question
        h.addVars(n, np.zeros(n), pool.sizes.copy())
        h.changeColsIntegrality(
            n, np.arange(n, dtype=np.int32), np.array([highspy.HighsVarType.kInteger] * n)
        )
        rows = [(float(k), float(k), list(range(n)))]
        rows += [(float(q.min), float(q.max), pool.quota_groups(q)) for q in pool.quotas]
        if households:
            rows += [(0.0, 1.0, list(x)) for x in pool.households]
        add_rows(h, rows)
        self.highs = h

    def exists(self, lows: np.ndarray, highs: np.ndarray) -> bool | None:
        """True or False; None when the solver could not tell in time."""
        h = self.highs
        h.changeRowsBounds(self.m, np.arange(1, self.m + 1, dtype=np.int32), lows, highs)  # type: ignore[attr-defined]
        h.clearSolver()
        h.run()
        status = h.getModelStatus()
        if status == highspy.HighsModelStatus.kInfeasible:
            return False
        if status in (highspy.HighsModelStatus.kOptimal, highspy.HighsModelStatus.kSolutionLimit):
            return True
        return None


def _conflict_partners(
    pool: Pool, target: tuple[int, str], lows: np.ndarray, highs: np.ndarray
) -> str | None:
    """The other bounds (and the household rule) that ``target`` cannot be met with.

    ``lows``/``highs`` hold every bound with the other changes already made, so no
    panel meets them. A deletion filter relaxes one bound at a time and leaves it
    relaxed while no panel appears; what it keeps is a minimal infeasible set.
    """
    k = pool.panel_size
    lows, highs = lows.astype(float), highs.astype(float)
    check = _PanelCheck(pool)
    if check.exists(lows, highs) is not False:
        return None
    kept = []
    for i in range(len(pool.quotas)):
        room = seats(pool, i)[1]
        for bound in ("min", "max"):
            if (i, bound) == target:
                continue
            values, loose = (lows, 0.0) if bound == "min" else (highs, float(k))
            # A minimum of 0, or a maximum no panel could exceed, constrains nothing.
            if (bound == "min" and values[i] <= 0) or (bound == "max" and values[i] >= room):
                continue
            before = values[i]
            values[i] = loose
            if check.exists(lows, highs) is not False:
                values[i] = before
                kept.append((i, bound, int(before)))
    others = [
        f"the {'minimum' if b == 'min' else 'maximum'} of {v} for "
        f"{label(pool.quotas[i].feature, pool.quotas[i].value)}"
        for i, b, v in kept
    ]
    if pool.households and _PanelCheck(pool, households=False).exists(lows, highs) is not False:
        others.append(errors.INTERACTION_HOUSEHOLDS)
    if not others:
        return None
    listed = others[0] if len(others) == 1 else ", ".join(others[:-1]) + " and " + others[-1]
    return errors.INTERACTION.format(size=k, others=listed)


def quota_changes(pool: Pool) -> list[QuotaChange]:
    """The smallest set of quota bound changes that makes a panel possible ([] if none).

    Each change carries the reasons it is needed, in words.
    """
    drops, rises = _smallest_fix(pool)
    wanted = [(i, "min", int(d)) for i, d in enumerate(drops) if d]
    wanted += [(i, "max", int(r)) for i, r in enumerate(rises) if r]
    if not wanted:
        return []
    wanted.sort()
    reasons = counting_reasons(pool)
    lows = np.array([q.min for q in pool.quotas]) - drops
    highs = np.array([q.max for q in pool.quotas]) + rises
    changes = []
    for i, bound, amount in wanted:
        q = pool.quotas[i]
        why = list(reasons.get((i, bound), []))
        if not why:
            # Put this one bound back as it is; every other change stays made.
            trial_lows, trial_highs = lows.copy(), highs.copy()
            if bound == "min":
                trial_lows[i] = q.min
            else:
                trial_highs[i] = q.max
            partners = _conflict_partners(pool, (i, bound), trial_lows, trial_highs)
            why = [
                partners
                or errors.INTERACTION.format(size=pool.panel_size, others="the other quotas")
            ]
        old = q.min if bound == "min" else q.max
        new = old - amount if bound == "min" else old + amount
        changes.append(QuotaChange(q.feature, q.value, bound, old, new, tuple(why)))
    return changes


def check_feasible(pool: Pool) -> None:
    """Raise :class:`InfeasibleQuotasError` naming the fix if no panel meets the quotas."""
    changes = quota_changes(pool)
    if changes:
        text = "; ".join(str(c) for c in changes)
        message = errors.INFEASIBLE.format(size=pool.panel_size, changes=text)
        raise InfeasibleQuotasError(message, changes)

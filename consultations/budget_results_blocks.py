"""A budget question's results, shaped for the results page and the aggregate export.

Everything is read from the question's protected ``BudgetResults`` (see
``consultations.results.budget``): a hidden figure is ``None`` here and "hidden" on the
page. Amounts are shown in the exercise's unit, rounded to its smallest unit; the
moving-phantom median is shown as rounded by largest remainder, so its lines add up to
the envelope.
"""

from __future__ import annotations

import pandas as pd

from common.budget import UNALLOCATED, Exercise, amount_format
from consultations.results import NOT_ANSWERED, TOTAL

UNALLOCATED_LABEL = "Not allocated"
STAT_FIELDS = ("mean", "median", "q1", "q3", "phantom_shown")


def line_names(exercise: Exercise) -> dict[str, str]:
    names = {line.reference: line.name for line in exercise.lines}
    names[UNALLOCATED] = UNALLOCATED_LABEL
    return names


def amount_text(exercise: Exercise, value) -> str | None:
    """An amount in smallest units (int or float) as shown, or None when hidden."""
    if value is None or pd.isna(value):
        return None
    return amount_format(exercise, round(float(value)))


def _signed(exercise: Exercise, value) -> str | None:
    text = amount_text(exercise, abs(value)) if value is not None and not pd.isna(value) else None
    if text is None:
        return None
    return text if round(float(value)) == 0 else ("+" if value > 0 else "−") + text


def _percent(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def _bar(value, scale) -> float:
    if value is None or pd.isna(value) or not scale:
        return 0.0
    return round(100 * float(value) / scale, 1)


def group_rows(frame: pd.DataFrame, key: tuple) -> pd.DataFrame:
    """One group's rows, by line, keeping the lines' order (the index is not sorted)."""
    by, group = frame.index.get_level_values("by"), frame.index.get_level_values("group")
    return frame[(by == key[0]) & (group == key[1])].droplevel(["by", "group"])


def line_rows(budget, exercise: Exercise, key: tuple) -> list[dict]:
    """Per line for one group: today, mean, median, quartiles, phantom median and shares."""
    names = line_names(exercise)
    summary, directions = group_rows(budget.summary, key), group_rows(budget.directions, key)
    top = max([budget.today.get(line, 0) for line in budget.lines] + [1])
    top = max([top] + [float(v) for v in summary["q3"].dropna()])
    rows = []
    for line in budget.lines:
        stats, shares = summary.loc[line], directions.loc[line]
        hidden = bool(stats["suppressed"])
        row = {
            "reference": line,
            "name": names[line],
            "today": amount_text(exercise, budget.today.get(line, 0)),
            "hidden": hidden,
            "base": None if pd.isna(stats["base"]) else int(stats["base"]),
            "bars": {
                "today": _bar(budget.today.get(line, 0), top),
                "mean": 0.0 if hidden else _bar(stats["mean"], top),
                "phantom": 0.0 if hidden else _bar(stats["phantom_shown"], top),
            },
        }
        for field in STAT_FIELDS:
            row[field] = None if hidden else amount_text(exercise, stats[field])
        for name in ("cut", "kept", "raised"):
            row[name] = _percent(shares[f"{name}_percent"])
        row["shares"] = [row["cut"], row["kept"], row["raised"]]
        rows.append(row)
    return rows


def _counts(frame: pd.DataFrame) -> list[dict]:
    rows = []
    for label, r in frame.iterrows():
        if label == TOTAL:
            continue
        hidden = bool(r["suppressed"]) or pd.isna(r["count"])
        pct = None if hidden or pd.isna(r["percent"]) else float(r["percent"])
        rows.append(
            {
                "label": label,
                "count": None if hidden else int(r["count"]),
                "percent": pct,
                "hidden": hidden,
            }
        )
    return rows


def _group_frame(qr, group) -> pd.DataFrame:
    """A one-way counts frame for everyone, or one group's column of a cross-tab."""
    if group is None:
        return qr.counts
    tab = qr.crosstabs[group[0].id]
    return pd.DataFrame(
        {
            "count": tab.counts[group[1]],
            "percent": tab.percent[group[1]],
            "suppressed": tab.suppressed[group[1]],
        }
    )


def shift_rows(budget, exercise: Exercise) -> list[dict]:
    if budget.shifts is None:
        return []
    names = line_names(exercise)
    rows = []
    for (before, after, line), r in budget.shifts.iterrows():
        hidden = bool(r["suppressed"])
        rows.append(
            {
                "from": before,
                "to": after,
                "name": names.get(line, line),
                "pairs": None if pd.isna(r["pairs"]) else int(r["pairs"]),
                "hidden": hidden,
                "mean_shift": None if hidden else _signed(exercise, r["mean_shift"]),
                "moved_up": _percent(r["moved_up"]),
                "moved_down": _percent(r["moved_down"]),
            }
        )
    return rows


def budget_block(spec, qr, exercise: Exercise, *, by, group) -> dict:
    """The block the results page shows for a budget question."""
    budget = qr.budget
    block = {"id": spec.id, "label": spec.label, "kind": "budget", "spec": spec}
    block["unit"] = exercise.unit
    block["envelope"] = amount_text(exercise, budget.envelope)
    block["underspend"] = UNALLOCATED in budget.lines
    if by is not None:
        groups = [(by.label_of(g), (by.id, g)) for g in by.options if g != NOT_ANSWERED]
        block["groups"] = [
            {"label": label, "lines": line_rows(budget, exercise, key)}
            for label, key in [("Everyone", (TOTAL, TOTAL)), *groups]
            if key in budget.summary.index
        ]
    else:
        key = (TOTAL, TOTAL) if group is None else (group[0].id, group[1])
        block["lines"] = line_rows(budget, exercise, key)
    names = line_names(exercise)
    block["distributions"] = [
        {"name": names[line], "rows": _counts(_group_frame(budget.distributions[line], group))}
        for line in budget.lines
    ]
    if budget.revenue is not None and exercise.revenue is not None:
        block["revenue_label"] = exercise.revenue.label
        block["revenue"] = _counts(_group_frame(budget.revenue, group))
    if budget.band is not None:
        block["band"] = _counts(_group_frame(budget.band, group))
    block["shifts"] = shift_rows(budget, exercise)
    return block

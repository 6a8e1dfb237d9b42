"""The aggregate table of a consultation's budget questions, for download.

One row per budget line and group (everyone, then each group of each dimension): today,
mean, median, quartiles, the moving-phantom median (exact and as shown, rounded so it
adds up) and the shares who cut, kept or raised it. Read from the same protected
snapshot as the results page, so a figure the page hides says "hidden" here too.
Amounts are in the exercise's unit (e.g. £m).
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pandas as pd

from consultations.budget import budget_exercise
from consultations.budget_results_blocks import line_names
from consultations.results import NOT_ANSWERED, TOTAL

HIDDEN = "hidden"
BUDGET_HEADER = [
    "Question",
    "Group by",
    "Group",
    "Line",
    "People",
    "Today",
    "Mean",
    "Median",
    "Lower quartile",
    "Upper quartile",
    "Moving-phantom median",
    "Moving-phantom median (rounded, adds up)",
    "Cut %",
    "Kept %",
    "Raised %",
]
_STATS = ("mean", "median", "q1", "q3", "phantom", "phantom_shown")
PLACES = 4  # beyond the unit's own decimals, for means and exact medians


def _unit(value, decimals: int):
    """An amount in smallest units as a number in the exercise's unit."""
    if value is None or pd.isna(value):
        return HIDDEN
    return round(Decimal(repr(float(value))).scaleb(-decimals), decimals + PLACES).normalize()


def _share(value):
    return HIDDEN if value is None or pd.isna(value) else float(value)


def budget_specs(data) -> list:
    return [s for s in data.specs if s.kind == "budget" and s.id in data.results.questions]


def budget_rows(data) -> Iterator[list]:
    """Every budget figure the results page can show, one row per line and group."""
    if data.results is None:
        return
    for spec in budget_specs(data):
        exercise = budget_exercise(spec)
        names = line_names(exercise)
        budget = data.results.questions[spec.id].budget
        for (d, group, line), r in budget.summary.iterrows():
            if group == NOT_ANSWERED:
                continue
            if d == TOTAL:
                by, name = "", "Everyone"
            else:
                dim = data.dimensions[d]
                by, name = dim.label, dim.label_of(group)
            shares = budget.directions.loc[(d, group, line)]
            today = Decimal(budget.today.get(line, 0)).scaleb(-exercise.decimals)
            people = HIDDEN if pd.isna(r["base"]) else int(r["base"])
            row = [spec.label, by, name, names[line], people, today]
            row += [_unit(r[stat], exercise.decimals) for stat in _STATS]
            row += [_share(shares[f"{k}_percent"]) for k in ("cut", "kept", "raised")]
            yield row


def budget_long_rows(data) -> Iterator[list]:
    """The same figures in the long results table's columns (see ``summary_export``)."""
    figures = BUDGET_HEADER[4:]
    for row in budget_rows(data):
        question, by, group, line = row[:4]
        for figure, value in zip(figures, row[4:], strict=True):
            yield ["Budget", question, line, by, group, figure, value]

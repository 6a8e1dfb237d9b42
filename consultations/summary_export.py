"""The results page's figures as one long table, for the summary CSV and workbook.

Read from the same snapshot and shaped by the same ``results_blocks`` as the page, so a
download holds no figure the page would hide; a hidden figure says "hidden".
"""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd

from common.spreadsheet_safety import neutralise_row
from consultations.budget_exports import BUDGET_HEADER, budget_long_rows, budget_rows
from consultations.exports import when_cell
from consultations.results import NOT_ANSWERED, TOTAL
from consultations.results_blocks import question_blocks
from consultations.results_services import results_current

SUMMARY_HEADER = ["Section", "Question", "Answer", "Group by", "Group", "Figure", "Value"]
HIDDEN = "hidden"


def _figure(count, percent, hidden) -> list[tuple[str, object]]:
    if hidden or pd.isna(count):
        return [("count", HIDDEN), ("percent", HIDDEN)]
    return [("count", int(count)), ("percent", "" if pd.isna(percent) else float(percent))]


def _value(value):
    return "" if value is None or pd.isna(value) else float(value)


def summary_rows(data) -> Iterator[list]:
    """Every figure of the results page as long rows; hidden figures say "hidden"."""
    if data.results is None:
        return
    everyone = [("", "Everyone")]
    for block in question_blocks(data, by=None, group=None):
        parts = block.get("parts") or [block]
        for part in parts:
            label = block["label"] if part is block else f"{block['label']}: {part['label']}"
            qr = data.results.questions[part["id"]]
            if part["kind"] == "ranking":
                for option, r in qr.counts.iterrows():
                    hidden = bool(r["suppressed"])
                    figures = _figure(
                        r["first_choices"], r["first_percent"], pd.isna(r["first_choices"])
                    )
                    figures = [
                        ("first choices" if f == "count" else "first choice percent", v)
                        for f, v in figures
                    ]
                    figures += [
                        ("mean rank", HIDDEN if hidden else _value(r["mean_rank"])),
                        ("Borda score", HIDDEN if hidden else _value(r["borda"])),
                    ]
                    for figure, value in figures:
                        yield ["Results", label, option, "", "Everyone", figure, value]
                continue
            if qr.counts is not None:
                for option, r in qr.counts.iterrows():
                    for figure, value in _figure(r["count"], r["percent"], r["suppressed"]):
                        yield ["Results", label, option, "", "Everyone", figure, value]
                for d, tab in qr.crosstabs.items():
                    dim = data.dimensions[d]
                    for option in tab.counts.index:
                        for group in tab.counts.columns:
                            if group in (NOT_ANSWERED, TOTAL):
                                continue
                            cell = _figure(
                                tab.counts.at[option, group],
                                tab.percent.at[option, group],
                                tab.suppressed.at[option, group],
                            )
                            for figure, value in cell:
                                yield [
                                    "Results",
                                    label,
                                    option,
                                    dim.label,
                                    dim.label_of(group),
                                    figure,
                                    value,
                                ]
            if qr.summary is not None:
                for (d, group), r in qr.summary.iterrows():
                    if group == NOT_ANSWERED:
                        continue
                    by, name = (
                        everyone[0]
                        if d == TOTAL
                        else (data.dimensions[d].label, data.dimensions[d].label_of(group))
                    )
                    hidden = bool(r["suppressed"])
                    for figure in ("base", "mean", "median", "q1", "q3"):
                        if figure in r:
                            yield [
                                "Results",
                                label,
                                "",
                                by,
                                name,
                                figure,
                                HIDDEN if hidden else _value(r[figure]),
                            ]
    yield from budget_long_rows(data)
    for d, frame in data.results.representation.items():
        dim = data.dimensions[d]
        for value, r in frame.iterrows():
            if value == NOT_ANSWERED:
                continue
            name = "Everyone" if value == TOTAL else dim.label_of(value)
            figures = [
                ("share" if figure == "percent" else figure, v)
                for figure, v in _figure(r["count"], r["percent_stated"], r["suppressed"])
            ]
            if not pd.isna(r["target"]):
                figures.append(("population share", float(r["target"])))
            for figure, v in figures:
                yield ["Who we heard from", dim.label, name, "", "", figure, v]


def summary_table(page) -> tuple[list, list] | None:
    """The results page's figures as rows, from the same snapshot; None while calculating.

    Like the page, it never computes a large consultation's figures in the request: it
    may hold stale figures, and its first row says when they were made.
    """
    shown = results_current(page)
    if shown.calculating:
        return None
    as_of = ["About these figures", "", "", "", "", "figures as of"]
    as_of.append(when_cell(shown.computed_at, naive=False))
    rows = [as_of, *summary_rows(shown.data)]
    return SUMMARY_HEADER, [neutralise_row(r) for r in rows]


# Background exports ------------------------------------------------------------------


def budget_table(page) -> tuple[list, list] | None:
    """The budget questions' aggregate table, from the same snapshot; None while calculating.

    Empty (a header only) when the page has no budget question.
    """
    shown = results_current(page)
    if shown.calculating:
        return None
    return BUDGET_HEADER, [neutralise_row(r) for r in budget_rows(shown.data)]

"""The results page's tables, shaped for its template and its summary download.

Every figure comes from one ``PageResults`` (a protected results set), so the page and
the download can show no figure the set did not protect; a hidden figure is a cell with
``hidden`` set and no count.
"""

from __future__ import annotations

import pandas as pd

from consultations.budget import budget_exercise
from consultations.budget_results_blocks import budget_block
from consultations.result_dimensions import CHANNEL, Dimension
from consultations.results import NOT_ANSWERED, TOTAL
from consultations.results_services import PageResults
from consultations.selectors import RESULT_KIND, matrix_question_id

MSG_NO_GROUP_RANKING = "Rankings are shown for everyone only, to keep small groups safe."


def _cell(count, percent, suppressed) -> dict:
    if suppressed or pd.isna(count):
        return {"count": None, "percent": None, "hidden": True}
    pct = None if pd.isna(percent) else float(percent)
    return {"count": int(count), "percent": pct, "hidden": False}


def _rows(frame: pd.DataFrame, labels=None) -> tuple[list[dict], dict | None]:
    """Option rows and the total row of a one-way counts frame."""
    rows, total = [], None
    for option, r in frame.iterrows():
        cell = {
            "label": (labels or {}).get(option, option),
            **_cell(r["count"], r["percent"], r["suppressed"]),
        }
        if option == TOTAL:
            total = cell
        else:
            rows.append(cell)
    return rows, total


def _column(tab, group) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "count": tab.counts[group],
            "percent": tab.percent[group],
            "suppressed": tab.suppressed[group],
        }
    )


def _crosstab(tab, dim: Dimension) -> dict:
    groups = [g for g in tab.counts.columns if g not in (NOT_ANSWERED,)]
    body = []
    for option in tab.counts.index:
        cells = [
            _cell(tab.counts.at[option, g], tab.percent.at[option, g], tab.suppressed.at[option, g])
            for g in groups
        ]
        body.append({"label": option, "cells": cells, "total": option == TOTAL})
    return {"groups": [dim.label_of(g) if g != TOTAL else "Everyone" for g in groups], "rows": body}


def _summary_rows(summary: pd.DataFrame, by: Dimension | None, group) -> list[dict]:
    rows = []
    for (d, g), r in summary.iterrows():
        if by is None and d != TOTAL or by is not None and d != by.id:
            continue
        if group is not None and g != group:
            continue
        if g == NOT_ANSWERED:
            continue
        label = "Everyone" if d == TOTAL else by.label_of(g)
        hidden = bool(r["suppressed"]) or pd.isna(r["mean"])
        rows.append(
            {
                "label": label,
                "hidden": hidden,
                "base": None if "base" not in r or pd.isna(r["base"]) else int(r["base"]),
                "mean": r["mean"],
                "median": r["median"],
                "q1": r["q1"],
                "q3": r["q3"],
            }
        )
    return rows


def _block(spec, qid, qr, *, by, group, label=None) -> dict:
    kind = "ranking" if spec.kind == "ranking" else "number" if spec.kind == "number" else "choice"
    block = {"id": qid, "label": label or spec.label, "kind": kind, "spec": spec}
    if kind == "ranking":
        if by is not None or group is not None:
            block["note"] = MSG_NO_GROUP_RANKING
        block["ranking"] = [
            {
                "label": option,
                "first": _cell(r["first_choices"], r["first_percent"], pd.isna(r["first_choices"])),
                "mean_rank": None if pd.isna(r["mean_rank"]) else r["mean_rank"],
                "borda": None if pd.isna(r["borda"]) else int(r["borda"]),
            }
            for option, r in qr.counts.iterrows()
        ]
        return block
    if kind == "choice":
        if by is not None:
            block["crosstab"] = _crosstab(qr.crosstabs[by.id], by)
        else:
            frame = qr.counts if group is None else _column(qr.crosstabs[group[0].id], group[1])
            block["rows"], block["total"] = _rows(frame)
    if qr.summary is not None:
        block["summary"] = _summary_rows(
            qr.summary, by or (group[0] if group else None), group[1] if group else None
        )
        block["has_base"] = "base" in qr.summary.columns
    return block


def question_blocks(data: PageResults, *, by: Dimension | None, group) -> list[dict]:
    blocks = []
    for spec in data.specs:
        if spec.kind == "budget" and spec.id in data.results.questions:
            qr = data.results.questions[spec.id]
            blocks.append(budget_block(spec, qr, budget_exercise(spec), by=by, group=group))
            continue
        if spec.is_demographic or not (spec.kind in RESULT_KIND or spec.kind == "matrix"):
            continue
        if spec.kind == "matrix":
            parts = [
                _block(spec, qid, data.results.questions[qid], by=by, group=group, label=row)
                for row in spec.rows
                if (qid := matrix_question_id(spec, row)) in data.results.questions
            ]
            blocks.append({"id": spec.id, "label": spec.label, "kind": "matrix", "parts": parts})
        else:
            blocks.append(
                _block(spec, spec.id, data.results.questions[spec.id], by=by, group=group)
            )
    return blocks


def key_figures(blocks: list[dict]) -> list[dict]:
    """Each choice question's most chosen answer among the figures shown, for the summary."""
    out = []
    for b in blocks:
        shown = [r for r in b.get("rows") or [] if not r["hidden"] and r["count"]]
        if b["kind"] != "choice" or not shown:
            continue
        top = max(shown, key=lambda r: r["count"])
        out.append({"block": b, "answer": top["label"], "percent": top["percent"]})
    return out


def channel_summary(representation: list[dict]) -> list[dict]:
    """How the responses came (online, paper, ...), as the channel table shows them."""
    table = next((r for r in representation if r["id"] == CHANNEL), None)
    if table is None:
        return []
    # Every response has a channel, so "not answered" is always an empty row here.
    rows = [r for r in table["rows"] if not r["total"] and r["label"] != NOT_ANSWERED]
    return [r for r in rows if r["hidden"] or r["count"]]


def representation_blocks(data: PageResults) -> list[dict]:
    out = []
    for d, frame in data.results.representation.items():
        dim = data.dimensions[d]
        rows = []
        for value, r in frame.iterrows():
            if value == NOT_ANSWERED and not r["suppressed"] and r["count"] == 0:
                continue
            rows.append(
                {
                    "label": "Everyone" if value == TOTAL else dim.label_of(value),
                    "total": value == TOTAL,
                    **_cell(r["count"], r["percent"], r["suppressed"]),
                    "stated": None
                    if pd.isna(r["percent_stated"]) or r["suppressed"]
                    else r["percent_stated"],
                    "target": None if pd.isna(r["target"]) else r["target"],
                    "gap": None if pd.isna(r["gap"]) or r["suppressed"] else r["gap"],
                }
            )
        has_targets = any(r["target"] is not None for r in rows)
        out.append({"id": d, "label": dim.label, "rows": rows, "has_targets": has_targets})
    return out

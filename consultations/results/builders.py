"""Per question kind: the suppression problems (cube and tables) and how to read them back.

Each builder returns ``(problems, assemble)``: ``problems`` is a list of (cube, tables)
for :func:`common.suppression.protect_linked`, and ``assemble`` turns their
protected results into a :class:`~consultations.results.frames.QuestionResults`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from common.suppression import TOTAL, Table
from consultations.results.frames import QuestionResults, _one_way, _summary, _wide
from consultations.results.respondents import (
    ANSWERED,
    NOT_ANSWERED,
    NOT_SELECTED,
    SELECTED,
    _categories,
    _codes,
    _cube,
    _single,
)


def _choice_problems(data, q, options, filters, rep):
    """(cube, tables) problems for a single-choice or scale question, and an assembler."""
    values = _single(data.question_rows(q), data.respondents)
    cats = _categories(values, options)
    cube = _cube([(q, _codes(values, cats + [NOT_ANSWERED]), cats + [NOT_ANSWERED])] + data.demos)
    where = {q: cats}
    tables = [Table("counts", dims=(q,), where=where, percent_of=(q,))]
    tables += [
        Table(f"by:{d}", dims=(q, d), where=where, percent_of=(q,)) for d, _, _ in data.demos
    ]
    for name, (fd, fvalues) in filters.items():
        tables.append(
            Table(f"filter:{name}", dims=(q,), where={**where, fd: fvalues}, percent_of=(q,))
        )
    problem = (cube, tables + rep)

    def assemble(results):
        frames = results[0].tables
        out = QuestionResults(counts=_one_way(frames["counts"]))
        for d, _, _ in data.demos:
            out.crosstabs[d] = _wide(frames[f"by:{d}"], q, d)
        for name in filters:
            out.filtered[name] = _one_way(frames[f"filter:{name}"])
        return out

    return [problem], assemble


def _multiple_problems(data, q, options, filters, rep):
    """One problem per option (selected or not, among those who answered), linked by base."""
    rows = data.question_rows(q)
    answered = data.answered(q)
    qa_codes = np.where(answered, 0, 1)
    cats = _categories(rows["value"], options)
    problems = []
    for option in cats:
        qo = f"{q}={option}"
        chose = data.respondents.isin(rows.loc[rows["value"] == option, "response_id"])
        cube = _cube(
            [
                (q, qa_codes, [ANSWERED, NOT_ANSWERED]),
                (qo, np.where(chose, 0, 1), [SELECTED, NOT_SELECTED]),
            ]
            + data.demos
        )
        cube = cube[
            ~(
                (cube.index.get_level_values(q) == NOT_ANSWERED)
                & (cube.index.get_level_values(qo) == SELECTED)
            )
        ]
        kw = {"where": {q: [ANSWERED]}, "show": {qo: [SELECTED]}, "percent_of": (qo,)}
        tables = [Table("counts", dims=(qo,), **kw)]
        tables += [Table(f"by:{d}", dims=(qo, d), **kw) for d, _, _ in data.demos]
        for name, (fd, fvalues) in filters.items():
            fkw = {**kw, "where": {q: [ANSWERED], fd: fvalues}}
            tables.append(Table(f"filter:{name}", dims=(qo,), **fkw))
        problems.append((cube, tables + rep))

    def stack(results, name, level=None):
        parts = []
        for option, res in zip(cats, results, strict=True):
            frame = res.tables[name]
            key = SELECTED if level is None else (SELECTED, slice(None))
            sel = frame.loc[[SELECTED]] if level is None else frame.loc[key, :]
            parts.append(sel.rename(index={SELECTED: option}))
        total = results[0].tables[name]
        total = total.loc[[TOTAL]] if level is None else total.loc[(TOTAL, slice(None)), :]
        return pd.concat(parts + [total])

    def assemble(results):
        out = QuestionResults(counts=_one_way(stack(results, "counts")))
        for d, _, _ in data.demos:
            out.crosstabs[d] = _wide(stack(results, f"by:{d}", level=d), None, d)
        for name in filters:
            out.filtered[name] = _one_way(stack(results, f"filter:{name}"))
        return out

    return problems, assemble


def _scale_problems(data, q, options, filters, rep):
    problems, choice_assemble = _choice_problems(data, q, options, filters, rep)
    numeric = pd.to_numeric(pd.Series(list(options), dtype=object), errors="coerce")
    points = numeric if numeric.notna().all() else pd.Series(range(1, len(options) + 1))
    score_of = dict(zip(options, points, strict=True))
    values = _single(data.question_rows(q), data.respondents)
    scores = values.map(score_of).astype(float)

    def assemble(results):
        out = choice_assemble(results)
        shown = {(TOTAL, TOTAL): not out.counts["suppressed"].any()}
        for d, tab in out.crosstabs.items():
            for group, hidden in tab.suppressed.any().items():
                shown[(d, group)] = not hidden
        out.summary = _summary(data, scores, shown)
        return out

    return problems, assemble


def _number_problems(data, q, options, filters, rep):
    answered = data.answered(q)
    cube = _cube([(q, np.where(answered, 0, 1), [ANSWERED, NOT_ANSWERED])] + data.demos)
    where = {q: [ANSWERED]}
    tables = [Table("counts", where=where)]
    tables += [Table(f"by:{d}", dims=(d,), where=where) for d, _, _ in data.demos]
    scores = data.scores(q)
    scores = scores[~scores.index.duplicated()].reindex(data.respondents)

    def assemble(results):
        frames = results[0].tables
        shown = {(TOTAL, TOTAL): not frames["counts"]["suppressed"].iloc[0]}
        bases = {(TOTAL, TOTAL): frames["counts"]["count"].iloc[0]}
        for d, _, _ in data.demos:
            for group, row in frames[f"by:{d}"].iterrows():
                shown[(d, group)] = not row["suppressed"]
                bases[(d, group)] = row["count"]
        summary = _summary(data, scores, shown)
        base = pd.Series(bases).reindex(summary.index).astype("Int64")
        summary.insert(0, "base", base.mask(summary["suppressed"].to_numpy()))
        return QuestionResults(summary=summary)

    return [(cube, tables + rep)], assemble


def _ranking_problems(data, q, options, filters, rep):
    rows = data.question_rows(q)
    ranks = pd.to_numeric(rows["number"], errors="coerce")
    ranked = pd.DataFrame(
        {"response_id": rows["response_id"], "value": rows["value"], "rank": ranks}
    )
    cats = _categories(ranked["value"], options)
    first = ranked.sort_values("rank").drop_duplicates("response_id")
    firsts = first.set_index("response_id")["value"].reindex(data.respondents)
    firsts = firsts.astype(object).fillna(NOT_ANSWERED)
    cube = _cube([(q, _codes(firsts, cats + [NOT_ANSWERED]), cats + [NOT_ANSWERED])])
    tables = [Table("counts", dims=(q,), where={q: cats}, percent_of=(q,))]
    n = len(cats)
    ranked["points"] = (n - ranked["rank"]).clip(lower=0)
    per_option = ranked.groupby("value").agg(
        ranked_by=("response_id", "nunique"), mean_rank=("rank", "mean"), borda=("points", "sum")
    )

    def assemble(results):
        counts = _one_way(results[0].tables["counts"])
        stats = per_option.reindex(cats)
        hidden = ~(stats["ranked_by"] >= data.threshold)
        out = pd.DataFrame(
            {
                "first_choices": counts["count"].drop(TOTAL),
                "first_percent": counts["percent"].drop(TOTAL),
                "mean_rank": stats["mean_rank"].round(2).mask(hidden),
                "borda": stats["borda"].astype("Int64").mask(hidden),
                "suppressed": hidden,
            }
        )
        out.index.name = "option"
        return QuestionResults(counts=out)

    return [(cube, tables)], assemble


_BUILDERS = {
    "choice": _choice_problems,
    "multiple": _multiple_problems,
    "scale": _scale_problems,
    "number": _number_problems,
    "ranking": _ranking_problems,
}

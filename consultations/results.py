"""Consultation results: counts, distributions, rankings, cross-tabs and who we heard from.

Pure pandas over long-format answers (no Django, no I/O): one row per answer with columns
``response_id``, ``question``, ``value`` and optionally ``number`` (a numeric answer or a
rank, 1 = first). A multiple-choice question has one row per chosen option. A respondent
attribute such as ``channel`` may be a column of the frame and is used like a question.

Every figure goes through :mod:`consultations.suppression`. Figures shown to one audience
must be computed together: :func:`results_set` protects a whole consultation at once
(every question, its cross-tabs and filters, and "who we heard from"); the single-table
functions protect only what they return. See ``docs/suppression.md``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from consultations.suppression import TOTAL, Table, protect_linked

__all__ = [
    "NOT_ANSWERED",
    "PREFER_NOT_TO_SAY",
    "TOTAL",
    "CrossTab",
    "Question",
    "QuestionResults",
    "ResultsSet",
    "choice_counts",
    "crosstab",
    "filter_by",
    "number_summary",
    "ranking_summary",
    "representation",
    "respondent_values",
    "results_set",
    "scale_distribution",
]

NOT_ANSWERED = "Not answered"
PREFER_NOT_TO_SAY = "Prefer not to say"
MORE_THAN_ONE = "More than one answer"
ANSWERED, SELECTED, NOT_SELECTED = "Answered", "Selected", "Not selected"
KINDS = ("choice", "multiple", "scale", "number", "ranking")


@dataclass(frozen=True)
class Question:
    """What :func:`results_set` needs to know about a question."""

    id: str
    kind: str = "choice"
    options: Sequence[str] = ()


@dataclass
class CrossTab:
    """A question by a respondent attribute: wide frames with options down, groups across."""

    counts: pd.DataFrame
    percent: pd.DataFrame
    suppressed: pd.DataFrame


@dataclass
class QuestionResults:
    counts: pd.DataFrame | None = None
    crosstabs: dict[str, CrossTab] = field(default_factory=dict)
    filtered: dict[str, pd.DataFrame] = field(default_factory=dict)
    summary: pd.DataFrame | None = None


@dataclass
class ResultsSet:
    representation: dict[str, pd.DataFrame]
    questions: dict[str, QuestionResults]


def filter_by(answers: pd.DataFrame, *, question: str, values: Sequence[str]) -> pd.DataFrame:
    """Answers of the respondents whose answer to ``question`` is one of ``values``.

    Results computed separately on a filtered frame are protected on their own; to show
    a filtered view beside the unfiltered one, pass ``filters`` to :func:`results_set`.
    """
    keep = respondent_values(answers, question).isin(list(values))
    return answers[answers["response_id"].isin(keep.index[keep])]


def respondent_values(answers: pd.DataFrame, question: str) -> pd.Series:
    """One value per respondent: a single answer, a column such as ``channel``, or
    "Not answered"; a respondent with several answers gets "More than one answer"."""
    respondents = pd.Index(answers["response_id"].unique())
    if question in answers.columns:
        rows = answers[["response_id", question]].rename(columns={question: "value"})
    else:
        rows = answers.loc[answers["question"] == question, ["response_id", "value"]]
    return _single(rows, respondents)


def _single(rows: pd.DataFrame, respondents: pd.Index) -> pd.Series:
    rows = rows[["response_id", "value"]].dropna().drop_duplicates()
    first = rows.drop_duplicates("response_id").set_index("response_id")["value"].astype(object)
    several = rows["response_id"].value_counts()
    first[several.reindex(first.index).to_numpy() > 1] = MORE_THAN_ONE
    return first.reindex(respondents).fillna(NOT_ANSWERED)


def _categories(values: pd.Series, options: Sequence[str]) -> list:
    extra = [v for v in pd.unique(values) if v not in set(options) and v != NOT_ANSWERED]
    return list(options) + sorted(extra, key=str)


def _cube(dims: list[tuple[str, np.ndarray, list]]) -> pd.Series:
    shape = tuple(len(cats) for _, _, cats in dims)
    flat = np.ravel_multi_index([codes for _, codes, _ in dims], shape)
    counts = np.bincount(flat, minlength=int(np.prod(shape)))
    index = pd.MultiIndex.from_product([cats for _, _, cats in dims], names=[n for n, _, _ in dims])
    return pd.Series(counts, index=index, dtype="int64")


def _codes(values: pd.Series, cats: list) -> np.ndarray:
    return pd.Categorical(values, categories=cats).codes.astype(np.int64)


class _Data:
    """Respondent-level views of the answers, computed once per results set."""

    def __init__(self, answers: pd.DataFrame, demographics: Mapping[str, Sequence[str]]):
        self.answers = answers
        self.respondents = pd.Index(answers["response_id"].unique())
        self.rows = dict(list(answers.groupby("question", sort=False)))
        self.demos = []
        for d, options in demographics.items():
            if d in answers.columns:
                values = respondent_values(answers, d)
            else:
                values = _single(self.question_rows(d), self.respondents)
            cats = _categories(values, options) + [NOT_ANSWERED]
            self.demos.append((d, _codes(values, cats), cats))

    def question_rows(self, q: str) -> pd.DataFrame:
        empty = self.answers.iloc[:0]
        return self.rows.get(q, empty)

    def answered(self, q: str) -> np.ndarray:
        return self.respondents.isin(self.question_rows(q)["response_id"].unique())

    def scores(self, q: str) -> pd.Series:
        rows = self.question_rows(q)
        source = rows["number"] if "number" in rows else rows["value"]
        scores = pd.to_numeric(source, errors="coerce")
        return pd.Series(scores.to_numpy(), index=rows["response_id"].to_numpy())


def _rep_tables(data: _Data, stated_out: Sequence[str]) -> list[Table]:
    tables = []
    for d, _, cats in data.demos:
        stated = [c for c in cats if c not in set(stated_out)]
        tables.append(Table(f"rep:{d}", dims=(d,), percent_of=(d,)))
        tables.append(Table(f"stated:{d}", dims=(d,), where={d: stated}, percent_of=(d,)))
    return tables


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


def _one_way(frame: pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame(
        {
            "count": frame["count"].astype("Int64").mask(frame["suppressed"]),
            "percent": frame["percent"].round(1),
            "suppressed": frame["suppressed"],
        }
    )
    out.index.name = "option"
    return out


def _wide(frame: pd.DataFrame, q, d) -> CrossTab:
    counts = frame["count"].astype("Int64").mask(frame["suppressed"]).unstack(d)
    order = list(dict.fromkeys(frame.index.get_level_values(d)))
    rows = list(dict.fromkeys(frame.index.get_level_values(0)))
    fix = lambda f: f.reindex(index=rows, columns=order)  # noqa: E731
    return CrossTab(
        counts=fix(counts),
        percent=fix(frame["percent"].round(1).unstack(d)),
        suppressed=fix(frame["suppressed"].unstack(d)),
    )


def _stats(scores: pd.Series, groups: pd.Series | None = None) -> pd.DataFrame:
    """Mean, median and quartiles of non-missing scores, overall or per group code."""
    frame = pd.DataFrame({"score": scores.to_numpy(), "group": 0 if groups is None else groups})
    grouped = frame.dropna(subset=["score"]).groupby("group")["score"]
    # reindex: a group with no scores at all must give NaN, not a missing column.
    quartiles = grouped.quantile([0.25, 0.5, 0.75]).unstack().reindex(columns=[0.25, 0.5, 0.75])
    return pd.DataFrame(
        {
            "mean": grouped.mean(),
            "median": quartiles[0.5],
            "q1": quartiles[0.25],
            "q3": quartiles[0.75],
        }
    )


def _summary(data, scores, shown_by_group) -> pd.DataFrame:
    """Numeric summaries for everyone and each group; NaN unless ``shown_by_group``."""
    overall = _stats(scores).reindex([0])  # one row even when nobody answered
    parts = [overall.set_axis(pd.MultiIndex.from_tuples([(TOTAL, TOTAL)]))]
    for d, codes, cats in data.demos:
        stats = _stats(scores, codes).reindex(range(len(cats)))
        parts.append(stats.set_axis(pd.MultiIndex.from_product([[d], cats])))
    out = pd.concat(parts)
    out.index.names = ["by", "group"]
    shown = pd.Series(shown_by_group).reindex(out.index, fill_value=False)
    out = out.astype(float).round(2)
    out.loc[~shown.to_numpy()] = np.nan
    out["suppressed"] = ~shown.to_numpy()
    return out


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

UNKNOWN_KIND = "Unknown question kind {kind!r}; expected one of " + ", ".join(KINDS) + "."
FILTER_NOT_DEMOGRAPHIC = "Filter {name!r} must use one of the demographic questions."
STATED_OUT = (PREFER_NOT_TO_SAY, NOT_ANSWERED, MORE_THAN_ONE)


def _representation(data, result, targets) -> dict[str, pd.DataFrame]:
    out = {}
    for d, _, cats in data.demos:
        every, stated = result.tables[f"rep:{d}"], result.tables[f"stated:{d}"]
        frame = pd.DataFrame(
            {
                "count": every["count"].astype("Int64").mask(every["suppressed"]),
                "percent": every["percent"].round(1),
                "percent_stated": stated["percent"].drop(TOTAL).reindex(every.index).round(1),
            }
        )
        frame["target"] = pd.Series(dict((targets or {}).get(d, {})), dtype=float)
        frame["gap"] = (frame["percent_stated"] - frame["target"]).round(1)
        frame["suppressed"] = every["suppressed"]
        frame.index.name = d
        out[d] = frame.reindex(cats + [TOTAL])
    return out


def _compute(answers, questions, demographics, *, filters, targets, threshold, protection, rep):
    data = _Data(answers, demographics)
    data.threshold = threshold
    filters = dict(filters or {})
    for name, (fd, _) in filters.items():
        if fd not in dict(demographics):
            raise ValueError(FILTER_NOT_DEMOGRAPHIC.format(name=name))
    rep_tables = _rep_tables(data, STATED_OUT) if rep and data.demos else []
    problems = [(_cube(data.demos), rep_tables)] if rep_tables else []
    plans = []
    for question in questions:
        if question.kind not in _BUILDERS:
            raise ValueError(UNKNOWN_KIND.format(kind=question.kind))
        build = _BUILDERS[question.kind]
        qproblems, assemble = build(data, question.id, list(question.options), filters, rep_tables)
        plans.append((question.id, slice(len(problems), len(problems) + len(qproblems)), assemble))
        problems += qproblems
    results = protect_linked(problems, threshold=threshold, protection=protection)
    answers_out = {q: assemble(results[where]) for q, where, assemble in plans}
    represented = _representation(data, results[0], targets) if rep_tables else {}
    return ResultsSet(representation=represented, questions=answers_out)


def results_set(
    answers: pd.DataFrame,
    *,
    questions: Sequence[Question],
    demographics: Mapping[str, Sequence[str]] | None = None,
    targets: Mapping[str, Mapping[str, float]] | None = None,
    filters: Mapping[str, tuple[str, Sequence[str]]] | None = None,
    threshold: int = 10,
    protection: int | None = None,
) -> ResultsSet:
    """Every result of a consultation for one audience, protected together.

    ``demographics`` maps each demographic question (or a column such as ``channel``) to
    its options; every question is cross-tabulated by each. ``targets`` maps a demographic
    to population shares in percent. ``filters`` maps a name to (demographic, values): each
    choice question also gets its counts among those respondents.
    """
    return _compute(
        answers,
        questions,
        demographics or {},
        filters=filters,
        targets=targets,
        threshold=threshold,
        protection=protection,
        rep=True,
    )


def _one(answers, question, demographics=None, **kw) -> QuestionResults:
    kw.setdefault("threshold", 10)
    kw.setdefault("protection", None)
    result = _compute(
        answers, [question], demographics or {}, filters=None, targets=None, rep=False, **kw
    )
    return result.questions[question.id]


def _kind(answers, question, multiple):
    if multiple is None:
        rows = answers.loc[answers["question"] == question, "response_id"]
        multiple = bool(rows.duplicated().any())
    return "multiple" if multiple else "choice"


def choice_counts(
    answers, question, *, options=(), multiple=None, threshold=10, protection=None
) -> pd.DataFrame:
    """Count and percentage per option; the base (Total) is the respondents who answered."""
    q = Question(question, _kind(answers, question, multiple), options)
    return _one(answers, q, threshold=threshold, protection=protection).counts


def crosstab(
    answers,
    question,
    *,
    by,
    options=(),
    by_options=(),
    multiple=None,
    threshold=10,
    protection=None,
) -> CrossTab:
    """Counts and column percentages of ``question`` by each group of ``by``, including
    "Prefer not to say" and "Not answered" columns."""
    q = Question(question, _kind(answers, question, multiple), options)
    result = _one(answers, q, {by: by_options}, threshold=threshold, protection=protection)
    return result.crosstabs[by]


@dataclass
class ScaleResult:
    distribution: pd.DataFrame
    summary: pd.DataFrame


def scale_distribution(
    answers, question, *, scale, by=None, threshold=10, protection=None
) -> ScaleResult:
    """Distribution over the scale points, and mean, median and quartiles of the scores
    (the labels' numbers, or positions 1..k for worded scales)."""
    demos = {by: ()} if by else {}
    result = _one(
        answers,
        Question(question, "scale", scale),
        demos,
        threshold=threshold,
        protection=protection,
    )
    return ScaleResult(result.counts, result.summary)


def number_summary(answers, question, *, by=None, threshold=10, protection=None) -> pd.DataFrame:
    """Base, mean, median and quartiles of a number question, overall and per group.
    No minimum or maximum: each is one person's answer."""
    demos = {by: ()} if by else {}
    return _one(
        answers, Question(question, "number"), demos, threshold=threshold, protection=protection
    ).summary


def ranking_summary(
    answers, question, *, options=(), threshold=10, protection=None
) -> pd.DataFrame:
    """First choices, mean rank and Borda score (n - rank points, n options) per option."""
    return _one(
        answers, Question(question, "ranking", options), threshold=threshold, protection=protection
    ).counts


def representation(
    answers, *, demographics, targets=None, threshold=10, protection=None
) -> dict[str, pd.DataFrame]:
    """Who we heard from: each demographic's counts and shares beside target shares."""
    result = _compute(
        answers,
        [],
        demographics,
        filters=None,
        targets=targets,
        threshold=threshold,
        protection=protection,
        rep=True,
    )
    return result.representation

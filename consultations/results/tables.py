"""One table at a time: each protected on its own (see :func:`results_set` for a page)."""

from __future__ import annotations

import pandas as pd

from consultations.results.compute import _compute
from consultations.results.frames import CrossTab, QuestionResults, ScaleResult
from consultations.results.respondents import Question


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

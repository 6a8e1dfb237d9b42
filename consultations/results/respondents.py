"""Respondent-level views of long-format answers: one value per respondent, and cubes.

Long format: one row per answer with ``response_id``, ``question``, ``value`` and
optionally ``number``; a respondent attribute such as ``channel`` may be a column.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

NOT_ANSWERED = "Not answered"
PREFER_NOT_TO_SAY = "Prefer not to say"
MORE_THAN_ONE = "More than one answer"
ANSWERED, SELECTED, NOT_SELECTED = "Answered", "Selected", "Not selected"
KINDS = ("choice", "multiple", "scale", "number", "ranking", "budget")


@dataclass(frozen=True)
class Question:
    """What :func:`results_set` needs to know about a question."""

    id: str
    kind: str = "choice"
    options: Sequence[str] = ()
    # A budget question's exercise (``common.budget.Exercise``) and its rounds, in order.
    exercise: object = None
    rounds: Sequence[str] = ()


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

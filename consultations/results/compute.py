"""A whole consultation's results for one audience, protected together."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from common.suppression import TOTAL, Table, protect_linked
from consultations.results.budget import budget_problems
from consultations.results.builders import _BUILDERS, _choice_problems
from consultations.results.frames import ResultsSet
from consultations.results.respondents import (
    KINDS,
    MORE_THAN_ONE,
    NOT_ANSWERED,
    PREFER_NOT_TO_SAY,
    Question,
    _cube,
    _Data,
)

UNKNOWN_KIND = "Unknown question kind {kind!r}; expected one of " + ", ".join(KINDS) + "."
FILTER_NOT_DEMOGRAPHIC = "Filter {name!r} must use one of the demographic questions."
STATED_OUT = (PREFER_NOT_TO_SAY, NOT_ANSWERED, MORE_THAN_ONE)
GRAND_TOTAL = ()  # the figure key of every respondent counted, in every cube


def _rep_tables(data: _Data, stated_out: Sequence[str]) -> list[Table]:
    tables = []
    for d, _, cats in data.demos:
        stated = [c for c in cats if c not in set(stated_out)]
        tables.append(Table(f"rep:{d}", dims=(d,), percent_of=(d,)))
        tables.append(Table(f"stated:{d}", dims=(d,), where={d: stated}, percent_of=(d,)))
    return tables


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
        if question.kind == "budget":
            qproblems, assemble = budget_problems(
                data,
                question.id,
                question.exercise,
                tuple(question.rounds),
                filters,
                rep_tables,
                _choice_problems,
            )
        elif question.kind in _BUILDERS:
            build = _BUILDERS[question.kind]
            qproblems, assemble = build(
                data, question.id, list(question.options), filters, rep_tables
            )
        else:
            raise ValueError(UNKNOWN_KIND.format(kind=question.kind))
        plans.append((question.id, slice(len(problems), len(problems) + len(qproblems)), assemble))
        problems += qproblems
    # The number of responses is the first figure anyone looks for, and every table
    # nearly gives it away: keep it shown and hide other figures around it.
    results = protect_linked(
        problems, threshold=threshold, protection=protection, published=[GRAND_TOTAL]
    )
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

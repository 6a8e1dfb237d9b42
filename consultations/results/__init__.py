"""Consultation results: counts, distributions, rankings, cross-tabs and who we heard from.

Pure pandas over long-format answers (no Django, no I/O): one row per answer with columns
``response_id``, ``question``, ``value`` and optionally ``number`` (a numeric answer or a
rank, 1 = first). A multiple-choice question has one row per chosen option. A respondent
attribute such as ``channel`` may be a column of the frame and is used like a question.

Every figure goes through :mod:`common.suppression`. Figures shown to one audience
must be computed together: :func:`results_set` protects a whole consultation at once
(every question, its cross-tabs and filters, and "who we heard from"); the single-table
functions protect only what they return. See ``docs/suppression.md``.

Modules: :mod:`.respondents` (one value per respondent, cubes), :mod:`.builders` (the
suppression problems of each question kind), :mod:`.frames` (result shapes),
:mod:`.compute` (:func:`results_set`, :func:`representation`) and :mod:`.tables`
(single tables).
"""

from common.suppression import TOTAL
from consultations.results.compute import representation, results_set
from consultations.results.frames import CrossTab, QuestionResults, ResultsSet, ScaleResult
from consultations.results.respondents import (
    NOT_ANSWERED,
    PREFER_NOT_TO_SAY,
    Question,
    filter_by,
    respondent_values,
)
from consultations.results.tables import (
    choice_counts,
    crosstab,
    number_summary,
    ranking_summary,
    scale_distribution,
)

__all__ = [
    "NOT_ANSWERED",
    "PREFER_NOT_TO_SAY",
    "TOTAL",
    "CrossTab",
    "Question",
    "QuestionResults",
    "ResultsSet",
    "ScaleResult",
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

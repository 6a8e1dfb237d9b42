"""Question kinds, their messages, and the plain data a question and an answer are.

A consultation's questions come from its StreamField as :class:`QuestionSpec`
objects (see ``consultations.schema``); an answer is stored as
:class:`AnswerValue` rows, and kept between steps in their JSON form.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

PREFER_NOT_TO_SAY = "Prefer not to say"
OTHER = "Other"
MAX_SHORT_TEXT = 500
MAX_LONG_TEXT = 20_000
POSTCODE_RE = re.compile(r"^(GIR ?0AA|[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2})$")

TEXT_KINDS = ("short_text", "long_text")
CHOICE_KINDS = ("single_choice", "demographic")
KINDS = (
    "short_text",
    "long_text",
    "single_choice",
    "multiple_choice",
    "scale",
    "ranking",
    "matrix",
    "number",
    "date",
    "postcode",
    "consent",
    "demographic",
    "budget",
)

ERR_REQUIRED = "Answer this question"
ERR_CHOOSE = "Choose one of the options"
ERR_CHOOSE_ANY = "Choose at least one option"
ERR_OTHER_TEXT = "Say what your other answer is"
ERR_TOO_LONG = "Keep your answer under {n} characters"
ERR_NUMBER = "Enter a number, like 12"
ERR_WHOLE = "Enter a whole number, like 12"
ERR_RANGE = "Enter a number from {lo} to {hi}"
ERR_DATE = "Enter a real date, like 27 3 2026"
ERR_DATE_RANGE = "Enter a date between {lo} and {hi}"
ERR_POSTCODE = "Enter a real postcode, like CM1 1AA"
ERR_CONSENT = "You must agree to continue"
ERR_RANK = "Give each option a different rank from 1 to {n}"
ERR_MATRIX = "Answer every row"
ERR_MAX_CHOICES = "Choose no more than {n} options"
ERR_MIN_CHOICES = "Choose at least {n} options"


@dataclass(frozen=True)
class Condition:
    """Show a question only when an earlier one's answer is among ``values``."""

    reference: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class QuestionSpec:
    id: str
    kind: str
    label: str
    hint: str = ""
    required: bool = False
    reference: str = ""
    options: tuple[str, ...] = ()
    allow_other: bool = False
    rows: tuple[str, ...] = ()
    min_value: float | None = None
    max_value: float | None = None
    whole_number: bool = False
    min_label: str = ""
    max_label: str = ""
    max_length: int = 0
    min_choices: int = 0
    max_choices: int = 0
    min_date: dt.date | None = None
    max_date: dt.date | None = None
    show_if: Condition | None = None
    page: int = 0
    population_shares: Mapping[str, float] = field(default_factory=dict)
    results_filter: bool = False  # number and ranking: offered as a results filter
    # kind "budget": the exercise as JSON-able data (see ``consultations.budget``).
    budget: Mapping = field(default_factory=dict)
    # A "why" text shown inside a budget question: that budget's id (see ``BudgetBlock``).
    within: str = ""

    @property
    def field_name(self) -> str:
        return f"q-{self.id}"

    @property
    def is_demographic(self) -> bool:
        return self.kind == "demographic"

    @property
    def choices(self) -> tuple[str, ...]:
        """Every value a choice question accepts, "other" and "prefer not to say" included."""
        extra = (OTHER,) if self.allow_other else ()
        if self.kind == "demographic":
            extra += (PREFER_NOT_TO_SAY,)
        if self.kind == "scale":
            return tuple(str(v) for v in self.scale_points)
        return self.options + extra

    @property
    def scale_points(self) -> range:
        lo = int(self.min_value if self.min_value is not None else 1)
        hi = int(self.max_value if self.max_value is not None else 5)
        return range(lo, hi + 1)


@dataclass(frozen=True)
class AnswerValue:
    """One stored value: a choice, a text, a number, a rank, or one matrix row's answer."""

    value: str
    number: float | None = None
    row: str = ""


Answers = Mapping[str, list[AnswerValue]]


def answers_to_json(answers: Answers) -> dict:
    """Answers as JSON-able lists, for a draft, the session or a checked import."""
    return {qid: [[a.value, a.number, a.row] for a in values] for qid, values in answers.items()}


def answers_from_json(data: Mapping) -> dict[str, list[AnswerValue]]:
    out = {}
    for qid, values in (data or {}).items():
        out[qid] = [AnswerValue(str(v[0]), v[1], v[2] or "") for v in values]
    return out

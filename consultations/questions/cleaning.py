"""Answer validation: the raw form values for a question become stored values or a message.

:func:`clean_answer` checks one question; :func:`clean_questions` checks a page of them
in order, dropping those whose condition an earlier answer has ruled out.

Examples
--------
>>> spec = QuestionSpec(id="q1", kind="postcode", label="Your postcode", required=True)
>>> clean_answer(spec, {"q-q1": ["cm1 1aa"]})
([AnswerValue(value='CM1 1AA', number=None, row='')], None)
>>> clean_answer(spec, {"q-q1": ["not a postcode"]})[1]
'Enter a real postcode, like CM1 1AA'
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence

from common.text import text_clean
from consultations.questions.budget_answers import budget_clean
from consultations.questions.specs import (
    ERR_CHOOSE,
    ERR_CONSENT,
    ERR_DATE,
    ERR_DATE_RANGE,
    ERR_MATRIX,
    ERR_MAX_CHOICES,
    ERR_MIN_CHOICES,
    ERR_NUMBER,
    ERR_OTHER_TEXT,
    ERR_POSTCODE,
    ERR_RANGE,
    ERR_RANK,
    ERR_REQUIRED,
    ERR_TOO_LONG,
    ERR_WHOLE,
    MAX_LONG_TEXT,
    MAX_SHORT_TEXT,
    OTHER,
    POSTCODE_RE,
    AnswerValue,
    QuestionSpec,
)
from consultations.questions.visibility import by_reference, is_visible

Raw = Mapping[str, Sequence[str]]


def _values(raw: Raw, key: str) -> list:
    # A Django QueryDict's get() gives only the last value; getlist() gives them all.
    values = raw.getlist(key) if hasattr(raw, "getlist") else raw.get(key)
    if values is None:
        return []
    values = [values] if isinstance(values, str) else list(values)
    # Every answer passes here, so no control, NUL or bidi override is ever stored.
    return [text_clean(v) if isinstance(v, str) else v for v in values]


def _first(raw: Raw, key: str) -> str:
    values = _values(raw, key)
    value = values[0] if values else ""
    return value.strip() if isinstance(value, str) else ""


def _all(raw: Raw, key: str) -> list[str]:
    return [v.strip() for v in _values(raw, key) if isinstance(v, str) and v.strip()]


def _number(text: str, spec: QuestionSpec) -> tuple[float | None, str | None]:
    try:
        value = float(text.replace(",", ""))
    except ValueError:
        return None, ERR_WHOLE if spec.whole_number else ERR_NUMBER
    if value != value or value in (float("inf"), float("-inf")):
        return None, ERR_NUMBER
    if spec.whole_number and not value.is_integer():
        return None, ERR_WHOLE
    lo, hi = spec.min_value, spec.max_value
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        return None, ERR_RANGE.format(lo=_fmt(lo), hi=_fmt(hi))
    return value, None


def _fmt(value: float | None) -> str:
    if value is None:
        return "any"
    return str(int(value)) if float(value).is_integer() else str(value)


def _clean_text(spec, raw):
    text = _first(raw, spec.field_name)
    limit = spec.max_length or (MAX_SHORT_TEXT if spec.kind == "short_text" else MAX_LONG_TEXT)
    limit = min(limit, MAX_LONG_TEXT)
    if len(text) > limit:
        return [], ERR_TOO_LONG.format(n=limit)
    return ([AnswerValue(text)] if text else []), None


def _clean_choice(spec, raw):
    value = _first(raw, spec.field_name)
    if not value:
        return [], None
    if value not in spec.choices:
        return [], ERR_CHOOSE
    if value == OTHER and spec.allow_other:
        other, error = _other_text(spec, raw)
        return ([AnswerValue(OTHER), AnswerValue(other, row="other")] if other else []), error
    return [AnswerValue(value)], None


def _other_text(spec, raw):
    text = _first(raw, f"{spec.field_name}-other")
    if not text:
        return "", ERR_OTHER_TEXT
    if len(text) > MAX_SHORT_TEXT:
        return "", ERR_TOO_LONG.format(n=MAX_SHORT_TEXT)
    return text, None


def _clean_multiple(spec, raw):
    chosen = list(dict.fromkeys(_all(raw, spec.field_name)))
    if any(value not in spec.choices for value in chosen):
        return [], ERR_CHOOSE
    if spec.max_choices and len(chosen) > spec.max_choices:
        return [], ERR_MAX_CHOICES.format(n=spec.max_choices)
    if chosen and spec.min_choices and len(chosen) < spec.min_choices:
        return [], ERR_MIN_CHOICES.format(n=spec.min_choices)
    answers = [AnswerValue(value) for value in chosen]
    if OTHER in chosen and spec.allow_other:
        other, error = _other_text(spec, raw)
        if error:
            return [], error
        answers.append(AnswerValue(other, row="other"))
    return answers, None


def _clean_scale(spec, raw):
    value = _first(raw, spec.field_name)
    if not value:
        return [], None
    if value not in spec.choices:
        return [], ERR_CHOOSE
    return [AnswerValue(value, number=float(value))], None


def _clean_number(spec, raw):
    text = _first(raw, spec.field_name)
    if not text:
        return [], None
    value, error = _number(text, spec)
    return ([] if error else [AnswerValue(_fmt(value), number=value)]), error


def _clean_date(spec, raw):
    parts = [_first(raw, f"{spec.field_name}-{p}") for p in ("day", "month", "year")]
    if not any(parts):
        return [], None
    try:
        day, month, year = (int(p) for p in parts)
        value = dt.date(year, month, day)
    except (ValueError, TypeError):
        return [], ERR_DATE
    if year < 1900 or year > 2200:
        return [], ERR_DATE
    lo, hi = spec.min_date, spec.max_date
    if (lo and value < lo) or (hi and value > hi):
        fmt = "%-d %B %Y"
        return [], ERR_DATE_RANGE.format(
            lo=lo.strftime(fmt) if lo else "any date", hi=hi.strftime(fmt) if hi else "any date"
        )
    return [AnswerValue(value.isoformat())], None


def _clean_postcode(spec, raw):
    text = re.sub(r"\s+", "", _first(raw, spec.field_name).upper())
    if not text:
        return [], None
    if len(text) > 8 or not POSTCODE_RE.match(text):
        return [], ERR_POSTCODE
    return [AnswerValue(f"{text[:-3]} {text[-3:]}")], None


def _clean_consent(spec, raw):
    if _first(raw, spec.field_name) == "yes":
        return [AnswerValue("yes")], None
    return [], ERR_CONSENT if spec.required else None


def _clean_ranking(spec, raw):
    ranks = {}
    for index, option in enumerate(spec.options):
        text = _first(raw, f"{spec.field_name}-{index}")
        if text:
            ranks[option] = text
    if not ranks:
        return [], None
    n = len(spec.options)
    try:
        numbers = {option: int(text) for option, text in ranks.items()}
    except ValueError:
        return [], ERR_RANK.format(n=n)
    values = sorted(numbers.values())
    if len(set(values)) != len(values) or values[0] < 1 or values[-1] > n:
        return [], ERR_RANK.format(n=n)
    if values != list(range(1, len(values) + 1)):
        return [], ERR_RANK.format(n=n)
    return [AnswerValue(o, number=float(r)) for o, r in sorted(numbers.items(), key=_by_rank)], None


def _by_rank(item):
    return item[1]


def _clean_matrix(spec, raw):
    answers = []
    for index, row in enumerate(spec.rows):
        value = _first(raw, f"{spec.field_name}-{index}")
        if not value:
            continue
        if value not in spec.options:
            return [], ERR_CHOOSE
        answers.append(AnswerValue(value, row=row))
    if answers and len(answers) < len(spec.rows) and spec.required:
        return [], ERR_MATRIX
    return answers, None


CLEANERS = {
    "short_text": _clean_text,
    "long_text": _clean_text,
    "single_choice": _clean_choice,
    "demographic": _clean_choice,
    "multiple_choice": _clean_multiple,
    "scale": _clean_scale,
    "number": _clean_number,
    "date": _clean_date,
    "postcode": _clean_postcode,
    "consent": _clean_consent,
    "ranking": _clean_ranking,
    "matrix": _clean_matrix,
    "budget": budget_clean,
}


def clean_answer(spec: QuestionSpec, raw: Raw) -> tuple[list[AnswerValue], str | None]:
    """Validate one question's raw values; return its answer values or an error message."""
    answers, error = CLEANERS[spec.kind](spec, raw)
    if error:
        return [], error
    # Demographic questions are always voluntary.
    if not answers and spec.required and not spec.is_demographic:
        return [], ERR_CONSENT if spec.kind == "consent" else ERR_REQUIRED
    return answers, None


def clean_questions(
    specs: Sequence[QuestionSpec],
    raw: Raw,
    prior: Mapping[str, list[AnswerValue]] | None = None,
    all_specs: Sequence[QuestionSpec] | None = None,
) -> tuple[dict[str, list[AnswerValue]], dict[str, str]]:
    """Validate a page of questions in order; hidden conditional questions are dropped."""
    answers = dict(prior or {})
    by_ref = by_reference(all_specs or specs)
    cleaned, errors = {}, {}
    for spec in specs:
        if not is_visible(spec, answers, by_ref):
            answers.pop(spec.id, None)
            continue
        values, error = clean_answer(spec, raw)
        if error:
            errors[spec.id] = error
        else:
            cleaned[spec.id] = values
            answers[spec.id] = values
    return cleaned, errors

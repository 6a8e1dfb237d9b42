"""One CSV cell of an imported response, read as the form values a person would post.

A choice matches its option without regard to case; a ranking is ``A>B>C`` or
``1. A; 2. B``; a date ``YYYY-MM-DD`` or ``DD/MM/YYYY``. A cell that cannot be read
raises :class:`CellError` with the message for the row's problem list.
"""

from __future__ import annotations

import datetime as dt
import re

from consultations.import_budget import budget_raw
from consultations.questions import OTHER, QuestionSpec

YES = {"yes", "y", "true", "1", "agreed", "agree"}
NO = {"no", "n", "false", "0", ""}

ERR_OPTION = "“{value}” is not one of the options: {options}."
ERR_RANKING = "Write a ranking as A>B>C or 1. A; 2. B, not “{value}”."
ERR_DATE = "Write a date as YYYY-MM-DD or DD/MM/YYYY, not “{value}”."
ERR_CONSENT = "Consent must be yes or no, not “{value}”."
ERR_OTHER_UNUSED = "There is an “other” text but “Other” was not chosen."


class CellError(ValueError):
    pass


def column_name(spec: QuestionSpec) -> str:
    return spec.reference or spec.id


def _canonical(spec: QuestionSpec, value: str) -> str:
    """An option as the question spells it, matched without regard to case."""
    for choice in spec.choices:
        if choice.casefold() == value.casefold():
            return choice
    raise CellError(ERR_OPTION.format(value=value, options=", ".join(spec.choices)))


_NUMBERED = re.compile(r"^\s*(\d+)\s*[.):]\s*(.+?)\s*$")


def _ranking(spec: QuestionSpec, value: str) -> dict[str, list[str]]:
    if ">" in value:
        order = [part.strip() for part in value.split(">")]
        ranked = [(i + 1, option) for i, option in enumerate(order)]
    else:
        ranked = []
        for part in value.split(";"):
            match = _NUMBERED.match(part)
            if not match:
                raise CellError(ERR_RANKING.format(value=value))
            ranked.append((int(match.group(1)), match.group(2)))
    raw = {}
    for rank, option in ranked:
        matched = [i for i, o in enumerate(spec.options) if o.casefold() == option.casefold()]
        if not matched:
            raise CellError(ERR_OPTION.format(value=option, options=", ".join(spec.options)))
        raw[f"{spec.field_name}-{matched[0]}"] = [str(rank)]
    return raw


def _date(spec: QuestionSpec, value: str) -> dict[str, list[str]]:
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            day = dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
        name = spec.field_name
        return {
            f"{name}-day": [str(day.day)],
            f"{name}-month": [str(day.month)],
            f"{name}-year": [str(day.year)],
        }
    raise CellError(ERR_DATE.format(value=value))


def raw_for(spec: QuestionSpec, cells: dict[str, str]) -> dict[str, list[str]]:
    """The form values the question's template would post for this row's cells."""
    name, column = spec.field_name, column_name(spec)
    value = cells.get(column, "")
    raw: dict[str, list[str]] = {}
    if spec.kind == "matrix":
        for i, row in enumerate(spec.rows):
            cell = cells.get(f"{column}:{row}", "")
            if cell:
                match = [o for o in spec.options if o.casefold() == cell.casefold()]
                if not match:
                    options = ", ".join(spec.options)
                    raise CellError(ERR_OPTION.format(value=cell, options=options))
                raw[f"{name}-{i}"] = match
        return raw
    if spec.kind == "budget":
        return budget_raw(spec, cells)
    if not value:
        return raw
    if spec.kind == "multiple_choice":
        raw[name] = [_canonical(spec, v.strip()) for v in value.split(";") if v.strip()]
    elif spec.kind in ("single_choice", "demographic", "scale"):
        raw[name] = [_canonical(spec, value)]
    elif spec.kind == "ranking":
        raw = _ranking(spec, value)
    elif spec.kind == "date":
        raw = _date(spec, value)
    elif spec.kind == "consent":
        if value.casefold() not in YES | NO:
            raise CellError(ERR_CONSENT.format(value=value))
        raw[name] = ["yes" if value.casefold() in YES else ""]
    else:
        raw[name] = [value]
    other = cells.get(f"{column}:other", "")
    if other:
        if OTHER not in raw.get(name, []):
            raise CellError(ERR_OTHER_UNUSED)
        raw[f"{name}-other"] = [other]
    return raw

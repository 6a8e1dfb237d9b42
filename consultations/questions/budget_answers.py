"""A budget question's form fields, and their cleaning into stored answer rows (no Django).

The form posts, for a budget question named ``q-<id>``:

- ``q-<id>-line-<reference>``: each line's amount as typed, e.g. ``12.5``;
- ``q-<id>-revenue`` and ``q-<id>-band``: the revenue change and household band, if offered;
- ``q-<id>-envelope``: the base envelope the page was built with, to catch a stale
  or tampered form;
- ``q-<id>-keep`` (one per ticked line) and ``q-<id>-start-<reference>``: what "balance
  the rest" needs to know which lines the resident touched. They are never stored.

A clean budget is stored as one row per line (``row=<reference>``, ``value`` the exact
int in smallest units as a string, ``number`` its float for fast reading), then
``_revenue`` (the change as a decimal string) and ``_band`` when given.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from common.budget import NON_FIELD, Allocation, Exercise, allocation_validate, amount_parse
from common.budget.validate import ERROR_ENVELOPE, ERROR_UNKNOWN
from common.text import text_clean
from consultations.budget import BAND_ROW, REVENUE_ROW, amount_plain, budget_exercise
from consultations.questions.specs import AnswerValue, QuestionSpec

REVENUE = "revenue"
BAND = "band"
ENVELOPE = "envelope"
ERR_BAND = "Choose one of the council tax bands"
ERR_UNKNOWN_LINES = "This form has lines that are not in this budget ({refs}): reload the page."
ERR_BUDGET = "Check your budget: {message}"


def line_field(spec: QuestionSpec, reference: str) -> str:
    return f"{spec.field_name}-line-{reference}"


def part_field(spec: QuestionSpec, part: str) -> str:
    """The field of one of ``revenue``, ``band``, ``envelope``, ``keep``, ``start-<ref>``."""
    return f"{spec.field_name}-{part}"


def _first(raw: Mapping, key: str) -> str | None:
    values = raw.getlist(key) if hasattr(raw, "getlist") else raw.get(key)
    if values is None:
        return None
    values = [values] if isinstance(values, str) else list(values)
    if not values or not isinstance(values[0], str):
        return None
    return text_clean(values[0]).strip()


def budget_typed(spec: QuestionSpec, raw: Mapping) -> dict[str, str]:
    """What the resident typed, keyed as ``allocation_validate`` wants (lines and revenue)."""
    exercise = budget_exercise(spec)
    typed: dict[str, str] = {}
    for line in exercise.lines:
        value = _first(raw, line_field(spec, line.reference))
        if value is not None:
            typed[line.reference] = value
    revenue = _first(raw, part_field(spec, REVENUE))
    if revenue is not None and (exercise.revenue is not None or revenue):
        typed[REVENUE] = revenue
    return typed


def _unknown_lines(spec: QuestionSpec, raw: Mapping, exercise: Exercise) -> list[str]:
    prefix = f"{spec.field_name}-line-"
    known = set(exercise.references)
    refs = (key.removeprefix(prefix) for key in raw if key.startswith(prefix))
    return sorted(ref for ref in refs if ref not in known)


def budget_check(spec: QuestionSpec, raw: Mapping) -> tuple[Allocation | None, str, dict[str, str]]:
    """Check a posted budget: the allocation, the band, and errors by line or part.

    Errors are keyed by line reference, ``"revenue"``, ``"band"`` or ``NON_FIELD``
    (the rule, a stale envelope, lines of another exercise). An empty budget (no
    line posted) is ``(None, "", {})``: not answered.
    """
    exercise = budget_exercise(spec)
    typed = budget_typed(spec, raw)
    unknown = _unknown_lines(spec, raw, exercise)
    if not unknown and not any(typed.get(ref) for ref in exercise.references):
        return None, "", {}
    allocation, errors = allocation_validate(exercise, typed)
    errors = dict(errors)
    problems = []
    if unknown:
        problems.append(ERR_UNKNOWN_LINES.format(refs=", ".join(unknown)))
    envelope = _first(raw, part_field(spec, ENVELOPE))
    if envelope is not None:
        stated, error = amount_parse(envelope, exercise.decimals)
        if error or stated != exercise.base_envelope:
            problems.append(ERROR_ENVELOPE)
    if REVENUE in errors and exercise.revenue is None:
        problems.append(ERROR_UNKNOWN)
        del errors[REVENUE]
    band = _first(raw, part_field(spec, BAND)) or ""
    if band:
        bands = exercise.revenue.household_cost_per_step if exercise.revenue else {}
        if band not in bands:
            errors[BAND] = ERR_BAND
    if problems:
        errors[NON_FIELD] = " ".join([*problems, errors.get(NON_FIELD, "")]).strip()
    if errors:
        return None, band, errors
    return allocation, band, {}


def budget_values(exercise: Exercise, allocation: Allocation, band: str = "") -> list[AnswerValue]:
    """The stored rows of a checked budget, in the exercise's line order."""
    values = [
        AnswerValue(str(allocation.amounts[ref]), float(allocation.amounts[ref]), ref)
        for ref in exercise.references
    ]
    if exercise.revenue is not None:
        # No change is stored as a plain 0 (never "-0"), in the step's decimal places.
        change = (allocation.revenue_change or Decimal(0)) + Decimal(0)
        change = change.quantize(exercise.revenue.step)
        values.append(AnswerValue(str(change), float(change), REVENUE_ROW))
        if band:
            values.append(AnswerValue(band, None, BAND_ROW))
    return values


def budget_clean(spec: QuestionSpec, raw: Mapping) -> tuple[list[AnswerValue], str | None]:
    """The question cleaner (see ``cleaning.CLEANERS``): rows, or one summary message."""
    allocation, band, errors = budget_check(spec, raw)
    if errors:
        first = errors.get(NON_FIELD) or next(iter(errors.values()))
        return [], ERR_BUDGET.format(message=first)
    if allocation is None:
        return [], None
    return budget_values(budget_exercise(spec), allocation, band), None


def budget_stored(
    spec: QuestionSpec, values: Sequence[AnswerValue]
) -> tuple[dict[str, int], Decimal | None, str]:
    """Stored rows back as amounts by line, the revenue change and the band."""
    amounts = {a.row: int(a.value) for a in values if a.row not in (REVENUE_ROW, BAND_ROW)}
    revenue = next((Decimal(a.value) for a in values if a.row == REVENUE_ROW), None)
    band = next((a.value for a in values if a.row == BAND_ROW), "")
    return amounts, revenue, band


def budget_raw_from_answers(spec: QuestionSpec, values: Sequence[AnswerValue]) -> dict:
    """The form values that give back stored rows (to refill the page)."""
    if not values:
        return {}
    exercise = budget_exercise(spec)
    amounts, revenue, band = budget_stored(spec, values)
    raw = {
        line_field(spec, ref): [amount_plain(exercise, amount)]
        for ref, amount in amounts.items()
        if ref in exercise.references
    }
    if revenue is not None:
        raw[part_field(spec, REVENUE)] = [str(revenue)]
    if band:
        raw[part_field(spec, BAND)] = [band]
    return raw

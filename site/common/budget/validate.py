"""Checking a submitted budget: every typed string, every bound, step and rule.

The page's JavaScript is a convenience; this is the guard. Messages are plain
English, meant to sit next to the field they name (``NON_FIELD`` for the whole).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from common.budget.model import Allocation, Exercise, Line

NON_FIELD = "__all__"
ENVELOPE_KEY = "envelope"
REVENUE_KEY = "revenue"
MAX_DIGITS = 15  # far beyond any public budget, well inside exact float display

ERROR_EMPTY = "Enter an amount."
ERROR_NOT_NUMBER = "Enter a number, like 1250."
ERROR_NEGATIVE = "The amount cannot be negative."
ERROR_TOO_LARGE = "That amount is too large."
ERROR_UNKNOWN = "This is not a line of this budget."
ERROR_ENVELOPE = "The budget's total has changed; reload the page and try again."
ERROR_REVENUE = "Choose one of the offered changes."

_NUMBER = re.compile(r"^\+?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$")


def amount_format(exercise: Exercise, value: int) -> str:
    """``value`` (in smallest units) as the resident types it, with the unit.

    >>> from common.budget.model import Exercise, Line
    >>> ex = Exercise(lines=(Line("a", "A", 10, 0, 20),), total=10, unit="£m", decimals=1)
    >>> amount_format(ex, 125)
    '£12.5m'
    """
    text = _plain(value, exercise.decimals)
    if exercise.unit.startswith("£") and len(exercise.unit) > 1:
        return f"£{text}{exercise.unit[1:]}"
    if exercise.unit == "£":
        return f"£{text}"
    return f"{text} {exercise.unit}".strip()


def _plain(value: int, decimals: int) -> str:
    sign, value = ("-" if value < 0 else ""), abs(value)
    if not decimals:
        return f"{sign}{value:,}"
    whole, part = divmod(value, 10**decimals)
    return f"{sign}{whole:,}.{part:0{decimals}d}"


def amount_parse(text: str, decimals: int) -> tuple[int | None, str | None]:
    """A typed amount as smallest units, or ``(None, message)``.

    Accepts spaces, a leading £, thousands commas and trailing zeros; refuses
    signs, NaN, infinities, exponents and digits finer than the unit.

    >>> amount_parse("£1,250.50", 2)
    (125050, None)
    >>> amount_parse("12.345", 2)
    (None, 'Use at most 2 decimal places.')
    """
    cleaned = text.strip().replace(" ", "").removeprefix("£")
    if not cleaned:
        return None, ERROR_EMPTY
    if cleaned.startswith("-") or cleaned.startswith("−"):
        rest = cleaned.lstrip("-−").removeprefix("£")
        return None, ERROR_NEGATIVE if _NUMBER.match(rest) else ERROR_NOT_NUMBER
    match = _NUMBER.match(cleaned)
    if not match:
        return None, ERROR_NOT_NUMBER
    digits = cleaned.lstrip("+").replace(",", "")
    if len(digits.split(".")[0].lstrip("0")) > MAX_DIGITS:
        return None, ERROR_TOO_LARGE
    try:
        number = Decimal(digits)
    except InvalidOperation:  # pragma: no cover - the pattern admits only digits
        return None, ERROR_NOT_NUMBER
    scaled = number.scaleb(decimals)
    if scaled != scaled.to_integral_value():
        if decimals == 0:
            return None, "Use whole numbers only."
        return None, f"Use at most {decimals} decimal place{'s' if decimals > 1 else ''}."
    return int(scaled), None


def line_check(exercise: Exercise, line: Line, value: int) -> str | None:
    """The message for a line's bound, floor or step breach, or ``None``."""
    if value < line.minimum:
        floor = amount_format(exercise, line.minimum)
        if line.statutory:
            return f"{line.name} cannot go below {floor}: {line.statutory_reason}"
        return f"{line.name} must be at least {floor}."
    if value > line.maximum:
        return f"{line.name} can be at most {amount_format(exercise, line.maximum)}."
    if not line.on_grid(value):
        step = amount_format(exercise, line.step)
        start = amount_format(exercise, line.minimum)
        return f"{line.name} moves in steps of {step} from {start}."
    return None


def rule_check(exercise: Exercise, total: int, envelope: int) -> str | None:
    """The overall message when the total breaks the exercise's rule, or ``None``."""
    low, high = exercise.rule.bounds(envelope)
    if low <= total <= high:
        return None
    shown = amount_format(exercise, total)
    kind = exercise.rule.kind
    if kind == "exact":
        gap = amount_format(exercise, abs(total - envelope))
        side = "over" if total > envelope else "under"
        return (
            f"Your budget adds up to {shown} but must be exactly "
            f"{amount_format(exercise, envelope)}: you are {gap} {side}."
        )
    if kind == "tolerance":
        return (
            f"Your budget adds up to {shown}; it must be within "
            f"{amount_format(exercise, exercise.rule.tolerance)} of "
            f"{amount_format(exercise, envelope)}."
        )
    if total > high:
        return (
            f"Your budget adds up to {shown}, more than the "
            f"{amount_format(exercise, envelope)} available."
        )
    return (
        f"Your budget adds up to {shown}; allocate at least "
        f"{amount_format(exercise, low)} of the {amount_format(exercise, envelope)}."
    )


def revenue_parse(exercise: Exercise, text: str | None) -> tuple[Decimal | None, str | None]:
    """The chosen revenue change (``None`` when the exercise has no revenue side)."""
    revenue = exercise.revenue
    if revenue is None:
        return None, (ERROR_UNKNOWN if text not in (None, "") else None)
    cleaned = (text or "0").strip().removesuffix("%").replace("−", "-")
    try:
        change = Decimal(cleaned)
    except InvalidOperation:
        return None, ERROR_REVENUE
    if not change.is_finite() or not revenue.allowed(change):
        return None, ERROR_REVENUE
    return change, None


def allocation_validate(
    exercise: Exercise, raw: Mapping[str, str]
) -> tuple[Allocation | None, dict[str, str]]:
    """Parse and check a submitted budget.

    ``raw`` holds only the budget's fields: one string per line reference, and
    optionally ``"envelope"`` (the total the page was built with, to catch a
    tampered or stale form) and ``"revenue"`` (the chosen change, e.g. ``"2.5"``).
    Returns the allocation and no errors, or ``None`` and messages keyed by line
    reference, ``"revenue"``, ``"envelope"`` or ``NON_FIELD``.
    """
    errors: dict[str, str] = {}
    amounts: dict[str, int] = {}
    known = set(exercise.references) | {ENVELOPE_KEY, REVENUE_KEY}
    for key in raw:
        if key not in known:
            errors[key] = ERROR_UNKNOWN
    revenue_change, message = revenue_parse(exercise, raw.get(REVENUE_KEY))
    if message:
        errors[REVENUE_KEY] = message
    envelope = exercise.envelope(revenue_change)
    if ENVELOPE_KEY in raw:
        stated, problem = amount_parse(raw[ENVELOPE_KEY], exercise.decimals)
        if problem or stated != envelope:
            errors[ENVELOPE_KEY] = ERROR_ENVELOPE
    for line in exercise.lines:
        value, problem = amount_parse(raw.get(line.reference, ""), exercise.decimals)
        if value is not None:
            problem = line_check(exercise, line, value)
            amounts[line.reference] = value
        if problem:
            errors[line.reference] = problem
    if len(amounts) == len(exercise.lines) and REVENUE_KEY not in errors:
        overall = rule_check(exercise, sum(amounts.values()), envelope)
        if overall:
            errors[NON_FIELD] = overall
    if errors:
        return None, errors
    return Allocation(amounts=amounts, revenue_change=revenue_change), {}

"""The words and figures a person reads about a budget: its rule and its projection."""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction

from common.budget import Exercise, amount_format, projection_compute


def rule_text(exercise: Exercise, envelope: int) -> str:
    money = amount_format(exercise, envelope)
    rule = exercise.rule
    if rule.kind == "exact":
        return f"Share out exactly {money}."
    if rule.kind == "tolerance":
        return f"Share out {money}, give or take {amount_format(exercise, rule.tolerance)}."
    if rule.kind == "underspend":
        return f"Share out up to {money}; whatever you leave is not spent."
    low, _ = rule.bounds(envelope)
    return f"Share out at least {amount_format(exercise, low)} of the {money}."


def _signed(exercise: Exercise, value: Fraction) -> str:
    units = round(value)
    if units == 0:
        return "no change"
    word = "more" if units > 0 else "less"
    return f"{amount_format(exercise, abs(units))} {word} demand"


def projection_rows(exercise: Exercise, amounts: Mapping[str, int]) -> list[dict]:
    """Years 1-3: the extra demand each knock-on effect puts on its lines."""
    if not exercise.knock_ons:
        return []
    projection = projection_compute(exercise, amounts)
    return [
        {
            "year": year,
            "total": _signed(exercise, projection.total(year)),
            "items": [
                {"name": exercise.line(ref).name, "text": _signed(exercise, value)}
                for ref, value in projection.pressures[year].items()
            ],
        }
        for year in (1, 2, 3)
    ]

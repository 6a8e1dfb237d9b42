"""A budget question's exercise: the JSON-able dict a spec stores, and back (no Django).

A budget question's ``QuestionSpec.budget`` holds the exercise as plain JSON data,
so it is saved in the questionnaire version's schema like every other spec field
and versions keep working. Amounts are ints in the exercise's smallest unit; the
coefficients and shares that must stay exact are fraction strings (``"3/5"``) and
the revenue figures decimal strings (``"0.5"``), never floats.

The layout of that dict is the contract other modules (results, exports, the demo)
read; ``budget_spec_dict`` writes it and ``budget_exercise`` reads it.
"""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from typing import Any

from common.budget import Consequence, Exercise, KnockOn, Line, Revenue, Rule

#: The ``row`` of the stored revenue choice and household band (line rows are references).
REVENUE_ROW = "_revenue"
BAND_ROW = "_band"


def budget_spec_dict(exercise: Exercise) -> dict[str, Any]:
    """The exercise as the JSON-able dict a budget spec stores."""
    revenue = exercise.revenue
    return {
        "unit": exercise.unit,
        "decimals": exercise.decimals,
        "total": exercise.total,
        "per_head": exercise.per_head,
        "population": exercise.population,
        "rule": {
            "kind": exercise.rule.kind,
            "tolerance": exercise.rule.tolerance,
            "min_share": str(exercise.rule.min_share),
        },
        "lines": [
            {
                "reference": line.reference,
                "name": line.name,
                "group": line.group,
                "description": line.description,
                "current": line.current,
                "minimum": line.minimum,
                "maximum": line.maximum,
                "step": line.step,
                "statutory": line.statutory,
                "statutory_reason": line.statutory_reason,
                "consequences": [
                    {"text": c.text, "lower": c.lower, "upper": c.upper} for c in line.consequences
                ],
            }
            for line in exercise.lines
        ],
        "revenue": None
        if revenue is None
        else {
            "label": revenue.label,
            "minimum": str(revenue.minimum),
            "maximum": str(revenue.maximum),
            "step": str(revenue.step),
            "yield_per_step": revenue.yield_per_step,
            "household_cost_per_step": {
                band: str(cost) for band, cost in revenue.household_cost_per_step.items()
            },
        },
        "knock_ons": [
            {
                "source": k.source,
                "target": k.target,
                "coefficient": str(k.coefficient),
                "year": k.year,
            }
            for k in exercise.knock_ons
        ],
    }


def exercise_from_dict(data: dict[str, Any]) -> Exercise:
    """The exercise a budget dict describes; ``ValueError`` when it is not a valid one."""
    try:
        rule = data.get("rule") or {}
        revenue = data.get("revenue")
        return Exercise(
            lines=tuple(_line(line) for line in data["lines"]),
            total=data.get("total"),
            per_head=data.get("per_head"),
            population=data.get("population"),
            unit=data.get("unit", "£"),
            decimals=int(data.get("decimals", 0)),
            rule=Rule(
                kind=rule.get("kind", "exact"),
                tolerance=int(rule.get("tolerance") or 0),
                min_share=Fraction(rule.get("min_share") or 0),
            ),
            revenue=None
            if not revenue
            else Revenue(
                label=revenue["label"],
                minimum=Decimal(revenue["minimum"]),
                maximum=Decimal(revenue["maximum"]),
                step=Decimal(revenue["step"]),
                yield_per_step=int(revenue["yield_per_step"]),
                household_cost_per_step={
                    band: Decimal(cost)
                    for band, cost in (revenue.get("household_cost_per_step") or {}).items()
                },
            ),
            knock_ons=tuple(
                KnockOn(k["source"], k["target"], Fraction(k["coefficient"]), int(k["year"]))
                for k in data.get("knock_ons") or ()
            ),
        )
    except (KeyError, TypeError, ArithmeticError) as exc:
        raise ValueError(f"not a budget exercise: {exc!r}") from exc


def _line(data: dict[str, Any]) -> Line:
    return Line(
        reference=data["reference"],
        name=data["name"],
        current=int(data["current"]),
        minimum=int(data["minimum"]),
        maximum=int(data["maximum"]),
        step=int(data.get("step") or 1),
        group=data.get("group") or "",
        description=data.get("description") or "",
        statutory=bool(data.get("statutory")),
        statutory_reason=data.get("statutory_reason") or "",
        consequences=tuple(
            Consequence(c["text"], c.get("lower"), c.get("upper"))
            for c in data.get("consequences") or ()
        ),
    )


@lru_cache(maxsize=256)
def _cached(key: str) -> Exercise:
    return exercise_from_dict(json.loads(key))


def budget_exercise(spec) -> Exercise:
    """The exercise of a budget question's spec, built once per distinct content.

    Keyed by the dict's content, not the spec, so a version's schema and the live
    page share one ``Exercise`` whenever their budgets are the same.
    """
    return _cached(json.dumps(spec.budget, sort_keys=True))


def amount_plain(exercise: Exercise, value: int) -> str:
    """``value`` as a resident types it into a number field: ``125`` → ``"12.5"``.

    >>> ex = Exercise(lines=(Line("a", "A", 10, 0, 20),), total=10, decimals=1)
    >>> amount_plain(ex, 125), amount_plain(ex, 0)
    ('12.5', '0.0')
    """
    if not exercise.decimals:
        return str(value)
    sign = "-" if value < 0 else ""
    whole, part = divmod(abs(value), 10**exercise.decimals)
    return f"{sign}{whole}.{part:0{exercise.decimals}d}"


def amount_units(typed: Decimal | int | str, decimals: int) -> int:
    """An organiser's typed amount (in the unit) as smallest units; ``ValueError`` if finer.

    >>> amount_units(Decimal("12.5"), 1)
    125
    """
    scaled = Decimal(typed).scaleb(decimals)
    if not scaled.is_finite() or scaled != scaled.to_integral_value():
        raise ValueError(f"Use at most {decimals} decimal places")
    return int(scaled)

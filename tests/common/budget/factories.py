"""Small budget exercises for the pure package's tests (plain data, no database)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from common.budget import Consequence, Exercise, KnockOn, Line, Revenue, Rule


def care_exercise(**overrides: object) -> Exercise:
    """A three-line care budget of £100m in whole £m, with a statutory floor."""
    lines = (
        Line("prevention", "Prevention", 20, 5, 40, step=5, group="Prevention and public health"),
        Line(
            "adult-social-care",
            "Adult social care",
            50,
            40,
            70,
            statutory=True,
            statutory_reason="the Care Act 2014 duty to meet eligible needs",
            consequences=(
                Consequence("Waiting lists for care assessments grow.", upper=45),
                Consequence("Care assessments within four weeks.", lower=45),
            ),
        ),
        Line("hospital", "Hospital care", 30, 10, 50),
    )
    fields: dict[str, object] = {
        "lines": lines,
        "total": 100,
        "unit": "£m",
        "knock_ons": (
            KnockOn("prevention", "adult-social-care", Fraction(3, 5), 2),
            KnockOn("prevention", "hospital", Fraction(2, 5), 3),
        ),
    }
    fields.update(overrides)
    return Exercise(**fields)  # type: ignore[arg-type]


def precept() -> Revenue:
    """Council tax from -5% to +5% in 0.5% steps; each step raises £1m."""
    return Revenue(
        label="Council tax change",
        minimum=Decimal("-5"),
        maximum=Decimal("5"),
        step=Decimal("0.5"),
        yield_per_step=1,
        household_cost_per_step={"A": Decimal("4.10"), "D": Decimal("6.15")},
    )


def rule(kind: str, **kw: object) -> Rule:
    return Rule(kind=kind, **kw)  # type: ignore[arg-type]

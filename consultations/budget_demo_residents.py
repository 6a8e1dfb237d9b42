"""Synthetic residents' budgets for the demo care budget: pure, deterministic for a seed.

The pattern (which lines residents raise and cut, how far, their council-tax choice, the
phrases of their "why" texts) is data in ``demo_data/care_budget_residents.json``; this
module only draws from it. A budget starts at today's amounts and moves money between
lines in whole steps within their bounds, so every budget meets an exact-balance rule by
construction. ``allocation_validate`` then checks each one like a resident's form.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from common import demographics
from common.budget import Exercise, allocation_validate

# Which theme of the overall "why" a strong choice on a line speaks to.
THEME_OF_RAISE = {
    "prevention": "prevention",
    "community": "community",
    "carers": "carers",
    "adult-social-care": "social_care",
    "reablement": "social_care",
    "hospital": "keep_hospitals",
}
THEME_OF_CUT = {"hospital": "hospital_pressure"}


@dataclass(frozen=True)
class ResidentBudget:
    """One synthetic resident's answers to the budget, in the exercise's smallest unit."""

    amounts: dict[str, int]
    revenue_change: Decimal | None
    band: str = ""
    why: str = ""
    line_why: dict[str, str] = field(default_factory=dict)

    def form_values(self, exercise: Exercise) -> dict[str, str]:
        """The strings a resident would type: ``allocation_validate``'s input."""
        raw = {ref: _typed(value, exercise.decimals) for ref, value in self.amounts.items()}
        if self.revenue_change is not None:
            raw["revenue"] = str(self.revenue_change)
        return raw


def _typed(value: int, decimals: int) -> str:
    return str(Decimal(value).scaleb(-decimals)) if decimals else str(value)


def _weighted(rng: random.Random, weights: Mapping[str, float], exclude=()) -> str:
    names = [name for name in weights if name not in exclude]
    return rng.choices(names, [weights[name] for name in names])[0]


def _revenue_change(rng: random.Random, exercise: Exercise, pattern: Mapping) -> Decimal | None:
    if exercise.revenue is None:
        return None
    choices = pattern["revenue"]
    return Decimal(rng.choices(list(choices), list(choices.values()))[0])


def _fill(rng, exercise: Exercise, amounts: dict[str, int], gap: int, weights) -> None:
    """Spread ``gap`` (positive: money to add) over lines, a step at a time, within bounds."""
    while gap:
        movable = {
            ref: w
            for ref, w in weights.items()
            if (gap > 0 and amounts[ref] < exercise.line(ref).maximum)
            or (gap < 0 and amounts[ref] > exercise.line(ref).minimum)
        }
        line = exercise.line(_weighted(rng, movable))
        move = math.copysign(min(line.step, abs(gap)), gap)
        if abs(move) < line.step:
            raise ValueError("the revenue yield is not a whole number of the lines' steps")
        amounts[line.reference] += int(move)
        gap -= int(move)


def _transfers(rng, exercise: Exercise, amounts: dict[str, int], pattern, raise_w, cut_w):
    low, high = pattern["moves"]
    small, large = pattern["step_multiple"]
    for _ in range(rng.randint(low, high)):
        source = exercise.line(_weighted(rng, cut_w))
        target = exercise.line(_weighted(rng, raise_w, exclude=(source.reference,)))
        unit = math.lcm(source.step, target.step)
        room = min(
            amounts[source.reference] - source.minimum, target.maximum - amounts[target.reference]
        )
        move = min(rng.randint(small, large) * unit, room // unit * unit)
        amounts[source.reference] -= move
        amounts[target.reference] += move


def resident_budget(
    rng: random.Random,
    exercise: Exercise,
    pattern: Mapping,
    texts: Mapping,
    *,
    carer: bool = False,
    deliberated: bool = False,
    start: Mapping[str, int] | None = None,
) -> ResidentBudget:
    """A resident's budget in one round, from today's amounts (or their earlier ``start``).

    ``pattern`` is one round of the residents' data; ``texts`` holds the phrase banks. A
    few residents ("contrarians") swap the round's raise and cut weights, so every line
    has residents on both sides. Carers raise carers' support twice as often.
    """
    raise_w, cut_w = dict(pattern["raise"]), dict(pattern["cut"])
    if rng.random() < pattern["contrarian"]:
        raise_w, cut_w = cut_w, raise_w
    if carer:
        raise_w["carers"] = raise_w.get("carers", 1.0) * 2
    amounts = dict(start or exercise.current_allocation)
    change = _revenue_change(rng, exercise, pattern)
    _fill(rng, exercise, amounts, exercise.envelope(change) - sum(amounts.values()), raise_w)
    _transfers(rng, exercise, amounts, pattern, raise_w, cut_w)
    band = ""
    if exercise.revenue is not None and rng.random() < texts["band_share"]:
        bands = texts["bands"]
        band = rng.choices(list(bands), list(bands.values()))[0]
    why = _why(rng, exercise, amounts, change, texts, deliberated=deliberated)
    line_why = _line_why(rng, exercise, amounts, texts)
    budget = ResidentBudget(amounts, change, band, why, line_why)
    _, errors = allocation_validate(exercise, budget.form_values(exercise))
    if errors:  # pragma: no cover - the transfers keep every rule by construction
        raise ValueError(f"a synthetic budget breaks the exercise's rules: {errors}")
    return budget


def _why(rng, exercise, amounts, change, texts, *, deliberated: bool) -> str:
    if rng.random() >= texts["why_share"]:
        return ""
    shifts = {ref: amounts[ref] - exercise.line(ref).current for ref in amounts}
    themes = []
    for ref, shift in sorted(shifts.items(), key=lambda item: -abs(item[1])):
        theme = (THEME_OF_RAISE if shift > 0 else THEME_OF_CUT).get(ref) if shift else None
        if theme and theme not in themes:
            themes.append(theme)
    themes = themes[: rng.choice([1, 1, 2])]
    if change is not None and change != 0 and rng.random() < 0.4:
        themes.append("council_tax")
    if deliberated and rng.random() < 0.4:
        themes.insert(0, "deliberation")
    if not themes:
        themes = ["hospital_pressure" if rng.random() < 0.5 else "community"]
    phrases = [rng.choice(texts["why"][theme]) for theme in themes]
    if "council_tax" in themes and change is not None and change < 0:
        phrases[themes.index("council_tax")] = texts["why"]["council_tax"][-1]
    return ". ".join(phrases) + "."


def _line_why(rng, exercise, amounts, texts) -> dict[str, str]:
    out = {}
    for ref, bank in texts["line_why"].items():
        shift = amounts[ref] - exercise.line(ref).current
        if shift and rng.random() < texts["line_why_share"]:
            out[ref] = rng.choice(bank["raise" if shift > 0 else "cut"]) + "."
    return out


def resident_demographics(rng: random.Random, keys) -> dict[str, str]:
    """A resident's answers to the demographic questions (labels), about census shares.

    Older people and women answer care consultations more; some prefer not to say.
    """
    bias = {"65 to 74": 1.5, "75 or over": 1.3, "16 to 24": 0.5, "Female": 1.4, "Yes": 2.5}
    out = {}
    for key in keys:
        shares = demographics.category(key).shares
        names = list(shares)
        pick = rng.choices(names, [shares[n] * bias.get(n, 1.0) for n in names])[0]
        out[key] = "Prefer not to say" if rng.random() < 0.04 else pick
    return out

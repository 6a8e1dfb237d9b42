"""What an organiser typed for a budget question, checked and turned into its spec dict.

Pure (no Django): ``budget_build`` takes the block's value as plain mappings (amounts
as ``Decimal`` in the budget's unit, e.g. 12.5 for £12.5m) and returns the
``consultations.budget`` dict, or errors addressed to the fields that caused them so
the CMS can show each next to its field.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

from common.budget import UNALLOCATED, amount_format
from consultations.budget import amount_units, budget_spec_dict, exercise_from_dict

REFERENCE_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
ERR_REFERENCE = "Use lower-case letters, numbers and dashes, starting with a letter or number"
ERR_RESERVED = f"“{UNALLOCATED}” is kept for the amount left unspent"
ERR_DUPLICATE = "Another line has this reference"
ERR_REQUIRED = "This field is required"
ERR_NEGATIVE = "Cannot be negative"
ERR_STEP = "The step must be more than 0"
ERR_BOUNDS = "The maximum must be at least the minimum"
ERR_CURRENT = "Today's amount must be between the minimum and the maximum"
ERR_REASON = "Say why this line has a legal floor (e.g. a Care Act duty)"
ERR_RANGE = "“From” must be below “below”"
ERR_UNKNOWN_LINE = "No line has this reference"
ERR_SAME_LINE = "A line cannot knock on to itself"
ERR_ENVELOPE = "Give the total"
ERR_PER_HEAD = "Give the amount per head and the population"
ERR_SHARE = "Give a share from 0 to 100 %"
ERR_REVENUE_RANGE = "The range must run from 0 or below to 0 or above"
ERR_REVENUE_STEPS = "The lowest and highest changes must be whole steps from 0"
ERR_BAND_DUPLICATE = "Each band must be different"
ERR_TOO_LITTLE = "The lines' maximums add up to {most}, less than the rule needs ({low})"
ERR_TOO_MUCH = "The lines' minimums add up to {least}, more than the rule allows ({high})"


@dataclass
class BuildErrors:
    """Messages by field: the budget's own, each line's and knock-on's by index, revenue's."""

    fields: dict[str, str] = field(default_factory=dict)
    lines: dict[int, dict[str, str]] = field(default_factory=dict)
    knock_ons: dict[int, dict[str, str]] = field(default_factory=dict)
    revenue: dict[str, str] = field(default_factory=dict)
    overall: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.fields or self.lines or self.knock_ons or self.revenue or self.overall)


def _units(value: Any, decimals: int, errors: dict, key: str, *, required=True) -> int | None:
    if value is None or value == "":
        if required:
            errors[key] = ERR_REQUIRED
        return None
    try:
        units = amount_units(value, decimals)
    except (ValueError, ArithmeticError):
        errors[key] = f"Use at most {decimals} decimal places" if decimals else "Use whole numbers"
        return None
    if units < 0:
        errors[key] = ERR_NEGATIVE
        return None
    return units


def _line(value: Mapping, decimals: int, errors: dict) -> dict:
    ref = (value.get("reference") or "").strip()
    if not REFERENCE_RE.match(ref):
        errors["reference"] = ERR_REFERENCE
    elif ref == UNALLOCATED:
        errors["reference"] = ERR_RESERVED
    amounts = {
        key: _units(value.get(key), decimals, errors, key)
        for key in ("current", "minimum", "maximum", "step")
    }
    low, high, now = amounts["minimum"], amounts["maximum"], amounts["current"]
    if amounts["step"] == 0:
        errors["step"] = ERR_STEP
    if low is not None and high is not None and high < low:
        errors["maximum"] = ERR_BOUNDS
    elif None not in (low, high, now) and not low <= now <= high:
        errors["current"] = ERR_CURRENT
    if value.get("statutory") and not (value.get("statutory_reason") or "").strip():
        errors["statutory_reason"] = ERR_REASON
    consequences = []
    for c in value.get("consequences") or ():
        lower = _units(c.get("lower"), decimals, errors, "consequences", required=False)
        upper = _units(c.get("upper"), decimals, errors, "consequences", required=False)
        if lower is not None and upper is not None and lower >= upper:
            errors["consequences"] = f"{ERR_RANGE}: “{c.get('text', '')[:40]}”"
        consequences.append({"text": c.get("text") or "", "lower": lower, "upper": upper})
    return {
        "reference": ref,
        "name": (value.get("name") or "").strip(),
        "group": (value.get("group") or "").strip(),
        "description": (value.get("description") or "").strip(),
        **amounts,
        "statutory": bool(value.get("statutory")),
        "statutory_reason": (value.get("statutory_reason") or "").strip(),
        "consequences": consequences,
    }


def _knock_on(value: Mapping, refs: set[str], errors: dict) -> dict:
    source, target = (value.get("source") or "").strip(), (value.get("target") or "").strip()
    for key, ref in (("source", source), ("target", target)):
        if ref not in refs:
            errors[key] = ERR_UNKNOWN_LINE
    if source and source == target:
        errors["target"] = ERR_SAME_LINE
    coefficient = value.get("coefficient")
    if coefficient is None:
        errors["coefficient"] = ERR_REQUIRED
    return {
        "source": source,
        "target": target,
        "coefficient": str(Fraction(Decimal(coefficient or 0))),
        "year": int(value.get("year") or 1),
    }


def _revenue(value: Mapping, decimals: int, errors: dict) -> dict | None:
    if not value or not value.get("offer"):
        return None
    low, high, step = (Decimal(value.get(k) or 0) for k in ("minimum", "maximum", "step"))
    if step <= 0:
        errors["step"] = ERR_STEP
    elif not low <= 0 <= high:
        errors["minimum"] = ERR_REVENUE_RANGE
    elif low % step or high % step:
        errors["maximum"] = ERR_REVENUE_STEPS
    if not (value.get("label") or "").strip():
        errors["label"] = ERR_REQUIRED
    yields = _units(value.get("yield_per_step"), decimals, errors, "yield_per_step")
    bands = {}
    for band in value.get("bands") or ():
        name = (band.get("band") or "").strip()
        if name in bands:
            errors["bands"] = ERR_BAND_DUPLICATE
        bands[name] = str(Decimal(band.get("cost_per_step") or 0))
    return {
        "label": (value.get("label") or "").strip(),
        "minimum": str(low),
        "maximum": str(high),
        "step": str(step),
        "yield_per_step": yields or 0,
        "household_cost_per_step": bands,
    }


def budget_build(value: Mapping) -> tuple[dict | None, BuildErrors]:
    """The spec dict of a budget block's value, or ``None`` and what to fix."""
    errors = BuildErrors()
    decimals = int(value.get("decimals") or 0)
    lines = []
    for index, line in enumerate(value.get("lines") or ()):
        line_errors: dict[str, str] = {}
        lines.append(_line(line, decimals, line_errors))
        if line_errors:
            errors.lines[index] = line_errors
    seen: set[str] = set()
    for index, line in enumerate(lines):
        if line["reference"] in seen:
            errors.lines.setdefault(index, {})["reference"] = ERR_DUPLICATE
        seen.add(line["reference"])
    knock_ons = []
    for index, effect in enumerate(value.get("knock_ons") or ()):
        effect_errors: dict[str, str] = {}
        knock_ons.append(_knock_on(effect, seen, effect_errors))
        if effect_errors:
            errors.knock_ons[index] = effect_errors
    total = per_head = population = None
    if value.get("envelope") == "per_head":
        per_head = _units(value.get("per_head"), decimals, errors.fields, "per_head")
        population = int(value.get("population") or 0) or None
        if not population:
            errors.fields["population"] = ERR_PER_HEAD
    else:
        total = _units(value.get("total"), decimals, errors.fields, "total")
    kind = value.get("rule") or "exact"
    tolerance = 0
    if kind == "tolerance":
        tolerance = _units(value.get("tolerance"), decimals, errors.fields, "tolerance") or 0
    share = Decimal(value.get("min_share") or 0)
    if kind == "min_share" and not 0 <= share <= 100:
        errors.fields["min_share"] = ERR_SHARE
    revenue = _revenue(value.get("revenue") or {}, decimals, errors.revenue)
    if errors:
        return None, errors
    data = {
        "unit": (value.get("unit") or "£").strip(),
        "decimals": decimals,
        "total": total,
        "per_head": per_head,
        "population": population,
        "rule": {"kind": kind, "tolerance": tolerance, "min_share": str(Fraction(share) / 100)},
        "lines": lines,
        "revenue": revenue,
        "knock_ons": knock_ons,
    }
    try:
        exercise = exercise_from_dict(data)
    except ValueError as exc:
        errors.overall.append(str(exc))
        return None, errors
    _feasible(exercise, errors)
    if errors:
        return None, errors
    return budget_spec_dict(exercise), errors


def _feasible(exercise, errors: BuildErrors) -> None:
    """Refuse a budget no resident could balance (at no revenue change)."""
    low, high = exercise.rule.bounds(exercise.base_envelope)
    least = sum(line.minimum for line in exercise.lines)
    most = sum(line.maximum - (line.maximum - line.minimum) % line.step for line in exercise.lines)
    if most < low:
        errors.overall.append(
            ERR_TOO_LITTLE.format(
                most=amount_format(exercise, most), low=amount_format(exercise, low)
            )
        )
    if least > high:
        errors.overall.append(
            ERR_TOO_MUCH.format(
                least=amount_format(exercise, least), high=amount_format(exercise, high)
            )
        )

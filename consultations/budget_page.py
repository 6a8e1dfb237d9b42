"""What a budget question's page shows, and its two server-side buttons (no Django).

Everything works without JavaScript: "Update totals" re-shows the page with every
value kept and the totals, consequences and projection worked out here; "Balance the
rest for me" moves the lines the resident has not touched (their value still equals
the one the page started with, carried in hidden fields, and "keep" is not ticked)
through ``common.budget.balance_rest``. The page's script only previews the same
figures sooner; the server checks everything again.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from common.budget import (
    NON_FIELD,
    Exercise,
    amount_format,
    amount_parse,
    balance_rest,
    consequence_for,
    household_cost,
)
from common.budget.validate import revenue_parse
from consultations.budget import amount_plain, budget_exercise
from consultations.budget_text import projection_rows, rule_text
from consultations.questions import QuestionSpec
from consultations.questions.budget_answers import (
    BAND,
    ENVELOPE,
    REVENUE,
    budget_check,
    line_field,
    part_field,
)

ACTION_FIELD = "budget_action"
ACTIONS = ("update", "balance")
MSG_BALANCED = "We moved {lines} to balance your budget. Check them before you continue."
MSG_ALREADY = "Your budget already meets the rule: nothing was moved."
MSG_FIX_FIRST = "Correct the amounts marked below first, then balance the rest."


def _get(raw: Mapping, key: str) -> list[str]:
    if hasattr(raw, "getlist"):
        return raw.getlist(key)
    value = raw.get(key, [])
    return [value] if isinstance(value, str) else list(value)


def _one(raw: Mapping, key: str) -> str | None:
    values = _get(raw, key)
    return values[0].strip() if values and isinstance(values[0], str) else None


def _typed(spec: QuestionSpec, raw: Mapping, exercise: Exercise) -> dict[str, str]:
    """Each line's value as typed; today's amount when the page has none yet."""
    given = any(_one(raw, line_field(spec, ref)) is not None for ref in exercise.references)
    return {
        line.reference: (_one(raw, line_field(spec, line.reference)) or "")
        if given
        else amount_plain(exercise, line.current)
        for line in exercise.lines
    }


def _starts(spec: QuestionSpec, raw: Mapping, typed: dict[str, str]) -> dict[str, str]:
    """What each line started as on this page: the hidden field, else the value shown."""
    return {
        ref: (_one(raw, part_field(spec, f"start-{ref}")) or value) for ref, value in typed.items()
    }


def _parsed(exercise: Exercise, typed: Mapping[str, str]) -> dict[str, int | None]:
    return {ref: amount_parse(v, exercise.decimals)[0] for ref, v in typed.items()}


def budget_touched(spec: QuestionSpec, raw: Mapping) -> set[str]:
    """Lines the resident changed from the page's start value or ticked "keep"."""
    exercise = budget_exercise(spec)
    typed = _typed(spec, raw, exercise)
    starts = _parsed(exercise, _starts(spec, raw, typed))
    now = _parsed(exercise, typed)
    kept = set(_get(raw, part_field(spec, "keep")))
    return {ref for ref in exercise.references if ref in kept or now[ref] != starts[ref]}


def budget_balance(spec: QuestionSpec, raw: Mapping) -> tuple[dict[str, list[str]], str, bool]:
    """The form values after "balance the rest", a message, and whether it is a problem."""
    exercise = budget_exercise(spec)
    out = {key: list(_get(raw, key)) for key in raw}
    typed = _typed(spec, raw, exercise)
    amounts = _parsed(exercise, typed)
    change, problem = revenue_parse(exercise, _one(raw, part_field(spec, REVENUE)))
    if problem or any(v is None for v in amounts.values()):
        return out, MSG_FIX_FIRST, True
    touched = budget_touched(spec, raw)
    result = balance_rest(exercise, amounts, kept=touched, revenue_change=change)
    if not result.ok:
        return out, result.message, True
    if not result.moved:
        return out, MSG_ALREADY, False
    for ref in exercise.references:
        shown = amount_plain(exercise, result.amounts[ref])
        out[line_field(spec, ref)] = [shown if ref in result.moved else typed[ref]]
        # A line we moved is still untouched by the resident: it starts from here now.
        start = shown if ref in result.moved else _starts(spec, raw, typed)[ref]
        out[part_field(spec, f"start-{ref}")] = [start]
    names = ", ".join(exercise.line(ref).name for ref in result.moved)
    return out, MSG_BALANCED.format(lines=names), False


def _revenue_options(exercise: Exercise, chosen: Decimal) -> list[dict]:
    revenue = exercise.revenue
    assert revenue is not None
    options, step = [], revenue.minimum
    while step <= revenue.maximum:
        value = (step + 0).quantize(revenue.step)
        raised = amount_format(exercise, abs(revenue.steps(value) * revenue.yield_per_step))
        if value == 0:
            label = "No change"
        elif value > 0:
            label = f"+{value} % (raises {raised})"
        else:
            label = f"−{-value} % (takes {raised} away)"
        options.append({"value": str(value), "label": label, "selected": value == chosen})
        step += revenue.step
    return options


def _household(exercise: Exercise, change: Decimal, band: str) -> str:
    if not band or exercise.revenue is None:
        return ""
    if band not in exercise.revenue.household_cost_per_step:
        return ""
    cost = household_cost(exercise, change, band)
    if cost == 0:
        return f"No change for a band {band} household."
    word = "more" if cost > 0 else "less"
    return f"£{abs(cost):.2f} a year {word} for a band {band} household."


def budget_context(spec: QuestionSpec, raw: Mapping, *, show_errors: bool) -> dict:
    """Everything ``questions/budget.html`` shows, with every typed value kept."""
    exercise = budget_exercise(spec)
    typed = _typed(spec, raw, exercise)
    starts = _starts(spec, raw, typed)
    amounts = _parsed(exercise, typed)
    kept = set(_get(raw, part_field(spec, "keep")))
    errors = budget_check(spec, raw)[2] if show_errors else {}
    change, _ = revenue_parse(exercise, _one(raw, part_field(spec, REVENUE)))
    change = change or Decimal(0)
    envelope = exercise.envelope(change)
    groups: list[dict] = []
    for line in exercise.lines:
        field = line_field(spec, line.reference)
        value = amounts[line.reference]
        if not groups or groups[-1]["name"] != line.group:
            groups.append({"name": line.group, "lines": []})
        groups[-1]["lines"].append(
            {
                "reference": line.reference,
                "line": line,
                "field": field,
                "value": typed[line.reference],
                "start_field": part_field(spec, f"start-{line.reference}"),
                "start": starts[line.reference],
                "kept": line.reference in kept,
                "current": amount_format(exercise, line.current),
                "minimum": amount_format(exercise, line.minimum),
                "maximum": amount_format(exercise, line.maximum),
                "step": amount_format(exercise, line.step),
                "plain": {
                    "min": amount_plain(exercise, line.minimum),
                    "max": amount_plain(exercise, line.maximum),
                    "step": amount_plain(exercise, line.step),
                },
                "consequence": consequence_for(line, value if value is not None else line.current),
                "error": errors.get(line.reference),
                "why": None,
            }
        )
    complete = all(v is not None for v in amounts.values())
    total = sum(v for v in amounts.values() if v is not None)
    low, high = exercise.rule.bounds(envelope)
    context = {
        "exercise": exercise,
        "groups": groups,
        "rule_text": rule_text(exercise, envelope),
        "envelope_field": part_field(spec, ENVELOPE),
        "envelope_value": amount_plain(exercise, exercise.base_envelope),
        "keep_field": part_field(spec, "keep"),
        "complete": complete,
        "total": amount_format(exercise, total),
        "left": amount_format(exercise, max(0, envelope - total)),
        "over": amount_format(exercise, total - envelope) if total > envelope else "",
        "within_rule": complete and low <= total <= high,
        "projection": projection_rows(exercise, amounts) if complete else [],
        "overall_error": " ".join(errors[k] for k in (NON_FIELD, REVENUE, BAND) if k in errors),
        "revenue": None,
        "error_items": [
            (line_field(spec, ref), f"{exercise.line(ref).name}: {message}")
            for ref, message in errors.items()
            if ref in exercise.references
        ],
        "overall_why": None,
    }
    if NON_FIELD in errors:
        context["error_items"].insert(0, (f"{spec.field_name}-totals", errors[NON_FIELD]))
    for part in (REVENUE, BAND):
        if part in errors:
            context["error_items"].append((part_field(spec, part), errors[part]))
    context["script_data"] = script_data(exercise)
    context["data_id"] = f"{spec.field_name}-data"
    if exercise.revenue is not None:
        band = _one(raw, part_field(spec, BAND)) or ""
        context["revenue"] = {
            "field": part_field(spec, REVENUE),
            "label": exercise.revenue.label,
            "options": _revenue_options(exercise, change),
            "band_field": part_field(spec, BAND),
            "bands": [
                {"value": b, "selected": b == band}
                for b in exercise.revenue.household_cost_per_step
            ],
            "household": _household(exercise, change, band),
            "error": errors.get(REVENUE) or errors.get(BAND),
        }
    return context


def script_data(exercise: Exercise) -> dict:
    """What budget.mjs needs to preview totals: amounts in smallest units, exact ratios."""
    rule, revenue = exercise.rule, exercise.revenue
    return {
        "unit": exercise.unit,
        "decimals": exercise.decimals,
        "base": exercise.base_envelope,
        "rule": {
            "kind": rule.kind,
            "tolerance": rule.tolerance,
            "share": [rule.min_share.numerator, rule.min_share.denominator],
        },
        "revenue": None
        if revenue is None
        else {
            "step": str(revenue.step),
            "yield": revenue.yield_per_step,
            "bands": {b: str(c) for b, c in revenue.household_cost_per_step.items()},
        },
        "lines": [
            {
                "ref": line.reference,
                "name": line.name,
                "current": line.current,
                "consequences": [[c.text, c.lower, c.upper] for c in line.consequences],
            }
            for line in exercise.lines
        ],
        "knock_ons": [
            [k.source, k.target, k.coefficient.numerator, k.coefficient.denominator, k.year]
            for k in exercise.knock_ons
        ],
    }


def budget_nest(fields: list[dict]) -> list[dict]:
    """Put each "why" field inside its budget: the overall one after the lines, a
    line's inside that line. Returns the fields the page lists at the top level."""
    budgets = {f["spec"].id: f for f in fields if f["spec"].kind == "budget"}
    top = []
    for f in fields:
        parent = budgets.get(f["spec"].within)
        if parent is None:
            top.append(f)
            continue
        suffix = f["spec"].id.removeprefix(f"{parent['spec'].id}-why")
        if not suffix:
            parent["budget"]["overall_why"] = f
            continue
        for group in parent["budget"]["groups"]:
            for line in group["lines"]:
                if suffix == f"-{line['reference']}":
                    line["why"] = f
    return top

"""Which edits of an answered budget would change the meaning of its answers (no Django).

Stored answers are amounts per line reference, in smallest units, checked against
the lines' bounds and steps, the envelope and the rule. Once a budget has answers,
removing or renaming a line, moving its bounds or step, or changing the envelope,
the unit's decimals, the rule or the revenue range would leave answers that no
longer fit. Names, descriptions, groups, consequences and knock-ons are wording or
display and stay editable. An organiser who needs other lines copies the exercise.
"""

from __future__ import annotations

from collections.abc import Mapping

ERR_LINE_REMOVED = (
    "“{label}” already has answers, so its line “{line}” cannot be deleted or have its "
    "reference changed. Copy the exercise to use different lines."
)
ERR_LINE_CHANGED = (
    "“{label}” already has answers, so the {what} of its line “{line}” cannot change "
    "(wording can). Copy the exercise to use different amounts."
)
ERR_BUDGET_CHANGED = (
    "“{label}” already has answers, so its {what} cannot change. Copy the exercise to use a "
    "different one."
)
ERR_LINE_ADDED = "“{label}” already has answers, so lines cannot be added. Copy the exercise."

_LINE_FIXED = (("minimum", "minimum"), ("maximum", "maximum"), ("step", "step"))
_REVENUE_FIXED = ("minimum", "maximum", "step", "yield_per_step")


def budget_change_errors(label: str, before: Mapping, after: Mapping) -> list[str]:
    """Messages for each edit of ``before`` (the answered budget) that ``after`` makes."""
    errors = []
    old_lines = {line["reference"]: line for line in before.get("lines") or ()}
    new_lines = {line["reference"]: line for line in after.get("lines") or ()}
    for ref, line in old_lines.items():
        edited = new_lines.get(ref)
        if edited is None:
            errors.append(ERR_LINE_REMOVED.format(label=label, line=line["name"]))
            continue
        for key, what in _LINE_FIXED:
            if edited.get(key) != line.get(key):
                errors.append(ERR_LINE_CHANGED.format(label=label, what=what, line=line["name"]))
    if set(new_lines) - set(old_lines):
        # A new line would be missing from every answer already given.
        errors.append(ERR_LINE_ADDED.format(label=label))
    envelope = ("total", "per_head", "population", "decimals")
    if any(before.get(key) != after.get(key) for key in envelope):
        errors.append(ERR_BUDGET_CHANGED.format(label=label, what="total"))
    if (before.get("rule") or {}) != (after.get("rule") or {}):
        errors.append(ERR_BUDGET_CHANGED.format(label=label, what="rule"))
    old_revenue, new_revenue = before.get("revenue"), after.get("revenue")
    if bool(old_revenue) != bool(new_revenue) or (
        old_revenue
        and new_revenue
        and any(old_revenue.get(k) != new_revenue.get(k) for k in _REVENUE_FIXED)
    ):
        errors.append(ERR_BUDGET_CHANGED.format(label=label, what="revenue range"))
    return errors

"""A budget question in a CSV import: a column per line, checked as the page checks it.

Columns are ``<budget reference>:<line reference>`` (amounts in the exercise's unit, as a
resident types them, e.g. ``12.5`` for £12.5m), then ``<budget reference>:_revenue`` (the
change, e.g. ``1.5``) and ``<budget reference>:_band`` where the exercise has a revenue
side. Each row goes through the same ``budget_check`` (``allocation_validate``) as the
online form, and every problem is reported on the line's own column.
"""

from __future__ import annotations

from common.budget import NON_FIELD
from consultations.budget import BAND_ROW, REVENUE_ROW, budget_exercise
from consultations.questions.budget_answers import (
    BAND,
    REVENUE,
    budget_check,
    line_field,
    part_field,
)


def column_name(spec) -> str:
    """As ``import_cells.column_name`` (which reads budgets through this module)."""
    return spec.reference or spec.id


ERR_EMPTY_LINE = "Give an amount for every line of the budget, or leave them all empty."


def budget_columns(spec) -> list[str]:
    """The budget's import columns, in the exercise's line order."""
    name = column_name(spec)
    exercise = budget_exercise(spec)
    columns = [f"{name}:{ref}" for ref in exercise.references]
    if exercise.revenue is not None:
        columns += [f"{name}:{REVENUE_ROW}", f"{name}:{BAND_ROW}"]
    return columns


def _parts(spec) -> dict[str, str]:
    """Column suffix -> form field."""
    exercise = budget_exercise(spec)
    parts = {ref: line_field(spec, ref) for ref in exercise.references}
    if exercise.revenue is not None:
        parts[REVENUE_ROW] = part_field(spec, REVENUE)
        parts[BAND_ROW] = part_field(spec, BAND)
    return parts


def budget_raw(spec, cells: dict[str, str]) -> dict[str, list[str]]:
    """The form values the budget's page would post for this row's cells."""
    name = column_name(spec)
    return {
        field: [cells[f"{name}:{suffix}"]]
        for suffix, field in _parts(spec).items()
        if cells.get(f"{name}:{suffix}")
    }


def budget_problems(spec, cells: dict[str, str]) -> list[tuple[str, str]]:
    """(column, message) for every problem of this row's budget; [] when it is good or empty."""
    name = column_name(spec)
    raw = budget_raw(spec, cells)
    exercise = budget_exercise(spec)
    given = [ref for ref in exercise.references if line_field(spec, ref) in raw]
    if given and len(given) < len(exercise.references):
        missing = [ref for ref in exercise.references if ref not in given]
        return [(f"{name}:{ref}", ERR_EMPTY_LINE) for ref in missing]
    _, _, errors = budget_check(spec, raw)
    out = []
    for key, message in errors.items():
        if key == NON_FIELD:
            out.append((name, message))
        elif key == REVENUE:
            out.append((f"{name}:{REVENUE_ROW}", message))
        elif key == BAND:
            out.append((f"{name}:{BAND_ROW}", message))
        else:
            out.append((f"{name}:{key}", message))
    return out

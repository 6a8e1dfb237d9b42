"""A submitted (or about to be submitted) budget, as a person reads it (no Django).

Used by check-your-answers (an inline SVG bar chart with a table beside it, the years
1-3 projection, the revenue choice and household cost), the receipt page and the
e-mailed receipt (``budget_display``).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from common.budget import amount_format, household_cost
from consultations.budget import budget_exercise
from consultations.budget_text import projection_rows
from consultations.questions import AnswerValue, QuestionSpec
from consultations.questions.budget_answers import budget_stored

CHART_WIDTH = 640
LABEL_WIDTH = 220
BAR_HEIGHT = 14
ROW_HEIGHT = 44


def _change(exercise, yours: int, today: int) -> str:
    if yours == today:
        return "Same as today"
    word = "more" if yours > today else "less"
    return f"{amount_format(exercise, abs(yours - today))} {word}"


def _revenue_text(change: Decimal | None) -> str:
    if change is None:
        return ""
    if change == 0:
        return "No change"
    return f"+{change} %" if change > 0 else f"−{-change} %"


def budget_summary(spec: QuestionSpec, values: Sequence[AnswerValue]) -> dict:
    """The chart, table, projection and revenue lines of a stored budget."""
    exercise = budget_exercise(spec)
    amounts, change, band = budget_stored(spec, values)
    amounts = {ref: amounts.get(ref, 0) for ref in exercise.references}
    scale = max([1, *amounts.values(), *(line.current for line in exercise.lines)])
    room = CHART_WIDTH - LABEL_WIDTH - 10
    rows = []
    for index, line in enumerate(exercise.lines):
        yours = amounts[line.reference]
        top = index * ROW_HEIGHT
        rows.append(
            {
                "name": line.name,
                "today": amount_format(exercise, line.current),
                "yours": amount_format(exercise, yours),
                "change": _change(exercise, yours, line.current),
                "y_today": top + 4,
                "y_yours": top + 4 + BAR_HEIGHT + 2,
                "y_label": top + 4 + BAR_HEIGHT + 4,
                "w_today": max(1, round(room * line.current / scale)),
                "w_yours": max(1, round(room * yours / scale)),
            }
        )
    total = sum(amounts.values())
    envelope = exercise.envelope(change)
    summary = {
        "exercise": exercise,
        "rows": rows,
        "chart_width": CHART_WIDTH,
        "chart_height": len(rows) * ROW_HEIGHT + 8,
        "label_width": LABEL_WIDTH,
        "bar_x": LABEL_WIDTH,
        "bar_height": BAR_HEIGHT,
        "total": amount_format(exercise, total),
        "envelope": amount_format(exercise, envelope),
        "unspent": amount_format(exercise, envelope - total) if total < envelope else "",
        "projection": projection_rows(exercise, amounts),
        "revenue_label": exercise.revenue.label if exercise.revenue else "",
        "revenue": _revenue_text(change) if exercise.revenue else "",
        "household": "",
    }
    if exercise.revenue is not None and band in exercise.revenue.household_cost_per_step:
        cost = household_cost(exercise, change or Decimal(0), band)
        word = "more" if cost > 0 else "less"
        summary["household"] = (
            f"£{abs(cost):.2f} a year {word} for a band {band} household"
            if cost
            else f"No change for a band {band} household"
        )
    return summary


def budget_display(spec: QuestionSpec, values: Sequence[AnswerValue]) -> str:
    """The budget as lines of text, for the summary list and the e-mailed receipt."""
    summary = budget_summary(spec, values)
    lines = [f"{r['name']}: {r['yours']} (today {r['today']})" for r in summary["rows"]]
    lines.append(f"Total: {summary['total']} of {summary['envelope']}")
    if summary["unspent"]:
        lines.append(f"Not spent: {summary['unspent']}")
    if summary["revenue"]:
        lines.append(f"{summary['revenue_label']}: {summary['revenue']}")
    if summary["household"]:
        lines.append(summary["household"])
    return "\n".join(lines)

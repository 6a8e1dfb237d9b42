"""What a question's template needs: its current values, however they were given."""

from collections.abc import Mapping, Sequence

from consultations.budget import budget_exercise
from consultations.budget_page import budget_context
from consultations.questions import AnswerValue, QuestionSpec
from consultations.questions.budget_answers import budget_raw_from_answers, line_field


def raw_from_answers(spec: QuestionSpec, values: Sequence[AnswerValue]) -> dict[str, list[str]]:
    """The form values that would give back ``values`` (to refill a page)."""
    name = spec.field_name
    main = [a for a in values if a.row != "other"]
    other = [a.value for a in values if a.row == "other"]
    raw: dict[str, list[str]] = {}
    if spec.kind == "budget":
        return budget_raw_from_answers(spec, values)
    if spec.kind == "date" and main:
        year, month, day = main[0].value.split("-")
        raw = {
            f"{name}-day": [day.lstrip("0")],
            f"{name}-month": [month.lstrip("0")],
            f"{name}-year": [year],
        }
    elif spec.kind == "ranking":
        for index, option in enumerate(spec.options):
            rank = next((a.number for a in main if a.value == option), None)
            if rank is not None:
                raw[f"{name}-{index}"] = [str(int(rank))]
    elif spec.kind == "matrix":
        for index, row in enumerate(spec.rows):
            given = next((a.value for a in main if a.row == row), None)
            if given is not None:
                raw[f"{name}-{index}"] = [given]
    else:
        raw[name] = [a.value for a in main]
    if other:
        raw[f"{name}-other"] = other
    return raw


def _get(raw: Mapping, key: str) -> list[str]:
    if hasattr(raw, "getlist"):
        return raw.getlist(key)
    value = raw.get(key, [])
    return [value] if isinstance(value, str) else list(value)


def condition_context(spec: QuestionSpec, source: QuestionSpec) -> dict[str, str]:
    """What a conditional question's field says of its condition, and how a page reveals it.

    ``source`` is the question the condition names (``questions.condition_source``).
    """
    return {
        "field": source.field_name,
        "values": "|".join(spec.show_if.values),
        "label": source.label,
        "answers": " or ".join(f"“{v}”" for v in spec.show_if.values),
    }


def anchor(spec: QuestionSpec) -> str:
    """The id of a question's first input, for error-summary and "change" links."""
    name = spec.field_name
    if spec.kind in ("short_text", "long_text", "number", "postcode", "consent"):
        return name
    if spec.kind == "date":
        return f"{name}-day"
    if spec.kind == "budget":
        return line_field(spec, budget_exercise(spec).references[0])
    return f"{name}-0"


def field_context(spec: QuestionSpec, raw: Mapping, error: str | None) -> dict:
    """Everything the question templates show, with what the person typed kept."""
    name = spec.field_name
    values = _get(raw, name)
    chosen = set(values)
    context = {
        "spec": spec,
        "name": name,
        "error": error,
        "value": values[0] if values else "",
        "other": (_get(raw, f"{name}-other") or [""])[0],
        "template": f"consultations/questions/{spec.kind}.html",
        "anchor": anchor(spec),
        "described_by": " ".join(
            part
            for part, present in ((f"{name}-hint", spec.hint), (f"{name}-error", error))
            if present
        ),
    }
    if spec.kind in ("single_choice", "multiple_choice", "demographic", "scale"):
        labels = {}
        if spec.kind == "scale":
            points = list(spec.scale_points)
            labels = {str(points[0]): spec.min_label, str(points[-1]): spec.max_label}
        context["options"] = [
            {
                "value": option,
                "label": labels.get(option, ""),
                "checked": option in chosen,
                "id": f"{name}-{index}",
            }
            for index, option in enumerate(spec.choices)
        ]
    elif spec.kind == "ranking":
        context["ranks"] = [
            {"index": i, "option": o, "value": (_get(raw, f"{name}-{i}") or [""])[0]}
            for i, o in enumerate(spec.options)
        ]
        context["rank_choices"] = [str(n) for n in range(1, len(spec.options) + 1)]
    elif spec.kind == "matrix":
        context["rows"] = [
            {"index": i, "row": r, "value": (_get(raw, f"{name}-{i}") or [""])[0]}
            for i, r in enumerate(spec.rows)
        ]
    elif spec.kind == "budget":
        context["budget"] = budget_context(spec, raw, show_errors=error is not None)
    elif spec.kind == "date":
        parts = {p: (_get(raw, f"{name}-{p}") or [""])[0] for p in ("day", "month", "year")}
        context["date_parts"] = [
            ("day", "Day", 2, parts["day"]),
            ("month", "Month", 2, parts["month"]),
            ("year", "Year", 4, parts["year"]),
        ]
    return context

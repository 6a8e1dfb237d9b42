"""A consultation's questions as specs, their versions, and safe-edit checks (no Django)."""

import dataclasses
import datetime as dt
import hashlib
import json

from consultations.budget_lock import budget_change_errors
from consultations.questions import Condition, QuestionSpec


def page_specs(stream) -> list[QuestionSpec]:
    """The questions in a StreamField, numbered into pages by sections that start one."""
    specs, page, seen_question = [], 0, False
    for child in stream:
        if child.block_type == "section":
            if child.value.get("new_page") and seen_question:
                page += 1
            continue
        made = child.block.spec(child.value, child.id, page)
        # A budget block gives its budget and the "why" questions that go with it.
        specs.extend(made if isinstance(made, list) else [made])
        seen_question = True
    return specs


def sections(stream) -> dict[int, list[dict]]:
    """Section headings and text, by the page they open."""
    out, page, seen_question = {}, 0, False
    for child in stream:
        if child.block_type == "section":
            if child.value.get("new_page") and seen_question:
                page += 1
            out.setdefault(page, []).append(
                {"heading": child.value["heading"], "text": child.value.get("text") or ""}
            )
        else:
            seen_question = True
    return out


def spec_to_dict(spec: QuestionSpec) -> dict:
    data = dataclasses.asdict(spec)
    for key in ("min_date", "max_date"):
        if data[key]:
            data[key] = data[key].isoformat()
    data["population_shares"] = dict(spec.population_shares)
    # Left out when unset, so questions saved before these options keep their digest.
    for key, empty in (("results_filter", False), ("budget", {}), ("within", "")):
        if data[key] == empty:
            del data[key]
    return data


def spec_from_dict(data: dict) -> QuestionSpec:
    data = dict(data)
    for key in ("options", "rows"):
        data[key] = tuple(data.get(key) or ())
    for key in ("min_date", "max_date"):
        if data.get(key):
            data[key] = dt.date.fromisoformat(data[key])
    if data.get("show_if"):
        cond = data["show_if"]
        data["show_if"] = Condition(reference=cond["reference"], values=tuple(cond["values"]))
    return QuestionSpec(**data)


def schema_of(specs: list[QuestionSpec]) -> tuple[list[dict], str]:
    schema = [spec_to_dict(s) for s in specs]
    digest = hashlib.sha256(json.dumps(schema, sort_keys=True).encode()).hexdigest()
    return schema, digest


ERR_KIND_CHANGED = "“{label}” already has answers, so its type cannot change. Add a new question."
ERR_OPTION_REMOVED = (
    "“{label}” already has answers, so its options cannot be removed or renamed "
    "({missing}). You can add options."
)
ERR_QUESTION_REMOVED = (
    "“{label}” already has answers, so it cannot be deleted. Close the consultation "
    "or start a new one."
)


def schema_change_errors(
    *, answered: set[str], latest_schema: list[dict] | None, specs: list[QuestionSpec]
) -> list[str]:
    """Edits that would corrupt existing answers: changed types, removed options or rows.

    ``answered`` are the ids of questions with answers, ``latest_schema`` the saved version
    they were given under (None if there is none), ``specs`` the questions as edited.
    """
    if not answered or latest_schema is None:
        return []
    old = {d["id"]: spec_from_dict(d) for d in latest_schema}
    new = {s.id: s for s in specs}
    errors = []
    for qid in answered & old.keys():
        before, after = old[qid], new.get(qid)
        if after is None:
            errors.append(ERR_QUESTION_REMOVED.format(label=before.label))
        elif after.kind != before.kind:
            errors.append(ERR_KIND_CHANGED.format(label=before.label))
        elif after.kind == "budget":
            errors.extend(budget_change_errors(before.label, before.budget, after.budget))
        else:
            missing = [
                o for o in before.options + before.rows if o not in after.options + after.rows
            ]
            if missing:
                errors.append(
                    ERR_OPTION_REMOVED.format(label=before.label, missing=", ".join(missing))
                )
    return errors

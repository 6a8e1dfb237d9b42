"""Consultation pages with every question type, built in code (never from migrations)."""

import json
import uuid

from consultations.models import ConsultationIndexPage, ConsultationPage


def _block(kind, value, block_id=None):
    return {"type": kind, "value": value, "id": block_id or str(uuid.uuid4())}


def every_question_type() -> list[dict]:
    """One of each question kind over two pages, with a conditional question."""
    return [
        _block("section", {"heading": "About caring", "text": "", "new_page": True}),
        _block(
            "single_choice",
            {
                "label": "Do you look after someone?",
                "hint": "",
                "required": True,
                "reference": "carer",
                "options": ["Yes", "No"],
                "allow_other": False,
                "show_if": {"reference": "", "values": ""},
            },
            "q-carer",
        ),
        _block(
            "long_text",
            {
                "label": "What would help you care for them?",
                "hint": "",
                "required": False,
                "reference": "help",
                "max_length": 3000,
                "show_if": {"reference": "carer", "values": "Yes"},
            },
            "q-help",
        ),
        _block(
            "multiple_choice",
            {
                "label": "Which services have you used?",
                "hint": "",
                "required": False,
                "reference": "used",
                "options": ["GP", "Day centre", "Respite care"],
                "allow_other": True,
                "max_choices": None,
                "show_if": {"reference": "", "values": ""},
            },
            "q-used",
        ),
        _block(
            "scale",
            {
                "label": "Support for carers is good enough",
                "hint": "",
                "required": False,
                "reference": "support",
                "min_value": 1,
                "max_value": 5,
                "min_label": "Strongly disagree",
                "max_label": "Strongly agree",
                "show_if": {"reference": "", "values": ""},
            },
            "q-scale",
        ),
        _block(
            "ranking",
            {
                "label": "Rank these priorities",
                "hint": "",
                "required": False,
                "reference": "rank",
                "options": ["Prevention", "Community services", "Hospitals"],
                "show_if": {"reference": "", "values": ""},
            },
            "q-rank",
        ),
        _block(
            "matrix",
            {
                "label": "How easy is it to…",
                "hint": "",
                "required": False,
                "reference": "easy",
                "options": ["Easy", "Hard"],
                "rows": ["find information", "get a break"],
                "show_if": {"reference": "", "values": ""},
            },
            "q-matrix",
        ),
        _block("section", {"heading": "About you", "text": "", "new_page": True}),
        _block(
            "short_text",
            {
                "label": "Your town",
                "hint": "",
                "required": False,
                "reference": "town",
                "show_if": {"reference": "", "values": ""},
            },
            "q-town",
        ),
        _block(
            "number",
            {
                "label": "Hours a week spent caring",
                "hint": "",
                "required": False,
                "reference": "hours",
                "min_value": "0",
                "max_value": "168",
                "whole_number": True,
                "show_if": {"reference": "", "values": ""},
            },
            "q-hours",
        ),
        _block(
            "date",
            {
                "label": "When did you start caring?",
                "hint": "",
                "required": False,
                "reference": "since",
                "min_date": None,
                "max_date": None,
                "show_if": {"reference": "", "values": ""},
            },
            "q-date",
        ),
        _block(
            "postcode",
            {
                "label": "Your postcode",
                "hint": "",
                "required": False,
                "reference": "postcode",
                "show_if": {"reference": "", "values": ""},
            },
            "q-postcode",
        ),
        _block(
            "demographic",
            {
                "label": "Your age",
                "hint": "",
                "required": False,
                "reference": "age",
                "options": [
                    {"label": "Under 40", "population_share": "45"},
                    {"label": "40 to 64", "population_share": "33"},
                    {"label": "65 or over", "population_share": "22"},
                ],
                "show_if": {"reference": "", "values": ""},
            },
            "q-age",
        ),
        _block(
            "consent",
            {
                "label": "I agree that my answers are used as described",
                "hint": "",
                "required": True,
                "reference": "consent",
                "show_if": {"reference": "", "values": ""},
            },
            "q-consent",
        ),
    ]


def consultation_index(home) -> ConsultationIndexPage:
    existing = ConsultationIndexPage.objects.child_of(home).first()
    if existing:
        return existing
    return home.add_child(
        instance=ConsultationIndexPage(title="Consultations", slug="consultations")
    )


def make_consultation(home, *, questions=None, slug=None, **fields) -> ConsultationPage:
    index = consultation_index(home)
    defaults = {
        "title": "Caring Essex residents' survey",
        "slug": slug or f"survey-{uuid.uuid4().hex[:6]}",
        "summary": "Tell us what would help people who care.",
        "data_controller": "Essex County Council",
        "privacy_summary": "To plan carers' services. Public task. Kept for 2 years.",
        "questions": json.dumps(questions if questions is not None else every_question_type()),
    }
    defaults.update(fields)
    page = index.add_child(instance=ConsultationPage(**defaults))
    page.save_revision().publish()
    return ConsultationPage.objects.get(pk=page.pk)


def budget_line(reference, name, current, minimum, maximum, step="1", **extra) -> dict:
    """One line of a budget block's value, amounts as typed in the unit (e.g. "12.5")."""
    return {
        "reference": reference,
        "name": name,
        "group": extra.pop("group", ""),
        "description": extra.pop("description", ""),
        "current": str(current),
        "minimum": str(minimum),
        "maximum": str(maximum),
        "step": str(step),
        "statutory": extra.pop("statutory", False),
        "statutory_reason": extra.pop("statutory_reason", ""),
        "consequences": extra.pop("consequences", []),
        **extra,
    }


def precept_revenue(**overrides) -> dict:
    """Council tax from -5 % to +5 % in 0.5 % steps, each step raising £1.0m."""
    value = {
        "offer": True,
        "label": "Council tax change",
        "minimum": "-5",
        "maximum": "5",
        "step": "0.5",
        "yield_per_step": "1.0",
        "bands": [
            {"band": "A", "cost_per_step": "4.10"},
            {"band": "D", "cost_per_step": "6.15"},
        ],
    }
    value.update(overrides)
    return value


def care_budget_value(**overrides) -> dict:
    """A budget block's value: £100.0m over three lines in £m with one decimal place.

    Prevention moves in £0.5m steps, adult social care has a Care Act floor of £40.0m
    and consequence texts, and cuts to prevention knock on to the other two lines.
    """
    value = {
        "label": "Create a care budget",
        "hint": "Share out £100m between the services.",
        "required": True,
        "reference": "care-budget",
        "unit": "£m",
        "decimals": 1,
        "envelope": "total",
        "total": "100.0",
        "per_head": None,
        "population": None,
        "rule": "exact",
        "tolerance": None,
        "min_share": None,
        "lines": [
            budget_line("prevention", "Prevention", "20", "5", "40", "0.5", group="Prevention"),
            budget_line(
                "adult-social-care",
                "Adult social care",
                "50",
                "40",
                "70",
                "0.1",
                group="Care",
                statutory=True,
                statutory_reason="the Care Act 2014 duty to meet eligible needs",
                consequences=[
                    {"text": "Waiting lists for assessments grow.", "lower": None, "upper": "45"},
                    {"text": "Assessments within four weeks.", "lower": "45", "upper": None},
                ],
            ),
            budget_line("hospital", "Hospital care", "30", "10", "50", "0.1", group="Care"),
        ],
        "knock_ons": [
            {
                "source": "prevention",
                "target": "adult-social-care",
                "coefficient": "0.6",
                "year": "2",
            },
            {"source": "prevention", "target": "hospital", "coefficient": "0.4", "year": "3"},
        ],
        "revenue": {"offer": False, "bands": []},
        "ask_why": True,
        "why_label": "Why did you choose this budget?",
        "ask_why_per_line": False,
    }
    value.update(overrides)
    return value


BUDGET_BLOCK_ID = "budget-care"


def make_budget_consultation(home, *, budget=None, block_id=BUDGET_BLOCK_ID, **fields):
    """A one-page consultation whose question is a budget (``care_budget_value`` by default)."""
    questions = [_block("budget", budget or care_budget_value(), block_id)]
    fields.setdefault("title", "Create a care budget")
    return make_consultation(home, questions=questions, **fields)

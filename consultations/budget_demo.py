"""Demo: "Create a care budget for Essex", a budget exercise in two rounds with answers.

The page and its pattern of answers are data (``demo_data/care_budget*.json``); this
module turns them into a published ``ConsultationPage`` and synthetic submissions that
go through the same cleaning and ``response_submit`` as a resident's form. A panel of
signed-in residents answers both rounds (before the assembly and after deliberation),
so their budgets pair; others answer one round. Idempotent: the page is found by slug
and each submission's key is derived from its round and number.
"""

import datetime as dt
import json
import random
import uuid
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from common import demographics
from consultations.budget import amount_plain, budget_exercise
from consultations.budget_demo_residents import resident_budget, resident_demographics
from consultations.models import Channel, ConsultationPage, Response, ResponseStatus
from consultations.questions import clean_questions
from consultations.questions.budget_answers import line_field, part_field
from consultations.results_services import results_snapshot_refresh
from consultations.services import response_submit

DATA = Path(__file__).resolve().parent / "demo_data"
NAMESPACE = uuid.UUID("0b5d3c52-7f0e-4f57-9d55-2a6f3e1c9b14")
SLUG = "create-a-care-budget"
PRIVACY = (
    "We use your budget and your reasons to plan health and care in Essex (public task). "
    "We publish only totals, never figures about fewer than 10 people. Answers are kept "
    "for two years, then deleted."
)


def demo_data(name: str = "care_budget") -> dict:
    return json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))


def _id(ref: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"{SLUG}:{ref}"))


def page_questions(page_data: dict) -> list[dict]:
    """The page's StreamField: the budget, then a page of voluntary demographic questions."""
    budget = page_data["budget"]
    stream = [{"type": "budget", "id": _id(budget["reference"]), "value": budget}]
    stream.append(
        {
            "type": "section",
            "id": _id("section:about-you"),
            "value": {
                "heading": "About you",
                "text": "These questions are voluntary. They show us who we have heard from.",
                "new_page": True,
            },
        }
    )
    for key in page_data["demographics"]:
        category = demographics.category(key)
        options = [
            {"label": b.label, "population_share": str(b.census_share)} for b in category.bands
        ]
        value = {
            "label": category.question,
            "hint": category.hint,
            "required": False,
            "reference": key,
            "show_if": {"reference": "", "values": ""},
            "options": options,
        }
        stream.append({"type": "demographic", "id": _id(key), "value": value})
    return stream


def _page(index, page_data: dict) -> ConsultationPage:
    existing = ConsultationPage.objects.child_of(index).filter(slug=SLUG).first()
    if existing:
        return existing
    opens = (timezone.now() - dt.timedelta(days=page_data["open_days_ago"])).replace(
        hour=9, minute=0, second=0, microsecond=0
    )
    page = index.add_child(
        instance=ConsultationPage(
            slug=SLUG,
            title=page_data["title"],
            summary=page_data["summary"],
            intro=page_data["intro"],
            thank_you=page_data["thank_you"],
            opens_at=opens,
            closes_at=opens + dt.timedelta(days=page_data["open_days"]),
            data_controller="Essex County Council",
            privacy_summary=PRIVACY,
            questions=json.dumps(page_questions(page_data)),
            rounds=json.dumps(
                [
                    {"type": "round", "value": {"reference": ref, "label": label}}
                    for ref, label in page_data["rounds"]
                ]
            ),
            current_round=page_data["current_round"],
        )
    )
    page.save_revision().publish()
    return ConsultationPage.objects.get(pk=page.pk)


def resident_form(specs, budget, people: dict[str, str]) -> dict[str, list[str]]:
    """The form a resident would post for ``budget`` and their demographic answers."""
    spec = next(s for s in specs if s.kind == "budget")
    exercise = budget_exercise(spec)
    raw = {
        line_field(spec, ref): [amount_plain(exercise, value)]
        for ref, value in budget.amounts.items()
    }
    if budget.revenue_change is not None:
        raw[part_field(spec, "revenue")] = [str(budget.revenue_change)]
    if budget.band:
        raw[part_field(spec, "band")] = [budget.band]
    whys = {s.id: s for s in specs if s.within == spec.id}
    if budget.why and f"{spec.id}-why" in whys:
        raw[whys[f"{spec.id}-why"].field_name] = [budget.why]
    for ref, text in budget.line_why.items():
        if f"{spec.id}-why-{ref}" in whys:
            raw[whys[f"{spec.id}-why-{ref}"].field_name] = [text]
    by_ref = {s.reference: s for s in specs}
    for key, label in people.items():
        raw[by_ref[key].field_name] = [label]
    return raw


def _channel(rng, weights: dict) -> str:
    return rng.choices([Channel(c) for c in weights], list(weights.values()))[0]


def _panel(count: int) -> list:
    """Signed-in residents who answer both rounds (no password: they cannot sign in)."""
    users = []
    for n in range(1, count + 1):
        username = f"care-budget-panel-{n:02d}"
        user, made = get_user_model().objects.get_or_create(
            username=username,
            defaults={"email": f"{username}@example.invalid", "display_name": f"Panel {n}"},
        )
        if made:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        users.append(user)
    return users


def _submit(page, specs, budget, people, *, key, user, round, channel, when, rng):
    answers, errors = clean_questions(specs, resident_form(specs, budget, people))
    if errors:  # pragma: no cover - the generator only makes valid budgets
        raise ValueError(f"Demo budget {key} is invalid: {errors}")
    response_submit(
        page=page,
        user=user,
        answers=answers,
        submission_key=uuid.uuid5(NAMESPACE, f"{SLUG}:{key}"),
        channel=channel,
        publish_consent=rng.random() < 0.7,
        wants_outcome=rng.random() < 0.3,
        now=when,
        results_refresh=False,
        round=round,
    )


def _responses(page, residents: dict, *, panel, resident=None, scale=1.0) -> int:
    """Every synthetic submission of both rounds; the count made (0 when already there)."""
    if Response.objects.filter(page=page, status=ResponseStatus.SUBMITTED).exists():
        return 0
    specs = page.specs()
    exercise = budget_exercise(next(s for s in specs if s.kind == "budget"))
    rng = random.Random(residents["seed"])
    keys = [s.reference for s in specs if s.kind == "demographic"]
    opens = page.opens_at
    rounds = residents["rounds"]
    made = 0

    def when(first_day, last_day):
        return opens + dt.timedelta(seconds=rng.randint(first_day * 86400, last_day * 86400))

    members = [*panel, *([resident] if resident else [])]
    before_of = {}
    for n, user in enumerate(members):  # the panel's first round, and the demo resident's
        people = resident_demographics(rng, keys)
        carer = people.get("carer") == "Yes"
        budget = resident_budget(rng, exercise, rounds["before"], residents, carer=carer)
        before_of[user.pk] = (budget, people)
        channel = _channel(rng, rounds["before"]["channels"])
        _submit(
            page,
            specs,
            budget,
            people,
            key=f"before:panel:{n}",
            user=user,
            round="before",
            channel=channel,
            when=when(1, 30),
            rng=rng,
        )
        made += 1
    for n, user in enumerate(panel):  # after deliberation: from their own first budget
        first, people = before_of[user.pk]
        budget = resident_budget(
            rng,
            exercise,
            rounds["after"],
            residents,
            carer=people.get("carer") == "Yes",
            deliberated=True,
            start=first.amounts,
        )
        channel = _channel(rng, rounds["after"]["channels"])
        _submit(
            page,
            specs,
            budget,
            people,
            key=f"after:panel:{n}",
            user=user,
            round="after",
            channel=channel,
            when=when(36, 55),
            rng=rng,
        )
        made += 1
    for round, days in (("before", (1, 30)), ("after", (36, 55))):
        pattern = rounds[round]
        for n in range(round_count(pattern["anonymous"], scale)):
            people = resident_demographics(rng, keys)
            budget = resident_budget(
                rng, exercise, pattern, residents, carer=people.get("carer") == "Yes"
            )
            channel = _channel(rng, pattern["channels"])
            _submit(
                page,
                specs,
                budget,
                people,
                key=f"{round}:{n}",
                user=None,
                round=round,
                channel=channel,
                when=when(*days),
                rng=rng,
            )
            made += 1
    return made


def round_count(count: int, scale: float) -> int:
    return max(1, round(count * scale))


@transaction.atomic
def demo_care_budget(index, *, resident=None, scale: float = 1.0) -> ConsultationPage:
    """Add the care budget under the consultations ``index``, with its answers and results.

    ``resident`` (the demo resident) has answered the first round, so signing in as
    them shows the second round and what pairing means. ``scale`` shrinks the numbers
    of synthetic residents (tests use a tenth).
    """
    page = _page(index, demo_data())
    residents = demo_data("care_budget_residents")
    panel = _panel(round_count(residents["panel"], scale))
    if _responses(page, residents, panel=panel, resident=resident, scale=scale):
        results_snapshot_refresh(page)
    return page

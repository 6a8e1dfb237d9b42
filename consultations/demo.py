"""Demo consultations: the "Caring Essex residents' survey" and a closed one with results.

``demo_consultations(home)`` is idempotent: pages are found by slug, and every synthetic
response has a submission key derived from its number, so a second run saves nothing new.
Responses go through ``response_submit``, the same checks as a resident's answers.
"""

import datetime as dt
import json
import random
import uuid

from django.db import transaction
from django.utils import timezone

from common import demographics
from consultations.models import (
    Channel,
    ConsultationIndexPage,
    ConsultationPage,
    Response,
    ResponseStatus,
)
from consultations.questions import clean_questions
from consultations.services import response_submit

SURVEY_SLUG = "caring-essex-residents-survey"
CLOSED_SLUG = "who-will-care-priorities"
SURVEY_RESPONSES = 400
CLOSED_RESPONSES = 120
SEED = 960  # the Caring Communities Commission's residents' survey had 960 answers
NAMESPACE = uuid.UUID("6a1c1f4e-2c55-4b8e-9d0c-5a4d3c2b1a00")
NO_CONDITION = {"reference": "", "values": ""}

CARER_VALUES = "Yes"
# The shared categories (common.demographics): the same bands and census shares as the
# assembly's selection categories, so the two breakdowns can be read together.
AGE, SEX, ETHNICITY, DISABILITY, CARER = (
    demographics.category(key).shares for key in ("age", "sex", "ethnicity", "disability", "carer")
)
PRIORITIES = [
    "Prevention and staying well",
    "Community services",
    "Social care",
    "Hospitals",
    "Support for unpaid carers",
]
USED = [
    "GP surgery",
    "Hospital",
    "Social care at home",
    "Day centre",
    "Respite care or a carers' break",
    "Community or voluntary group",
]
EASY_ROWS = [
    "get a GP appointment",
    "find information about support",
    "get a break from caring",
    "travel to appointments",
]
EASY_OPTIONS = ["Easy", "Neither easy nor hard", "Hard", "Does not apply"]


def _id(slug: str, ref: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"{slug}:{ref}"))


def _q(slug, kind, ref, label, *, hint="", required=False, show_if=None, **value):
    return {
        "type": kind,
        "id": _id(slug, ref),
        "value": {
            "label": label,
            "hint": hint,
            "required": required,
            "reference": ref,
            "show_if": show_if or NO_CONDITION,
            **value,
        },
    }


def _section(slug, heading, text=""):
    return {
        "type": "section",
        "id": _id(slug, f"section:{heading}"),
        "value": {"heading": heading, "text": text, "new_page": True},
    }


def _demographic(slug, category: demographics.Category, label="", hint=""):
    """A demographic question on a shared category: its key, bands and census targets."""
    options = [{"label": b.label, "population_share": str(b.census_share)} for b in category.bands]
    return _q(
        slug, "demographic", category.key, label or category.question, hint=hint, options=options
    )


def survey_questions(slug: str = SURVEY_SLUG) -> list[dict]:
    """The survey's StreamField data: four pages, every common question type."""
    carers_only = {"reference": "carer", "values": CARER_VALUES}
    return [
        _section(slug, "Caring in Essex", "Many of us look after someone without being paid."),
        _demographic(
            slug, demographics.CARER, hint="Do not count anything you do as part of paid work."
        ),
        _q(
            slug,
            "number",
            "hours",
            "About how many hours a week do you spend caring?",
            show_if=carers_only,
            min_value="0",
            max_value="168",
            whole_number=True,
        ),
        _q(
            slug,
            "multiple_choice",
            "caring-for",
            "Who do you care for?",
            show_if=carers_only,
            options=["A parent", "A partner", "A child with additional needs", "A friend"],
            allow_other=True,
            max_choices=None,
        ),
        _q(
            slug,
            "long_text",
            "help",
            "What would help you care for someone?",
            hint="For example breaks, information, money, transport or people to talk to.",
            show_if=carers_only,
            max_length=3000,
        ),
        _section(slug, "Services and support"),
        _q(
            slug,
            "multiple_choice",
            "used",
            "Which of these have you, or someone you care for, used in the last year?",
            options=USED,
            allow_other=True,
            max_choices=None,
        ),
        _q(
            slug,
            "scale",
            "info",
            "I know where to find information about care and support",
            min_value=1,
            max_value=5,
            min_label="Strongly disagree",
            max_label="Strongly agree",
        ),
        _q(
            slug,
            "matrix",
            "easy",
            "How easy or hard is it to…",
            options=EASY_OPTIONS,
            rows=EASY_ROWS,
        ),
        _q(
            slug,
            "single_choice",
            "contact",
            "How would you prefer to hear about care and support?",
            options=["Email", "Letter", "Phone", "From my GP surgery"],
            allow_other=True,
        ),
        _section(
            slug,
            "Priorities",
            "The \u201cWho Will Care?\u201d commission asked 100 "
            "residents to create a care budget. Now we are asking everyone.",
        ),
        _q(
            slug,
            "ranking",
            "priorities",
            "Rank these areas for extra spending on care",
            hint="1 is the most important.",
            options=PRIORITIES,
        ),
        _q(
            slug,
            "long_text",
            "change",
            "What would you change first about care and support in Essex?",
            required=True,
            max_length=3000,
        ),
        _q(
            slug,
            "single_choice",
            "assembly",
            "Would you like to hear about joining the Caring Essex Residents' Assembly?",
            options=["Yes", "No", "Maybe"],
            allow_other=False,
        ),
        _section(
            slug,
            "About you",
            "These questions are voluntary. They show us who we "
            "have heard from and who is missing.",
        ),
        _q(slug, "postcode", "postcode", "Your postcode", hint="For example CM1 1QH."),
        _demographic(slug, demographics.AGE),
        _demographic(slug, demographics.SEX),
        _demographic(slug, demographics.ETHNICITY),
        _demographic(slug, demographics.DISABILITY),
        _q(
            slug,
            "consent",
            "consent",
            "I agree that my answers are used as the privacy notice describes",
            required=True,
        ),
    ]


def closed_questions(slug: str = CLOSED_SLUG) -> list[dict]:
    return [
        _q(
            slug,
            "ranking",
            "priorities",
            "Rank these areas for extra spending on care",
            hint="1 is the most important.",
            options=PRIORITIES[:4],
        ),
        _q(
            slug,
            "scale",
            "prevention",
            "More of the care budget should go to helping people stay well",
            min_value=1,
            max_value=5,
            min_label="Strongly disagree",
            max_label="Strongly agree",
        ),
        _q(slug, "long_text", "change", "What would you change first?", max_length=3000),
        _demographic(slug, demographics.AGE),
        _demographic(slug, demographics.CARER, label="Do you look after someone?"),
    ]


PRIVACY = (
    "We use your answers to plan care and support for carers in Essex (public task). "
    "We publish only totals, never figures about fewer than 10 people. Answers are kept "
    "for two years, then deleted."
)


def _page(index, slug, **fields) -> ConsultationPage:
    existing = ConsultationPage.objects.child_of(index).filter(slug=slug).first()
    if existing:
        return existing
    page = index.add_child(
        instance=ConsultationPage(
            slug=slug,
            data_controller="Essex County Council",
            privacy_summary=PRIVACY,
            **fields,
        )
    )
    page.save_revision().publish()
    return ConsultationPage.objects.get(pk=page.pk)


def _index(home) -> ConsultationIndexPage:
    existing = ConsultationIndexPage.objects.child_of(home).first()
    if existing:
        return existing
    index = home.add_child(
        instance=ConsultationIndexPage(
            title="Consultations",
            slug="consultations",
            intro="<p>Have your say on care and support in Essex.</p>",
        )
    )
    index.save_revision().publish()
    return index


def _pick(rng: random.Random, shares: dict, bias: dict | None = None) -> str:
    names = list(shares)
    weights = [shares[n] * (bias or {}).get(n, 1.0) for n in names]
    return rng.choices(names, weights)[0]


def _respondent_raw(rng: random.Random, specs) -> dict[str, list[str]]:
    """One synthetic resident's form values, as the question templates would post them."""
    by_ref = {s.reference: s for s in specs}
    raw: dict[str, list[str]] = {}

    def put(ref, *values):
        raw[by_ref[ref].field_name] = list(values)

    carer = "Yes" if rng.random() < 0.45 else "No"  # carers answer a carers' survey more
    if rng.random() < 0.04:
        carer = "Prefer not to say"
    put("carer", carer)
    if carer == "Yes":
        put("hours", str(int(min(168, rng.lognormvariate(2.8, 0.9)))))
        whom = rng.sample(
            ["A parent", "A partner", "A child with additional needs", "A friend"],
            k=rng.choice([1, 1, 1, 2]),
        )
        if rng.random() < 0.08:
            whom.append("Other")
            raw[by_ref["caring-for"].field_name + "-other"] = [
                rng.choice(["My brother", "A neighbour", "My grandmother", "My aunt"])
            ]
        put("caring-for", *whom)
        if rng.random() < 0.85:
            put("help", free_text(rng, carer=True))
    used = [u for u in USED if rng.random() < (0.5 if u in ("GP surgery", "Hospital") else 0.18)]
    if rng.random() < 0.03:
        used.append("Other")
        raw[by_ref["used"].field_name + "-other"] = [
            rng.choice(["Carers' café", "Dementia support group", "Citizens Advice"])
        ]
    put("used", *used)
    if rng.random() < 0.92:
        put("info", str(rng.choices([1, 2, 3, 4, 5], [18, 27, 25, 20, 10])[0]))
    easy = by_ref["easy"]
    if rng.random() < 0.88:
        for i, row in enumerate(EASY_ROWS):
            weights = [15, 20, 55, 10] if row != "get a break from caring" else [8, 15, 42, 35]
            raw[f"{easy.field_name}-{i}"] = [rng.choices(EASY_OPTIONS, weights)[0]]
    contact = rng.choices(
        ["Email", "Letter", "Phone", "From my GP surgery", "Other"], [45, 20, 12, 20, 3]
    )[0]
    put("contact", contact)
    if contact == "Other":
        raw[by_ref["contact"].field_name + "-other"] = [rng.choice(["Text message", "Facebook"])]
    if rng.random() < 0.9:
        # Prevention, community services and social care came first in "Who Will Care?".
        weight = dict(zip(PRIORITIES, [3.0, 2.4, 2.2, 1.6, 2.0], strict=True))
        order = sorted(PRIORITIES, key=lambda p: -weight[p] * rng.random())
        ranking = by_ref["priorities"]
        for i, option in enumerate(ranking.options):
            raw[f"{ranking.field_name}-{i}"] = [str(order.index(option) + 1)]
    put("change", free_text(rng, carer=carer == "Yes", change=True))
    put("assembly", rng.choices(["Yes", "No", "Maybe"], [25, 45, 30])[0])
    if rng.random() < 0.8:
        put("postcode", _postcode(rng))
    put("age", _pnts(rng, _pick(rng, AGE, {"16 to 24": 0.4, "65 to 74": 1.5, "75 or over": 1.3})))
    put("sex", _pnts(rng, _pick(rng, SEX, {"Female": 1.5})))
    put("ethnicity", _pnts(rng, _pick(rng, ETHNICITY, {"White": 1.05})))
    put("disability", _pnts(rng, _pick(rng, DISABILITY, {"No": 0.7})))
    put("consent", "yes")
    return raw


def _pnts(rng, value):
    return "Prefer not to say" if rng.random() < 0.05 else value


POSTCODE_AREAS = [
    "CM1",
    "CM2",
    "CM7",
    "CM20",
    "CO1",
    "CO4",
    "CO15",
    "SS1",
    "SS14",
    "SS8",
    "RM14",
    "IG10",
    "CB10",
    "CM12",
]


def _postcode(rng):
    letters = "ABDEFGHJLNPQRSTUWXYZ"
    return f"{rng.choice(POSTCODE_AREAS)} {rng.randint(1, 9)}{rng.choice(letters)}" + rng.choice(
        letters
    )


CHANNELS = [Channel.ONLINE, Channel.PAPER, Channel.PHONE, Channel.EVENT]


def _responses(page, count, make_raw, *, seed, start, days, channel_weights):
    """Submit ``count`` synthetic responses once each (keys derived from their number)."""
    done = Response.objects.filter(page=page, status=ResponseStatus.SUBMITTED).count()
    if done >= count:
        return 0
    specs = page.specs()
    rng = random.Random(seed)
    made = 0
    for n in range(count):
        raw = make_raw(rng, specs)
        channel = rng.choices(CHANNELS, channel_weights)[0]
        when = start + dt.timedelta(seconds=rng.randint(0, days * 86400))
        publish = rng.random() < 0.7
        answers, errors = clean_questions(specs, raw)
        if errors:  # pragma: no cover - the generator only makes valid answers
            raise ValueError(f"Demo response {n} is invalid: {errors}")
        key = uuid.uuid5(NAMESPACE, f"{page.slug}:response:{n}")
        response_submit(
            page=page,
            user=None,
            answers=answers,
            submission_key=key,
            channel=channel,
            publish_consent=publish,
            wants_outcome=rng.random() < 0.3,
            now=when,
        )
        made += 1
    return made


def _closed_raw(rng, specs):
    by_ref = {s.reference: s for s in specs}
    raw = {}
    ranking = by_ref["priorities"]
    weight = dict(zip(PRIORITIES[:4], [3.0, 2.5, 2.3, 1.4], strict=True))
    order = sorted(ranking.options, key=lambda p: -weight[p] * rng.random())
    for i, option in enumerate(ranking.options):
        raw[f"{ranking.field_name}-{i}"] = [str(order.index(option) + 1)]
    raw[by_ref["prevention"].field_name] = [
        str(rng.choices([1, 2, 3, 4, 5], [3, 7, 15, 40, 35])[0])
    ]
    raw[by_ref["change"].field_name] = [free_text(rng, carer=rng.random() < 0.4, change=True)]
    raw[by_ref["age"].field_name] = [_pnts(rng, _pick(rng, AGE))]
    raw[by_ref["carer"].field_name] = [_pnts(rng, _pick(rng, CARER, {"Yes": 3}))]
    return raw


@transaction.atomic
def demo_consultations(home, *, responses: int = SURVEY_RESPONSES) -> dict:
    """Add the demo consultations under ``home``; return the pages by slug."""
    index = _index(home)
    now = timezone.now()
    opens = (now - dt.timedelta(days=42)).replace(hour=9, minute=0, second=0, microsecond=0)
    survey = _page(
        index,
        SURVEY_SLUG,
        title="Caring Essex residents' survey",
        summary="Tell us what would help people who look after someone, and what to change first.",
        intro=(
            "<p>The Caring Communities Commission heard from 960 residents in its survey. "
            "This survey asks everyone in Essex what would help people who care for someone, "
            "and where extra money for care should go first. It takes about 10 minutes.</p>"
        ),
        opens_at=opens,
        closes_at=opens + dt.timedelta(days=90),
        questions=json.dumps(survey_questions()),
        thank_you="<p>Thank you. We will publish what we heard, and what we did about it.</p>",
    )
    _responses(
        survey,
        responses,
        _respondent_raw,
        seed=SEED,
        start=opens,
        days=40,
        channel_weights=[78, 12, 5, 5],
    )
    closed_opens = (now - dt.timedelta(days=300)).replace(hour=9, minute=0, second=0, microsecond=0)
    closed = _page(
        index,
        CLOSED_SLUG,
        title="Who Will Care? Care budget priorities",
        summary="Closed: where residents said extra money for care should go. Results are out.",
        intro=(
            "<p>The \u201cWho Will Care?\u201d commission asked 100 residents to create a care "
            "budget; they chose to invest more in prevention, community services and social "
            "care. This follow-up asked everyone the same question.</p>"
        ),
        opens_at=closed_opens,
        closes_at=closed_opens + dt.timedelta(days=60),
        questions=json.dumps(closed_questions()),
    )
    _responses(
        closed,
        min(CLOSED_RESPONSES, max(responses // 3, 30)),
        _closed_raw,
        seed=SEED + 1,
        start=closed_opens,
        days=58,
        channel_weights=[60, 10, 5, 25],
    )
    if not closed.results_published:
        closed.results_published = True
        closed.save_revision().publish()
    return {SURVEY_SLUG: survey, CLOSED_SLUG: closed}


# Free text, composed from phrase banks drawn from what carers told the Caring Communities
# Commission and the Lords committee: breaks, information, money, transport, loneliness, GPs,
# community groups and neighbours, working carers, home care, being listened to.
THEMES = {
    "breaks": [
        "A proper break now and then, even a few hours a week",
        "Respite care that is easy to book and not cancelled at the last minute",
        "Someone to sit with my mum for an afternoon so I can do the shopping",
        "Regular carers' breaks, booked in advance so I can plan",
        "A night's sleep. I have not had a full night in two years",
        "Emergency respite if I am ill myself",
    ],
    "information": [
        "Clear information in one place about what help there is",
        "I did not know I was a carer until a nurse told me. Tell people sooner",
        "One person to call who knows the system, instead of being passed around",
        "Information about benefits and assessments in plain English",
        "A carers' assessment that actually leads to something",
        "Knowing who to ring out of hours",
    ],
    "money": [
        "Carer's Allowance is far too low for what we do",
        "Help with the cost of heating and food, caring costs money",
        "I had to give up work to care and we are struggling financially",
        "Help with parking charges at the hospital",
        "Money advice for carers, the forms are impossible",
    ],
    "transport": [
        "Better buses to the hospital, there is only one a day from our village",
        "Community transport for appointments in rural areas",
        "Help getting my dad to appointments when I cannot drive him",
        "Transport that is accessible for a wheelchair",
        "The journey to Broomfield takes two buses and most of a day",
    ],
    "loneliness": [
        "Caring can be very lonely. Someone to talk to would help",
        "I feel forgotten, nobody asks how I am",
        "A carers' group nearby where I can meet people in the same boat",
        "Befriending for the person I care for, so they see someone else",
        "I have lost touch with my friends since I started caring",
    ],
    "gp": [
        "Being able to get a GP appointment without ringing at 8am for days",
        "A GP who knows us and asks about the carer too",
        "GP surgeries should keep a list of carers and offer them health checks",
        "Face to face appointments, not only phone calls",
        "Prescriptions and repeat medicines sorted without chasing",
    ],
    "community": [
        "More community groups and day centres, so many have closed",
        "Neighbours looking out for each other, like we did in lockdown",
        "Local volunteers who could pop in and check on people",
        "Support the voluntary groups that already do so much",
        "A warm space in the village hall once a week",
        "Social prescribing, it helped my husband get out again",
    ],
    "work": [
        "Employers who understand caring, and flexible hours",
        "Carers' leave from work that is paid",
        "I work full time and care, help outside nine to five would make a difference",
    ],
    "homecare": [
        "Care workers who turn up on time and have time to stay",
        "The same care worker each week, not a new face every visit",
        "Pay care workers properly so they stay in the job",
        "More home care hours so people can stay in their own homes",
        "Better help when someone comes home from hospital",
    ],
    "listening": [
        "Listen to carers, we are the experts in the person we look after",
        "Involve families in decisions about care",
        "Plan care with us, not for us",
        "Treat carers as partners, not visitors",
    ],
    "prevention": [
        "Put more into prevention so people do not end up in hospital",
        "Help people stay well and independent for longer",
        "Falls prevention and adaptations at home before there is a crisis",
        "Spend more on community services and less on crisis",
    ],
}
CARER_THEMES = {
    "breaks": 3,
    "information": 2.5,
    "money": 2,
    "loneliness": 2,
    "transport": 1.5,
    "gp": 1.5,
    "community": 1.5,
    "work": 1.2,
    "homecare": 1.5,
    "listening": 1.2,
    "prevention": 0.5,
}
CHANGE_THEMES = {
    "breaks": 1,
    "information": 1.5,
    "money": 1,
    "loneliness": 1,
    "transport": 2,
    "gp": 3,
    "community": 2,
    "work": 0.5,
    "homecare": 2,
    "listening": 1.5,
    "prevention": 2.5,
}
SHORT = ["Nothing", "n/a", "N/A", "None", "Not sure", "No", "nothing really", "Don't know"]
OPENERS = ["", "", "", "Honestly, ", "For me, ", "Most of all, ", "Simply: "]
JOINERS = [". ", ". Also, ", ". And ", ". ", "; "]


def free_text(rng: random.Random, *, carer: bool, change: bool = False) -> str:
    """A resident's answer in their own words: one to three ideas, or a short "nothing"."""
    if rng.random() < 0.07:
        return rng.choice(SHORT)
    weights = CHANGE_THEMES if change else (CARER_THEMES if carer else CHANGE_THEMES)
    themes = list(weights)
    picked = []
    for _ in range(rng.choices([1, 2, 3], [50, 38, 12])[0]):
        theme = rng.choices(themes, [weights[t] for t in themes])[0]
        if theme not in picked:
            picked.append(theme)
    parts = [rng.choice(THEMES[t]) for t in picked]
    text = (
        rng.choice(OPENERS) + parts[0][0].lower() + parts[0][1:] if rng.random() < 0.3 else parts[0]
    )
    for part in parts[1:]:
        joiner = rng.choice(JOINERS)
        text += joiner + (
            part[0].lower() + part[1:] if joiner in ("; ", ". And ", ". Also, ") else part
        )
    text = text[0].upper() + text[1:]
    return text if rng.random() < 0.3 else text + "."

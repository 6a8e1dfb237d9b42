"""A consultation with one free-text question and one demographic, answered in code."""

import uuid

from analysis.models import SourceKind, ThemeRun
from analysis.services import run_parameters, theme_run_start
from consultations.questions import AnswerValue
from consultations.services import response_submit
from jobs.tasks import job_execute
from tests.consultations.factories import _block, make_consultation

HELP = "q-help"
AGE = "q-age"
AGES = ["Under 40", "40 to 64", "65 or over"]

PARKING = [
    "car parking at the hospital is too expensive",
    "parking costs too much near the surgery",
    "there are no parking spaces at the clinic",
    "parking fees are far too high",
    "cheaper parking please",
    "free parking when visiting",
]
BREAKS = [
    "a regular break from caring for my mum",
    "respite care so I can have a break",
    "a short break every week would help",
    "someone to sit with dad so I get a break",
    "more respite breaks",
    "weekend breaks from caring",
]
TEXTS = PARKING + BREAKS + ["n/a"]


def survey_questions() -> list[dict]:
    none = {"reference": "", "values": ""}
    return [
        _block(
            "long_text",
            {
                "label": "What would help you care?",
                "hint": "",
                "required": False,
                "reference": "help",
                "max_length": 3000,
                "show_if": none,
            },
            HELP,
        ),
        _block(
            "demographic",
            {
                "label": "Your age",
                "hint": "",
                "required": False,
                "reference": "age",
                "options": [{"label": a, "population_share": "33"} for a in AGES],
                "show_if": none,
            },
            AGE,
        ),
    ]


def make_survey(home, **fields):
    return make_consultation(home, questions=survey_questions(), **fields)


def answer(page, text, *, age=None, user=None, wants_outcome=False, publish=True):
    """Submit one response; ``publish`` is the respondent's consent to publishing their words."""
    answers = {HELP: [AnswerValue(text)]}
    if age:
        answers[AGE] = [AnswerValue(age)]
    return response_submit(
        page=page,
        user=user,
        answers=answers,
        submission_key=uuid.uuid4(),
        wants_outcome=wants_outcome,
        publish_consent=publish,
    )


def make_answered_survey(home, texts=TEXTS, *, private=(), **fields):
    """A survey answered with ``texts``; those in ``private`` refused consent to publication."""
    page = make_survey(home, **fields)
    for n, text in enumerate(texts):
        answer(page, text, age=AGES[n % 3], publish=text not in private)
    return page


def quick_parameters(**extra):
    return run_parameters(
        n_themes=extra.pop("n_themes", 2),
        seed=0,
        configuration="tfidf",
        min_theme_size=1,
        other_threshold=0,
        **extra,
    )


def run_now(run: ThemeRun) -> ThemeRun:
    """Run the run's job inline (tests hold one transaction, so on_commit never fires)."""
    job_execute(job_id=str(run.job_id))
    run.refresh_from_db()
    return run


def make_run(page, *, user=None, **params) -> ThemeRun:
    run = theme_run_start(
        user=user,
        title="What would help",
        source_kind=SourceKind.QUESTION,
        page=page,
        question_id=HELP,
        parameters=quick_parameters(**params),
    )
    return run_now(run)


def with_mfa(user):
    from allauth.mfa.models import Authenticator

    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={})
    return user


def staff(make_user, role, target):
    return with_mfa(make_user(role=role, target=target))

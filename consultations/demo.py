"""Demo consultations: the "Caring Essex residents' survey" and a closed one with results.

The pages, questions and answer patterns are data (``demo_data/caring_essex.toml``);
``demo_loader`` builds them and ``demo_answers`` draws the synthetic residents' answers.
``demo_consultations(home)`` is idempotent (see ``demo_loader``).
"""

from django.db import transaction
from django.utils import timezone

from consultations.demo_answers import DATA, closed_raw, survey_raw
from consultations.demo_loader import demo_index, demo_page, demo_questions, demo_responses

SURVEY_SLUG = DATA["survey"]["slug"]
CLOSED_SLUG = DATA["closed"]["slug"]
SURVEY_RESPONSES = DATA["survey"]["responses"]["count"]
CLOSED_RESPONSES = DATA["closed"]["responses"]["count"]


def survey_questions(slug: str = SURVEY_SLUG) -> list[dict]:
    """The survey's StreamField data: four pages, every common question type."""
    return demo_questions(slug, DATA["survey"]["questions"])


def closed_questions(slug: str = CLOSED_SLUG) -> list[dict]:
    return demo_questions(slug, DATA["closed"]["questions"])


def _page_with_responses(index, key: str, count: int, make_raw, now):
    spec = DATA[key]
    page = demo_page(index, spec, site=DATA["site"], now=now)
    answering = spec["responses"]
    demo_responses(
        page,
        count,
        make_raw,
        seed=answering["seed"],
        over_days=answering["over_days"],
        channel_weights=answering["channel_weights"],
    )
    # Published after the responses are in, as an organiser would once the page closed.
    if spec.get("results_published") and not page.results_published:
        page.results_published = True
        page.save_revision().publish()
    return page


@transaction.atomic
def demo_consultations(home, *, responses: int = SURVEY_RESPONSES) -> dict:
    """Add the demo consultations under ``home``; return the pages by slug."""
    index = demo_index(home, DATA["index"])
    now = timezone.now()
    survey = _page_with_responses(index, "survey", responses, survey_raw, now)
    closed_count = min(CLOSED_RESPONSES, max(responses // 3, 30))
    closed = _page_with_responses(index, "closed", closed_count, closed_raw, now)
    return {SURVEY_SLUG: survey, CLOSED_SLUG: closed}

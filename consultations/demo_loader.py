"""Build demo consultations from a data file: the questions, the pages and the responses.

Each demo keeps its content in ``consultations/demo_data/<name>.toml`` (see
``caring_essex.toml`` for the shape) and its own answer patterns; this module turns that
data into Wagtail pages and submitted responses, the same way for every demo. Everything is
idempotent: pages are found by slug, and every synthetic response has a submission key
derived from its number, so a second run saves nothing new. Responses go through
``response_submit``, the same checks as a resident's answers.
"""

import datetime as dt
import json
import random
import tomllib
import uuid
from collections.abc import Callable
from pathlib import Path

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

DATA_DIR = Path(__file__).parent / "demo_data"
NAMESPACE = uuid.UUID("6a1c1f4e-2c55-4b8e-9d0c-5a4d3c2b1a00")
NO_CONDITION = {"reference": "", "values": ""}
# The order of a page's ``channel_weights`` in the data files.
CHANNELS = [Channel.ONLINE, Channel.PAPER, Channel.PHONE, Channel.EVENT]
# Fields of a page table that are not the page's own (they drive the loader).
NOT_PAGE_FIELDS = {
    "questions",
    "responses",
    "answers",
    "opened_days_ago",
    "open_days",
    "results_published",
}

RawAnswers = dict[str, list[str]]


def demo_data(name: str) -> dict:
    """The parsed data file ``demo_data/<name>.toml``."""
    with (DATA_DIR / f"{name}.toml").open("rb") as handle:
        return tomllib.load(handle)


def block_id(slug: str, ref: str) -> str:
    """A stable block id, so a page's questions keep their ids from one load to the next."""
    return str(uuid.uuid5(NAMESPACE, f"{slug}:{ref}"))


def demo_questions(slug: str, items: list[dict]) -> list[dict]:
    """A page's StreamField data from its data-file questions (sections, demographics, blocks)."""
    return [_block(slug, dict(item)) for item in items]


def _block(slug: str, item: dict) -> dict:
    if "section" in item:
        heading = item["section"]
        return {
            "type": "section",
            "id": block_id(slug, f"section:{heading}"),
            "value": {"heading": heading, "text": item.get("text", ""), "new_page": True},
        }
    if "demographic" in item:
        category = demographics.category(item["demographic"])
        options = [
            {"label": b.label, "population_share": str(b.census_share)} for b in category.bands
        ]
        item = {
            "type": "demographic",
            "ref": category.key,
            "label": item.get("label") or category.question,
            "hint": item.get("hint", ""),
            "options": options,
        }
    kind, ref, label = item.pop("type"), item.pop("ref"), item.pop("label")
    return {
        "type": kind,
        "id": block_id(slug, ref),
        "value": {
            "label": label,
            "hint": item.pop("hint", ""),
            "required": item.pop("required", False),
            "reference": ref,
            "show_if": item.pop("show_if", NO_CONDITION),
            **item,
        },
    }


def demo_index(home, fields: dict) -> ConsultationIndexPage:
    """The consultations index under ``home``: the one there, or a new one with ``fields``."""
    existing = ConsultationIndexPage.objects.child_of(home).first()
    if existing:
        return existing
    index = home.add_child(instance=ConsultationIndexPage(**fields))
    index.save_revision().publish()
    return index


def demo_page(index, spec: dict, *, site: dict, now: dt.datetime) -> ConsultationPage:
    """The published page a data-file page table describes (found by slug if it exists).

    It opens ``opened_days_ago`` before ``now`` at 09:00 and stays open ``open_days``;
    ``site`` holds the fields every page of the demo shares (data controller, privacy).
    """
    existing = ConsultationPage.objects.child_of(index).filter(slug=spec["slug"]).first()
    if existing:
        return existing
    fields = {k: v for k, v in spec.items() if k not in NOT_PAGE_FIELDS}
    opens = demo_opens(spec, now)
    page = index.add_child(
        instance=ConsultationPage(
            **site,
            **fields,
            opens_at=opens,
            closes_at=opens + dt.timedelta(days=spec["open_days"]),
            questions=json.dumps(demo_questions(spec["slug"], spec["questions"])),
        )
    )
    page.save_revision().publish()
    return ConsultationPage.objects.get(pk=page.pk)


def demo_opens(spec: dict, now: dt.datetime) -> dt.datetime:
    opened = now - dt.timedelta(days=spec["opened_days_ago"])
    return opened.replace(hour=9, minute=0, second=0, microsecond=0)


def demo_responses(
    page: ConsultationPage,
    count: int,
    make_raw: Callable[[random.Random, list], RawAnswers],
    *,
    seed: int,
    over_days: int,
    channel_weights: list[float],
) -> int:
    """Submit ``count`` synthetic responses once each, spread over ``over_days`` from opening.

    ``make_raw(rng, specs)`` gives one resident's form values, as the question templates
    would post them. Returns how many responses this call saved.
    """
    done = Response.objects.filter(page=page, status=ResponseStatus.SUBMITTED).count()
    if done >= count:
        return 0
    specs = page.specs()
    rng = random.Random(seed)
    made = 0
    for n in range(count):
        raw = make_raw(rng, specs)
        channel = rng.choices(CHANNELS, channel_weights)[0]
        when = page.opens_at + dt.timedelta(seconds=rng.randint(0, over_days * 86400))
        publish = rng.random() < 0.7
        answers, errors = clean_questions(specs, raw)
        if errors:  # pragma: no cover - the generators only make valid answers
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

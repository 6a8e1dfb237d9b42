"""The demo consultations stay exactly as they were when their data moved out of code.

``data/demo_fingerprint.json`` was written by the code *before* the questions, texts and
answer patterns moved to ``consultations/demo_data/``: the pages' fields and questions in
full, and per page the response count, channels and a digest of every answer, so any change
to a question, an option, a weight or the order of random draws shows up here.
Regenerate it (``DEMO_FINGERPRINT_WRITE=1``) only when the demo is meant to change.
"""

import hashlib
import json
import os
from collections import Counter
from pathlib import Path

import pytest

from consultations.demo import demo_consultations
from consultations.models import Answer, Response

pytestmark = pytest.mark.django_db

GOLDEN = Path(__file__).parent / "data" / "demo_fingerprint.json"
PAGE_FIELDS = ("title", "slug", "summary", "intro", "thank_you", "privacy_summary")


def _without_item_ids(value):
    """Wagtail gives each list item a fresh random id on every save: not the demo's doing."""
    if isinstance(value, list):
        return [_without_item_ids(v) for v in value]
    if isinstance(value, dict):
        return {
            k: _without_item_ids(v)
            for k, v in value.items()
            if not (k == "id" and value.get("type") == "item")
        }
    return value


def _page_fingerprint(page) -> dict:
    responses = Response.objects.filter(page=page).order_by("submission_key")
    rows = []
    for response in responses:
        answers = Answer.objects.filter(response=response).order_by("pk")
        rows.append(
            [
                str(response.submission_key),
                response.channel,
                response.publish_consent,
                response.wants_outcome,
                (response.submitted_at - page.opens_at).total_seconds(),
                [[a.question_id, a.value, a.number, a.row] for a in answers],
            ]
        )
    digest = hashlib.sha256(json.dumps(rows, sort_keys=True).encode()).hexdigest()
    return {
        "fields": {name: getattr(page, name) for name in PAGE_FIELDS}
        | {
            "data_controller": page.data_controller,
            "open_days": (page.closes_at - page.opens_at).days,
            "results_published": page.results_published,
        },
        "questions": _without_item_ids(list(page.questions.raw_data)),
        "responses": len(rows),
        "channels": dict(sorted(Counter(r[1] for r in rows).items())),
        "answers_sha256": digest,
    }


def test_demo_pages_and_responses_match_the_recorded_fingerprint(home_page):
    pages = demo_consultations(home_page, responses=60)
    produced = {slug: _page_fingerprint(page) for slug, page in sorted(pages.items())}
    produced = json.loads(json.dumps(produced, default=str))
    if os.environ.get("DEMO_FINGERPRINT_WRITE"):
        GOLDEN.write_text(json.dumps(produced, indent=1, ensure_ascii=False) + "\n")
    assert produced == json.loads(GOLDEN.read_text())

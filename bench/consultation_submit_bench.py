"""Consultation submissions per second through the ASGI server, against a bare POST.

Serves the platform as ``home_page_bench.py`` does (daphne, production settings,
PostgreSQL, Redis, its own database with the demo loaded) and drives the demo
"Caring Essex residents' survey" (four pages, 20 questions) with 20 concurrent
keep-alive clients on loopback, each an anonymous resident with its own session.

One **submission** is a resident's whole journey: a form POST for each of the four
pages of questions (each validated and kept in the session, answered 302) and the
final POST of ``check/`` (``response_submit``: checks, a new response and its answer
rows in one transaction, answered 302 to ``done/``). Only journeys whose five POSTs
all succeed are counted. The baseline is a bare Django view taking a form POST
through the same middleware (sessions, CSRF) in the same run.

    .venv/bin/python bench/consultation_submit_bench.py [--seconds 15] [--clients 20]
"""

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "site")]

from bench.web.journeys import journeys_main  # noqa: E402

FORMS_SCRIPT = """
import json, random
from consultations.demo import SURVEY_SLUG
from consultations.demo_answers import survey_raw
from consultations.models import ConsultationPage
page = ConsultationPage.objects.get(slug=SURVEY_SLUG)
specs = page.specs()
steps = sorted({s.page for s in specs})
rng = random.Random(7)
def on(step, key):
    return any(s.page == step and (key == s.field_name or key.startswith(s.field_name + "-"))
               for s in specs)
forms = []
for _ in range(200):
    raw = survey_raw(rng, specs)
    forms.append([[[k, v] for k, vs in raw.items() if on(step, k) for v in vs] for step in steps])
print(json.dumps({"url": page.url, "steps": steps, "forms": forms}))
"""


def main() -> None:
    journeys_main(__doc__, FORMS_SCRIPT)


if __name__ == "__main__":
    main()

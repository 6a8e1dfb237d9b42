"""Care budget submissions per second through the ASGI server, against a bare POST.

The same run and harness as ``consultation_submit_bench.py`` (``bench/web/journeys.py``:
daphne, production settings, PostgreSQL, Redis, its own database with the demo loaded,
20 keep-alive clients on loopback, each an anonymous resident with its own session), on
the demo "Create a care budget for Essex" (nine lines, council tax, a why per line and
overall, then a page of demographic questions).

One **submission** is a resident's whole journey: the budget page's POST (every line's
amount checked against bounds, steps and the balance rule, kept in the session, 302),
the demographic page's POST, and the final POST of ``check/`` (``response_submit``:
checks, a new response and its budget's answer rows in one transaction, 302 to
``done/``). The budgets are the demo's synthetic residents', all valid.

    .venv/bin/python bench/budget_submit_bench.py [--seconds 15] [--clients 20]
"""

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "site")]

from bench.web.journeys import journeys_main  # noqa: E402

FORMS_SCRIPT = """
import json, random
from consultations.budget import budget_exercise
from consultations.budget_demo import SLUG, demo_data, resident_form
from consultations.budget_demo_residents import resident_budget, resident_demographics
from consultations.models import ConsultationPage
page = ConsultationPage.objects.get(slug=SLUG)
specs = page.specs()
exercise = budget_exercise(next(s for s in specs if s.kind == "budget"))
residents = demo_data("care_budget_residents")
keys = [s.reference for s in specs if s.kind == "demographic"]
steps = sorted({s.page for s in specs})
rng = random.Random(7)
def on(step, key):
    return any(s.page == step and (key == s.field_name or key.startswith(s.field_name + "-"))
               for s in specs)
forms = []
for _ in range(200):
    budget = resident_budget(rng, exercise, residents["rounds"]["after"], residents)
    raw = resident_form(specs, budget, resident_demographics(rng, keys))
    forms.append([[[k, v] for k, vs in raw.items() if on(step, k) for v in vs] for step in steps])
print(json.dumps({"url": page.url, "steps": steps, "forms": forms}))
"""


def main() -> None:
    journeys_main(__doc__, FORMS_SCRIPT)


if __name__ == "__main__":
    main()

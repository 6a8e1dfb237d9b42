"""Demo: a theme analysis of the care budget's "why" texts, ready when the demo loads.

The overall "why did you choose this budget?" answers are an ordinary text question of
the budget page, so the run is the same as for any survey question. Idempotent: does
nothing if the run exists or the demo budget page does not. Quick TF-IDF configuration.
"""

from django.db import transaction

from analysis.demo import demo_run_compute
from analysis.models import ThemeRun

DEMO_TITLE = "Why residents chose their care budget"
BUDGET_SLUG = "create-a-care-budget"
WHY_REFERENCE = "care-budget-why"


def demo_budget_analysis(*, commissioner=None) -> ThemeRun | None:
    from consultations.selectors import consultation_page_by_slug, free_text_questions

    page = consultation_page_by_slug(BUDGET_SLUG)
    specs = free_text_questions(page) if page else []
    spec = next((s for s in specs if s.reference == WHY_REFERENCE), None)
    if spec is None:
        return None
    with transaction.atomic():
        run, _ = demo_run_compute(page=page, spec=spec, title=DEMO_TITLE, commissioner=commissioner)
    return run

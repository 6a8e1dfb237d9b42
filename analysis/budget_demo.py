"""Demo: a theme analysis of the care budget's "why" texts, ready when the demo loads.

The overall "why did you choose this budget?" answers are an ordinary text question of
the budget page, so the run is the same as for any survey question. Idempotent: does
nothing if the run exists or the demo budget page does not. Quick TF-IDF configuration.
"""

from django.db import transaction

from analysis import services
from analysis.models import SourceKind, ThemeRun

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
    existing = ThemeRun.objects.filter(page=page, title=DEMO_TITLE).first()
    if existing:
        return existing
    with transaction.atomic():
        run = ThemeRun.objects.create(
            title=DEMO_TITLE,
            source_kind=SourceKind.QUESTION,
            page=page,
            question_id=spec.id,
            parameters=services.run_parameters(n_themes="auto", seed=0, configuration="tfidf"),
            created_by=commissioner,
        )
        return services.theme_run_compute(run_id=run.pk)

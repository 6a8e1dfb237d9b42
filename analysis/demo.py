"""Demo: a reviewed theme analysis of the demo survey, with a published report and decisions.

Idempotent: does nothing if the demo analysis exists or the demo survey does not. Uses the
quick TF-IDF configuration, so it takes seconds (the default method builds a word table of
about 2 minutes on first use).
"""

from datetime import date

from django.db import transaction

from analysis import services
from analysis.models import SourceKind, ThemeRun

DEMO_TITLE = "What residents would change first"
SURVEY_SLUG = "caring-essex-residents-survey"


def demo_run_compute(*, page, spec, title: str, commissioner=None) -> tuple[ThemeRun, bool]:
    """The demo's quick TF-IDF run of one question: the existing one, or one computed now.

    Returns the run and whether it is new (loading the demo twice changes nothing).
    """
    existing = ThemeRun.objects.filter(page=page, title=title).first()
    if existing:
        return existing, False
    run = ThemeRun.objects.create(
        title=title,
        source_kind=SourceKind.QUESTION,
        page=page,
        question_id=spec.id,
        parameters=services.run_parameters(n_themes="auto", seed=0, configuration="tfidf"),
        created_by=commissioner,
    )
    return services.theme_run_compute(run_id=run.pk), True


def _question(page):
    from consultations.selectors import free_text_questions

    specs = free_text_questions(page)
    for spec in specs:
        if spec.label.startswith("What would you change first"):
            return spec
    return specs[0] if specs else None


def demo_analysis(*, commissioner=None) -> ThemeRun | None:
    from consultations.selectors import consultation_page_by_slug

    page = consultation_page_by_slug(SURVEY_SLUG)
    spec = _question(page) if page else None
    if spec is None:
        return None
    with transaction.atomic():
        run, new = demo_run_compute(
            page=page, spec=spec, title=DEMO_TITLE, commissioner=commissioner
        )
        if not new:
            return run
        themes = [t for t in run.themes.order_by("order") if not (t.is_other or t.is_excluded)]
        if not themes:
            return run
        # Review status belongs in the notes and the edit log, never in a label: labels are
        # public once a report is published.
        services.theme_note(
            theme=themes[0],
            user=commissioner,
            notes="Checked by the commissioner against 20 answers.",
        )
        report = services.report_create(
            run=run,
            user=commissioner,
            title="What residents told us about care in Essex",
            summary="Themes from the residents' survey, reviewed by the commissioning team.",
        )
        findings = []
        for theme in themes[:3]:
            # Quote someone who agreed to publication; others never appear in the report.
            answers = theme.assignments.order_by("-publish_consent", "-confidence", "pk")
            quote = answers.first()
            services.quote_mark_key(assignment=quote, user=commissioner)
            services.quote_redaction_confirm(assignment=quote, user=commissioner)
            findings.append(
                services.finding_save(
                    report=report,
                    user=commissioner,
                    title=theme.label,
                    body=f"{theme.size} residents wrote about this.",
                    themes=[theme],
                )
            )
        services.report_publish(report=report, user=commissioner)
        services.decision_record(
            finding=findings[0],
            user=commissioner,
            outcome="partly",
            response="We will fund a pilot in two districts from April and report back.",
            decided_on=date.today(),
        )
    return run

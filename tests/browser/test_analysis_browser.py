"""A commissioner's theme analysis in a real browser: start, review, report, you said we did.

Every page passes axe (WCAG 2.2 A/AA); the review forms work by keyboard and without
JavaScript. Runs use the quick TF-IDF configuration, so no word table is built.
"""

import pytest
from django.conf import settings
from django.test import Client

from accounts.models import Role
from analysis.models import EditAction, ReportStatus, RunStatus, ThemeEdit, ThemeRun
from jobs.tasks import job_execute
from tests.analysis.factories import BREAKS, PARKING, make_answered_survey, make_run, staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PRIVATE = PARKING[1]  # this respondent did not agree to publication


@pytest.fixture
def analysis(home_page, live_server, make_user):
    survey = make_answered_survey(home_page, private=[PRIVATE], suppression_threshold=3)
    run = make_run(survey)
    commissioner = staff(make_user, Role.COMMISSIONER, survey)
    return live_server.url, run, commissioner


def _sign_in(page, base, user):
    """Share a signed-in session with the browser (the TOTP step is tested elsewhere)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base}])


def _theme(run, text):
    return run.assignments.get(text=text).theme


def _press(page, selector):
    """Focus a control and press Enter, as a keyboard user would, waiting for the next page."""
    page.focus(selector)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_commissioner_starts_a_run_and_watches_its_progress(page, analysis, axe_check, settings):
    # Keep the job queued so the progress page shows; it is run below, as the worker would.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    base, run, commissioner = analysis
    _sign_in(page, base, commissioner)
    page.goto(f"{base}/analysis/")
    assert run.title in page.content()
    assert axe_check(page) == []
    page.get_by_role("link", name="Start a theme analysis").click()
    assert axe_check(page) == []
    page.get_by_role("button", name="Start the analysis").click()
    assert page.locator(".govuk-error-summary").is_visible()
    assert axe_check(page) == []  # the error state too
    page.fill("#id_title", "Second look")
    page.select_option("#id_source_kind", "question")
    page.select_option("#id_question", f"{run.page.pk}:q-help")
    page.get_by_text("Method and reproducibility").click()
    page.fill("#id_n_themes", "2")
    page.select_option("#id_configuration", "tfidf")
    page.get_by_role("button", name="Start the analysis").click()
    new = ThemeRun.objects.get(title="Second look")
    assert page.locator("progress#run-progress").is_visible()
    page.get_by_role("button", name="Pause updates").wait_for()  # shown by the script
    assert not page.get_by_text("Check the progress again").is_visible()
    assert axe_check(page) == []
    job_execute(job_id=str(new.job_id))
    new.refresh_from_db()
    assert new.status == RunStatus.DONE
    # The page notices by itself and shows the themes.
    page.get_by_text("Themes, largest first").wait_for(timeout=15_000)
    assert page.get_by_role("heading", level=1).inner_text() == "Second look"
    assert axe_check(page) == []


def test_review_by_keyboard_without_javascript(page_without_js, analysis):
    page = page_without_js
    base, run, commissioner = analysis
    _sign_in(page, base, commissioner)
    parking, breaks = _theme(run, PARKING[0]), _theme(run, BREAKS[0])
    page.goto(f"{base}/analysis/runs/{run.pk}/")
    # Rename: the form sits in a native <details>, which opens without scripts.
    page.focus(f"#theme-{parking.pk} summary")
    page.keyboard.press("Enter")
    page.focus(f"#label-{parking.pk}")
    page.keyboard.press("Control+A")
    page.keyboard.type("Cost of parking")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Saved." in page.content() and "Cost of parking" in page.content()
    # A note.
    page.focus(f"#theme-{parking.pk} summary")
    page.keyboard.press("Enter")
    page.focus(f"#notes-{parking.pk}")
    page.keyboard.type("Mostly hospital sites")
    page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Mostly hospital sites" in page.content()

    # One answer's page: key quote, confirm its redaction, move another, split.
    page.goto(f"{base}/analysis/runs/{run.pk}/themes/{parking.pk}/")
    quote = run.assignments.get(text=PARKING[0])
    _press(page, f"#answer-{quote.pk} form[action$='/key-quote/'] button")
    page.focus(f"#quote-{quote.pk}")
    page.keyboard.press("Control+A")
    page.keyboard.type("car parking at the hospital is too dear")
    page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    quote.refresh_from_db()
    assert quote.is_key_quote and quote.quote_confirmed
    assert quote.quote_text == "car parking at the hospital is too dear"
    private = run.assignments.get(text=PRIVATE)
    card = page.locator(f"#answer-{private.pk}")
    assert "Not for publication" in card.inner_text()
    assert card.locator("form[action$='/redaction/']").count() == 0
    moved = run.assignments.get(text=PARKING[5])
    page.focus(f"#move-{moved.pk}")
    page.select_option(f"#move-{moved.pk}", str(breaks.pk))
    page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    moved.refresh_from_db()
    assert moved.theme_id == breaks.pk
    page.fill("#n-parts", "2")
    _press(page, "#n-parts")
    assert "Saved." in page.content()

    # Merge the breaks theme into parking, back on the overview.
    page.goto(f"{base}/analysis/runs/{run.pk}/")
    page.focus(f"#theme-{parking.pk} summary")
    page.keyboard.press("Enter")
    page.focus(f"#merge-{parking.pk}-{breaks.pk}")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    while page.evaluate("document.activeElement.tagName") != "BUTTON":
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Merge"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    breaks.refresh_from_db()
    assert breaks.merged_into_id == parking.pk
    done = set(ThemeEdit.objects.filter(run=run).values_list("action", flat=True))
    assert done >= {
        EditAction.RENAME,
        EditAction.NOTE,
        EditAction.KEY_QUOTE,
        EditAction.REDACTION,
        EditAction.MOVE,
        EditAction.SPLIT,
        EditAction.MERGE,
    }
    # Every edit is listed, with who made it, beside the unchanged machine output.
    page.goto(f"{base}/analysis/runs/{run.pk}/compare/")
    assert page.get_by_text("Merged into").count() >= 1
    assert commissioner.email in page.content()


def test_review_pages_pass_axe(page, analysis, axe_check):
    base, run, commissioner = analysis
    _sign_in(page, base, commissioner)
    parking = _theme(run, PARKING[0])
    page.goto(f"{base}/analysis/runs/{run.pk}/")
    for summary in page.locator("details summary").all():
        summary.click()  # the review forms inside are checked too
    assert axe_check(page) == []
    page.goto(f"{base}/analysis/runs/{run.pk}/themes/{parking.pk}/")
    assert "Not for publication" in page.content()
    assert axe_check(page) == []
    page.get_by_role("button", name="Split").click()
    assert "Saved." in page.content()
    assert axe_check(page) == []  # the notification banner
    page.goto(f"{base}/analysis/runs/{run.pk}/compare/")
    assert axe_check(page) == []
    page.goto(f"{base}/analysis/runs/{run.pk}/crosstab/")
    cells = page.locator("table td").all_inner_texts()
    assert "*" in cells  # small groups are hidden
    assert axe_check(page) == []


def test_findings_report_published_printed_and_shown_as_you_said_we_did(page, analysis, axe_check):
    base, run, commissioner = analysis
    _sign_in(page, base, commissioner)
    parking = _theme(run, PARKING[0])
    page.goto(f"{base}/analysis/runs/{run.pk}/report/")
    assert axe_check(page) == []
    page.fill("#id_title", "")
    page.get_by_role("button", name="Save the report").click()
    assert page.locator(".govuk-error-summary").is_visible()
    assert axe_check(page) == []
    page.fill("#id_title", "What carers told us")
    page.get_by_role("button", name="Save the report").click()
    page.fill("#id_finding-title", "Parking costs carers")
    page.get_by_label(parking.label, exact=False).check()
    page.get_by_role("button", name="Add the finding").click()
    assert "Finding added." in page.content()

    # Key quotes: one from a respondent who agreed to publication, one who did not.
    public = run.assignments.get(text=PARKING[0])
    private = run.assignments.get(text=PRIVATE)
    page.goto(f"{base}/analysis/runs/{run.pk}/themes/{parking.pk}/")
    for quote in (public, private):
        page.locator(f"#answer-{quote.pk} form[action$='/key-quote/'] button").click()
    page.goto(f"{base}/analysis/runs/{run.pk}/report/")
    assert "It will not appear in the report" in page.content()
    page.get_by_role("button", name="Publish the report").click()
    assert "1 still to check" in page.content()  # only the publishable quote needs a check
    assert axe_check(page) == []
    page.get_by_role("link", name="Check it").click()
    page.locator(f"#answer-{public.pk} form[action$='/redaction/'] button").click()
    page.goto(f"{base}/analysis/runs/{run.pk}/report/")
    page.get_by_role("button", name="Publish the report").click()
    report = run.reports.get()
    assert report.status == ReportStatus.PUBLISHED
    assert page.get_by_role("heading", level=1).inner_text() == "What carers told us"
    assert PARKING[0] in page.content() and PRIVATE not in page.content()
    assert axe_check(page) == []

    # Printable: the site's header, footer and download links are left off paper.
    page.emulate_media(media="print")
    assert not page.locator(".govuk-header").is_visible()
    assert not page.get_by_text("Download:").is_visible()
    assert page.get_by_role("heading", name="What we heard").is_visible()
    page.emulate_media(media="screen")

    page.get_by_role("link", name="Record what was decided").first.click()
    assert axe_check(page) == []
    page.get_by_role("button", name="Record the decision").click()
    assert page.locator(".govuk-error-summary").is_visible()
    assert axe_check(page) == []
    page.select_option("#id_outcome", "partly")
    page.fill("#id_response", "Free parking for carers from May.")
    page.fill("#id_decided_on", "2025-03-27")
    page.get_by_role("button", name="Record the decision").click()
    assert "Decision recorded." in page.content()

    # The public consultation page, signed out.
    page.context.clear_cookies()
    page.goto(base + run.page.url)
    section = page.locator("section[aria-labelledby='you-said-we-did']")
    assert "Free parking for carers from May." in section.inner_text()
    assert PARKING[0] in section.inner_text() and PRIVATE not in page.content()
    assert axe_check(page) == []

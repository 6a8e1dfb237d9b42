"""Results, who we heard from, staff entry, CSV import and exports in a real browser, with axe."""

import pytest
from django.conf import settings
from django.test import Client

from accounts.models import Role
from consultations.job_kinds import EXPORT_KIND, IMPORT_CHECK_KIND
from consultations.models import Response
from jobs.models import Job, JobStatus
from tests.consultations.factories import every_question_type, make_consultation
from tests.consultations.test_results_views import PEOPLE, submit_people, with_mfa

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BAD_CSV = (
    "id,channel,carer,hours,postcode,age,consent,colour\n"
    "P1,paper,Maybe,lots,ZZ,65 or over,yes,red\n"
    "P2,fax,Yes,12,CM1 1AA,Under 40,\n"
)
GOOD_CSV = "id,channel,carer,hours,consent\nP1,paper,Yes,12,yes\nP2,phone,No,3,yes\n"


@pytest.fixture
def survey(home_page, live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    page = make_consultation(home_page, suppression_threshold=3)
    submit_people(page)
    return live_server.url, page


@pytest.fixture
def organiser(make_user, survey):
    return with_mfa(make_user(role=Role.ORGANISER, target=survey[1]))


def _sign_in(page, base, user):
    """Share a signed-in session with the browser (the TOTP step is tested elsewhere)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base}])


def test_results_page_with_filters_cross_tab_and_table_alternative_passes_axe(
    page, survey, organiser, axe_check
):
    base, consultation = survey
    _sign_in(page, base, organiser)
    page.goto(base + consultation.url + "results/")
    assert "10 people have answered" in page.content()
    assert axe_check(page) == []
    # The chart has a data-table alternative behind a details element.
    page.get_by_text("Show the figures as a table").first.click()
    assert page.get_by_role("table").first.is_visible()
    assert axe_check(page) == []
    # Only one group's answers.
    page.get_by_label("Show answers from").select_option("q-age:Under 40")
    page.get_by_role("button", name="Show").click()
    assert "Showing answers from" in page.content()
    assert axe_check(page) == []
    # A cross-tab by a demographic question.
    page.get_by_label("Show answers from").select_option("")
    page.get_by_label("Break down by").select_option("q-age")
    page.get_by_role("button", name="Show").click()
    assert page.get_by_role("table", name="Do you look after someone?").is_visible()
    assert axe_check(page) == []
    # Both at once: the breakdown wins and the page says why.
    page.get_by_label("Show answers from").select_option("channel:online")
    page.get_by_role("button", name="Show").click()
    assert "cannot be combined" in page.content()
    assert axe_check(page) == []


def test_results_being_calculated_then_stale_figures_with_their_time_pass_axe(
    page, survey, organiser, axe_check, settings
):
    settings.CONSULTATION_RESULTS_INLINE_UNDER = 5  # ten responses take the background path
    base, consultation = survey
    _sign_in(page, base, organiser)
    page.goto(base + consultation.url + "results/")
    assert "Results are being calculated" in page.content()
    assert axe_check(page) == []
    # The test task backend ran the refresh as soon as it was started.
    page.get_by_role("link", name="Refresh this page").click()
    assert "Figures as of" in page.content() and "10 people have answered" in page.content()
    submit_people(consultation, PEOPLE[:1])
    page.reload()
    assert "Newer responses are being added" in page.content()
    assert axe_check(page) == []


def test_results_charts_and_tables_work_without_javascript(page_without_js, survey, organiser):
    base, consultation = survey
    page = page_without_js
    _sign_in(page, base, organiser)
    page.goto(base + consultation.url + "results/?by=channel")
    assert page.get_by_role("table").first.is_visible()
    page.goto(base + consultation.url + "results/")
    page.get_by_text("Show the figures as a table").first.click()
    table = page.get_by_role("table", name="Do you look after someone?")
    assert table.is_visible()
    assert "60.0%" in table.inner_text()  # 6 of 10 said Yes


def test_who_we_heard_from_shows_shares_beside_population_and_passes_axe(
    page, survey, organiser, axe_check
):
    base, consultation = survey
    _sign_in(page, base, organiser)
    page.goto(base + consultation.url + "results/#who-we-heard-from")
    table = page.get_by_role("table", name="Your age")
    assert table.is_visible()
    text = table.inner_text()
    assert "Population" in text and "45.0%" in text and "40.0%" in text  # 4 of 10 under 40
    assert axe_check(page) == []


def test_staff_entry_page_errors_and_saved_message_pass_axe(page, survey, organiser, axe_check):
    base, consultation = survey
    _sign_in(page, base, organiser)
    page.goto(base + consultation.url + "enter/")
    assert axe_check(page) == []
    page.get_by_role("button", name="Save and enter another").click()
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible()
    assert axe_check(page) == []
    # Each error in the summary links to its field; GOV.UK Frontend moves focus there.
    link = summary.get_by_role("link").first
    target = link.get_attribute("href").lstrip("#")
    link.click()
    assert page.evaluate("document.activeElement.id") == target
    page.get_by_label("Paper form").check()
    page.check("#q-q-carer-0")  # "Do you look after someone?": Yes
    page.get_by_label("I agree that my answers are used as described").check()
    page.get_by_role("button", name="Save and enter another").click()
    assert not page.locator(".govuk-error-summary").count(), page.locator("main").inner_text()
    assert "Response saved (paper" in page.content()
    assert axe_check(page) == []
    saved = Response.objects.get(channel="paper")
    assert saved.entered_by == organiser


def test_csv_import_page_and_preview_with_row_errors_pass_axe(page, survey, organiser, axe_check):
    base, consultation = survey
    _sign_in(page, base, organiser)
    page.goto(base + consultation.url + "import/")
    assert axe_check(page) == []
    page.get_by_role("button", name="Check the file").click()  # no file chosen
    assert page.locator(".govuk-error-summary").is_visible()
    assert axe_check(page) == []
    page.set_input_files(
        "input[type=file]",
        {"name": "bad.csv", "mimeType": "text/csv", "buffer": BAD_CSV.encode()},
    )
    page.get_by_role("button", name="Check the file").click()
    problems = page.get_by_role("table", name="Every problem found")
    assert problems.is_visible()
    text = problems.inner_text()
    assert "colour" in text and "fax" in text and "Maybe" in text
    assert axe_check(page) == []
    before = Response.objects.count()
    page.goto(base + consultation.url + "import/")
    page.set_input_files(
        "input[type=file]",
        {"name": "good.csv", "mimeType": "text/csv", "buffer": GOOD_CSV.encode()},
    )
    page.get_by_role("button", name="Check the file").click()
    assert "2 responses are ready to import" in page.content()
    assert axe_check(page) == []
    assert Response.objects.count() == before
    page.get_by_role("button", name="Import 2 responses").click()
    assert "2 responses imported" in page.content()
    assert axe_check(page) == []
    assert Response.objects.count() == before + 2


def test_export_confirm_progress_and_download_pages_pass_axe(page, survey, organiser, axe_check):
    base, consultation = survey
    _sign_in(page, base, organiser)
    page.goto(base + consultation.url + "export/xlsx/")
    assert axe_check(page) == []
    page.get_by_role("button", name="Prepare the file").click()
    # The test task backend runs the job at once, so the file is ready.
    download = page.get_by_role("link", name="Download the file")
    assert download.is_visible()
    assert axe_check(page) == []
    with page.expect_download() as info:
        download.click()
    assert info.value.suggested_filename.endswith(".xlsx")
    finished = Job.objects.get(kind=EXPORT_KIND, status=JobStatus.SUCCEEDED)
    # A job still running: its progress updates in place, never by a page refresh.
    running = Job.objects.create(
        kind=EXPORT_KIND,
        title=f"Responses to {consultation.title} as XLSX",
        params={"page_id": consultation.pk, "fmt": "xlsx", "demographics": True},
        status=JobStatus.RUNNING,
        done=40,
        total=100,
        message="Writing responses",
        created_by=organiser,
    )
    page.goto(base + consultation.url + f"export/job/{running.pk}/")
    assert page.locator("progress").get_attribute("value") == "40"
    assert page.locator("meta[http-equiv=refresh]").count() == 0
    assert page.get_by_role("button", name="Pause updates").is_visible()
    assert axe_check(page) == []
    Job.objects.filter(pk=running.pk).update(done=80)
    from playwright.sync_api import expect  # here: the module loads without Playwright

    expect(page.locator("progress")).to_have_attribute("value", "80", timeout=10_000)
    Job.objects.filter(pk=running.pk).update(status=JobStatus.SUCCEEDED, result=finished.result)
    page.get_by_role("link", name="Download the file").wait_for(timeout=10_000)
    assert axe_check(page) == []


def test_job_progress_without_javascript_offers_a_link_to_check_again(
    page_without_js, survey, organiser
):
    base, consultation = survey
    page = page_without_js
    _sign_in(page, base, organiser)
    running = Job.objects.create(
        kind=EXPORT_KIND,
        title="Responses as XLSX",
        params={"page_id": consultation.pk, "fmt": "xlsx", "demographics": True},
        status=JobStatus.RUNNING,
        created_by=organiser,
    )
    for path in (consultation.url + f"export/job/{running.pk}/", f"/jobs/{running.pk}/"):
        page.goto(base + path)
        assert page.locator("meta[http-equiv=refresh]").count() == 0
        assert not page.get_by_role("button", name="Pause updates").is_visible()
        Job.objects.filter(pk=running.pk).update(done=3, total=4)
        page.get_by_role("link", name="Check the progress again").click()
        assert page.locator("progress").get_attribute("value") == "75"
        Job.objects.filter(pk=running.pk).update(done=0, total=0)


def test_large_import_check_progress_page_passes_axe(page, survey, organiser, axe_check):
    from consultations.models import ImportStatus, ResponseImport

    base, consultation = survey
    _sign_in(page, base, organiser)
    job = Job.objects.create(
        kind=IMPORT_CHECK_KIND,
        title="Check big.csv",
        status=JobStatus.RUNNING,
        done=500,
        total=5000,
        message="500 of 5,000 rows checked",
        created_by=organiser,
    )
    upload = ResponseImport.objects.create(
        page=consultation,
        uploaded_by=organiser,
        file_name="big.csv",
        file_hash="0" * 64,
        status=ImportStatus.CHECKING,
        job=job,
    )
    page.goto(base + consultation.url + f"import/{upload.pk}/")
    assert "Checking every row" in page.content()
    assert page.locator("progress").get_attribute("value") == "10"
    assert axe_check(page) == []


def test_results_filtered_by_number_bands_and_first_choice_pass_axe(
    page, home_page, live_server, make_user, axe_check
):
    questions = every_question_type()
    for block in questions:
        if block["id"] in ("q-hours", "q-rank"):
            block["value"]["results_filter"] = True
    consultation = make_consultation(home_page, questions=questions, suppression_threshold=3)
    submit_people(consultation)
    base = live_server.url
    _sign_in(page, base, with_mfa(make_user(role=Role.ORGANISER, target=consultation)))
    page.goto(base + consultation.url + "results/")
    page.get_by_label("Break down by").select_option(label="Hours a week spent caring (bands)")
    page.get_by_role("button", name="Show").click()
    table = page.get_by_role("table", name="Do you look after someone?")
    assert "30 or more" in table.inner_text()
    assert axe_check(page) == []
    page.get_by_label("Break down by").select_option("")
    page.get_by_label("Show answers from").select_option(label="Prevention")
    page.get_by_role("button", name="Show").click()
    assert "Rank these priorities: put first: Prevention" in page.content()
    assert axe_check(page) == []

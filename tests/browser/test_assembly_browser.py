"""Assemblies in a real browser: the volunteer form and the organisers' pages pass axe
(WCAG 2.2 A/AA), show errors next to fields, keep what was typed, and work by keyboard
and without JavaScript."""

import pytest
from django.conf import settings
from django.test import Client

from assembly import services
from assembly.models import Attendance, Draw, InvitationCode, PanelMember, Volunteer
from tests.assembly.factories import (
    SMALL_SPEC,
    AssemblyPageFactory,
    CategoryValueFactory,
    organiser_of,
    pool_build,
    quotas_build,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BAD_PEOPLE = (
    "id,name,email,gender,ethnicity\n"
    "a1,Ann,ann@example.org,female,white\n"
    "a1,Bob,bob@example.org,male,white\n"
    "a3,Cat,ann@example.org,female,purple\n"
)
CATEGORIES = (
    "feature,value,min,max\n"
    "gender,female,2,4\ngender,male,2,4\n"
    "ethnicity,white,2,5\nethnicity,other,1,4\n"
)


def _categories(assembly):
    values = quotas_build(assembly, SMALL_SPEC)
    for (name, value), cv in values.items():
        cv.category.question = f"What is your {name}?"
        cv.category.save()
        cv.target_share = {"female": 51, "male": 49, "white": 80, "other": 20}[value]
        cv.save()
    for category in assembly.selection_categories.all():
        # As services.category_create adds it: every question can be declined.
        CategoryValueFactory(
            category=category,
            value="Prefer not to say",
            prefer_not_to_say=True,
            max_quota=6,
            sort_order=9,
        )
    return values


@pytest.fixture
def assembly(home_page, live_server):
    page = AssemblyPageFactory(panel_size=6, title="Essex care assembly")
    _categories(page)
    return page


def _sign_in_as(page, base, user):
    """Sign in by session cookie: organisers need a second factor to sign in by form."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base}])


def _tab_to(page, element_id, limit=60):
    for _ in range(limit):
        if page.evaluate("document.activeElement.id") == element_id:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"#{element_id} is not reachable by Tab")


# --- the public page and the volunteer form ---------------------------------------------


def test_volunteer_form_without_javascript_shows_errors_next_to_fields_and_keeps_input(
    page_without_js, live_server, assembly
):
    page = page_without_js
    page.goto(live_server.url + assembly.url)
    page.fill("#id_full_name", "Ada Lovelace")
    page.fill("#id_address", "1 Mill Road")
    page.get_by_role("button", name="Volunteer").click()
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible()
    gender = assembly.selection_categories.get(name="gender")
    for field in ("consent_contact", "consent_special_category", f"category_{gender.pk}"):
        assert page.locator(f"#id_{field}-error").is_visible(), field
        described = page.get_attribute(f"#id_{field}", "aria-describedby") or ""
        assert f"id_{field}-error" in described, field
    assert page.input_value("#id_full_name") == "Ada Lovelace"
    assert page.input_value("#id_address") == "1 Mill Road"
    # The summary's links move to the fields.
    summary.get_by_role("link").first.click()
    assert page.evaluate("location.hash").startswith("#id_")

    # No email address: by email is not possible, and the error says what is needed.
    assert "Enter your email address, or choose another way" in page.inner_text("#id_email-error")
    page.select_option("#id_contact_preference", label="Letter by post")
    page.fill("#id_postcode", "CM1 1AA")
    for category in assembly.selection_categories.all():
        page.select_option(f"#id_category_{category.pk}", label="Prefer not to say")
    page.check("#id_consent_contact")
    page.check("#id_consent_special_category")
    page.get_by_role("button", name="Volunteer").click()
    assert page.get_by_role("heading", name="Thank you for volunteering").is_visible()
    assert "by post to 1 Mill Road, CM1 1AA" in page.content()
    volunteer = Volunteer.objects.get()
    assert volunteer.full_name == "Ada Lovelace"
    assert {a.value.value for a in volunteer.answers.all()} == {"Prefer not to say"}


def test_volunteer_form_its_errors_and_confirmation_pass_axe(
    page, live_server, assembly, axe_check
):
    assembly.intro = '<p data-block-key="a">Residents decide <a href="/">with us</a>.</p>'
    assembly.save()
    page.goto(live_server.url + assembly.url)
    assert axe_check(page) == []
    # The CMS's paragraph is in GOV.UK type, as the page's own text is, not the browser's serif.
    font = "p => getComputedStyle(p).fontFamily"
    intro = page.locator("main p", has_text="Residents decide")
    assert intro.evaluate(font) == page.locator("main p.govuk-body-l").evaluate(font)
    page.fill("#id_full_name", "Ada Lovelace")
    page.get_by_role("button", name="Volunteer").click()
    assert page.locator(".govuk-error-summary").is_visible()
    assert axe_check(page) == []
    page.fill("#id_email", "ada@example.org")
    for category in assembly.selection_categories.all():
        page.select_option(f"#id_category_{category.pk}", label="Prefer not to say")
    page.check("#id_consent_contact")
    page.check("#id_consent_special_category")
    page.get_by_role("button", name="Volunteer").click()
    assert page.get_by_role("heading", name="Thank you for volunteering").is_visible()
    assert axe_check(page) == []


def test_volunteer_form_by_keyboard_alone(page, live_server, assembly):
    page.goto(live_server.url + assembly.url)
    page.focus("#id_full_name")
    page.keyboard.type("Grace Hopper")
    _tab_to(page, "id_email")
    page.keyboard.type("grace@example.org")
    for category in assembly.selection_categories.order_by("sort_order"):
        _tab_to(page, f"id_category_{category.pk}")
        page.keyboard.type("Prefer")  # type-ahead chooses the option
    for consent in ("id_consent_contact", "id_consent_special_category"):
        _tab_to(page, consent)
        page.keyboard.press("Space")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Volunteer"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Thank you for volunteering" in page.content()
    assert Volunteer.objects.filter(email="grace@example.org").exists()


def test_invitation_code_is_checked_with_the_error_next_to_it(
    page, live_server, home_page, axe_check
):
    assembly = AssemblyPageFactory(invitation_codes_required=True)
    _categories(assembly)
    (code,) = services.invitations_sample(
        assembly=assembly, addresses=[("1 Mill Road", "CM1 1AA")], count=1, seed=1
    )
    page.goto(live_server.url + assembly.url)
    page.fill("#id_code", "WRONG123")
    page.fill("#id_full_name", "Ada Lovelace")
    page.fill("#id_email", "ada@example.org")
    for category in assembly.selection_categories.all():
        page.select_option(f"#id_category_{category.pk}", label="Prefer not to say")
    page.check("#id_consent_contact")
    page.check("#id_consent_special_category")
    page.get_by_role("button", name="Volunteer").click()
    assert "We did not send this invitation code" in page.inner_text("#id_code-error")
    assert page.input_value("#id_code") == "WRONG123"
    assert page.input_value("#id_full_name") == "Ada Lovelace"
    assert page.is_checked("#id_consent_contact")
    assert axe_check(page) == []
    page.fill("#id_code", code.code.lower())
    page.get_by_role("button", name="Volunteer").click()
    assert "Thank you for volunteering" in page.content()
    code.refresh_from_db()
    assert code.used_at is not None


# --- the organisers' pages --------------------------------------------------------------


@pytest.fixture
def organiser_page(page, live_server, assembly, make_user):
    _sign_in_as(page, live_server.url, organiser_of(make_user, assembly))
    return page


def test_pool_import_preview_lists_row_errors_and_passes_axe(
    organiser_page, live_server, assembly, axe_check, tmp_path
):
    page, base = organiser_page, live_server.url
    page.goto(f"{base}/assemblies/{assembly.pk}/pool/import/")
    assert axe_check(page) == []
    page.get_by_role("button", name="Check the files").click()  # no files: errors
    assert page.locator("#id_people_file-error").is_visible()
    assert axe_check(page) == []
    people, categories = tmp_path / "people.csv", tmp_path / "categories.csv"
    people.write_text(BAD_PEOPLE)
    categories.write_text(CATEGORIES)
    page.set_input_files("#id_people_file", str(people))
    page.set_input_files("#id_categories_file", str(categories))
    page.get_by_role("button", name="Check the files").click()
    problems = page.get_by_role("table", name="Every problem found").inner_text()
    assert "a1" in problems and "purple" in problems and "ann@example.org" in problems
    assert axe_check(page) == []
    assert not Volunteer.objects.exists()
    page.goto(f"{base}/assemblies/{assembly.pk}/pool/")
    assert axe_check(page) == []


def test_categories_quota_proposal_and_comparison_pass_axe(
    organiser_page, live_server, assembly, axe_check
):
    page, base = organiser_page, live_server.url
    pool_build(assembly, _values(assembly), 12, seed=1)
    page.goto(f"{base}/assemblies/{assembly.pk}/categories/")
    assert page.get_by_role(
        "table", name="The pool compared with the targets and quotas"
    ).is_visible()
    assert axe_check(page) == []
    page.get_by_role("button", name="Propose quotas from the target shares").click()
    proposed = page.get_by_role("table", name="Quotas proposed from the target shares")
    assert "3.1" in proposed.inner_text()  # 51% of 6 places
    assert axe_check(page) == []
    # An invalid quota: the error is next to its input, the input is kept.
    field = page.get_by_label("Minimum for gender: female")
    field.fill("9")
    page.get_by_role("button", name="Save quotas").click()
    field = page.get_by_label("Minimum for gender: female")
    assert field.input_value() == "9"
    error_id = field.get_attribute("aria-describedby")
    assert "must not be above" in page.inner_text(f"#{error_id}")
    assert axe_check(page) == []
    page.get_by_role("button", name="Add category").click()
    assert page.locator("#id_new-name-error").is_visible()
    assert axe_check(page) == []
    for path in ("representation", "invitations", "manage"):
        page.goto(f"{base}/assemblies/{assembly.pk}/{path}/")
        assert axe_check(page) == [], path


def _values(assembly):
    from assembly.models import CategoryValue

    return {
        (v.category.name, v.value): v
        for v in CategoryValue.objects.filter(category__assembly=assembly, prefer_not_to_say=False)
        .exclude(value="Prefer not to say")
        .select_related("category")
    }


def test_draw_report_panel_and_meetings_pass_axe(
    organiser_page, live_server, assembly, axe_check, tmp_path
):
    page, base = organiser_page, live_server.url
    pool_build(assembly, _values(assembly), 24, seed=3)
    page.goto(f"{base}/assemblies/{assembly.pk}/draws/")
    assert axe_check(page) == []
    page.get_by_role("button", name="Find the lottery").click()
    page.wait_for_url("**/draws/*/")
    draw = Draw.objects.get()
    assert page.get_by_role(
        "table", name="Average and smallest chance of selection by answer"
    ).is_visible()
    assert page.get_by_role(
        "table", name="Volunteers with the lowest chances, and why"
    ).is_visible()
    assert axe_check(page) == []
    page.fill("#id_seed", "-5")
    page.get_by_role("button", name="Draw the panel").click()
    assert page.locator("#id_seed-error").is_visible()
    assert page.input_value("#id_seed") == "-5"
    assert axe_check(page) == []
    page.fill("#id_seed", "12345")
    page.get_by_role("button", name="Draw the panel").click()
    draw.refresh_from_db()
    assert draw.status == "drawn" and draw.seed == 12345
    page.get_by_role("button", name="Publish on the assembly's page").click()
    assert axe_check(page) == []
    page.goto(base + assembly.url)
    assert "The draw record" in page.content() and "12345" in page.content()
    assert axe_check(page) == []

    page.goto(f"{base}/assemblies/{assembly.pk}/panel/")
    assert axe_check(page) == []
    first = PanelMember.objects.order_by("volunteer__pool_id").first()
    page.get_by_role("button", name=f"Invite by letter {first.volunteer.pool_id}").click()
    first.refresh_from_db()
    assert first.status == "invited"
    # The invited volunteer's reply page, errors included.
    page.goto(f"{base}/assemblies/respond/{first.token}/")
    assert axe_check(page) == []
    page.get_by_role("button", name="Send my answer").click()
    assert page.locator("#id_answer-error").is_visible()
    assert axe_check(page) == []
    services.member_accept(token=first.token)
    page.goto(f"{base}/assemblies/{assembly.pk}/panel/{first.pk}/")
    assert axe_check(page) == []
    page.fill("#id_access_needs", "Hearing loop")
    page.get_by_role("button", name="Save").click()
    first.refresh_from_db()
    assert first.access_needs == "Hearing loop"

    page.goto(f"{base}/assemblies/{assembly.pk}/meetings/")
    page.get_by_role("button", name="Add meeting").click()
    assert page.locator("#id_title-error").is_visible()
    assert axe_check(page) == []
    page.fill("#id_title", "First weekend")
    page.fill("#id_starts_at", "2026-12-05T10:00")
    page.get_by_role("button", name="Add meeting").click()
    page.get_by_role("link", name="First weekend").click()
    assert axe_check(page) == []
    page.get_by_role("button", name="Create a live session for this meeting").click()
    assert page.get_by_role("link", name="Essex care assembly: First weekend").is_visible()
    assert axe_check(page) == []
    page.get_by_label(first.volunteer.full_name, exact=False).check()
    page.get_by_role("button", name="Save attendance").click()
    assert Attendance.objects.get(member=first).attended
    assert InvitationCode.objects.count() == 0


def test_draw_progress_updates_in_place_without_reloading_and_passes_axe(
    organiser_page, live_server, assembly, axe_check
):
    from jobs.models import Job, JobStatus

    page, base = organiser_page, live_server.url
    pool_build(assembly, _values(assembly), 24, seed=3)
    draw = services.draw_prepare(assembly=assembly, algorithm="maximin")  # runs inline
    # Put it back to the middle of its job, as a worker would show it.
    Draw.objects.filter(pk=draw.pk).update(status="preparing")
    Job.objects.filter(pk=draw.job_id).update(
        status=JobStatus.RUNNING, done=40, total=100, message="Solving", finished_at=None
    )
    page.goto(base + draw.get_absolute_url())
    assert page.locator("meta[http-equiv=refresh]").count() == 0
    assert page.get_by_role("button", name="Pause updates").is_visible()
    assert not page.get_by_role("link", name="Check the progress again").is_visible()
    assert "40%" in page.inner_text("[role=status]")
    assert axe_check(page) == []
    page.evaluate("window.notReloaded = true")
    Draw.objects.filter(pk=draw.pk).update(status="ready")
    Job.objects.filter(pk=draw.job_id).update(status=JobStatus.SUCCEEDED, done=100)
    page.get_by_role("button", name="Draw the panel").wait_for(timeout=10000)
    assert page.evaluate("window.notReloaded") is True
    assert axe_check(page) == []


def test_draw_progress_without_javascript_offers_a_link_to_check_again(
    page_without_js, live_server, assembly, make_user
):
    from jobs.models import Job, JobStatus

    page, base = page_without_js, live_server.url
    _sign_in_as(page, base, organiser_of(make_user, assembly))
    pool_build(assembly, _values(assembly), 24, seed=3)
    draw = services.draw_prepare(assembly=assembly, algorithm="maximin")
    Draw.objects.filter(pk=draw.pk).update(status="preparing")
    Job.objects.filter(pk=draw.job_id).update(status=JobStatus.RUNNING, finished_at=None)
    page.goto(base + draw.get_absolute_url())
    assert page.locator("meta[http-equiv=refresh]").count() == 0
    Draw.objects.filter(pk=draw.pk).update(status="ready")
    Job.objects.filter(pk=draw.job_id).update(status=JobStatus.SUCCEEDED)
    page.get_by_role("link", name="Check the progress again").click()
    assert page.get_by_role("button", name="Draw the panel").is_visible()


def test_commissioner_sees_suppressed_counts_and_the_page_passes_axe(
    page, live_server, assembly, make_user, axe_check
):
    from allauth.mfa.models import Authenticator

    from accounts.models import Role

    pool_build(assembly, _values(assembly), 30, seed=2)
    commissioner = make_user(role=Role.COMMISSIONER, target=assembly)
    Authenticator.objects.create(user=commissioner, type=Authenticator.Type.TOTP, data={})
    _sign_in_as(page, live_server.url, commissioner)
    page.goto(f"{live_server.url}/assemblies/{assembly.pk}/representation/")
    table = page.get_by_role("table", name="The pool compared with the targets and quotas")
    assert "hidden" in table.inner_text()
    assert axe_check(page) == []


def test_too_many_code_guesses_page_keeps_input_and_passes_axe(
    page, live_server, home_page, axe_check, settings
):
    settings.ASSEMBLY_RATE_LIMITS = {"code_failure": "1/h/ip"}
    assembly = AssemblyPageFactory(invitation_codes_required=True)
    _categories(assembly)
    page.goto(live_server.url + assembly.url)
    page.fill("#id_code", "WRONG234")
    page.get_by_role("button", name="Volunteer").click()
    page.fill("#id_code", "WRONG345")
    page.fill("#id_full_name", "Ada Lovelace")
    with page.expect_response(lambda r: r.request.method == "POST") as response:
        page.get_by_role("button", name="Volunteer").click()
    assert response.value.status == 429
    assert "You have tried too many times" in page.inner_text(".govuk-error-summary")
    assert page.input_value("#id_code") == "WRONG345"
    assert page.input_value("#id_full_name") == "Ada Lovelace"
    assert axe_check(page) == []

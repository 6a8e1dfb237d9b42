import csv
import io
from datetime import date, datetime, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from accounts.selectors import user_has_role_on
from assembly import selectors, services
from assembly.models import Answer, Draw, MemberStatus, PanelMember, Volunteer
from audit.models import AccessLogEntry
from jobs.services import jobs_run_due
from tests.assembly.factories import (
    SMALL_SPEC,
    AssemblyPageFactory,
    organiser_of,
    pool_build,
    quotas_build,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def drawn(home_page, panel_drawn):
    """An assembly with a pool of 24 and a drawn panel of 6."""
    return panel_drawn(AssemblyPageFactory(panel_size=6))


def _member(page):
    return PanelMember.objects.filter(assembly=page).order_by("pk").first()


def test_accepting_invitation_creates_account_and_grants_member_role(client, drawn):
    member = _member(drawn)
    services.member_invite(member=member, by="email", base_url="http://testserver")
    assert member.token in mail.outbox[0].body
    response = client.post(
        reverse("assembly:respond", args=[member.token]),
        {"answer": "accept", "access_needs": "Step-free access", "contact_preference": "phone"},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.status == MemberStatus.ACCEPTED
    assert member.user.email == member.volunteer.email
    assert user_has_role_on(member.user, Role.MEMBER, drawn)
    assert selectors.is_panel_member(member.user, drawn)
    assert member.access_needs == "Step-free access"
    # single use
    again = client.get(reverse("assembly:respond", args=[member.token]))
    assert again.status_code == 404


def test_accepting_while_signed_in_links_that_account(client, drawn, make_user):
    resident = make_user(role=Role.RESIDENT)
    client.force_login(resident)
    member = _member(drawn)
    services.member_invite(member=member, by="post")
    client.post(
        reverse("assembly:respond", args=[member.token]),
        {"answer": "accept", "contact_preference": "post"},
    )
    member.refresh_from_db()
    assert member.user == resident
    assert resident.has_perm("assembly.view_member_area", drawn)


def test_withdraw_then_replacement_keeps_quotas_and_records_seed(drawn):
    member = services.member_accept(token=_member(drawn).token)
    services.member_withdraw(member=member)
    assert not user_has_role_on(member.user, Role.MEMBER, drawn)
    replacement = services.replacement_draw(member=member, seed=99)
    assert replacement.seed == 99 and replacement.quotas_moved == []
    holding = PanelMember.objects.filter(
        assembly=drawn, status__in=[MemberStatus.SELECTED, MemberStatus.ACCEPTED]
    )
    assert holding.count() == 6
    assert replacement.joined.volunteer != member.volunteer
    for row in selectors.pool_vs_targets(drawn):
        assert row.min <= row.panel <= row.max, row
    with pytest.raises(services.AssemblyError, match="already"):
        services.replacement_draw(member=member)


def test_replacement_needs_a_freed_place(drawn):
    with pytest.raises(services.AssemblyError, match=services.NOT_FREED):
        services.replacement_draw(member=_member(drawn))


def test_declined_place_is_replaced_through_the_panel_page(client, make_user, drawn):
    member = _member(drawn)
    services.member_decline(token=member.token)
    client.force_login(organiser_of(make_user, drawn))
    url = reverse("assembly:panel", args=[drawn.pk])
    client.post(url, {"member": member.pk, "action": "replace"})
    assert hasattr(PanelMember.objects.get(pk=member.pk), "replaced_by")


def test_panel_export_neutralises_formulas_and_is_logged(client, make_user, drawn):
    member = _member(drawn)
    Volunteer.objects.filter(pk=member.volunteer_id).update(
        full_name='=HYPERLINK("http://evil.example","click")'
    )
    PanelMember.objects.filter(pk=member.pk).update(access_needs="+44 hearing loop")
    client.force_login(organiser_of(make_user, drawn))
    response = client.get(reverse("assembly:panel_export", args=[drawn.pk]))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["pool_id", "status", "name"]
    assert len(rows) == 7
    cells = [c for row in rows for c in row]
    assert '\'=HYPERLINK("http://evil.example","click")' in cells
    assert "'+44 hearing loop" in cells
    assert not any(c.startswith(("=", "+", "@")) for c in cells)
    entry = AccessLogEntry.objects.get(action="export")
    assert entry.record_count == 6


def test_retention_job_anonymises_pool_only_after_the_date(
    drawn, django_capture_on_commit_callbacks
):
    drawn.retention_date = date(2030, 1, 31)
    drawn.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.pool_retention_schedule(assembly=drawn)
    before = timezone.make_aware(datetime(2030, 1, 31, 23, 0))
    jobs_run_due(now=before)
    assert not Volunteer.objects.filter(assembly=drawn, anonymised_at__isnull=False).exists()
    jobs_run_due(now=before + timedelta(hours=2))
    volunteers = Volunteer.objects.filter(assembly=drawn)
    assert all(v.anonymised_at and not v.email and not v.full_name for v in volunteers)
    assert not Answer.objects.filter(volunteer__assembly=drawn).exists()
    draw = Draw.objects.get(assembly=drawn)
    assert draw.pool_snapshot == {} and len(draw.panel) == 6  # the public record stays
    assert services.draw_verify(draw=draw, resolve=True).panel_ok
    assert AccessLogEntry.objects.filter(action="delete").exists()


def test_attendance_recorded_per_meeting(client, make_user, drawn):
    member = _member(drawn)
    services.member_accept(token=member.token)
    meeting = services.meeting_create(
        assembly=drawn, title="First weekend", starts_at=timezone.now()
    )
    client.force_login(organiser_of(make_user, drawn))
    url = reverse("assembly:meeting", args=[drawn.pk, meeting.pk])
    response = client.post(url, {"action": "attendance", "attended": [str(member.pk)]})
    assert response.status_code == 302
    assert meeting.attendance.get(member=member).attended


def test_published_draw_shows_on_public_page(client, drawn):
    draw = Draw.objects.get(assembly=drawn)
    assert "The draw record" not in client.get(drawn.url).content.decode()
    services.draw_publish(draw=draw)
    body = client.get(drawn.url).content.decode()
    assert draw.pool_hash in body and str(draw.seed) in body
    record = client.get(reverse("assembly:draw_record", args=[draw.pk])).json()
    assert record["panel"] == draw.panel
    assert "pool_snapshot" not in record


def test_draw_page_runs_job_and_draws_without_javascript(
    client, make_user, home_page, django_capture_on_commit_callbacks
):
    page = AssemblyPageFactory(panel_size=6)
    pool_build(page, quotas_build(page, SMALL_SPEC), 20, seed=8)
    client.force_login(organiser_of(make_user, page))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("assembly:draws", args=[page.pk]), {"algorithm": "leximin", "m": 1000}
        )
    draw = Draw.objects.get(assembly=page)
    assert response["Location"] == draw.get_absolute_url()
    body = client.get(draw.get_absolute_url()).content.decode()
    assert "Volunteers with the lowest chances" in body
    with django_capture_on_commit_callbacks(execute=True):
        client.post(draw.get_absolute_url(), {"action": "draw", "seed": "7"})
    draw.refresh_from_db()
    assert draw.status == "drawn" and draw.seed == 7
    assert PanelMember.objects.filter(assembly=page).count() == 6


def test_publishing_the_page_twice_schedules_one_retention_job(home_page, user):
    from jobs.models import Job, JobStatus

    page = AssemblyPageFactory(retention_date=date(2031, 6, 30))
    page.save_revision(user=user).publish()
    page.save_revision(user=user).publish()
    queued = Job.objects.filter(kind="assembly.pool_retention", status=JobStatus.QUEUED)
    assert queued.count() == 1
    assert queued.get().run_after == services.retention_due_at(page)
    assert queued.get().created_by == user  # the revision's author, as for scheduled publishing


def test_transparent_draw_page_asks_for_public_number(
    client, make_user, home_page, django_capture_on_commit_callbacks
):
    page = AssemblyPageFactory(panel_size=6)
    pool_build(page, quotas_build(page, SMALL_SPEC), 20, seed=8)
    with django_capture_on_commit_callbacks(execute=True):
        draw = services.draw_prepare(assembly=page, transparent=True, m=20)
    client.force_login(organiser_of(make_user, page))
    url = draw.get_absolute_url()
    client.post(url, {"action": "publish"})
    assert "lottery_digest" not in client.get(page.url).content.decode()
    draw.refresh_from_db()
    assert draw.lottery_digest in client.get(page.url).content.decode()
    response = client.post(url, {"action": "draw", "public_number": ""})
    assert "This field is required." in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"action": "draw", "public_number": "17"})
    draw.refresh_from_db()
    assert draw.status == "drawn" and draw.panel == sorted(draw.lottery_panels[17 % 20])


# --- malformed POSTs get a 400 with a message and change nothing --------------------------


def _statuses(page):
    return list(PanelMember.objects.filter(assembly=page).values_list("pk", "status"))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"member": "abc", "action": "withdraw"}, "NO_MEMBER"),
        ({"member": "", "action": "withdraw"}, "NO_MEMBER"),
        ({"action": "withdraw"}, "NO_MEMBER"),
        ({"member": "999999", "action": "withdraw"}, "NO_MEMBER"),
        ({"member": "FIRST", "action": "explode"}, "NO_ACTION"),
        ({"member": "FIRST"}, "NO_ACTION"),
    ],
)
def test_panel_post_with_bad_member_or_action_is_400_with_message(
    client, make_user, drawn, data, message
):
    from assembly import manage_forms as forms

    first = _member(drawn)
    data = {k: str(first.pk) if v == "FIRST" else v for k, v in data.items()}
    before = _statuses(drawn)
    client.force_login(organiser_of(make_user, drawn))
    response = client.post(reverse("assembly:panel", args=[drawn.pk]), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "There is a problem" in body
    assert getattr(forms, message).replace("'", "&#x27;") in body
    assert _statuses(drawn) == before


def test_panel_post_for_a_member_of_another_assembly_is_400(client, make_user, drawn, panel_drawn):
    other = panel_drawn(AssemblyPageFactory(panel_size=6))
    theirs = _member(other)
    client.force_login(organiser_of(make_user, drawn))
    response = client.post(
        reverse("assembly:panel", args=[drawn.pk]), {"member": theirs.pk, "action": "withdraw"}
    )
    assert response.status_code == 400
    theirs.refresh_from_db()
    assert theirs.status == MemberStatus.SELECTED


def test_attendance_post_with_bad_ids_is_400_and_keeps_the_ticks(client, make_user, drawn):
    from assembly.manage_forms import NOT_ATTENDEE

    member = services.member_accept(token=_member(drawn).token)
    meeting = services.meeting_create(assembly=drawn, title="First", starts_at=timezone.now())
    client.force_login(organiser_of(make_user, drawn))
    url = reverse("assembly:meeting", args=[drawn.pk, meeting.pk])
    response = client.post(url, {"action": "attendance", "attended": [str(member.pk), "abc"]})
    assert response.status_code == 400
    body = response.content.decode()
    assert NOT_ATTENDEE in body
    assert f'value="{member.pk}" checked' in body
    assert not meeting.attendance.exists()


def test_meeting_post_without_an_action_records_nothing(client, make_user, drawn):
    from assembly.manage_forms import NO_ACTION
    from deliberation.meeting_views import NO_SESSION

    services.member_accept(token=_member(drawn).token)
    meeting = services.meeting_create(assembly=drawn, title="First", starts_at=timezone.now())
    client.force_login(organiser_of(make_user, drawn))
    url = reverse("assembly:meeting", args=[drawn.pk, meeting.pk])
    response = client.post(url, {})
    assert response.status_code == 400
    assert NO_ACTION in response.content.decode()
    # Opening a session the meeting does not have used to save everyone as absent.
    response = client.post(url, {"action": "session_open"})
    assert response.status_code == 400  # the meeting page no longer takes session actions
    session_url = reverse("deliberation:meeting_session", args=[meeting.pk])
    response = client.post(session_url, {"action": "session_open"})
    assert response.status_code == 400
    assert NO_SESSION in response.content.decode()
    assert not meeting.attendance.exists()


def test_draw_page_post_without_an_action_is_400(client, make_user, drawn):
    from assembly.manage_forms import NO_ACTION

    draw = Draw.objects.get(assembly=drawn)
    client.force_login(organiser_of(make_user, drawn))
    response = client.post(draw.get_absolute_url(), {"seed": "5"})
    assert response.status_code == 400
    assert NO_ACTION in response.content.decode()
    draw.refresh_from_db()
    assert draw.published_at is None


# --- the draw pages show where the draws stand, and offer only what fits ---------------


def test_with_a_panel_drawn_the_draws_page_offers_replacements_not_a_new_lottery(
    client, make_user, drawn
):
    client.force_login(organiser_of(make_user, drawn))
    body = client.get(reverse("assembly:draws", args=[drawn.pk])).content.decode()
    assert "Find the lottery" not in body and 'name="algorithm"' not in body
    assert "draw a replacement on the panel page" in body
    assert reverse("assembly:panel", args=[drawn.pk]) in body


def test_with_a_panel_drawn_no_new_lottery_is_sought(client, make_user, drawn):
    client.force_login(organiser_of(make_user, drawn))
    response = client.post(
        reverse("assembly:draws", args=[drawn.pk]), {"algorithm": "maximin", "m": "1000"}
    )
    assert response.status_code == 200
    assert "A panel has already been drawn" in response.content.decode()
    assert Draw.objects.filter(assembly=drawn).count() == 1
    with pytest.raises(services.AssemblyError, match="already been drawn"):
        services.draw_prepare(assembly=drawn, algorithm="maximin")


def test_a_ready_lottery_of_an_assembly_with_a_panel_offers_no_draw(
    client, make_user, drawn, django_capture_on_commit_callbacks
):
    # A lottery found before the panel was drawn from another one.
    first = Draw.objects.get(assembly=drawn)
    Draw.objects.filter(pk=first.pk).update(status="ready")
    with django_capture_on_commit_callbacks(execute=True):
        second = services.draw_prepare(assembly=drawn, algorithm="maximin")
    Draw.objects.filter(pk=first.pk).update(status="drawn")
    client.force_login(organiser_of(make_user, drawn))
    body = client.get(second.get_absolute_url()).content.decode()
    assert "Draw the panel" not in body and 'name="seed"' not in body
    assert "draw a replacement on the panel page" in body


def test_before_any_draw_the_draws_page_offers_the_lottery(client, make_user, home_page):
    page = AssemblyPageFactory(panel_size=6)
    client.force_login(organiser_of(make_user, page))
    body = client.get(reverse("assembly:draws", args=[page.pk])).content.decode()
    assert "Find the lottery" in body


def test_while_a_lottery_is_found_the_draws_page_links_to_it_and_offers_no_other(
    client, make_user, home_page
):
    page = AssemblyPageFactory(panel_size=6)
    pool_build(page, quotas_build(page, SMALL_SPEC), 20, seed=8)
    draw = services.draw_prepare(assembly=page)  # its job is not run: still preparing
    client.force_login(organiser_of(make_user, page))
    body = client.get(reverse("assembly:draws", args=[page.pk])).content.decode()
    assert draw.get_absolute_url() in body
    assert "Find the lottery" not in body


def test_draw_progress_page_has_no_meta_refresh_and_a_link_to_check_again(
    client, make_user, home_page
):
    page = AssemblyPageFactory(panel_size=6)
    pool_build(page, quotas_build(page, SMALL_SPEC), 20, seed=8)
    draw = services.draw_prepare(assembly=page)  # its job is not run: still preparing
    client.force_login(organiser_of(make_user, page))
    body = client.get(draw.get_absolute_url()).content.decode()
    assert 'http-equiv="refresh"' not in body and "http-equiv" not in body
    assert f'href="{draw.get_absolute_url()}">Check the progress again</a>' in body
    assert 'data-progress-poll="2"' in body and "js/progress.mjs" in body


def test_a_panel_still_being_drawn_stops_a_second_one(
    home_page, django_capture_on_commit_callbacks
):
    page = AssemblyPageFactory(panel_size=6)
    pool_build(page, quotas_build(page, SMALL_SPEC), 20, seed=8)
    with django_capture_on_commit_callbacks(execute=True):
        first = services.draw_prepare(assembly=page, algorithm="maximin")
    with django_capture_on_commit_callbacks(execute=True):
        second = services.draw_prepare(assembly=page, algorithm="maximin")
    services.panel_draw(draw=first, seed=1)  # its job not run yet: still drawing
    with pytest.raises(services.AssemblyError, match="already been drawn"):
        services.panel_draw(draw=second, seed=2)
    assert services.draws_state(page).panel == first

"""Live sessions for an assembly's meetings: its members join them through the page role."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from accounts.models import Role
from assembly import services
from assembly.models import Draw, PanelMember, Volunteer
from deliberation.models import LiveSession, SessionStatus
from deliberation.services import meeting_session_create
from tests.assembly.factories import (
    SMALL_SPEC,
    AssemblyPageFactory,
    organiser_of,
    pool_build,
    quotas_build,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def assembly(home_page):
    return AssemblyPageFactory(title="Essex care assembly")


@pytest.fixture
def meeting(assembly):
    return services.meeting_create(
        assembly=assembly, title="First weekend", starts_at=datetime(2026, 12, 5, 10, tzinfo=UTC)
    )


def test_organiser_creates_a_session_for_a_meeting_from_the_manage_pages(
    client, make_user, assembly, meeting
):
    client.force_login(organiser_of(make_user, assembly))
    url = reverse("assembly:meeting", args=[assembly.pk, meeting.pk])
    session_url = reverse("deliberation:meeting_session", args=[meeting.pk])
    assert session_url in client.get(url).content.decode()
    response = client.post(session_url, {"action": "session", "open_now": "on"})
    assert response.status_code == 302 and response["Location"] == url
    meeting.refresh_from_db()
    session = meeting.live_session
    assert session.page.pk == assembly.pk
    assert session.status == SessionStatus.OPEN
    assert session.title == "Essex care assembly: First weekend"
    page = client.get(url).content.decode()
    assert session.get_absolute_url() in page
    # A second one is refused with a message, not a second session.
    client.post(session_url, {"action": "session"})
    assert LiveSession.objects.count() == 1


def test_only_organisers_create_sessions(client, make_user, assembly, meeting):
    client.force_login(make_user(role=Role.MEMBER, target=assembly))
    url = reverse("deliberation:meeting_session", args=[meeting.pk])
    assert client.post(url, {"action": "session"}).status_code == 403
    assert not LiveSession.objects.exists()


def test_members_of_the_assembly_join_and_post_others_cannot(make_user, assembly, meeting):
    session = meeting_session_create(meeting=meeting)
    member = make_user(role=Role.MEMBER, target=assembly)
    other = AssemblyPageFactory()
    outsider = make_user(role=Role.MEMBER, target=other)
    resident = make_user(role=Role.RESIDENT)
    assert member.has_perm("deliberation.join_session", session)
    assert member.has_perm("deliberation.post_statement", session)
    assert not member.has_perm("deliberation.run_session", session)
    for user in (outsider, resident):
        assert not user.has_perm("deliberation.join_session", session)
    organiser = organiser_of(make_user, assembly)
    assert organiser.has_perm("deliberation.run_session", session)
    assert not organiser_of(make_user, other).has_perm("deliberation.run_session", session)


def test_member_posts_in_the_session_page(client, make_user, assembly, meeting):
    session = meeting_session_create(meeting=meeting)
    client.force_login(make_user(role=Role.RESIDENT))
    assert client.get(session.get_absolute_url()).status_code == 403
    client.force_login(make_user(role=Role.MEMBER, target=assembly))
    response = client.post(
        session.get_absolute_url(),
        {"text": "Carers need respite", "client_id": "6f1c2b1e-8f0a-4d57-9c55-7e3c1f8a9b10"},
    )
    assert response.status_code == 302
    assert session.statements.get().text == "Carers need respite"


def test_accepted_panel_member_sees_the_assembly_sessions_on_the_home_page(
    client, make_user, assembly, meeting
):
    later = services.meeting_create(
        assembly=assembly, title="Second weekend", starts_at=datetime(2027, 1, 9, tzinfo=UTC)
    )
    meeting_session_create(meeting=meeting)
    meeting_session_create(meeting=later, open_now=False)
    member = make_user(role=Role.MEMBER, target=assembly)
    client.force_login(member)
    home = client.get("/").content.decode()
    assert "Essex care assembly: First weekend" in home
    assert "Essex care assembly: Second weekend" in home  # coming, not yet open
    client.force_login(make_user(role=Role.RESIDENT))
    home = client.get("/").content.decode()
    assert "First weekend" not in home and "Second weekend" not in home


def test_withdrawn_member_can_no_longer_join(make_user, assembly, meeting):
    session = meeting_session_create(meeting=meeting)
    pool_build(assembly, quotas_build(assembly, SMALL_SPEC), 1)
    draw = Draw.objects.create(assembly=assembly, panel_size=1)
    member = PanelMember.objects.create(
        assembly=assembly, draw=draw, volunteer=Volunteer.objects.get()
    )
    member = services.member_accept(token=member.token)
    assert member.user.has_perm("deliberation.join_session", session)
    services.member_withdraw(member=member)
    user = type(member.user).objects.get(pk=member.user.pk)  # fresh permission caches
    assert not user.has_perm("deliberation.join_session", session)


def test_organiser_opens_and_closes_the_meeting_session(client, make_user, assembly, meeting):
    session = meeting_session_create(meeting=meeting, open_now=False)
    url = reverse("assembly:meeting", args=[assembly.pk, meeting.pk])
    session_url = reverse("deliberation:meeting_session", args=[meeting.pk])
    client.force_login(organiser_of(make_user, assembly))
    client.post(session_url, {"action": "session_open"})
    session.refresh_from_db()
    assert session.status == SessionStatus.OPEN
    assert "Close the session" in client.get(url).content.decode()
    client.post(session_url, {"action": "session_close"})
    session.refresh_from_db()
    assert session.status == SessionStatus.CLOSED
    member = make_user(role=Role.MEMBER, target=assembly)
    client.force_login(member)
    assert client.post(session_url, {"action": "session_open"}).status_code == 403
    session.refresh_from_db()
    assert session.status == SessionStatus.CLOSED

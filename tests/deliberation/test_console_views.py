"""The facilitator's pages and the join page, as plain forms (no JavaScript)."""

import uuid

import pytest
from django.urls import reverse

from accounts.models import Role, RoleAssignment
from deliberation.models import LiveSession, SessionStatus, Statement
from deliberation.services import live_session_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def session():
    return live_session_create(title="Town hall", agenda=[{"title": "Welcome"}, {"title": "Ideas"}])


def _console(session):
    return reverse("deliberation:console", args=[session.pk])


def test_facilitator_runs_the_session_from_the_console(client, make_user, session):
    client.force_login(make_user(role=Role.FACILITATOR, target=session))
    page = client.get(_console(session)).content.decode()
    assert "Welcome" in page and "Start" in page
    client.post(_console(session), {"action": "start", "action_id": str(uuid.uuid4())})
    next_id = str(uuid.uuid4())
    for _ in range(2):  # a double submit moves on once
        client.post(_console(session), {"action": "next", "action_id": next_id})
    session.refresh_from_db()
    assert session.status == SessionStatus.LIVE
    assert session.current_item.title == "Ideas"


def test_a_refused_move_is_explained_on_the_console(client, make_user, session):
    client.force_login(make_user(role=Role.FACILITATOR, target=session))
    response = client.post(_console(session), {"action": "pause"}, follow=True)
    assert "cannot pause" in response.content.decode()


def test_facilitator_adds_an_agenda_item_with_a_timer(client, make_user, session):
    client.force_login(make_user(role=Role.FACILITATOR, target=session))
    client.post(_console(session), {"action": "add_item", "title": "Vote", "minutes": "3"})
    assert session.agenda.last().timer_seconds == 180


def test_moderator_hides_a_statement_but_cannot_move_the_session(client, make_user, session):
    statement = Statement.objects.create(session=session, text="Spam", client_id=uuid.uuid4())
    client.force_login(make_user(role=Role.MODERATOR, target=session))
    client.post(_console(session), {"action": "hide", "statement_id": str(statement.pk)})
    statement.refresh_from_db()
    assert statement.hidden
    assert client.post(_console(session), {"action": "start"}).status_code == 403


@pytest.mark.parametrize("role", [Role.MEMBER, None])
def test_participants_and_outsiders_have_no_console(client, make_user, session, role):
    client.force_login(make_user(role=role, target=session if role else None))
    assert client.get(_console(session)).status_code == 403


def test_facilitator_creates_a_session_with_an_agenda_and_runs_it(client, make_user):
    facilitator = make_user(role=Role.FACILITATOR)
    client.force_login(facilitator)
    response = client.post(
        reverse("deliberation:create"),
        {"title": "Essex voices", "open_event": "on", "agenda": "Welcome | 5\nWord cloud"},
    )
    session = LiveSession.objects.get(title="Essex voices")
    assert response.url == _console(session)
    assert session.open_event
    assert [(i.title, i.timer_seconds) for i in session.agenda.all()] == [
        ("Welcome", 300),
        ("Word cloud", None),
    ]
    assert RoleAssignment.objects.filter(user=facilitator, role=Role.FACILITATOR).exists()
    assert facilitator.has_perm("deliberation.run_session", session)


def test_a_resident_cannot_create_sessions(client, make_user):
    client.force_login(make_user())
    assert client.get(reverse("deliberation:create")).status_code == 403


def test_guest_joins_an_open_event_with_the_code_and_posts_without_javascript(client):
    session = live_session_create(title="Community event", open_event=True, open_now=True)
    response = client.post(
        reverse("join"), {"code": session.join_code.lower(), "display_name": "Priya"}
    )
    assert response.url == session.get_absolute_url()
    page = client.get(response.url).content.decode()
    assert "You joined as" in page and "Priya" in page
    client.post(response.url, {"text": "More benches", "client_id": str(uuid.uuid4())})
    statement = Statement.objects.get()
    assert statement.guest.display_name == "Priya" and statement.author is None


def test_a_wrong_code_is_explained_and_nobody_joins(client):
    live_session_create(title="Members only", open_now=True)  # not an open event
    response = client.post(reverse("join"), {"code": "ZZZZZZ", "display_name": "Sam"})
    assert "no open event with that code" in response.content.decode()


def test_an_open_event_sends_a_stranger_to_the_join_page(client):
    session = live_session_create(title="Community event", open_event=True)
    response = client.get(session.get_absolute_url())
    assert response.url == f"{reverse('join')}?code={session.join_code}"


def test_a_members_session_sends_a_stranger_to_sign_in(client):
    session = live_session_create(title="Panel only")
    assert "/accounts/login/" in client.get(session.get_absolute_url()).url


def test_the_facilitators_home_links_to_the_console_and_to_creating(client, make_user, session):
    client.force_login(make_user(role=Role.FACILITATOR, target=session))
    page = client.get(reverse("accounts:profile")).content.decode()
    assert _console(session) in page
    assert reverse("deliberation:create") in page

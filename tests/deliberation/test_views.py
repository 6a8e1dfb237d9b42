import uuid

import pytest

from accounts.models import Role
from deliberation.models import Statement

pytestmark = pytest.mark.django_db


def test_member_posts_statement_without_javascript(client, make_user, live_session):
    client.force_login(make_user(role=Role.MEMBER, target=live_session))
    url = live_session.get_absolute_url()
    response = client.post(url, {"text": "Plain form works", "client_id": str(uuid.uuid4())})
    assert response.status_code == 302
    assert "Plain form works" in client.get(url).content.decode()


def test_empty_statement_shows_error_and_keeps_nothing(client, make_user, live_session):
    client.force_login(make_user(role=Role.MEMBER, target=live_session))
    response = client.post(
        live_session.get_absolute_url(), {"text": "", "client_id": str(uuid.uuid4())}
    )
    assert response.status_code == 200
    assert "Write something before you send it." in response.content.decode()
    assert not Statement.objects.exists()


def test_non_member_gets_403(client, make_user, live_session):
    client.force_login(make_user(role=Role.RESIDENT))
    assert client.get(live_session.get_absolute_url()).status_code == 403


def test_create_live_session_command_prints_json(capsys):
    import json

    from django.core.management import call_command

    call_command("create_live_session", "--title", "Budget questions", "--open", "--json")
    data = json.loads(capsys.readouterr().out)
    assert data["websocket_path"] == f"/ws/sessions/{data['id']}/"
    assert data["status"] == "live"
    assert len(data["join_code"]) == 6


def test_form_strips_nul_and_bidi_overrides_instead_of_refusing(client, make_user, live_session):
    client.force_login(make_user(role=Role.MEMBER, target=live_session))
    response = client.post(
        live_session.get_absolute_url(),
        {"text": "Respite\x00 \u202ecare\u2069", "client_id": str(uuid.uuid4())},
    )
    assert response.status_code == 302
    assert Statement.objects.get().text == "Respite care"


def test_form_post_over_the_limit_answers_429_and_keeps_the_text(
    client, make_user, live_session, frozen_clock
):
    client.force_login(make_user(role=Role.MEMBER, target=live_session))
    url = live_session.get_absolute_url()
    for n in range(5):
        response = client.post(url, {"text": f"Point {n}", "client_id": uuid.uuid4()})
        assert response.status_code == 302
    client_id = str(uuid.uuid4())
    response = client.post(url, {"text": "Typed with care", "client_id": client_id})
    assert response.status_code == 429
    page = response.content.decode()
    assert "faster than the session can take them" in page
    assert "Wait 8 seconds" in page
    assert "Typed with care</textarea>" in page
    assert client_id in page
    assert Statement.objects.count() == 5


def test_form_limit_does_not_stop_a_neighbour_on_the_same_address(
    client, make_user, live_session, frozen_clock
):
    url = live_session.get_absolute_url()
    client.force_login(make_user(role=Role.MEMBER, target=live_session))
    for n in range(6):
        client.post(url, {"text": f"Point {n}", "client_id": uuid.uuid4()})
    client.force_login(make_user(role=Role.MEMBER, target=live_session))
    response = client.post(url, {"text": "Mine", "client_id": uuid.uuid4()})
    assert response.status_code == 302
    assert Statement.objects.filter(text="Mine").exists()

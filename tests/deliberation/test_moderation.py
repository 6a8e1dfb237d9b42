"""Moderation without a socket: mutes that hold across a rejoin, pre-moderation,
length limits, the log, the console's plain forms and the log's CSV export."""

import csv
import io
import uuid

import pytest
from django.urls import reverse

from accounts.models import Role
from deliberation.guests import guest_join
from deliberation.models import Statement
from deliberation.moderation import services as moderation
from deliberation.moderation.models import ModerationLogEntry, Mute
from deliberation.selectors import statements_after
from deliberation.services import (
    ERROR_MUTED,
    StatementForbidden,
    StatementRejected,
    live_session_create,
    statement_post,
)
from tests.analysis.factories import with_mfa  # organisers must have two-factor sign-in

pytestmark = pytest.mark.django_db


@pytest.fixture
def session():
    return live_session_create(title="Town hall", open_now=True, open_event=True)


def _post(session, text="More benches", **person):
    return statement_post(
        session_id=session.pk, text=text, client_id=uuid.uuid4(), may_post=True, **person
    ).statement


def test_a_muted_member_cannot_post_until_unmuted_and_the_log_says_who_did_it(make_user, session):
    member = make_user(role=Role.MEMBER, target=session)
    moderator = make_user(role=Role.MODERATOR, target=session, first_name="Mo", last_name="Derator")
    first = _post(session, user=member)
    muted = moderation.participant_mute(
        session_id=session.pk, targets={"statement": first.pk}, actor=moderator
    )
    with pytest.raises(StatementForbidden, match=ERROR_MUTED):
        _post(session, user=member)
    moderation.participant_unmute(session_id=session.pk, mute_id=muted.target_id, actor=moderator)
    assert _post(session, "Back again", user=member).text == "Back again"
    log = list(ModerationLogEntry.objects.order_by("id").values_list("actor_label", "action"))
    assert log == [("Mo Derator", "mute"), ("Mo Derator", "unmute")]


def test_a_muted_guest_stays_muted_after_rejoining_under_a_new_name(session):
    guest, token = guest_join(code=session.join_code, display_name="Sam")
    said = _post(session, user=None, guest=guest)
    moderation.participant_mute(session_id=session.pk, targets={"statement": said.pk})
    again, _ = guest_join(
        code=session.join_code, display_name="Samantha", tokens={str(session.pk): token}
    )
    assert again.pk == guest.pk and again.display_name == "Samantha"
    with pytest.raises(StatementForbidden, match=ERROR_MUTED):
        _post(session, user=None, guest=again)


def test_muting_twice_keeps_one_mute_and_a_wrong_target_is_refused(make_user, session):
    member = make_user(role=Role.MEMBER, target=session)
    said = _post(session, user=member)
    for _ in range(2):
        moderation.participant_mute(session_id=session.pk, targets={"statement": said.pk})
    assert Mute.objects.count() == 1
    with pytest.raises(moderation.ModerationRejected):
        moderation.participant_mute(session_id=session.pk, targets={"statement": said.pk + 99})
    with pytest.raises(moderation.ModerationRejected):
        moderation.participant_unmute(session_id=session.pk, mute_id=12345)


def test_pre_moderated_statement_waits_until_approved(make_user, session):
    member = make_user(role=Role.MEMBER, target=session)
    moderation.moderation_settings_set(session_id=session.pk, statements="pre")
    waiting = _post(session, user=member)
    assert waiting.pending and statements_after(session_id=session.pk) == []
    moderation.statement_approve(session_id=session.pk, statement_id=waiting.pk)
    assert [s.pk for s in statements_after(session_id=session.pk)] == [waiting.pk]
    with pytest.raises(moderation.ModerationRejected):  # approved already
        moderation.statement_approve(session_id=session.pk, statement_id=waiting.pk)


def test_length_limits_are_set_per_session_and_checked(make_user, session):
    member = make_user(role=Role.MEMBER, target=session)
    moderation.moderation_settings_set(session_id=session.pk, max_statement_length=50)
    _post(session, "x" * 50, user=member)
    with pytest.raises(StatementRejected, match="under 50"):
        _post(session, "x" * 51, user=member)
    for bad in (5, 5000, "40", True):
        with pytest.raises(moderation.ModerationRejected):
            moderation.moderation_settings_set(session_id=session.pk, max_statement_length=bad)


def _console(session):
    return reverse("deliberation:console", args=[session.pk])


def test_moderator_approves_and_mutes_from_the_console_without_javascript(
    client, make_user, session
):
    member = make_user(role=Role.MEMBER, target=session)
    moderation.moderation_settings_set(session_id=session.pk, statements="pre")
    waiting = _post(session, "Please approve me", user=member)
    client.force_login(make_user(role=Role.MODERATOR, target=session))
    page = client.get(_console(session)).content.decode()
    assert "Please approve me" in page and "Waiting for approval" in page
    client.post(_console(session), {"action": "approve", "statement_id": str(waiting.pk)})
    client.post(_console(session), {"action": "mute", "statement_id": str(waiting.pk)})
    waiting.refresh_from_db()
    assert not waiting.pending and Mute.objects.get().user == member
    page = client.get(_console(session)).content.decode()
    assert "Approved" in page and "Muted" in page
    # Only facilitators change the settings.
    response = client.post(_console(session), {"action": "settings", "statements": "post"})
    assert response.status_code == 403


def test_the_log_exports_as_csv_with_formulas_neutralised(client, make_user, session):
    member = make_user(role=Role.MEMBER, target=session)
    said = _post(session, '=HYPERLINK("http://x","y")', user=member)
    moderation.participant_mute(session_id=session.pk, targets={"statement": said.pk})
    client.force_login(make_user(role=Role.FACILITATOR, target=session))
    response = client.get(reverse("deliberation:moderation_log_csv", args=[session.pk]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == ["time", "who", "action", "target", "target_id", "target_text"]
    assert rows[1][2] == "Muted" and rows[1][3] == "participant"
    assert not any(cell.startswith("=") for row in rows for cell in row)


@pytest.mark.parametrize(
    ("role", "status"),
    [(Role.ORGANISER, 200), (Role.MODERATOR, 403), (Role.MEMBER, 403), (None, 403)],
)
def test_only_facilitators_and_organisers_export_the_log(client, make_user, session, role, status):
    client.force_login(with_mfa(make_user(role=role, target=session if role else None)))
    response = client.get(reverse("deliberation:moderation_log_csv", args=[session.pk]))
    assert response.status_code == status


def test_hiding_and_restoring_are_logged(make_user, session):
    from deliberation import flow

    facilitator = make_user(role=Role.FACILITATOR, target=session, username="fac")
    said = _post(session, user=make_user(role=Role.MEMBER, target=session))
    for hidden in (True, False):
        flow.statement_hidden_set(
            session_id=session.pk, statement_id=said.pk, hidden=hidden, actor=facilitator
        )
    entries = ModerationLogEntry.objects.order_by("id")
    assert [(e.action, e.target_id) for e in entries] == [("hide", said.pk), ("restore", said.pk)]
    assert Statement.objects.get().hidden is False

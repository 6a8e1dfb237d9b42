"""Moving a session: transitions, numbered events, idempotent actions."""

import json
import uuid

import pytest

from deliberation import flow
from deliberation.events import events_since, stream_positions
from deliberation.models import SessionEvent, SessionStatus, Statement
from deliberation.services import live_session_create, statement_post

pytestmark = pytest.mark.django_db

AGENDA = [{"title": "Welcome", "timer_seconds": 300}, {"title": "Questions"}]


@pytest.fixture
def session():
    return live_session_create(title="Community event", agenda=AGENDA)


def _types(session, stream="everyone"):
    return [
        json.loads(e.text)["type"]
        for e in SessionEvent.objects.filter(session=session, stream=stream)
    ]


def test_start_makes_the_first_item_current_and_starts_its_timer(session):
    flow.session_start(session_id=session.pk)
    session.refresh_from_db()
    assert session.status == SessionStatus.LIVE
    assert session.current_item.title == "Welcome"
    assert session.current_item.ends_at is not None


def test_pause_holds_the_timer_and_resume_restarts_it(session):
    flow.session_start(session_id=session.pk)
    flow.session_pause(session_id=session.pk)
    session.refresh_from_db()
    item = session.current_item
    assert session.status == SessionStatus.PAUSED
    assert item.ends_at is None and 299 <= item.remaining_seconds <= 300
    flow.session_resume(session_id=session.pk)
    item.refresh_from_db()
    assert item.ends_at is not None and item.remaining_seconds is None


def test_next_moves_along_the_agenda_and_stops_at_the_end(session):
    flow.session_start(session_id=session.pk)
    flow.agenda_item_advance(session_id=session.pk)
    session.refresh_from_db()
    assert session.current_item.title == "Questions"
    with pytest.raises(flow.TransitionError, match="last item"):
        flow.agenda_item_advance(session_id=session.pk)


def test_an_ended_session_cannot_start_again(session):
    flow.session_end(session_id=session.pk)
    with pytest.raises(flow.TransitionError, match="finished cannot start"):
        flow.session_start(session_id=session.pk)


def test_every_change_is_numbered_in_order_on_its_stream(session, make_user):
    member = make_user()
    flow.session_start(session_id=session.pk)
    posted = statement_post(
        session_id=session.pk, user=member, text="Hello", client_id=uuid.uuid4(), may_post=True
    )
    flow.statement_hidden_set(session_id=session.pk, statement_id=posted.statement.pk, hidden=True)
    seqs = list(
        SessionEvent.objects.filter(session=session, stream="everyone").values_list(
            "seq", flat=True
        )
    )
    assert seqs == [1, 2, 3]
    assert _types(session) == ["session.changed", "statement.new", "statement.hidden"]
    assert _types(session, "facilitators") == ["statement.moderated", "moderation.logged"]
    assert stream_positions(session_id=session.pk) == {"everyone": 3, "facilitators": 2}


def test_the_hidden_statements_text_reaches_only_the_facilitators_stream(session, make_user):
    flow.session_start(session_id=session.pk)
    posted = statement_post(
        session_id=session.pk, user=make_user(), text="Rude", client_id=uuid.uuid4(), may_post=True
    )
    flow.statement_hidden_set(session_id=session.pk, statement_id=posted.statement.pk, hidden=True)
    hidden_event = SessionEvent.objects.get(session=session, stream="everyone", seq=3)
    assert "Rude" not in hidden_event.text
    assert Statement.objects.get().hidden


def test_the_same_action_id_twice_acts_once(session):
    action_id = uuid.uuid4()
    flow.session_start(session_id=session.pk)
    first = flow.agenda_item_advance(session_id=session.pk, actor_key="user:1", action_id=action_id)
    again = flow.agenda_item_advance(session_id=session.pk, actor_key="user:1", action_id=action_id)
    assert not first.duplicate and again.duplicate
    session.refresh_from_db()
    assert session.current_item.title == "Questions"
    assert _types(session).count("session.changed") == 2


def test_a_refused_action_does_not_use_up_its_action_id(session):
    action_id = uuid.uuid4()
    with pytest.raises(flow.TransitionError):
        flow.session_pause(session_id=session.pk, actor_key="user:1", action_id=action_id)
    flow.session_start(session_id=session.pk)
    assert not flow.session_pause(
        session_id=session.pk, actor_key="user:1", action_id=action_id
    ).duplicate


def test_events_since_gives_what_was_missed_or_asks_for_a_snapshot(session, monkeypatch):
    from deliberation import events

    flow.session_start(session_id=session.pk)
    flow.agenda_item_advance(session_id=session.pk)
    missed = events_since(session_id=session.pk, stream="everyone", since=1)
    assert [json.loads(t)["seq"] for t in missed] == [2]
    assert events_since(session_id=session.pk, stream="everyone", since=2) == []
    assert events_since(session_id=session.pk, stream="everyone", since=99) is None
    monkeypatch.setattr(events, "RESYNC_LIMIT", 1)
    assert events_since(session_id=session.pk, stream="everyone", since=0) is None


def test_statements_are_only_taken_while_live(session, make_user):
    from deliberation.services import StatementRejected

    with pytest.raises(StatementRejected, match="not live"):
        statement_post(
            session_id=session.pk,
            user=make_user(),
            text="Hi",
            client_id=uuid.uuid4(),
            may_post=True,
        )

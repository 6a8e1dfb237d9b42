"""The activity base: created on the current item, opened, closed and revealed once."""

import json
import uuid

import pytest

from deliberation import flow
from deliberation.activities.errors import ActivityRejected
from deliberation.activities.models import Activity
from deliberation.activities.selectors import activities_payload
from deliberation.activities.services import activity_command, activity_create
from deliberation.models import SessionEvent
from tests.deliberation.activity_helpers import room

pytestmark = pytest.mark.django_db


def _events(session, stream):
    rows = SessionEvent.objects.filter(session=session, stream=stream).order_by("seq")
    return [json.loads(r.text) for r in rows]


def _draft(session, **kwargs):
    kwargs.setdefault("kind", "questions")
    kwargs.setdefault("title", "  What should we ask the council?  ")
    return activity_create(session_id=session.pk, actor_key="user:1", **kwargs).activity


def test_a_new_activity_is_a_draft_on_the_current_item_told_to_facilitators_only(make_user):
    session, *_ = room(make_user)
    before = len(_events(session, "everyone"))
    activity = _draft(session)
    assert activity.agenda_item_id == session.current_item_id
    assert (activity.state, activity.results, activity.title) == (
        "draft",
        "hidden",
        "What should we ask the council?",
    )
    assert _events(session, "facilitators")[-1]["activity"]["id"] == activity.pk
    assert len(_events(session, "everyone")) == before
    assert activities_payload(session=session, staff=False) == []
    assert [a["id"] for a in activities_payload(session=session, staff=True)] == [activity.pk]


def test_opening_tells_everyone_and_closing_and_revealing_follow(make_user):
    session, *_ = room(make_user)
    activity = _draft(session)
    for command, field, value in [
        ("open", "state", "open"),
        ("reveal", "results", "revealed"),
        ("close", "state", "closed"),
    ]:
        activity_command(session_id=session.pk, activity_id=activity.pk, command=command)
        told = _events(session, "everyone")[-1]
        assert told["type"] == "activity.changed"
        assert told["activity"][field] == value
    assert Activity.objects.get(pk=activity.pk).closed_at is not None


def test_a_resent_open_is_a_duplicate_and_logs_one_event(make_user):
    session, *_ = room(make_user)
    activity = _draft(session)
    key = uuid.uuid4()
    kwargs = {"session_id": session.pk, "activity_id": activity.pk, "actor_key": "user:1"}
    first = activity_command(command="open", action_id=key, **kwargs)
    before = SessionEvent.objects.count()
    again = activity_command(command="open", action_id=key, **kwargs)
    assert (first.duplicate, again.duplicate) == (False, True)
    assert SessionEvent.objects.count() == before


def test_a_resent_create_answers_with_the_same_activity(make_user):
    session, *_ = room(make_user)
    key = uuid.uuid4()
    first = activity_create(
        session_id=session.pk, kind="queue", title="Hands up", actor_key="user:1", action_id=key
    )
    again = activity_create(
        session_id=session.pk, kind="queue", title="Hands up", actor_key="user:1", action_id=key
    )
    assert again.duplicate and again.activity == first.activity
    assert Activity.objects.filter(session=session).count() == 1


@pytest.mark.parametrize(
    ("kind", "title"), [("survey", "A title"), ("poll", ""), ("poll", "x" * 201), ("poll", None)]
)
def test_a_bad_kind_or_title_is_refused_and_nothing_is_saved(make_user, kind, title):
    session, *_ = room(make_user)
    with pytest.raises(ActivityRejected):
        activity_create(session_id=session.pk, kind=kind, title=title)
    assert not Activity.objects.exists()


def test_an_activity_of_an_earlier_item_cannot_open_and_a_draft_cannot_close_or_reveal(
    make_user,
):
    session, *_ = room(make_user)
    activity = _draft(session)
    for command in ("close", "reveal"):
        with pytest.raises(ActivityRejected):
            activity_command(session_id=session.pk, activity_id=activity.pk, command=command)
    flow.agenda_item_advance(session_id=session.pk)
    with pytest.raises(ActivityRejected, match="another agenda item"):
        activity_command(session_id=session.pk, activity_id=activity.pk, command="open")
    assert Activity.objects.get(pk=activity.pk).state == "draft"


def test_a_finished_session_takes_no_activity_changes(make_user):
    session, *_ = room(make_user)
    activity = _draft(session)
    flow.session_end(session_id=session.pk)
    with pytest.raises(ActivityRejected, match="finished"):
        activity_command(session_id=session.pk, activity_id=activity.pk, command="open")
    with pytest.raises(ActivityRejected, match="finished"):
        _draft(session)


def test_another_sessions_activity_is_not_found(make_user):
    session, *_ = room(make_user)
    other, *_ = room(make_user, open_event=False)
    activity = _draft(other)
    with pytest.raises(ActivityRejected, match="no such activity"):
        activity_command(session_id=session.pk, activity_id=activity.pk, command="open")


def test_an_activity_prepared_on_a_later_item_opens_once_that_item_is_current(make_user):
    session, _people, _guest, _token = room(make_user)
    later = session.agenda.last()
    activity = _draft(session, agenda_item_id=later.pk)
    assert activity.agenda_item_id == later.pk
    with pytest.raises(ActivityRejected, match="another agenda item"):
        activity_command(session_id=session.pk, activity_id=activity.pk, command="open")
    flow.agenda_item_advance(session_id=session.pk)
    activity_command(session_id=session.pk, activity_id=activity.pk, command="open")
    activity.refresh_from_db()
    assert activity.state == "open"


@pytest.mark.parametrize("bad", ["1", True, 10**9])
def test_an_activity_is_not_prepared_on_an_item_outside_the_session(make_user, bad):
    session, _people, _guest, _token = room(make_user)
    other, *_ = room(make_user)
    for item_id in (bad, other.agenda.first().pk):
        with pytest.raises(ActivityRejected, match="no such agenda item"):
            _draft(session, agenda_item_id=item_id)
    assert not Activity.objects.filter(session=session).exists()

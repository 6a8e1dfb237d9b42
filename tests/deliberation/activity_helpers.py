"""A started session with one person per role, for the activity tests."""

import uuid

from accounts.models import Role
from deliberation import flow
from deliberation.guests import guest_join
from deliberation.services import live_session_create

AGENDA = [{"title": "Welcome"}, {"title": "Ideas"}]


def room(make_user, *, open_event=True, start=True):
    """A session (an open event, so guests can join) with its people and a guest token."""
    session = live_session_create(title="Room", agenda=AGENDA, open_event=open_event)
    people = {
        "facilitator": make_user(role=Role.FACILITATOR, target=session),
        "moderator": make_user(role=Role.MODERATOR, target=session),
        "participant": make_user(role=Role.MEMBER, target=session),
    }
    if start:
        flow.session_start(session_id=session.pk)
        session.refresh_from_db()
    guest, token = (
        guest_join(code=session.join_code, display_name="Sam") if open_event else (None, None)
    )
    return session, people, guest, token


def command(type_, **fields):
    return {"type": type_, "action_id": str(uuid.uuid4()), **fields}

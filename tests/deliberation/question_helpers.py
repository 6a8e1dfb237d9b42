"""A started room with an open questions activity and an open speaking queue."""

from deliberation.activities.services import activity_create, activity_open
from tests.deliberation.activity_helpers import room


def room_with(make_user, *, moderation="post", **kwargs):
    session, people, guest, token = room(make_user, **kwargs)
    ids = {}
    for kind in ("questions", "queue"):
        made = activity_create(
            session_id=session.pk, kind=kind, title=kind.title(), moderation=moderation
        )
        activity_open(session_id=session.pk, activity_id=made.activity.pk)
        ids[kind] = made.activity.pk
    return session, people, guest, token, ids

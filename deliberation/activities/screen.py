"""The screen view's read-only link: a signed token naming the session, nothing more.

Whoever holds the link sees what the room's screen shows (it is projected, so it
is public to the room) and can do nothing: the socket holds it as the ``screen``
role, with no right to post, vote or run anything.
"""

from django.core import signing

SCREEN_SALT = "deliberation.screen-link"  # noqa: S105 (a signing salt, not a secret)
SCREEN_MAX_AGE = 7 * 24 * 60 * 60  # a week: for one event, not for ever
PREFIX = "screen."


def screen_token(session) -> str:
    return PREFIX + signing.dumps({"screen": session.pk}, salt=SCREEN_SALT, compress=True)


def screen_session_id(token) -> int | None:
    """The session a genuine, fresh screen token names; else None."""
    if not isinstance(token, str) or not token.startswith(PREFIX) or len(token) > 300:
        return None
    try:
        data = signing.loads(token[len(PREFIX) :], salt=SCREEN_SALT, max_age=SCREEN_MAX_AGE)
    except signing.BadSignature:
        return None
    session_id = data.get("screen") if isinstance(data, dict) else None
    return session_id if isinstance(session_id, int) else None

"""Guests of open events: joined with the code and a display name, no account.

A guest is named by a signed join token (Django's signing, salted for this use),
which the join page keeps in the browser's session and hands to the socket.
"""

from django.core import signing
from django.db import transaction

from common.text import text_clean
from deliberation.models import LiveSession, SessionGuest, SessionStatus

GUEST_TOKENS = "live_guest_tokens"  # in the browser's session: session id -> join token
TOKEN_SALT = "deliberation.join-token"  # noqa: S105 (a signing salt, not a secret)
TOKEN_MAX_AGE = 24 * 60 * 60  # a day: an event, not a membership
MAX_NAME_LENGTH = 60
ERROR_CODE = "There is no open event with that code. Check it and try again."
ERROR_NAME = "Enter the name others will see, up to 60 characters."


class JoinRefused(ValueError):
    pass


def join_code_clean(code: str) -> str:
    return "".join(str(code or "").split()).upper()


@transaction.atomic
def guest_join(*, code: str, display_name: str, tokens=None) -> tuple[SessionGuest, str]:
    """A guest in the open event with this code, and their join token.

    ``tokens`` are the join tokens this browser holds already (session id -> token).
    Joining an event again from the same browser keeps the same guest under the new
    name, so what is tied to the guest (a moderator's mute, votes, a hand up) holds.
    """
    name = " ".join(text_clean(str(display_name or "")).split())
    if not name or len(name) > MAX_NAME_LENGTH:
        raise JoinRefused(ERROR_NAME)
    session = (
        LiveSession.objects.filter(join_code=join_code_clean(code), open_event=True)
        .exclude(status=SessionStatus.ENDED)
        .first()
    )
    if session is None:
        raise JoinRefused(ERROR_CODE)
    held = (tokens or {}).get(str(session.pk))
    guest = guest_from_token(held, session_id=session.pk) if held else None
    if guest is not None:
        guest.display_name = name
        guest.save(update_fields=["display_name"])
    else:
        guest = SessionGuest.objects.create(session=session, display_name=name)
    return guest, guest_token(guest)


def guest_token(guest: SessionGuest) -> str:
    return signing.dumps({"s": guest.session_id, "g": guest.pk}, salt=TOKEN_SALT, compress=True)


def guest_from_token(token, *, session_id: int) -> SessionGuest | None:
    """The guest a token names, if it is genuine, fresh and for this open event."""
    if not isinstance(token, str) or not token or len(token) > 500:
        return None
    try:
        data = signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("s") != session_id:
        return None
    return (
        SessionGuest.objects.filter(pk=data.get("g"), session_id=session_id)
        .filter(session__open_event=True)
        .select_related("session")
        .first()
    )


def guest_token_for(request, session_id: int) -> str | None:
    """The join token this browser holds for the session, if any."""
    return request.session.get(GUEST_TOKENS, {}).get(str(session_id))

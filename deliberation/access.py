"""What one socket or page may do in a session: read once, held, re-read on change."""

import contextlib
from dataclasses import dataclass

from deliberation.activities.screen import screen_session_id
from deliberation.guests import guest_from_token
from deliberation.models import LiveSession, SessionGuest


@dataclass(frozen=True)
class Access:
    may_join: bool = False
    may_post: bool = False
    may_moderate: bool = False
    may_run: bool = False
    user: object = None
    guest: SessionGuest | None = None
    # The screen view's read-only link: it sees what everyone sees and does nothing.
    screen: bool = False

    @property
    def actor_key(self) -> str:
        if self.screen:
            return "screen"
        if self.guest is not None:
            return f"guest:{self.guest.pk}"
        return f"user:{self.user.pk}"

    @property
    def is_staff(self) -> bool:
        """Facilitators and moderators: they get the facilitators' stream too."""
        return self.may_run or self.may_moderate

    @property
    def role(self) -> str:
        if self.may_run:
            return "facilitator"
        if self.may_moderate:
            return "moderator"
        if self.screen:
            return "screen"
        return "guest" if self.guest is not None else "participant"


NO_ACCESS = Access()
SCREEN = Access(may_join=True, screen=True)


def access_for_user(session: LiveSession, user) -> Access:
    """From the rules as they stand now."""
    if not getattr(user, "is_authenticated", False):
        return NO_ACCESS
    # Role lookups are cached on the user object, which lives as long as the socket.
    # delattr, not __dict__: the scope's user is a lazy object that proxies it.
    for name in ("_group_names_cache", "_perm_cache", "_user_perm_cache", "_group_perm_cache"):
        with contextlib.suppress(AttributeError):
            delattr(user, name)
    return Access(
        may_join=user.has_perm("deliberation.join_session", session),
        may_post=user.has_perm("deliberation.post_statement", session),
        may_moderate=user.has_perm("deliberation.moderate_session", session),
        may_run=user.has_perm("deliberation.run_session", session),
        user=user,
    )


def access_for_guest(session: LiveSession, token) -> Access:
    """A guest of an open event, named by their signed join token."""
    guest = guest_from_token(token, session_id=session.pk)
    if guest is None:
        return NO_ACCESS
    return Access(may_join=True, may_post=True, guest=guest)


def access_load(session: LiveSession, user, token=None) -> Access:
    """An account's roles first; else a join token (a signed-in person may join as a guest)."""
    access = access_for_user(session, user)
    if access.may_join or not token:
        return access
    if screen_session_id(token) == session.pk:
        return SCREEN
    return access_for_guest(session, token)

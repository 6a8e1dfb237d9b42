"""Writes for live sessions. Sync functions; consumers await them."""

import re
import uuid
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from assembly.services.panel import meeting_session_link
from common.text import text_clean
from deliberation.events import event_emit
from deliberation.models import AgendaItem, LiveSession, SessionStatus, Statement, Stream
from deliberation.moderation.selectors import moderation_settings, mute_holds
from deliberation.ratelimits import statement_rate_hit
from deliberation.selectors import session_payload, statement_payload, statement_staff_payload

MAX_STATEMENT_LENGTH = 1000
ERROR_EMPTY = "Write something before you send it."
ERROR_TOO_LONG = f"Keep it under {MAX_STATEMENT_LENGTH} characters."
ERROR_CLIENT_ID = "Each message needs a client_id (a UUID) so it is never saved twice."
ERROR_NOT_OPEN = "This session is not live, so it is not taking statements."
ERROR_FORBIDDEN = "You can no longer post in this session."
ERROR_MUTED = "A moderator has muted you in this session, so you cannot post here."

# JSON may carry a lone UTF-16 surrogate ("\\ud800"), which no database can store as UTF-8.
_SURROGATES = re.compile("[\ud800-\udfff]")


class StatementRejected(ValueError):
    code = "rejected"


class StatementForbidden(StatementRejected):
    code = "forbidden"


class StatementRateLimited(StatementRejected):
    code = "rate_limited"

    def __init__(self, retry_after: int):
        self.retry_after = retry_after
        unit = "second" if retry_after == 1 else "seconds"
        super().__init__(
            "You are sending statements faster than the session can take them. "
            f"Wait {retry_after} {unit}, then send it again."
        )


@dataclass(frozen=True)
class StatementResult:
    statement: Statement
    created: bool


@transaction.atomic
def live_session_create(
    *, title: str, open_now: bool = False, page=None, open_event: bool = False, agenda=()
) -> LiveSession:
    """A session; with ``page``, the roles held on that page (an assembly) apply to it.

    ``agenda`` holds dicts with ``title`` and optionally ``description`` and
    ``timer_seconds``; an open session starts on its first item.
    """
    status = SessionStatus.LIVE if open_now else SessionStatus.DRAFT
    session = LiveSession.objects.create(
        title=title.strip(), status=status, page=page, open_event=open_event
    )
    items = [
        AgendaItem.objects.create(
            session=session,
            position=n,
            title=str(entry["title"]).strip(),
            description=str(entry.get("description", "")).strip(),
            timer_seconds=entry.get("timer_seconds") or None,
        )
        for n, entry in enumerate(agenda)
    ]
    if open_now and items:
        session.current_item = items[0]
        session.save(update_fields=["current_item"])
    return session


@transaction.atomic
def meeting_session_create(*, meeting, open_now: bool = True, agenda=()) -> LiveSession:
    """A live session for an assembly's meeting, on the assembly's page, so its members can
    join; a meeting that has one already raises ``AssemblyError`` and keeps no new session.
    ``agenda`` is as ``live_session_create`` takes it."""
    session = live_session_create(
        title=f"{meeting.assembly.title}: {meeting.title}",
        open_now=open_now,
        page=meeting.assembly,
        agenda=agenda,
    )
    meeting_session_link(meeting=meeting, session=session)
    return session


def live_session_status_set(*, session: LiveSession, status: str) -> LiveSession:
    """Set a session's state outright: an organiser's open and close, which may reopen.

    Facilitators move a session through ``deliberation.flow``, which keeps to the
    state machine; this is the override beside it, and tells the room just the same.
    """
    with transaction.atomic():
        session = LiveSession.objects.select_for_update().get(pk=session.pk)
        session.status = SessionStatus(status)
        session.save(update_fields=["status"])
        event_emit(
            session=session,
            stream=Stream.EVERYONE,
            type="session.changed",
            payload={"session": session_payload(session)},
        )
    return session


def statement_post(
    *, session_id: int, user, text, client_id, may_post: bool | None = None, guest=None
) -> StatementResult:
    """Save a statement once; a resend with the same ``client_id`` returns the first.

    A guest of an open event posts with ``guest`` set and ``user`` None; the caller
    has checked their join token.

    ``may_post`` is the caller's current knowledge of the user's role: the live
    consumer holds it from connect and re-loads it when the user's roles change,
    so a busy room does not re-run every rule on every message. ``None`` checks
    the rules here.
    """
    if not isinstance(text, str):
        raise StatementRejected(ERROR_EMPTY)
    # Cleaned before anything is counted, so what others see is what was measured.
    text = _SURROGATES.sub("", text_clean(text)).strip()
    if not text:
        raise StatementRejected(ERROR_EMPTY)
    if len(text) > MAX_STATEMENT_LENGTH:
        raise StatementRejected(ERROR_TOO_LONG)
    try:
        client_uuid = uuid.UUID(str(client_id))
    except (ValueError, TypeError, AttributeError):
        raise StatementRejected(ERROR_CLIENT_ID) from None
    session = LiveSession.objects.get(pk=session_id)
    if may_post is None:
        may_post = guest is not None or user.has_perm("deliberation.post_statement", session)
    if not may_post:
        raise StatementForbidden(ERROR_FORBIDDEN)
    if not session.takes_statements:
        raise StatementRejected(ERROR_NOT_OPEN)
    rules = moderation_settings(session_id=session.pk)
    if len(text) > rules.max_statement_length:
        raise StatementRejected(f"Keep it under {rules.max_statement_length} characters.")
    author = None if guest is not None else user
    existing = Statement.objects.filter(
        session=session, author=author, guest=guest, client_id=client_uuid
    )
    if found := existing.first():
        return StatementResult(found, created=False)
    # Counted after the lookup: resending what was already saved, as a client does
    # after reconnecting, costs nothing.
    actor = f"guest:{guest.pk}" if guest is not None else f"user:{user.pk}"
    # A mute is checked after the resend lookup too: what was saved before it stays acknowledged.
    if mute_holds(session_id=session.pk, user=author, guest=guest):
        raise StatementForbidden(ERROR_MUTED)
    if wait := statement_rate_hit(actor=actor, session_id=session.pk):
        raise StatementRateLimited(wait)
    waits = rules.statements == "pre"
    try:
        with transaction.atomic():
            statement = Statement.objects.create(
                session=session,
                author=author,
                guest=guest,
                text=text,
                client_id=client_uuid,
                hidden=waits,
                pending=waits,
            )
            # Numbered and logged with the statement; sent after commit: to the room,
            # or (pre-moderation) to the facilitators' moderation queue only.
            event_emit(
                session=session,
                stream=Stream.FACILITATORS if waits else Stream.EVERYONE,
                type="statement.pending" if waits else "statement.new",
                payload={
                    "statement": statement_staff_payload(statement)
                    if waits
                    else statement_payload(statement)
                },
            )
    except IntegrityError:
        return StatementResult(existing.get(), created=False)
    return StatementResult(statement, created=True)


__all__ = ["statement_payload", "statement_post", "live_session_create"]

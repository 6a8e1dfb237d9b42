"""Writes that move a live session: its state, its agenda and its moderation.

Each is one transaction: lock the session, check the move, save it, log the event
(``events.event_emit``, broadcast after commit). An ``action_id`` makes a resend
after a reconnect harmless: the second time nothing changes and ``duplicate`` is set.
Callers check the person's role first (the consumer holds it).
"""

import uuid
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from deliberation import states
from deliberation.events import event_emit
from deliberation.lookups import row_by_id
from deliberation.models import (
    AgendaItem,
    LiveSession,
    SessionAction,
    SessionStatus,
    Statement,
    Stream,
)
from deliberation.moderation.log import moderation_log_record
from deliberation.moderation.models import ModerationAction
from deliberation.selectors import session_payload, statement_payload

TransitionError = states.TransitionError
ERROR_ACTION_ID = "Each action needs an action_id (a UUID) so it is never done twice."
ERROR_NO_STATEMENT = "There is no such statement in this session."


@dataclass(frozen=True)
class FlowResult:
    session: LiveSession
    duplicate: bool = False


def _claim(session: LiveSession, actor_key: str | None, action_id, kind: str) -> bool:
    """True the first time this actor sends this key; False for a resend."""
    if action_id is None:
        return True
    try:
        key = uuid.UUID(str(action_id))
    except (ValueError, TypeError, AttributeError):
        raise TransitionError(ERROR_ACTION_ID) from None
    try:
        with transaction.atomic():
            SessionAction.objects.create(
                session=session, actor=actor_key or "system", key=key, kind=kind
            )
    except IntegrityError:
        return False
    return True


def _done_before(session: LiveSession, actor_key: str | None, action_id) -> bool:
    """A resend of an action already done: checked before the state, which has moved on."""
    try:
        key = uuid.UUID(str(action_id)) if action_id is not None else None
    except (ValueError, TypeError, AttributeError):
        raise TransitionError(ERROR_ACTION_ID) from None
    return key is not None and (
        SessionAction.objects.filter(session=session, actor=actor_key or "system", key=key).exists()
    )


def _locked(session_id: int) -> LiveSession:
    return LiveSession.objects.select_for_update().get(pk=session_id)


def session_changed_emit(session: LiveSession) -> None:
    """Tell everyone the session's state as it now is (a whole state, so order-proof)."""
    event_emit(
        session=session,
        stream=Stream.EVERYONE,
        type="session.changed",
        payload={"session": session_payload(session)},
    )


def _item_start(item: AgendaItem, now) -> None:
    item.ends_at = states.timer_end(now, item.timer_seconds)
    item.remaining_seconds = None
    item.save(update_fields=["ends_at", "remaining_seconds"])


def _timer_hold(item: AgendaItem | None, now) -> None:
    if item is not None and item.ends_at is not None:
        item.remaining_seconds = states.timer_remaining(now, item.ends_at)
        item.ends_at = None
        item.save(update_fields=["ends_at", "remaining_seconds"])


def _timer_release(item: AgendaItem | None, now) -> None:
    if item is not None and item.remaining_seconds is not None:
        item.ends_at = states.timer_end(now, item.remaining_seconds)
        item.remaining_seconds = None
        item.save(update_fields=["ends_at", "remaining_seconds"])


def session_command(
    *, session_id: int, command: str, actor_key: str | None = None, action_id=None
) -> FlowResult:
    """``lobby``, ``start``, ``pause``, ``resume`` or ``end``, if the state allows it."""
    with transaction.atomic():
        session = _locked(session_id)
        if _done_before(session, actor_key, action_id):
            return FlowResult(session, duplicate=True)
        target = states.next_status(session.status, command)
        if not _claim(session, actor_key, action_id, f"session.{command}"):
            return FlowResult(session, duplicate=True)
        now = timezone.now()
        item = session.current_item
        if command == "start" and item is None:
            item = session.agenda.first()
            if item is not None:
                session.current_item = item
                _item_start(item, now)
        elif command == "pause":
            _timer_hold(item, now)
        elif command == "resume":
            _timer_release(item, now)
        elif command == "end":
            _timer_hold(item, now)
        session.status = target
        session.save(update_fields=["status", "current_item"])
        session_changed_emit(session)
    return FlowResult(session)


def session_lobby_open(**kwargs) -> FlowResult:
    return session_command(command="lobby", **kwargs)


def session_start(**kwargs) -> FlowResult:
    return session_command(command="start", **kwargs)


def session_pause(**kwargs) -> FlowResult:
    return session_command(command="pause", **kwargs)


def session_resume(**kwargs) -> FlowResult:
    return session_command(command="resume", **kwargs)


def session_end(**kwargs) -> FlowResult:
    return session_command(command="end", **kwargs)


def agenda_item_advance(
    *, session_id: int, actor_key: str | None = None, action_id=None
) -> FlowResult:
    """Make the next agenda item current and start its timer."""
    with transaction.atomic():
        session = _locked(session_id)
        if _done_before(session, actor_key, action_id):
            return FlowResult(session, duplicate=True)
        items = list(session.agenda.all())
        ids = [i.pk for i in items]
        position = ids.index(session.current_item_id) if session.current_item_id in ids else None
        following = states.advance_check(session.status, position, len(items))
        if not _claim(session, actor_key, action_id, "agenda.next"):
            return FlowResult(session, duplicate=True)
        now = timezone.now()
        _timer_hold(session.current_item, now)
        session.current_item = items[following]
        _item_start(session.current_item, now)
        session.save(update_fields=["current_item"])
        session_changed_emit(session)
    return FlowResult(session)


def agenda_item_add(
    *, session: LiveSession, title: str, description: str = "", timer_seconds: int | None = None
) -> AgendaItem:
    with transaction.atomic():
        session = _locked(session.pk)
        if session.status == SessionStatus.ENDED:
            raise TransitionError("A finished session's agenda cannot change.")
        last = session.agenda.order_by("-position").first()
        item = AgendaItem.objects.create(
            session=session,
            title=title.strip(),
            description=description.strip(),
            timer_seconds=timer_seconds or None,
            position=0 if last is None else last.position + 1,
        )
        session_changed_emit(session)
    return item


def statement_hidden_set(
    *,
    session_id: int,
    statement_id,
    hidden: bool,
    actor_key: str | None = None,
    action_id=None,
    actor=None,
) -> FlowResult:
    """Hide a statement from everyone but facilitators and moderators, or restore it.

    Hiding one that waits for approval (pre-moderation) rejects it: it leaves the
    queue and stays hidden. Restoring one that waits approves it. Each is logged.
    """
    with transaction.atomic():
        session = _locked(session_id)
        if _done_before(session, actor_key, action_id):
            return FlowResult(session, duplicate=True)
        statement = row_by_id(Statement.objects.filter(session=session), statement_id)
        if statement is None:
            raise TransitionError(ERROR_NO_STATEMENT)
        kind = "statement.hide" if hidden else "statement.restore"
        if not _claim(session, actor_key, action_id, kind):
            return FlowResult(session, duplicate=True)
        if statement.hidden == hidden and not statement.pending:
            return FlowResult(session)
        statement.hidden, statement.pending = hidden, False
        statement.save(update_fields=["hidden", "pending"])
        statement_moderated_emit(session=session, statement=statement, hidden=hidden)
        moderation_log_record(
            session=session,
            actor=actor,
            action=ModerationAction.HIDE if hidden else ModerationAction.RESTORE,
            target_kind="statement",
            target_id=statement.pk,
            text=statement.text,
        )
    return FlowResult(session)


def statement_moderated_emit(*, session, statement, hidden: bool) -> None:
    """Tell everyone a statement went or came back, and facilitators what was done."""
    payload = statement_payload(statement)
    if hidden:
        everyone = ("statement.hidden", {"statement_id": statement.pk})
    else:
        everyone = ("statement.new", {"statement": payload})
    event_emit(session=session, stream=Stream.EVERYONE, type=everyone[0], payload=everyone[1])
    event_emit(
        session=session,
        stream=Stream.FACILITATORS,
        type="statement.moderated",
        payload={"statement": payload, "hidden": hidden},
    )

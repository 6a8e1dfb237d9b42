"""Moderation's writes: settings, mutes, approving what waited, and the log of it all.

Each runs in one transaction with the session locked, writes a log entry beside the
change, and numbers its events there too (``events.event_emit``, sent after commit).
Callers check the role first: moderators and facilitators moderate; only
facilitators change the settings.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from deliberation.events import event_emit
from deliberation.flow import _claim, _done_before, _locked, statement_moderated_emit
from deliberation.lookups import row_by_id
from deliberation.models import LiveSession, Statement, Stream
from deliberation.moderation.log import moderation_log_record
from deliberation.moderation.models import ModerationAction, ModerationSettings, Mute
from deliberation.moderation.selectors import mute_payload, person_label, settings_payload
from deliberation.states import TransitionError

MIN_LENGTH, MAX_STATEMENT, MAX_QUESTION = 20, 1000, 1000
ERROR_MODE = "Statements are moderated before (pre) or after (post) they show."
ERROR_LENGTH = f"Length limits are whole numbers of characters from {MIN_LENGTH} to 1000."
ERROR_NO_STATEMENT = "There is no such statement in this session."
ERROR_NO_TARGET = "Say whose contribution: a statement_id or a question_id of this session."
ERROR_NO_AUTHOR = "Its author has left and cannot be muted."
ERROR_NO_MUTE = "There is no such mute in force in this session."
ERROR_NOT_PENDING = "That statement is not waiting for approval."


class ModerationRejected(TransitionError):
    """A moderation move that cannot be done; nothing changed."""


@dataclass(frozen=True)
class ModerationResult:
    duplicate: bool = False
    target_id: int | None = None


def _length(value, default: int, ceiling: int) -> int:
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int) or not MIN_LENGTH <= value <= ceiling:
        raise ModerationRejected(ERROR_LENGTH)
    return value


def moderation_settings_set(
    *,
    session_id: int,
    statements=None,
    max_statement_length=None,
    max_question_length=None,
    actor=None,
    actor_key: str | None = None,
    action_id=None,
) -> ModerationResult:
    """Change how statements are moderated and how long statements and questions may be."""
    with transaction.atomic():
        session = _locked(session_id)
        if _done_before(session, actor_key, action_id):
            return ModerationResult(duplicate=True)
        found, _ = ModerationSettings.objects.get_or_create(session=session)
        mode = found.statements if statements is None else statements
        if mode not in ("pre", "post"):
            raise ModerationRejected(ERROR_MODE)
        found.statements = mode
        found.max_statement_length = _length(
            max_statement_length, found.max_statement_length, MAX_STATEMENT
        )
        found.max_question_length = _length(
            max_question_length, found.max_question_length, MAX_QUESTION
        )
        if not _claim(session, actor_key, action_id, "moderation.settings"):
            return ModerationResult(duplicate=True)
        found.save()
        payload = settings_payload(found)
        event_emit(
            session=session,
            stream=Stream.EVERYONE,
            type="moderation.settings",
            payload={"settings": payload},
        )
        text = ", ".join(f"{k}={v}" for k, v in payload.items())
        moderation_log_record(
            session=session,
            actor=actor,
            action=ModerationAction.SETTINGS,
            target_kind="session",
            target_id=session.pk,
            text=text,
        )
    return ModerationResult()


def _statement_author(session: LiveSession, pk: int):
    row = Statement.objects.filter(session=session, pk=pk).select_related("author", "guest").first()
    return None if row is None else (row.author, row.guest, row.text)


# What can be muted for: kind -> (the message's field, finder of (user, guest, text)).
# Questions add theirs from their own module, so this one never imports it.
CONTRIBUTIONS = {"statement": _statement_author}


def _author_of(session: LiveSession, targets: dict):
    """(user, guest, text, kind, id) of the contribution named, or ``ModerationRejected``."""
    for kind, pk in targets.items():
        finder = CONTRIBUTIONS.get(kind)
        if finder and isinstance(pk, int) and not isinstance(pk, bool):
            found = finder(session, pk)
            if found is not None:
                return (*found, kind, pk)
    raise ModerationRejected(ERROR_NO_TARGET)


def participant_mute(
    *,
    session_id: int,
    targets: dict,
    actor=None,
    actor_key: str | None = None,
    action_id=None,
) -> ModerationResult:
    """Mute the author of a contribution (``targets``: ``{"statement": id}`` or
    ``{"question": id}``): no more text or hands up from them in this session."""
    with transaction.atomic():
        session = _locked(session_id)
        if _done_before(session, actor_key, action_id):
            return ModerationResult(duplicate=True)
        user, guest, text, kind, target = _author_of(session, targets)
        if user is None and guest is None:
            raise ModerationRejected(ERROR_NO_AUTHOR)
        if not _claim(session, actor_key, action_id, "participant.mute"):
            return ModerationResult(duplicate=True)
        person = {"guest": guest} if guest is not None else {"user": user}
        mute = Mute.objects.filter(session=session, lifted_at__isnull=True, **person).first()
        if mute is not None:
            return ModerationResult(target_id=mute.pk)
        mute = Mute.objects.create(
            session=session, muted_by=actor if getattr(actor, "pk", None) else None, **person
        )
        event_emit(
            session=session,
            stream=Stream.FACILITATORS,
            type="participant.muted",
            payload={"mute": mute_payload(mute)},
        )
        moderation_log_record(
            session=session,
            actor=actor,
            action=ModerationAction.MUTE,
            target_kind="participant",
            target_id=mute.pk,
            text=f"{person_label(user=user, guest=guest)}, for {kind} {target}: {text}",
        )
    return ModerationResult(target_id=mute.pk)


def participant_unmute(
    *, session_id: int, mute_id, actor=None, actor_key: str | None = None, action_id=None
) -> ModerationResult:
    """Lift a mute; the person may contribute again."""
    with transaction.atomic():
        session = _locked(session_id)
        if _done_before(session, actor_key, action_id):
            return ModerationResult(duplicate=True)
        mute = row_by_id(Mute.objects.filter(session=session, lifted_at__isnull=True), mute_id)
        if mute is None:
            raise ModerationRejected(ERROR_NO_MUTE)
        if not _claim(session, actor_key, action_id, "participant.unmute"):
            return ModerationResult(duplicate=True)
        mute.lifted_at = timezone.now()
        mute.save(update_fields=["lifted_at"])
        event_emit(
            session=session,
            stream=Stream.FACILITATORS,
            type="participant.unmuted",
            payload={"mute_id": mute.pk},
        )
        moderation_log_record(
            session=session,
            actor=actor,
            action=ModerationAction.UNMUTE,
            target_kind="participant",
            target_id=mute.pk,
            text=person_label(user=mute.user, guest=mute.guest),
        )
    return ModerationResult(target_id=mute.pk)


def statement_approve(
    *, session_id: int, statement_id, actor=None, actor_key: str | None = None, action_id=None
) -> ModerationResult:
    """A statement that waited (pre-moderation) shows to everyone."""
    with transaction.atomic():
        session = _locked(session_id)
        if _done_before(session, actor_key, action_id):
            return ModerationResult(duplicate=True)
        statement = row_by_id(Statement.objects.filter(session=session), statement_id)
        if statement is None:
            raise ModerationRejected(ERROR_NO_STATEMENT)
        if not statement.pending:
            raise ModerationRejected(ERROR_NOT_PENDING)
        if not _claim(session, actor_key, action_id, "statement.approve"):
            return ModerationResult(duplicate=True)
        statement.pending = statement.hidden = False
        statement.save(update_fields=["pending", "hidden"])
        statement_moderated_emit(session=session, statement=statement, hidden=False)
        moderation_log_record(
            session=session,
            actor=actor,
            action=ModerationAction.APPROVE,
            target_kind="statement",
            target_id=statement.pk,
            text=statement.text,
        )
    return ModerationResult(target_id=statement.pk)

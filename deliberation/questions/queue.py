"""The speaking queue ("hands up"): join, leave, and the facilitator calls the next.

Everyone's stream carries the queue as entry ids only (``queue.changed``); the
facilitators' stream carries it with names (``queue.console``). Each person learns
their own entry id from their ``ack`` and their snapshot, so only they can see which
place is theirs.
"""

from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone

from deliberation.activities import kinds
from deliberation.activities.models import Activity, ActivityKind, ActivityState
from deliberation.activities.services import activity_locked
from deliberation.events import event_emit
from deliberation.flow import _claim, _done_before, _locked
from deliberation.models import LiveSession, Stream
from deliberation.moderation.selectors import mute_holds
from deliberation.questions.models import QueueEntry, QueueState
from deliberation.questions.selectors import queue_public_payload, queue_staff_payload
from deliberation.questions.services import QuestionForbidden, QuestionRejected

ERROR_NOT_QUEUE = "There is no such speaking queue in this session."
ERROR_CLOSED = "The speaking queue is not open just now."
ERROR_MUTED = "A moderator has muted you in this session, so you cannot join the queue."
ERROR_FORBIDDEN = "You cannot join the speaking queue in this session."


@dataclass(frozen=True)
class QueueResult:
    duplicate: bool = False
    reply: dict = field(default_factory=dict)


def _queue(session: LiveSession, activity_id) -> Activity:
    try:
        activity = activity_locked(session, activity_id)
    except kinds.ActivityRejected:
        raise QuestionRejected(ERROR_NOT_QUEUE) from None
    if activity.kind != ActivityKind.QUEUE:
        raise QuestionRejected(ERROR_NOT_QUEUE)
    return activity


def queue_changed_emit(session: LiveSession, activity: Activity) -> dict:
    public = queue_public_payload(activity.pk)
    event_emit(
        session=session, stream=Stream.EVERYONE, type="queue.changed", payload={"queue": public}
    )
    event_emit(
        session=session,
        stream=Stream.FACILITATORS,
        type="queue.console",
        payload={"queue": queue_staff_payload(activity.pk)},
    )
    return public


def _mine(activity: Activity, user, guest):
    person = {"guest": guest} if guest is not None else {"user": user}
    return QueueEntry.objects.filter(activity=activity, state=QueueState.WAITING, **person)


def _position(public: dict, entry_id: int | None) -> int | None:
    return public["waiting"].index(entry_id) + 1 if entry_id in public["waiting"] else None


def queue_join(
    *,
    session_id: int,
    activity_id,
    user=None,
    guest=None,
    may_post: bool,
    actor_key: str | None = None,
    action_id=None,
) -> QueueResult:
    """Put a hand up; a second join (or a resend) finds the hand already up."""
    if not may_post:
        raise QuestionForbidden(ERROR_FORBIDDEN)
    with transaction.atomic():
        session = _locked(session_id)
        activity = _queue(session, activity_id)
        entry = _mine(activity, user, guest).first()
        if entry is None:
            if activity.state != ActivityState.OPEN:
                raise QuestionRejected(ERROR_CLOSED)
            if mute_holds(session_id=session.pk, user=user if guest is None else None, guest=guest):
                raise QuestionForbidden(ERROR_MUTED)
        duplicate = not _claim(session, actor_key, action_id, "queue.join")
        if entry is None and not duplicate:
            person = {"guest": guest} if guest is not None else {"user": user}
            try:
                with transaction.atomic():
                    entry = QueueEntry.objects.create(activity=activity, **person)
            except IntegrityError:
                entry = _mine(activity, user, guest).get()
            public = queue_changed_emit(session, activity)
        else:
            public = queue_public_payload(activity.pk)
        entry_id = entry.pk if entry else None
    return QueueResult(
        duplicate=duplicate,
        reply={
            "activity_id": activity.pk,
            "entry_id": entry_id,
            "position": _position(public, entry_id),
        },
    )


def queue_leave(
    *,
    session_id: int,
    activity_id,
    user=None,
    guest=None,
    actor_key: str | None = None,
    action_id=None,
) -> QueueResult:
    """Take a hand down (leaving a queue one is not in changes nothing)."""
    with transaction.atomic():
        session = _locked(session_id)
        activity = _queue(session, activity_id)
        if _done_before(session, actor_key, action_id):
            return QueueResult(duplicate=True, reply={"activity_id": activity.pk})
        _claim(session, actor_key, action_id, "queue.leave")
        if _mine(activity, user, guest).update(state=QueueState.LEFT):
            queue_changed_emit(session, activity)
    return QueueResult(reply={"activity_id": activity.pk})


def queue_call_next(
    *, session_id: int, activity_id, actor_key: str | None = None, action_id=None
) -> QueueResult:
    """The speaker now speaking is done; the first hand up speaks next (if any)."""
    with transaction.atomic():
        session = _locked(session_id)
        activity = _queue(session, activity_id)
        if _done_before(session, actor_key, action_id):
            return QueueResult(duplicate=True, reply={"activity_id": activity.pk})
        if not _claim(session, actor_key, action_id, "queue.next"):
            return QueueResult(duplicate=True, reply={"activity_id": activity.pk})
        rows = QueueEntry.objects.select_for_update().filter(activity=activity)
        rows.filter(state=QueueState.SPEAKING).update(state=QueueState.DONE)
        following = rows.filter(state=QueueState.WAITING).order_by("pk").first()
        if following is not None:
            following.state, following.called_at = QueueState.SPEAKING, timezone.now()
            following.save(update_fields=["state", "called_at"])
        queue_changed_emit(session, activity)
    return QueueResult(
        reply={
            "activity_id": activity.pk,
            "entry_id": following.pk if following else None,
        }
    )

"""Activity writes: create one on the current item, open, close and reveal it.

Each is one transaction that locks the session, checks the move, saves it and logs
the change (``events.event_emit``, sent after commit): the whole activity to the
facilitators' stream, and (once it is open) what everyone may see to everyone.
Callers check the role first: only the session's facilitators call these.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from common.text import text_clean
from deliberation.activities.errors import ActivityRejected
from deliberation.activities.kinds import config_clean
from deliberation.activities.models import (
    Activity,
    ActivityKind,
    ActivityState,
    Moderation,
    ResultsVisibility,
)
from deliberation.activities.selectors import activity_payloads
from deliberation.events import event_emit
from deliberation.flow import _claim, _done_before, _locked
from deliberation.lookups import row_by_id
from deliberation.models import LiveSession, SessionStatus, Stream

MAX_TITLE_LENGTH = 200
ERROR_NO_ACTIVITY = "There is no such activity in this session."
ERROR_TITLE = f"Give the activity a title of up to {MAX_TITLE_LENGTH} characters."
ERROR_KIND = "Choose a kind of activity: poll, word cloud, questions or speaking queue."
ERROR_ENDED = "This session has finished; its activities cannot change."
ERROR_OTHER_ITEM = "This activity belongs to another agenda item. Make that item current first."
ERROR_NOT_OPEN_YET = "Open the activity before revealing its results."
ERROR_NO_ITEM = "There is no such agenda item in this session."
COMMANDS = ("open", "close", "reveal")


@dataclass(frozen=True)
class ActivityResult:
    activity: Activity
    duplicate: bool = False


def activity_changed_emit(session: LiveSession, activity: Activity) -> None:
    """The whole activity to facilitators; to everyone too once it has been opened.

    Everyone's event is logged first, so after commit the room's push leaves first and
    the facilitators' copy (the fuller one, which the console should end with) next.
    """
    staff, everyone = activity_payloads(activity)
    if activity.state != ActivityState.DRAFT:
        event_emit(
            session=session,
            stream=Stream.EVERYONE,
            type="activity.changed",
            payload={"activity": everyone},
        )
    event_emit(
        session=session,
        stream=Stream.FACILITATORS,
        type="activity.changed",
        payload={"activity": staff},
    )


def _choice(value, choices, error: str) -> str:
    if value not in choices.values:
        raise ActivityRejected(error)
    return value


def activity_create(
    *,
    session_id: int,
    kind: str,
    title,
    config: dict | None = None,
    results: str = ResultsVisibility.HIDDEN,
    moderation: str = Moderation.POST,
    agenda_item_id: int | None = None,
    actor_key: str | None = None,
    action_id=None,
) -> ActivityResult:
    """A draft activity on the session's current agenda item (or the session itself).

    ``agenda_item_id`` prepares it on another item of the session instead (an agenda
    set up before the session starts); it opens once that item is current.
    """
    kind = _choice(kind, ActivityKind, ERROR_KIND)
    results = _choice(results, ResultsVisibility, "Results are shown live or hidden.")
    if results == ResultsVisibility.REVEALED:
        results = ResultsVisibility.HIDDEN
    moderation = _choice(moderation, Moderation, "Moderation is pre or post.")
    title = " ".join(text_clean(str(title or "")).split())
    if not title or len(title) > MAX_TITLE_LENGTH:
        raise ActivityRejected(ERROR_TITLE)
    with transaction.atomic():
        session = _locked(session_id)
        if _done_before(session, actor_key, action_id):
            return ActivityResult(_created_by(session, action_id), duplicate=True)
        if session.status == SessionStatus.ENDED:
            raise ActivityRejected(ERROR_ENDED)
        cleaned, setup = config_clean(kind, config or {})
        if agenda_item_id is None:
            agenda_item_id = session.current_item_id
        elif (
            not isinstance(agenda_item_id, int)
            or isinstance(agenda_item_id, bool)
            or not session.agenda.filter(pk=agenda_item_id).exists()
        ):
            raise ActivityRejected(ERROR_NO_ITEM)
        if not _claim(session, actor_key, action_id, "activity.create"):
            return ActivityResult(_created_by(session, action_id), duplicate=True)
        last = Activity.objects.filter(session=session).order_by("-position").first()
        activity = Activity.objects.create(
            session=session,
            agenda_item_id=agenda_item_id,
            kind=kind,
            title=title,
            results=results,
            moderation=moderation,
            config=cleaned,
            position=0 if last is None else last.position + 1,
            action_id=action_id,
        )
        setup(activity)
        activity_changed_emit(session, activity)
    return ActivityResult(activity)


def _created_by(session: LiveSession, action_id) -> Activity | None:
    return Activity.objects.filter(session=session, action_id=str(action_id)).first()


def _check(session: LiveSession, activity: Activity, command: str) -> bool:
    """Whether the command changes anything; raises when the state refuses it."""
    if session.status == SessionStatus.ENDED:
        raise ActivityRejected(ERROR_ENDED)
    if command == "open":
        if activity.agenda_item_id not in (None, session.current_item_id):
            raise ActivityRejected(ERROR_OTHER_ITEM)
        return activity.state != ActivityState.OPEN
    if command == "close":
        if activity.state == ActivityState.DRAFT:
            raise ActivityRejected("This activity has not been opened yet.")
        return activity.state != ActivityState.CLOSED
    if activity.state == ActivityState.DRAFT:
        raise ActivityRejected(ERROR_NOT_OPEN_YET)
    return activity.results != ResultsVisibility.REVEALED


def activity_command(
    *, session_id: int, activity_id, command: str, actor_key: str | None = None, action_id=None
) -> ActivityResult:
    """``open`` (or reopen), ``close`` or ``reveal`` one activity of the session."""
    if command not in COMMANDS:
        raise ActivityRejected("Unknown activity command.")
    with transaction.atomic():
        session = _locked(session_id)
        activity = activity_locked(session, activity_id)
        if _done_before(session, actor_key, action_id):
            return ActivityResult(activity, duplicate=True)
        changes = _check(session, activity, command)
        if not _claim(session, actor_key, action_id, f"activity.{command}"):
            return ActivityResult(activity, duplicate=True)
        if not changes:
            return ActivityResult(activity)
        now = timezone.now()
        if command == "open":
            activity.state, activity.opened_at, activity.closed_at = ActivityState.OPEN, now, None
        elif command == "close":
            activity.state, activity.closed_at = ActivityState.CLOSED, now
        else:
            activity.results = ResultsVisibility.REVEALED
        activity.save(update_fields=["state", "opened_at", "closed_at", "results"])
        activity_changed_emit(session, activity)
    return ActivityResult(activity)


def activity_locked(session: LiveSession, activity_id) -> Activity:
    """The session's activity, locked for this transaction; ``ActivityRejected`` if none."""
    activity = row_by_id(Activity.objects.select_for_update().filter(session=session), activity_id)
    if activity is None:
        raise ActivityRejected(ERROR_NO_ACTIVITY)
    return activity


def activity_open(**kwargs) -> ActivityResult:
    return activity_command(command="open", **kwargs)


def activity_close(**kwargs) -> ActivityResult:
    return activity_command(command="close", **kwargs)


def activity_reveal(**kwargs) -> ActivityResult:
    return activity_command(command="reveal", **kwargs)

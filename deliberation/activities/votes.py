"""Poll votes, from a device, entered for someone by a facilitator, or counted by hand.

One vote per person: a row per ``voter`` key, replaced when they change their mind
(until the poll closes). A facilitator entering a vote for an account holder uses
their key, so a later vote from their own device replaces it rather than adding one;
someone without an account is keyed by the name given. A count of hands or paper
votes is one row per channel, replaced when counted again. Every change bumps the
activity's ``tally_version`` and asks for a coalesced tally push after commit.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import F

from common.text import text_clean
from deliberation.activities import polls, tally
from deliberation.activities.errors import ActivityRejected
from deliberation.activities.models import (
    Activity,
    ActivityKind,
    ActivityState,
    HandCount,
    PollVote,
    VoteChannel,
)
from deliberation.flow import _claim, _done_before
from deliberation.lookups import row_by_id
from deliberation.models import LiveSession

ERROR_NOT_A_POLL = "There is no such poll in this session."
ERROR_CLOSED = "This poll is not open for votes."
ERROR_NAME = "Enter the name of the person whose vote this is, up to 60 characters."
ERROR_COUNT = "Counts are whole numbers from 0 to 100,000."
ERROR_HAND_CHANNEL = "A count is of a show of hands or of paper votes."
ERROR_NOT_IN_SESSION = "That person is not a participant of this session."
MAX_COUNT = 100_000


@dataclass(frozen=True)
class VoteResult:
    vote: PollVote | HandCount | None
    duplicate: bool = False


def poll_locked(session_id: int, activity_id, *, kind: str = ActivityKind.POLL) -> Activity:
    """The session's open activity of ``kind``, locked so votes and a close take turns."""
    polls = Activity.objects.select_for_update().filter(session_id=session_id, kind=kind)
    activity = row_by_id(polls, activity_id)
    if activity is None:
        raise ActivityRejected(
            ERROR_NOT_A_POLL if kind == ActivityKind.POLL else "No such activity."
        )
    if activity.state != ActivityState.OPEN:
        raise ActivityRejected(ERROR_CLOSED if kind == ActivityKind.POLL else "It is not open.")
    return activity


def tally_bump(activity: Activity) -> None:
    Activity.objects.filter(pk=activity.pk).update(tally_version=F("tally_version") + 1)
    tally.tally_changed(activity.pk)


def _voter(user, guest, name) -> tuple[str, dict]:
    if guest is not None:
        return f"guest:{guest.pk}", {"guest": guest, "user": None}
    if user is not None:
        return f"user:{user.pk}", {"user": user, "guest": None}
    name = " ".join(text_clean(str(name or "")).split())
    if not name or len(name) > 60:
        raise ActivityRejected(ERROR_NAME)
    return f"name:{name.casefold()}", {"user": None, "guest": None}


def poll_vote(
    *,
    session_id: int,
    activity_id,
    choices,
    user=None,
    guest=None,
    name: str | None = None,
    recorded_by=None,
    actor_key: str | None = None,
    action_id=None,
) -> VoteResult:
    """Save one person's vote (replacing theirs). With ``recorded_by``, a facilitator
    enters it for them: ``user`` (an account holder) or ``name`` (someone without one)."""
    with transaction.atomic():
        activity = poll_locked(session_id, activity_id)
        session = LiveSession(pk=session_id)
        if _done_before(session, actor_key, action_id):
            return VoteResult(None, duplicate=True)
        cleaned = polls.choices_clean(activity, choices)
        voter, who = _voter(user, guest, name)
        proxied = recorded_by is not None and user is not None
        if proxied and not user.has_perm("deliberation.join_session", activity.session):
            raise ActivityRejected(ERROR_NOT_IN_SESSION)
        if not _claim(session, actor_key, action_id, "poll.vote"):
            return VoteResult(None, duplicate=True)
        channel = VoteChannel.PROXY if recorded_by is not None else VoteChannel.DEVICE
        vote, _ = PollVote.objects.update_or_create(
            activity=activity,
            voter=voter,
            defaults={"choices": cleaned, "channel": channel, "recorded_by": recorded_by, **who},
        )
        tally_bump(activity)
    return VoteResult(vote)


def _count(value) -> int:
    if isinstance(value, bool):
        raise ActivityRejected(ERROR_COUNT)
    try:
        number = int(value or 0)
    except (TypeError, ValueError):
        raise ActivityRejected(ERROR_COUNT) from None
    if not 0 <= number <= MAX_COUNT:
        raise ActivityRejected(ERROR_COUNT)
    return number


def poll_hands_record(
    *,
    session_id: int,
    activity_id,
    channel: str,
    counts: dict,
    people=None,
    recorded_by=None,
    actor_key: str | None = None,
    action_id=None,
) -> VoteResult:
    """A count of hands or paper votes per choice, replacing the channel's last count.

    ``people`` is how many voted that way; for single choice and scales it is the sum
    of the counts (each person raised one hand), for multiple choice it must be given.
    """
    if channel not in (VoteChannel.HANDS, VoteChannel.PAPER):
        raise ActivityRejected(ERROR_HAND_CHANNEL)
    if not isinstance(counts, dict):
        raise ActivityRejected(ERROR_COUNT)
    with transaction.atomic():
        activity = poll_locked(session_id, activity_id)
        session = LiveSession(pk=session_id)
        if _done_before(session, actor_key, action_id):
            return VoteResult(None, duplicate=True)
        allowed = {value for value, _ in polls.choice_values(activity)}
        cleaned = {}
        for key, value in counts.items():
            try:
                choice = int(key)
            except (TypeError, ValueError):
                raise ActivityRejected(polls.ERROR_CHOICE) from None
            if choice not in allowed:
                raise ActivityRejected(polls.ERROR_CHOICE)
            if number := _count(value):
                cleaned[str(choice)] = number
        total = sum(cleaned.values())
        if activity.config.get("mode") == "multiple":
            people = _count(people)
            if people > total or (total and not people):
                raise ActivityRejected(
                    "Give how many people voted: at least one, and no more than the hands counted."
                )
        else:
            people = total
        if not _claim(session, actor_key, action_id, "poll.count"):
            return VoteResult(None, duplicate=True)
        row, _ = HandCount.objects.update_or_create(
            activity=activity,
            channel=channel,
            defaults={"counts": cleaned, "people": people, "recorded_by": recorded_by},
        )
        tally_bump(activity)
    return VoteResult(row)

"""The live socket's activity messages: checked, done in a worker thread, answered.

The consumer sends every type in ``HANDLERS`` here; each handler gets the consumer
(its held role, its ``_error``) and the validated message.
"""

from channels.db import database_sync_to_async

from deliberation.activities import messages as _registered  # noqa: F401 (registers the types)
from deliberation.activities import services, votes
from deliberation.activities import word_services as words
from deliberation.activities.errors import ActivityRejected
from deliberation.activities.limits import ERROR_TOO_FAST, contribution_rate_hit

ERROR_NOT_FACILITATOR = "Only the session's facilitators can do that."
ERROR_NOT_MODERATOR = "Only the session's facilitators and moderators can do that."
ERROR_NOT_PARTICIPANT = "Only the session's participants can take part in its activities."


class RateLimited(Exception):
    def __init__(self, wait: int):
        self.wait = wait


@database_sync_to_async
def _create(session_id: int, held, message) -> services.ActivityResult:
    return services.activity_create(
        session_id=session_id,
        kind=message.kind,
        title=message.title,
        config=message.config,
        results=message.results,
        moderation=message.moderation,
        actor_key=held.actor_key,
        action_id=message.action_id,
    )


@database_sync_to_async
def _command(session_id: int, held, message) -> services.ActivityResult:
    return services.activity_command(
        session_id=session_id,
        activity_id=message.activity_id,
        command=message.type.removeprefix("activity."),
        actor_key=held.actor_key,
        action_id=message.action_id,
    )


@database_sync_to_async
def _vote(session_id: int, held, message) -> votes.VoteResult:
    if wait := contribution_rate_hit(actor=held.actor_key, session_id=session_id):
        raise RateLimited(wait)
    return votes.poll_vote(
        session_id=session_id,
        activity_id=message.activity_id,
        choices=message.choices,
        user=None if held.guest is not None else held.user,
        guest=held.guest,
        actor_key=held.actor_key,
        action_id=message.action_id,
    )


@database_sync_to_async
def _proxy(session_id: int, held, message) -> votes.VoteResult:
    from accounts.models import User

    user = None
    if message.user_id is not None:
        user = User.objects.filter(pk=message.user_id, is_active=True).first()
        if user is None:
            raise ActivityRejected(votes.ERROR_NOT_IN_SESSION)
    return votes.poll_vote(
        session_id=session_id,
        activity_id=message.activity_id,
        choices=message.choices,
        user=user,
        name=message.name,
        recorded_by=held.user,
        actor_key=held.actor_key,
        action_id=message.action_id,
    )


@database_sync_to_async
def _count(session_id: int, held, message) -> votes.VoteResult:
    return votes.poll_hands_record(
        session_id=session_id,
        activity_id=message.activity_id,
        channel=message.channel,
        counts=message.counts,
        people=message.people,
        recorded_by=held.user,
        actor_key=held.actor_key,
        action_id=message.action_id,
    )


@database_sync_to_async
def _words(session_id: int, held, message) -> words.WordsResult:
    if wait := contribution_rate_hit(actor=held.actor_key, session_id=session_id):
        raise RateLimited(wait)
    return words.words_submit(
        session_id=session_id,
        activity_id=message.activity_id,
        entries=message.words,
        user=None if held.guest is not None else held.user,
        guest=held.guest,
        actor_key=held.actor_key,
        action_id=message.action_id,
    )


@database_sync_to_async
def _word_moderate(session_id: int, held, message) -> words.WordsResult:
    return words.word_moderate(
        session_id=session_id,
        activity_id=message.activity_id,
        word=message.word,
        status=words.STATUS_BY_MESSAGE[message.type],
        actor_key=held.actor_key,
        action_id=message.action_id,
    )


async def _act(consumer, message, content, action, *, allowed: bool, refusal: str):
    """Check the held role, do it in a worker thread, answer ``ack`` or ``error``."""
    if not allowed:
        await consumer._error("forbidden", refusal, content)
        return
    try:
        result = await action(consumer.session_id, consumer.held, message)
    except RateLimited as exc:
        text = ERROR_TOO_FAST.format(wait=exc.wait)
        await consumer._error("rate_limited", text, content, retry_after=exc.wait)
        return
    except ActivityRejected as exc:
        await consumer._error("invalid_state", str(exc), content)
        return
    activity = getattr(result, "activity", None)
    await consumer.send_json(
        {
            "type": "ack",
            "action_id": str(message.action_id),
            "duplicate": result.duplicate,
            "activity_id": activity.pk if activity else message_activity(message),
        }
    )


def message_activity(message):
    return getattr(message, "activity_id", None)


def _facilitator(action):
    async def handler(consumer, message, content):
        held = consumer.held
        await _act(
            consumer, message, content, action, allowed=held.may_run, refusal=ERROR_NOT_FACILITATOR
        )

    return handler


def _participant(action):
    async def handler(consumer, message, content):
        held = consumer.held
        await _act(
            consumer, message, content, action, allowed=held.may_post, refusal=ERROR_NOT_PARTICIPANT
        )

    return handler


def _moderator(action):
    async def handler(consumer, message, content):
        held = consumer.held
        await _act(
            consumer,
            message,
            content,
            action,
            allowed=held.may_moderate,
            refusal=ERROR_NOT_MODERATOR,
        )

    return handler


HANDLERS = {
    "activity.create": _facilitator(_create),
    "activity.open": _facilitator(_command),
    "activity.close": _facilitator(_command),
    "activity.reveal": _facilitator(_command),
    "poll.vote": _participant(_vote),
    "poll.proxy": _facilitator(_proxy),
    "poll.count": _facilitator(_count),
    "words.submit": _participant(_words),
    "words.hide": _moderator(_word_moderate),
    "words.show": _moderator(_word_moderate),
}


async def handle(consumer, message, content):
    await HANDLERS[message.type](consumer, message, content)

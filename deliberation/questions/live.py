"""The live socket's question and queue messages: checked, done in a thread, answered."""

from channels.db import database_sync_to_async

from deliberation.moderation.live import (
    ERROR_NOT_FACILITATOR,
    ERROR_NOT_MODERATOR,
    act_handler,
)
from deliberation.questions import messages as _registered  # noqa: F401 (registers the types)
from deliberation.questions import queue, services
from deliberation.questions.selectors import question_payload

ERROR_NOT_PARTICIPANT = "Only the session's participants can do that."


def _person(held) -> dict:
    return {"user": held.user if held.guest is None else None, "guest": held.guest}


def _keys(held, message) -> dict:
    return {"actor_key": held.actor_key, "action_id": message.action_id}


def _staff(held, message) -> dict:
    return {"actor": held.user if held.guest is None else None, **_keys(held, message)}


@database_sync_to_async
def _ask(session_id: int, held, message) -> services.QuestionResult:
    return services.question_ask(
        session_id=session_id,
        activity_id=message.activity_id,
        text=message.text,
        client_id=message.client_id,
        may_post=held.may_post,
        **_person(held),
    )


async def on_ask(consumer, message, content):
    """Answered ``question.ack`` (like ``statement.ack``): the key is the ``client_id``."""
    try:
        result = await _ask(consumer.session_id, consumer.held, message)
    except services.QuestionRejected as exc:
        extra = {"retry_after": exc.retry_after} if hasattr(exc, "retry_after") else {}
        await consumer._error(exc.code, str(exc), content, **extra)
        return
    payload = question_payload(result.question)
    if result.question.pending:
        payload["pending"] = True  # waits for a moderator; only its author hears of it
    await consumer.send_json({"type": "question.ack", "question": payload})


def _vote(session_id, held, message):
    return services.question_vote(
        session_id=session_id,
        question_id=message.question_id,
        up=message.up,
        **_person(held),
        **_keys(held, message),
    )


def _answer(session_id, held, message):
    return services.question_answered_set(
        session_id=session_id,
        question_id=message.question_id,
        answered=message.answered,
        **_staff(held, message),
    )


def _moderate(session_id, held, message):
    return services.question_hidden_set(
        session_id=session_id,
        question_id=message.question_id,
        hidden=message.type == "question.hide",
        **_staff(held, message),
    )


def _join(session_id, held, message):
    return queue.queue_join(
        session_id=session_id,
        activity_id=message.activity_id,
        may_post=held.may_post,
        **_person(held),
        **_keys(held, message),
    )


def _leave(session_id, held, message):
    return queue.queue_leave(
        session_id=session_id,
        activity_id=message.activity_id,
        **_person(held),
        **_keys(held, message),
    )


def _next(session_id, held, message):
    return queue.queue_call_next(
        session_id=session_id, activity_id=message.activity_id, **_keys(held, message)
    )


on_vote = act_handler(allowed="may_post", refusal=ERROR_NOT_PARTICIPANT, work=_vote, kind="vote")


on_answer = act_handler(
    allowed="may_run", refusal=ERROR_NOT_FACILITATOR, work=_answer, kind="moderate"
)


on_moderate = act_handler(
    allowed="may_moderate", refusal=ERROR_NOT_MODERATOR, work=_moderate, kind="moderate"
)


on_queue = act_handler(
    allowed="may_post",
    refusal=ERROR_NOT_PARTICIPANT,
    work={"queue.join": _join, "queue.leave": _leave},
    kind="queue",
)


on_queue_next = act_handler(
    allowed="may_run", refusal=ERROR_NOT_FACILITATOR, work=_next, kind="moderate"
)


HANDLERS = {
    "question.ask": on_ask,
    "question.vote": on_vote,
    "question.answer": on_answer,
    "question.hide": on_moderate,
    "question.restore": on_moderate,
    "question.approve": on_moderate,
    "queue.join": on_queue,
    "queue.leave": on_queue,
    "queue.next": on_queue_next,
}

"""The live socket's moderation messages: role checked, rate-limited, done, answered.

The consumer sends every type in ``HANDLERS`` here. Questions and the queue use
``act`` too, so every feature message is answered the same way.
"""

from channels.db import database_sync_to_async

from deliberation.moderation import limits, services
from deliberation.moderation import messages as _registered  # noqa: F401 (registers the types)
from deliberation.states import TransitionError

ERROR_NOT_FACILITATOR = "Only the session's facilitators can do that."
ERROR_NOT_MODERATOR = "Only the session's facilitators and moderators can do that."


async def act(consumer, message, content, *, allowed: bool, refusal: str, work, kind: str):
    """Check the held role and the person's rate, run ``work`` in a thread, then ``ack``.

    ``work(session_id, held, message)`` returns a result with ``duplicate`` and
    optionally ``reply`` (more fields for the ack). A ``TransitionError`` is answered
    ``invalid_state`` with its reason; a limit ``rate_limited`` with ``retry_after``.
    """
    if not allowed:
        await consumer._error("forbidden", refusal, content)
        return
    if wait := await _rate(kind, consumer.held.actor_key, consumer.session_id):
        await consumer._error("rate_limited", limits.ERROR_RATE, content, retry_after=wait)
        return
    try:
        result = await database_sync_to_async(work)(consumer.session_id, consumer.held, message)
    except TransitionError as exc:
        await consumer._error(getattr(exc, "code", "invalid_state"), str(exc), content)
        return
    reply = {"type": "ack", "action_id": str(message.action_id), "duplicate": result.duplicate}
    await consumer.send_json({**reply, **(getattr(result, "reply", None) or {})})


def act_handler(*, allowed: str, refusal: str, work, kind: str):
    """A handler that runs ``act`` with the held role's ``allowed`` flag (``may_run``...).

    ``work`` is one function, or a map from message type to function.
    """

    async def handle(consumer, message, content):
        chosen = work[message.type] if isinstance(work, dict) else work
        permitted = getattr(consumer.held, allowed)
        await act(
            consumer, message, content, allowed=permitted, refusal=refusal, work=chosen, kind=kind
        )

    return handle


@database_sync_to_async
def _rate(kind: str, actor: str, session_id: int) -> int:
    return limits.action_rate_hit(kind=kind, actor=actor, session_id=session_id)


def _actor(held) -> dict:
    return {"actor": held.user if held.guest is None else None, "actor_key": held.actor_key}


def _approve(session_id, held, message):
    return services.statement_approve(
        session_id=session_id,
        statement_id=message.statement_id,
        action_id=message.action_id,
        **_actor(held),
    )


def _mute(session_id, held, message):
    targets = {"statement": message.statement_id, "question": message.question_id}
    return services.participant_mute(
        session_id=session_id,
        targets={k: v for k, v in targets.items() if v is not None},
        action_id=message.action_id,
        **_actor(held),
    )


def _unmute(session_id, held, message):
    return services.participant_unmute(
        session_id=session_id, mute_id=message.mute_id, action_id=message.action_id, **_actor(held)
    )


def _settings(session_id, held, message):
    return services.moderation_settings_set(
        session_id=session_id,
        statements=message.statements,
        max_statement_length=message.max_statement_length,
        max_question_length=message.max_question_length,
        action_id=message.action_id,
        **_actor(held),
    )


MODERATOR_WORK = {
    "statement.approve": _approve,
    "participant.mute": _mute,
    "participant.unmute": _unmute,
}


on_moderate = act_handler(
    allowed="may_moderate", refusal=ERROR_NOT_MODERATOR, work=MODERATOR_WORK, kind="moderate"
)
on_settings = act_handler(
    allowed="may_run", refusal=ERROR_NOT_FACILITATOR, work=_settings, kind="moderate"
)


HANDLERS = {**dict.fromkeys(MODERATOR_WORK, on_moderate), "moderation.settings": on_settings}


async def handle(consumer, message, content):
    await HANDLERS[message.type](consumer, message, content)

"""The live socket's activity messages: checked, done in a worker thread, answered.

The consumer sends every type in ``HANDLERS`` here; each handler gets the consumer
(its held role, its ``_error``) and the validated message.
"""

from channels.db import database_sync_to_async

from deliberation.activities import messages as _registered  # noqa: F401 (registers the types)
from deliberation.activities import services
from deliberation.activities.kinds import ActivityRejected

ERROR_NOT_FACILITATOR = "Only the session's facilitators can do that."


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


async def _facilitator_action(consumer, message, content, action):
    if not consumer.held.may_run:
        await consumer._error("forbidden", ERROR_NOT_FACILITATOR, content)
        return
    try:
        result = await action(consumer.session_id, consumer.held, message)
    except ActivityRejected as exc:
        await consumer._error("invalid_state", str(exc), content)
        return
    await consumer.send_json(
        {
            "type": "ack",
            "action_id": str(message.action_id),
            "duplicate": result.duplicate,
            "activity_id": result.activity.pk if result.activity else None,
        }
    )


async def on_create(consumer, message, content):
    await _facilitator_action(consumer, message, content, _create)


async def on_command(consumer, message, content):
    await _facilitator_action(consumer, message, content, _command)


HANDLERS = {
    "activity.create": on_create,
    "activity.open": on_command,
    "activity.close": on_command,
    "activity.reveal": on_command,
}


async def handle(consumer, message, content):
    await HANDLERS[message.type](consumer, message, content)

"""The database work of the live consumer, run in worker threads (never on the event loop)."""

from channels.db import database_sync_to_async

from deliberation import access, flow, ratelimits, services
from deliberation.activities.selectors import activities_payload
from deliberation.events import encode, events_since, stream_positions
from deliberation.messages import COMMANDS
from deliberation.models import LiveSession, Presence, Stream
from deliberation.moderation.selectors import moderation_snapshot
from deliberation.questions.selectors import questions_snapshot
from deliberation.selectors import (
    presence_payload,
    session_payload,
    statement_payload,
    statements_after,
    statements_hidden,
)


@database_sync_to_async
def connect_wait(session_id: int, actor: str, address: str | None) -> int:
    wait = ratelimits.connect_rate_hit(actor=actor, session_id=session_id)
    return max(wait, ratelimits.address_rate_hit(address))


@database_sync_to_async
def session_access(session_id: int, user, token):
    session = LiveSession.objects.filter(pk=session_id).first()
    if session is None:
        return None, access.NO_ACCESS
    return session, access.access_load(session, user, token)


access_reload = database_sync_to_async(access.access_load)


@database_sync_to_async
def snapshot(session_id: int, held: access.Access) -> str:
    """``session.state``: numbers first, then the state, so nothing falls between them.

    An event committed while this is read is both in the state and pushed with a
    higher number; clients apply events idempotently, so that costs nothing.
    """
    streams = (Stream.EVERYONE, Stream.FACILITATORS) if held.is_staff else (Stream.EVERYONE,)
    seq = stream_positions(session_id=session_id, streams=streams)
    session = LiveSession.objects.get(pk=session_id)
    body = {
        "type": "session.state",
        "seq": seq,
        "role": held.role,
        "session": session_payload(session),
        "statements": [statement_payload(s) for s in statements_after(session_id=session_id)],
        "activities": activities_payload(
            session=session, staff=held.is_staff, actor_key=held.actor_key
        ),
        **questions_snapshot(
            session=session, staff=held.is_staff, user=held.user, guest=held.guest
        ),
        **moderation_snapshot(session_id=session_id, held=held),
    }
    if held.is_staff:
        body["join_code"] = session.join_code
        body["hidden_statements"] = [
            statement_payload(s) for s in statements_hidden(session_id=session_id)
        ]
        body["presence"] = presence_payload(session_id=session_id)
    if held.guest is not None:
        body["display_name"] = held.guest.display_name
    return encode(body)


@database_sync_to_async
def resync(session_id: int, stream: str, since: int) -> list[str] | None:
    return events_since(session_id=session_id, stream=stream, since=since)


@database_sync_to_async
def statements_since(session_id: int, after_id: int) -> list[dict]:
    found = statements_after(session_id=session_id, after_id=after_id)
    return [statement_payload(s) for s in found]


@database_sync_to_async
def presence_enter(session_id: int, channel_name: str, held: access.Access) -> str:
    Presence.objects.update_or_create(
        channel_name=channel_name,
        defaults={
            "session_id": session_id,
            "user": held.user if held.guest is None else None,
            "guest": held.guest,
        },
    )
    return encode({"type": "presence", **presence_payload(session_id=session_id)})


@database_sync_to_async
def presence_leave(session_id: int, channel_name: str) -> str:
    Presence.objects.filter(channel_name=channel_name).delete()
    return encode({"type": "presence", **presence_payload(session_id=session_id)})


@database_sync_to_async
def statement_post(session_id: int, held: access.Access, message) -> services.StatementResult:
    return services.statement_post(
        session_id=session_id,
        user=held.user,
        guest=held.guest,
        text=message.text,
        client_id=message.client_id,
        may_post=held.may_post,
    )


@database_sync_to_async
def command(session_id: int, held: access.Access, message) -> flow.FlowResult:
    kwargs = {"session_id": session_id, "actor_key": held.actor_key, "action_id": message.action_id}
    if message.type == "agenda.next":
        return flow.agenda_item_advance(**kwargs)
    if message.type in ("statement.hide", "statement.restore"):
        return flow.statement_hidden_set(
            statement_id=message.statement_id,
            hidden=message.type == "statement.hide",
            actor=held.user if held.guest is None else None,
            **kwargs,
        )
    return flow.session_command(command=COMMANDS[message.type], **kwargs)

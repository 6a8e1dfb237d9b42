"""The live-session WebSocket. Thin: it checks, dispatches and relays.

Protocol: docs/live-protocol.md. Changes are made by ``services`` and ``flow``,
which log each event with its sequence number and broadcast it after commit; the
``live_event`` handler sends that text on as it is.
"""

import time
from functools import partial
from urllib.parse import parse_qs

from channels.generic.websocket import AsyncJsonWebsocketConsumer

from deliberation import live_db, ratelimits, services
from deliberation.access import NO_ACCESS
from deliberation.activities import live as activity_live
from deliberation.broadcast import user_group_name
from deliberation.events import encode
from deliberation.flow import TransitionError
from deliberation.messages import BadMessage, message_parse
from deliberation.models import Stream
from deliberation.moderation import live as moderation_live
from deliberation.questions import live as question_live

ERROR_BINARY = "Messages must be text frames holding JSON, not binary frames."
ERROR_NOT_FACILITATOR = "Only the session's facilitators can do that."
ERROR_NOT_MODERATOR = "Only the session's facilitators and moderators can do that."

# Far above any real message (a 1,000-character statement is at most about 6 KiB of
# JSON even with every character escaped) and far below daphne's own 1 MiB cap, which
# drops the connection without a close frame.
MAX_MESSAGE_BYTES = 16 * 1024
ERROR_TOO_LARGE = f"Messages must be under {MAX_MESSAGE_BYTES // 1024} KiB."
ERROR_TOO_MANY = "Too many messages at once. Wait a few seconds, then send it again."

# Sent after accepting the handshake: a refused handshake reaches a browser only as
# close code 1006, which a client cannot tell from a network failure and would retry.
# Every handshake is accepted first, before any database read: daphne drops one not
# accepted within its --websocket_connect_timeout (5 s), and a room joining at once
# queues its reads on the process's one database thread.
CLOSE_FORBIDDEN = 4403
CLOSE_NOT_FOUND = 4404
CLOSE_RATE_LIMITED = 4429

# A held role is re-read after this long even without ``roles.changed``, in case that
# message was lost (the channel layer was down when the role changed).
ROLE_RECHECK_SECONDS = 300

STAFF_TYPES = {"statement.hide", "statement.restore"}


def _join_token(scope) -> str | None:
    values = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("token")
    return values[0] if values else None


class LiveSessionConsumer(AsyncJsonWebsocketConsumer):
    """One participant's socket. It holds their role, checked on connect and re-loaded
    when ``roles.changed`` arrives, rather than re-running every rule per message."""

    closing = False
    held = NO_ACCESS
    groups_joined: tuple = ()

    async def connect(self):
        await self.accept()
        user = self.scope["user"]
        self.session_id = int(self.scope["url_route"]["kwargs"]["session_id"])
        self.token = _join_token(self.scope)
        if not user.is_authenticated and not self.token:
            await self._refuse(CLOSE_FORBIDDEN, "sign in or join with the code first")
            return
        self.frames = ratelimits.FrameWindow()
        address = (self.scope.get("client") or [None])[0]
        if user.is_authenticated:
            # Joined before the rules are read, so a role revoked in between is not missed.
            await self._group_join(user_group_name(user.pk))
        session, self.held = await live_db.session_access(self.session_id, user, self.token)
        self.roles_loaded_at = time.monotonic()
        if session is None:
            await self._refuse(CLOSE_NOT_FOUND, "no such session")
            return
        if not self.held.may_join:
            await self._refuse(CLOSE_FORBIDDEN, "not allowed to join this session")
            return
        if wait := await live_db.connect_wait(self.session_id, self.held.actor_key, address):
            await self._refuse(CLOSE_RATE_LIMITED, f"too many connections; wait {wait} s")
            return
        self.session = session
        self.group_name = session.group_name
        # In the groups before the snapshot is read: an event after it is queued, not lost.
        await self._group_join(self.group_name)
        if self.held.is_staff:
            await self._group_join(session.stream_group(Stream.FACILITATORS))
        presence = await live_db.presence_enter(*self._where(), self.held)
        await self.send(text_data=await live_db.snapshot(self.session_id, self.held))
        await self._presence(presence)

    def _where(self):
        return self.session_id, self.channel_name

    async def _group_join(self, group: str):
        await self.channel_layer.group_add(group, self.channel_name)
        self.groups_joined = (*self.groups_joined, group)

    async def _group_leave(self, group: str):
        await self.channel_layer.group_discard(group, self.channel_name)
        self.groups_joined = tuple(g for g in self.groups_joined if g != group)

    async def _presence(self, text: str):
        """Who is here, to the console: a whole picture, so it carries no number."""
        await self.channel_layer.group_send(
            self.session.stream_group(Stream.FACILITATORS), {"type": "live.event", "text": text}
        )

    async def _refuse(self, code: int, reason: str):
        self.closing = True
        await self.close(code=code, reason=reason)

    async def disconnect(self, code):
        for group in self.groups_joined:
            await self.channel_layer.group_discard(group, self.channel_name)
        if hasattr(self, "session"):
            await self._presence(await live_db.presence_leave(*self._where()))

    async def roles_changed(self, event):
        """The user's roles changed somewhere: keep, narrow or end what this socket may do."""
        if self.closing or not hasattr(self, "session"):
            return
        await self._reload_roles()

    async def _reload_roles(self):
        was_staff = self.held.is_staff
        self.held = await live_db.access_reload(self.session, self.scope["user"], self.token)
        self.roles_loaded_at = time.monotonic()
        if not self.held.may_join:
            self.closing = True
            # Out of the room at once: pushes and frames already on their way are dropped.
            for group in self.groups_joined:
                await self.channel_layer.group_discard(group, self.channel_name)
            self.groups_joined = ()
            await self.close(code=CLOSE_FORBIDDEN, reason="your role in this session has ended")
            return
        staff_group = self.session.stream_group(Stream.FACILITATORS)
        if self.held.is_staff and not was_staff:
            await self._group_join(staff_group)
        elif was_staff and not self.held.is_staff:
            await self._group_leave(staff_group)
        if was_staff != self.held.is_staff:
            # What this socket may see changed: start it again from a fresh snapshot.
            await self.send(text_data=await live_db.snapshot(self.session_id, self.held))

    async def receive(self, text_data=None, bytes_data=None, **kwargs):
        # The base class raises on binary or empty frames, which closes the socket
        # with 1011; the protocol promises an ``error`` and an open socket instead.
        if self.closing:
            return
        if wait := self.frames.hit():
            await self._error("rate_limited", ERROR_TOO_MANY, retry_after=wait)
            return
        if text_data is None:
            await self._error("bad_message", ERROR_BINARY)
            return
        if len(text_data) > MAX_MESSAGE_BYTES or len(text_data.encode()) > MAX_MESSAGE_BYTES:
            await self._error("too_large", ERROR_TOO_LARGE)
            return
        await self.receive_json(await self.decode_json(text_data), **kwargs)

    async def decode_json(self, text_data):
        try:
            return await super().decode_json(text_data)
        except ValueError:
            return None

    async def receive_json(self, content, **kwargs):
        try:
            message = message_parse(content)
        except BadMessage as exc:
            await self._error(exc.code, str(exc), content)
            return
        if time.monotonic() - self.roles_loaded_at > ROLE_RECHECK_SECONDS:
            await self._reload_roles()
            if self.closing:
                return
        handler = {
            "ping": self._on_ping,
            "sync": self._on_sync,
            "resync": self._on_resync,
            "statement.post": self._on_statement_post,
            **dict.fromkeys(activity_live.HANDLERS, self._on_activity),
            **{t: partial(h, self) for t, h in moderation_live.HANDLERS.items()},
            **{t: partial(h, self) for t, h in question_live.HANDLERS.items()},
        }.get(message.type, self._on_command)
        await handler(message, content)

    async def _on_ping(self, message, content):
        await self.send_json({"type": "pong"})

    async def _on_sync(self, message, content):
        statements = await live_db.statements_since(self.session_id, message.after)
        await self.send_json({"type": "statements", "statements": statements})

    async def _on_resync(self, message, content):
        if message.stream != Stream.EVERYONE and not self.held.is_staff:
            await self._error("forbidden", ERROR_NOT_MODERATOR, content)
            return
        texts = await live_db.resync(self.session_id, message.stream, message.since)
        if texts is None:
            await self.send(text_data=await live_db.snapshot(self.session_id, self.held))
            return
        head = encode({"type": "events", "stream": message.stream, "since": message.since})
        # The logged texts go out as they were encoded, inside one frame.
        await self.send(text_data=f'{head[:-1]},"events":[{",".join(texts)}]}}')

    async def _on_statement_post(self, message, content):
        if not self.held.may_post:
            await self._error("forbidden", services.ERROR_FORBIDDEN, content)
            return
        try:
            result = await live_db.statement_post(self.session_id, self.held, message)
        except services.StatementRateLimited as exc:
            await self._error(exc.code, str(exc), content, retry_after=exc.retry_after)
            return
        except services.StatementRejected as exc:
            await self._error(exc.code, str(exc), content)
            return
        payload = services.statement_payload(result.statement)
        if result.statement.pending:
            payload["pending"] = True  # waits for a moderator; only its author hears of it
        await self.send_json({"type": "statement.ack", "statement": payload})

    async def _on_activity(self, message, content):
        await activity_live.handle(self, message, content)

    async def _on_command(self, message, content):
        allowed = self.held.may_moderate if message.type in STAFF_TYPES else self.held.may_run
        if not allowed:
            text = ERROR_NOT_MODERATOR if message.type in STAFF_TYPES else ERROR_NOT_FACILITATOR
            await self._error("forbidden", text, content)
            return
        try:
            result = await live_db.command(self.session_id, self.held, message)
        except TransitionError as exc:
            await self._error("invalid_state", str(exc), content)
            return
        await self.send_json(
            {"type": "ack", "action_id": str(message.action_id), "duplicate": result.duplicate}
        )

    async def live_event(self, event):
        """A logged event, or the presence picture: sent on as encoded, once for everyone."""
        if not self.closing:
            await self.send(text_data=event["text"])

    async def _error(self, code: str, message: str, content=None, **extra):
        reply = {"type": "error", "code": code, "message": message, **extra}
        if isinstance(content, dict):
            for key in ("client_id", "action_id"):
                if key in content:
                    reply[key] = content[key]
        await self.send_json(reply)

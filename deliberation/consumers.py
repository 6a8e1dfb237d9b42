"""The live-session WebSocket. Thin: it checks, dispatches and relays.

Protocol: docs/live-protocol.md.
"""

import contextlib
import time

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from deliberation import ratelimits, services
from deliberation.broadcast import user_group_name
from deliberation.models import LiveSession
from deliberation.selectors import statements_after

ERROR_UNKNOWN_TYPE = "Unknown message type."
ERROR_BAD_MESSAGE = "Messages must be JSON objects with a 'type'."
ERROR_BINARY = "Messages must be text frames holding JSON, not binary frames."

# Far above any real message (a 1,000-character statement is at most about 6 KiB of
# JSON even with every character escaped) and far below daphne's own 1 MiB cap, which
# drops the connection without a close frame.
MAX_MESSAGE_BYTES = 16 * 1024
ERROR_TOO_LARGE = f"Messages must be under {MAX_MESSAGE_BYTES // 1024} KiB."
ERROR_TOO_MANY = "Too many messages at once. Wait a few seconds, then send it again."

# Sent after accepting the handshake: a refused handshake reaches a browser only as
# close code 1006, which a client cannot tell from a network failure and would retry.
CLOSE_FORBIDDEN = 4403
CLOSE_NOT_FOUND = 4404
CLOSE_RATE_LIMITED = 4429

# A held role is re-read after this long even without ``roles.changed``, in case that
# message was lost (the channel layer was down when the role changed).
ROLE_RECHECK_SECONDS = 300


def _permissions(session: LiveSession, user) -> tuple[bool, bool]:
    """Whether ``user`` may join and post, from the rules as they stand now."""
    # Role lookups are cached on the user object, which lives as long as the socket.
    # delattr, not __dict__: the scope's user is a lazy object that proxies it.
    for name in ("_group_names_cache", "_perm_cache", "_user_perm_cache", "_group_perm_cache"):
        with contextlib.suppress(AttributeError):
            delattr(user, name)
    return (
        user.has_perm("deliberation.join_session", session),
        user.has_perm("deliberation.post_statement", session),
    )


@database_sync_to_async
def _connect_wait(session_id: int, user, address: str | None) -> int:
    """Counted in the worker thread: the cache client blocks, so not on the event loop."""
    wait = ratelimits.connect_rate_hit(user_id=user.pk, session_id=session_id)
    return max(wait, ratelimits.address_rate_hit(address))


@database_sync_to_async
def _load_session(session_id: int, user):
    session = LiveSession.objects.filter(pk=session_id).first()
    if session is None:
        return None, False, False
    return session, *_permissions(session, user)


_reload_permissions = database_sync_to_async(_permissions)


@database_sync_to_async
def _statements_after(session_id: int, after_id: int) -> list[dict]:
    return [
        services.statement_payload(s)
        for s in statements_after(session_id=session_id, after_id=after_id)
    ]


@database_sync_to_async
def _post(session_id: int, user, content: dict, may_post: bool):
    return services.statement_post(
        session_id=session_id,
        user=user,
        text=content.get("text"),
        client_id=content.get("client_id"),
        may_post=may_post,
    )


class LiveSessionConsumer(AsyncJsonWebsocketConsumer):
    """One participant's socket. It holds their role, checked on connect and re-loaded
    when ``roles.changed`` arrives, rather than re-running every rule per message."""

    closing = False
    may_post = False

    async def connect(self):
        user = self.scope["user"]
        self.session_id = int(self.scope["url_route"]["kwargs"]["session_id"])
        if not user.is_authenticated:
            await self._refuse(CLOSE_FORBIDDEN, "sign in first")
            return
        self.frames = ratelimits.FrameWindow()
        address = (self.scope.get("client") or [None])[0]
        if wait := await _connect_wait(self.session_id, user, address):
            await self._refuse(CLOSE_RATE_LIMITED, f"too many connections; wait {wait} s")
            return
        # Joined before the rules are read, so a role revoked in between is not missed.
        self.user_group = user_group_name(user.pk)
        await self.channel_layer.group_add(self.user_group, self.channel_name)
        session, may_join, self.may_post = await _load_session(self.session_id, user)
        self.roles_loaded_at = time.monotonic()
        if session is None:
            await self._refuse(CLOSE_NOT_FOUND, "no such session")
            return
        if not may_join:
            await self._refuse(CLOSE_FORBIDDEN, "not allowed to join this session")
            return
        self.session = session
        self.group_name = session.group_name
        await self.channel_layer.group_add(self.group_name, self.channel_name)
        await self.accept()
        await self.send_json(
            {
                "type": "session.state",
                "session": {"id": session.pk, "title": session.title, "status": session.status},
                "statements": await _statements_after(self.session_id, 0),
            }
        )

    async def _refuse(self, code: int, reason: str):
        self.closing = True
        await self.accept()
        await self.close(code=code, reason=reason)

    async def disconnect(self, code):
        for attr in ("group_name", "user_group"):
            if hasattr(self, attr):
                await self.channel_layer.group_discard(getattr(self, attr), self.channel_name)

    async def roles_changed(self, event):
        """The user's roles changed somewhere: keep, narrow or end what this socket may do."""
        if self.closing or not hasattr(self, "session"):
            return
        await self._reload_roles()

    async def _reload_roles(self):
        may_join, self.may_post = await _reload_permissions(self.session, self.scope["user"])
        self.roles_loaded_at = time.monotonic()
        if not may_join:
            self.closing = True
            self.may_post = False
            # Out of the room at once: pushes and frames already on their way are dropped.
            await self.channel_layer.group_discard(self.group_name, self.channel_name)
            await self.close(code=CLOSE_FORBIDDEN, reason="your role in this session has ended")

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

    async def receive_json(self, content, **kwargs):
        if not isinstance(content, dict) or not isinstance(content.get("type"), str):
            await self._error("bad_message", ERROR_BAD_MESSAGE)
            return
        handler = {
            "ping": self._on_ping,
            "sync": self._on_sync,
            "statement.post": self._on_statement_post,
        }.get(content["type"])
        if handler is None:
            await self._error("unknown_type", ERROR_UNKNOWN_TYPE, content)
            return
        await handler(content)

    async def decode_json(self, text_data):
        try:
            return await super().decode_json(text_data)
        except ValueError:
            return None

    async def _on_ping(self, content):
        await self.send_json({"type": "pong"})

    async def _on_sync(self, content):
        after = content.get("after", 0)
        if not isinstance(after, int) or after < 0:
            await self._error("bad_message", "'after' must be a statement id.", content)
            return
        statements = await _statements_after(self.session_id, after)
        await self.send_json({"type": "statements", "statements": statements})

    async def _on_statement_post(self, content):
        if time.monotonic() - self.roles_loaded_at > ROLE_RECHECK_SECONDS:
            await self._reload_roles()
            if self.closing:
                return
        if not self.may_post:
            await self._error("forbidden", services.ERROR_FORBIDDEN, content)
            return
        try:
            result = await _post(self.session_id, self.scope["user"], content, self.may_post)
        except services.StatementRateLimited as exc:
            await self._error(exc.code, str(exc), content, retry_after=exc.retry_after)
            return
        except services.StatementRejected as exc:
            await self._error(exc.code, str(exc), content)
            return
        payload = services.statement_payload(result.statement)
        await self.send_json({"type": "statement.ack", "statement": payload})
        if result.created:
            await self.channel_layer.group_send(
                self.group_name, {"type": "statement.new", "statement": payload}
            )

    async def statement_new(self, event):
        if self.closing:
            return
        await self.send_json({"type": "statement.new", "statement": event["statement"]})

    async def _error(self, code: str, message: str, content=None, **extra):
        reply = {"type": "error", "code": code, "message": message, **extra}
        if isinstance(content, dict) and "client_id" in content:
            reply["client_id"] = content["client_id"]
        await self.send_json(reply)

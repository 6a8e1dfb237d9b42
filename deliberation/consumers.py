"""The live-session WebSocket. Thin: it checks, dispatches and relays.

Protocol: docs/live-protocol.md.
"""

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from deliberation import services
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

# Sent after accepting the handshake: a refused handshake reaches a browser only as
# close code 1006, which a client cannot tell from a network failure and would retry.
CLOSE_FORBIDDEN = 4403
CLOSE_NOT_FOUND = 4404


@database_sync_to_async
def _load_session(session_id: int, user):
    session = LiveSession.objects.filter(pk=session_id).first()
    if session is None:
        return None, False
    return session, user.has_perm("deliberation.join_session", session)


@database_sync_to_async
def _statements_after(session_id: int, after_id: int) -> list[dict]:
    return [
        services.statement_payload(s)
        for s in statements_after(session_id=session_id, after_id=after_id)
    ]


@database_sync_to_async
def _post(session_id: int, user, content: dict):
    return services.statement_post(
        session_id=session_id,
        user=user,
        text=content.get("text"),
        client_id=content.get("client_id"),
    )


class LiveSessionConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self):
        user = self.scope["user"]
        self.session_id = int(self.scope["url_route"]["kwargs"]["session_id"])
        if not user.is_authenticated:
            await self._refuse(CLOSE_FORBIDDEN, "sign in first")
            return
        session, allowed = await _load_session(self.session_id, user)
        if session is None:
            await self._refuse(CLOSE_NOT_FOUND, "no such session")
            return
        if not allowed:
            await self._refuse(CLOSE_FORBIDDEN, "not allowed to join this session")
            return
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
        await self.accept()
        await self.close(code=code, reason=reason)

    async def disconnect(self, code):
        if hasattr(self, "group_name"):
            await self.channel_layer.group_discard(self.group_name, self.channel_name)

    async def receive(self, text_data=None, bytes_data=None, **kwargs):
        # The base class raises on binary or empty frames, which closes the socket
        # with 1011; the protocol promises an ``error`` and an open socket instead.
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
        try:
            result = await _post(self.session_id, self.scope["user"], content)
        except services.StatementRejected as exc:
            await self._error("rejected", str(exc), content)
            return
        payload = services.statement_payload(result.statement)
        await self.send_json({"type": "statement.ack", "statement": payload})
        if result.created:
            await self.channel_layer.group_send(
                self.group_name, {"type": "statement.new", "statement": payload}
            )

    async def statement_new(self, event):
        await self.send_json({"type": "statement.new", "statement": event["statement"]})

    async def _error(self, code: str, message: str, content=None):
        reply = {"type": "error", "code": code, "message": message}
        if isinstance(content, dict) and "client_id" in content:
            reply["client_id"] = content["client_id"]
        await self.send_json(reply)

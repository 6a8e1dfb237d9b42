"""Opening live sockets in tests, through the real ASGI application."""

from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.test import Client

from config.asgi import application

ORIGIN = (b"origin", b"http://testserver")


@sync_to_async
def cookie_for(user) -> tuple[bytes, bytes]:
    client = Client()
    client.force_login(user)
    return (b"cookie", f"sessionid={client.cookies['sessionid'].value}".encode())


async def open_socket(path, *headers):
    communicator = WebsocketCommunicator(application, path, headers=[ORIGIN, *headers])
    connected, code = await communicator.connect(timeout=10)
    return communicator, connected, code


async def joined(session, user=None, token=None):
    """A socket in the session and its ``session.state``; fails if refused."""
    headers = [await cookie_for(user)] if user is not None else []
    path = session.websocket_path + (f"?token={token}" if token else "")
    communicator, ok, _ = await open_socket(path, *headers)
    assert ok
    state = await communicator.receive_json_from(timeout=5)
    assert state["type"] == "session.state"
    return communicator, state


async def receive_until(communicator, type_, timeout=5):
    """The next message of ``type_``, skipping others (presence, for instance)."""
    while True:
        message = await communicator.receive_json_from(timeout=timeout)
        if message["type"] == type_:
            return message

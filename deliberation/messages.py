"""The messages a client may send over the live socket, validated with pydantic.

Each model is one ``type`` of docs/live-protocol.md. Statement text and client ids
are checked by ``services.statement_post`` itself (the plain form shares it), so
their fields here accept anything and that check answers ``rejected``.
"""

import uuid
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt, TypeAdapter, ValidationError

COMMANDS = {
    "session.lobby": "lobby",
    "session.start": "start",
    "session.pause": "pause",
    "session.resume": "resume",
    "session.end": "end",
}


class _Message(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class Ping(_Message):
    type: Literal["ping"]


class Sync(_Message):
    type: Literal["sync"]
    after: Annotated[StrictInt, Field(ge=0)] = 0


class Resync(_Message):
    type: Literal["resync"]
    stream: Literal["everyone", "facilitators"] = "everyone"
    since: Annotated[StrictInt, Field(ge=0)]


class StatementPost(_Message):
    type: Literal["statement.post"]
    text: Any = None
    client_id: Any = None


class Command(_Message):
    type: (
        Literal["session.lobby", "session.start", "session.pause", "session.resume", "session.end"]
        | Literal["agenda.next"]
    )
    action_id: uuid.UUID


class Moderate(_Message):
    type: Literal["statement.hide", "statement.restore"]
    statement_id: Annotated[StrictInt, Field(ge=1)]
    action_id: uuid.UUID


Message = Annotated[
    Ping | Sync | Resync | StatementPost | Command | Moderate, Field(discriminator="type")
]
_ADAPTER = TypeAdapter(Message)
TYPES = {
    "ping",
    "sync",
    "resync",
    "statement.post",
    "statement.hide",
    "statement.restore",
    "agenda.next",
    *COMMANDS,
}


# Message types defined by feature modules (activities, questions): type -> model.
# Each module adds its models with ``message_register``, one line per model.
REGISTERED: dict[str, type[BaseModel]] = {}


def message_register(model: type[BaseModel], *types: str) -> None:
    """Accept ``types`` (the model's ``type`` literals) and validate them with ``model``."""
    for name in types:
        REGISTERED[name] = model
        TYPES.add(name)


class BadMessage(ValueError):
    def __init__(self, code: str, message: str):
        self.code = code
        super().__init__(message)


def message_parse(content) -> _Message:
    """The validated message, or ``BadMessage`` with the protocol's error code."""
    if not isinstance(content, dict) or not isinstance(content.get("type"), str):
        raise BadMessage("bad_message", "Messages must be JSON objects with a 'type'.")
    if content["type"] not in TYPES:
        raise BadMessage("unknown_type", "Unknown message type.")
    try:
        if model := REGISTERED.get(content["type"]):
            return model.model_validate(content)
        return _ADAPTER.validate_python(content)
    except ValidationError as exc:
        first = exc.errors()[0]
        # The union's errors start with the type's name; a registered model's do not.
        loc = first["loc"] if content["type"] in REGISTERED else first["loc"][1:]
        where = ".".join(str(p) for p in loc) or "message"
        raise BadMessage("bad_message", f"{where}: {first['msg']}") from None

"""Moderation's messages over the live socket (docs/live-protocol.md), registered on import."""

import uuid
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt

from deliberation.messages import message_register

Id = Annotated[StrictInt, Field(ge=1)]
Length = Annotated[StrictInt, Field(ge=1, le=100_000)]


class _Message(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class StatementApprove(_Message):
    type: Literal["statement.approve"]
    statement_id: Id
    action_id: uuid.UUID


class ParticipantMute(_Message):
    """Mute the author of one statement or question (exactly one of the two ids)."""

    type: Literal["participant.mute"]
    action_id: uuid.UUID
    statement_id: Id | None = None
    question_id: Id | None = None


class ParticipantUnmute(_Message):
    type: Literal["participant.unmute"]
    mute_id: Id
    action_id: uuid.UUID


class ModerationSettingsSet(_Message):
    type: Literal["moderation.settings"]
    action_id: uuid.UUID
    statements: Literal["pre", "post"] | None = None
    max_statement_length: Length | None = None
    max_question_length: Length | None = None


message_register(StatementApprove, "statement.approve")
message_register(ParticipantMute, "participant.mute")
message_register(ParticipantUnmute, "participant.unmute")
message_register(ModerationSettingsSet, "moderation.settings")

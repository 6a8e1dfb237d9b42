"""The activity messages a client may send over the live socket (docs/live-protocol.md).

Registered into ``deliberation.messages`` on import (the consumer imports this).
Titles, settings and choices are checked by the services (the plain forms share
them), so a wrong value there is answered ``invalid_state`` with the reason.
"""

import uuid
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt

from deliberation.messages import message_register

ActivityId = Annotated[StrictInt, Field(ge=1)]


class _Message(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class ActivityCreate(_Message):
    type: Literal["activity.create"]
    action_id: uuid.UUID
    kind: Literal["poll", "wordcloud", "questions", "queue"]
    title: Annotated[str, Field(max_length=1000)]
    results: Literal["hidden", "live"] = "hidden"
    moderation: Literal["pre", "post"] = "post"
    config: dict[str, Any] = Field(default_factory=dict)


class ActivityCommand(_Message):
    type: Literal["activity.open", "activity.close", "activity.reveal"]
    action_id: uuid.UUID
    activity_id: ActivityId


message_register(ActivityCreate, "activity.create")
message_register(ActivityCommand, "activity.open", "activity.close", "activity.reveal")

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


Choices = list[Any] | StrictInt


class PollVote(_Message):
    type: Literal["poll.vote"]
    action_id: uuid.UUID
    activity_id: ActivityId
    choices: Choices


class PollProxyVote(_Message):
    """A facilitator enters the vote of someone without a device."""

    type: Literal["poll.proxy"]
    action_id: uuid.UUID
    activity_id: ActivityId
    choices: Choices
    user_id: Annotated[StrictInt, Field(ge=1)] | None = None
    name: Annotated[str, Field(max_length=200)] | None = None


class PollCount(_Message):
    """A facilitator's count of a show of hands or of paper votes, per choice."""

    type: Literal["poll.count"]
    action_id: uuid.UUID
    activity_id: ActivityId
    channel: Literal["hands", "paper"]
    counts: dict[str, Any]
    people: StrictInt | None = None


message_register(PollVote, "poll.vote")
message_register(PollProxyVote, "poll.proxy")
message_register(PollCount, "poll.count")


class WordsSubmit(_Message):
    type: Literal["words.submit"]
    action_id: uuid.UUID
    activity_id: ActivityId
    words: Annotated[list[Any], Field(max_length=10)] | str


class WordModerate(_Message):
    """A facilitator or moderator hides a word from the cloud, or shows (approves) it."""

    type: Literal["words.hide", "words.show"]
    action_id: uuid.UUID
    activity_id: ActivityId
    word: Annotated[str, Field(max_length=200)]


message_register(WordsSubmit, "words.submit")
message_register(WordModerate, "words.hide", "words.show")

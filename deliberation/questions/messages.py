"""Question and queue messages over the live socket (docs/live-protocol.md), registered on
import. A question's text and client_id are checked by ``services.question_ask`` (the
plain form shares it), so they accept anything here and that check answers ``rejected``."""

import uuid
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt

from deliberation.messages import message_register

Id = Annotated[StrictInt, Field(ge=1)]


class _Message(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class QuestionAsk(_Message):
    type: Literal["question.ask"]
    activity_id: Id
    text: Any = None
    client_id: Any = None


class QuestionVoteMessage(_Message):
    type: Literal["question.vote"]
    question_id: Id
    action_id: uuid.UUID
    up: StrictBool = True  # false withdraws the vote


class QuestionAnswer(_Message):
    type: Literal["question.answer"]
    question_id: Id
    action_id: uuid.UUID
    answered: StrictBool = True


class QuestionModerate(_Message):
    type: Literal["question.hide", "question.restore", "question.approve"]
    question_id: Id
    action_id: uuid.UUID


class QueueMessage(_Message):
    type: Literal["queue.join", "queue.leave", "queue.next"]
    activity_id: Id
    action_id: uuid.UUID


message_register(QuestionAsk, "question.ask")
message_register(QuestionVoteMessage, "question.vote")
message_register(QuestionAnswer, "question.answer")
message_register(QuestionModerate, "question.hide", "question.restore", "question.approve")
message_register(QueueMessage, "queue.join", "queue.leave", "queue.next")

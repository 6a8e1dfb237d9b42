"""Questions to speakers: asking, up-voting, answering and moderating them.

Each write is one transaction with the session locked; its events are numbered
there and sent after commit. Callers check the role first (the consumer holds it);
these check everything else: the activity, its state, the text, the mute, the rate.
"""

import re
import uuid
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone

from common.text import text_clean
from deliberation.activities import kinds
from deliberation.activities.models import Activity, ActivityKind, ActivityState, Moderation
from deliberation.activities.services import activity_locked
from deliberation.events import event_emit
from deliberation.flow import _claim, _done_before, _locked
from deliberation.lookups import row_by_id
from deliberation.models import LiveSession, Stream
from deliberation.moderation import services as moderation
from deliberation.moderation.limits import ERROR_RATE, action_rate_hit
from deliberation.moderation.log import moderation_log_record
from deliberation.moderation.models import ModerationAction
from deliberation.moderation.selectors import moderation_settings, mute_holds
from deliberation.questions.models import Question, QuestionVote
from deliberation.questions.selectors import (
    question_payload,
    question_staff_payload,
    questions_pending_payload,
)
from deliberation.states import TransitionError

ERROR_EMPTY = "Write your question before you send it."
ERROR_CLIENT_ID = "Each question needs a client_id (a UUID) so it is never saved twice."
ERROR_NOT_QUESTIONS = "There is no such questions activity in this session."
ERROR_CLOSED = "Questions are not open just now."
ERROR_NO_QUESTION = "There is no such question in this session."
ERROR_FORBIDDEN = "You cannot ask or vote in this session."
ERROR_MUTED = "A moderator has muted you in this session, so you cannot ask questions here."
ERROR_ENDED = "This session has finished."
_SURROGATES = re.compile("[\ud800-\udfff]")


class QuestionRejected(TransitionError):
    code = "rejected"


class QuestionForbidden(QuestionRejected):
    code = "forbidden"


class QuestionRateLimited(QuestionRejected):
    code = "rate_limited"

    def __init__(self, retry_after: int):
        self.retry_after = retry_after
        super().__init__(ERROR_RATE)


@dataclass(frozen=True)
class QuestionResult:
    question: Question | None = None
    created: bool = False
    duplicate: bool = False
    reply: dict = field(default_factory=dict)


def _questions_activity(session: LiveSession, activity_id, *, must_be_open: bool) -> Activity:
    try:
        activity = activity_locked(session, activity_id)
    except kinds.ActivityRejected:
        raise QuestionRejected(ERROR_NOT_QUESTIONS) from None
    if activity.kind != ActivityKind.QUESTIONS:
        raise QuestionRejected(ERROR_NOT_QUESTIONS)
    if must_be_open and activity.state != ActivityState.OPEN:
        raise QuestionRejected(ERROR_CLOSED)
    return activity


def _question(session: LiveSession, question_id) -> Question:
    questions = Question.objects.select_for_update().filter(activity__session=session)
    row = row_by_id(questions.select_related("activity"), question_id)
    if row is None:
        raise QuestionRejected(ERROR_NO_QUESTION)
    return row


def _text(text, limit: int) -> str:
    if not isinstance(text, str):
        raise QuestionRejected(ERROR_EMPTY)
    text = _SURROGATES.sub("", text_clean(text)).strip()
    if not text:
        raise QuestionRejected(ERROR_EMPTY)
    if len(text) > limit:
        raise QuestionRejected(f"Keep your question under {limit} characters.")
    return text


def question_ask(
    *, session_id: int, activity_id, user=None, guest=None, text, client_id, may_post: bool
) -> QuestionResult:
    """Save a question once; a resend with the same ``client_id`` returns the first.

    Under pre-moderation it waits, seen only by moderators, until approved.
    """
    if not may_post:
        raise QuestionForbidden(ERROR_FORBIDDEN)
    limit = moderation_settings(session_id=session_id).max_question_length
    text = _text(text, limit)
    try:
        client_uuid = uuid.UUID(str(client_id))
    except (ValueError, TypeError, AttributeError):
        raise QuestionRejected(ERROR_CLIENT_ID) from None
    author = None if guest is not None else user
    with transaction.atomic():
        session = _locked(session_id)
        activity = _questions_activity(session, activity_id, must_be_open=False)
        existing = Question.objects.filter(
            activity=activity, author=author, guest=guest, client_id=client_uuid
        )
        if found := existing.first():
            return QuestionResult(found, created=False)
        if activity.state != ActivityState.OPEN:
            raise QuestionRejected(ERROR_CLOSED)
        if mute_holds(session_id=session.pk, user=author, guest=guest):
            raise QuestionForbidden(ERROR_MUTED)
        actor = f"guest:{guest.pk}" if guest is not None else f"user:{user.pk}"
        if wait := action_rate_hit(kind="question", actor=actor, session_id=session.pk):
            raise QuestionRateLimited(wait)
        waits = activity.moderation == Moderation.PRE
        try:
            with transaction.atomic():
                question = Question.objects.create(
                    activity=activity,
                    author=author,
                    guest=guest,
                    text=text,
                    client_id=client_uuid,
                    pending=waits,
                )
        except IntegrityError:
            return QuestionResult(existing.get(), created=False)
        if waits:
            event_emit(
                session=session,
                stream=Stream.FACILITATORS,
                type="question.pending",
                payload={"question": question_staff_payload(question)},
            )
        else:
            event_emit(
                session=session,
                stream=Stream.EVERYONE,
                type="question.new",
                payload={"question": question_payload(question)},
            )
    return QuestionResult(question, created=True)


def question_vote(
    *,
    session_id: int,
    question_id,
    up: bool,
    user=None,
    guest=None,
    actor_key: str | None = None,
    action_id=None,
) -> QuestionResult:
    """Up-vote a question (once per person) or withdraw that vote."""
    with transaction.atomic():
        session = _locked(session_id)
        question = _question(session, question_id)
        if _done_before(session, actor_key, action_id):
            return QuestionResult(question, duplicate=True, reply=_votes_reply(question))
        if question.pending or question.hidden:
            raise QuestionRejected(ERROR_NO_QUESTION)
        if question.activity.state != ActivityState.OPEN:
            raise QuestionRejected(ERROR_CLOSED)
        if not _claim(session, actor_key, action_id, "question.vote"):
            return QuestionResult(question, duplicate=True, reply=_votes_reply(question))
        person = {"guest": guest} if guest is not None else {"user": user}
        if up:
            QuestionVote.objects.get_or_create(question=question, **person)
        else:
            QuestionVote.objects.filter(question=question, **person).delete()
        count = QuestionVote.objects.filter(question=question).count()
        if count != question.votes:
            question.votes = count
            question.save(update_fields=["votes"])
            event_emit(
                session=session,
                stream=Stream.EVERYONE,
                type="question.votes",
                payload={
                    "question_id": question.pk,
                    "activity_id": question.activity_id,
                    "votes": count,
                },
            )
    return QuestionResult(question, reply={**_votes_reply(question), "voted": up})


def _votes_reply(question: Question) -> dict:
    return {"question_id": question.pk, "votes": question.votes}


def _claimed(session_id, question_id, actor_key, action_id, kind: str):
    """The locked session, its question, and whether this action is new (not a resend)."""
    session = _locked(session_id)
    question = _question(session, question_id)
    if _done_before(session, actor_key, action_id):
        return session, question, False
    return session, question, _claim(session, actor_key, action_id, kind)


def question_answered_set(
    *,
    session_id: int,
    question_id,
    answered: bool,
    actor=None,
    actor_key: str | None = None,
    action_id=None,
) -> QuestionResult:
    """A facilitator marks a question answered (or not after all)."""
    with transaction.atomic():
        session, question, first = _claimed(
            session_id, question_id, actor_key, action_id, "question.answer"
        )
        if not first:
            return QuestionResult(question, duplicate=True)
        if (question.answered_at is not None) == answered:
            return QuestionResult(question)
        question.answered_at = timezone.now() if answered else None
        question.save(update_fields=["answered_at"])
        if not (question.pending or question.hidden):
            event_emit(
                session=session,
                stream=Stream.EVERYONE,
                type="question.changed",
                payload={"question": question_payload(question)},
            )
        _moderated(session, question, actor, ModerationAction.ANSWER if answered else None)
    return QuestionResult(question)


def question_hidden_set(
    *,
    session_id: int,
    question_id,
    hidden: bool,
    actor=None,
    actor_key: str | None = None,
    action_id=None,
) -> QuestionResult:
    """Hide a question, or show it: restoring a hidden one, or approving one that waits."""
    with transaction.atomic():
        kind = "question.hide" if hidden else "question.restore"
        session, question, first = _claimed(session_id, question_id, actor_key, action_id, kind)
        if not first:
            return QuestionResult(question, duplicate=True)
        was_visible = not (question.hidden or question.pending)
        if question.hidden == hidden and not question.pending:
            return QuestionResult(question)
        action = (
            ModerationAction.HIDE
            if hidden
            else (ModerationAction.APPROVE if question.pending else ModerationAction.RESTORE)
        )
        question.hidden, question.pending = hidden, False
        question.save(update_fields=["hidden", "pending"])
        if hidden and was_visible:
            event_emit(
                session=session,
                stream=Stream.EVERYONE,
                type="question.hidden",
                payload={"question_id": question.pk, "activity_id": question.activity_id},
            )
        elif not hidden:
            event_emit(
                session=session,
                stream=Stream.EVERYONE,
                type="question.new",
                payload={"question": question_payload(question)},
            )
        _moderated(session, question, actor, action)
    return QuestionResult(question)


def _moderated(session, question, actor, action) -> None:
    """Facilitators see the question's new state; the action (if any) is logged."""
    event_emit(
        session=session,
        stream=Stream.FACILITATORS,
        type="question.moderated",
        payload={"question": question_staff_payload(question)},
    )
    if action is not None:
        moderation_log_record(
            session=session,
            actor=actor,
            action=action,
            target_kind="question",
            target_id=question.pk,
            text=question.text,
        )


def _question_author(session: LiveSession, pk: int):
    row = (
        Question.objects.filter(activity__session=session, pk=pk)
        .select_related("author", "guest")
        .first()
    )
    return None if row is None else (row.author, row.guest, row.text)


# A moderator may mute the author of a question, and sees what waits for approval.
moderation.CONTRIBUTIONS["question"] = _question_author
kinds.MODERATION_QUEUES[ActivityKind.QUESTIONS] = questions_pending_payload

"""Reads for questions and the speaking queue: what everyone sees, and what moderators see.

A participant's own place in the queue is never broadcast with their name: everyone's
stream carries the queue as entry ids only, and each person knows their own entry id
(from their ``ack`` and their snapshot), so only they can tell which place is theirs.
"""

from deliberation.activities.models import Activity, ActivityKind, ActivityState
from deliberation.moderation.selectors import person_label
from deliberation.questions.models import Question, QuestionVote, QueueEntry, QueueState

KINDS = (ActivityKind.QUESTIONS, ActivityKind.QUEUE)


def question_payload(question: Question) -> dict:
    return {
        "id": question.pk,
        "activity_id": question.activity_id,
        "text": question.text,
        "client_id": str(question.client_id),
        "votes": question.votes,
        "answered": question.answered_at is not None,
        "created_at": question.created_at.isoformat(),
    }


def question_staff_payload(question: Question) -> dict:
    return {
        **question_payload(question),
        "author": person_label(user=question.author, guest=question.guest),
        "pending": question.pending,
        "hidden": question.hidden,
    }


def questions_visible(activity_id: int) -> list[Question]:
    rows = Question.objects.filter(activity_id=activity_id, hidden=False, pending=False)
    return list(rows.order_by("pk"))


def questions_all(activity_id: int) -> list[Question]:
    rows = Question.objects.filter(activity_id=activity_id).select_related("author", "guest")
    return list(rows.order_by("pk"))


def questions_pending_payload(activity: Activity) -> list[dict]:
    """The activity's moderation queue (``kinds.MODERATION_QUEUES``)."""
    rows = Question.objects.filter(activity=activity, pending=True).select_related(
        "author", "guest"
    )
    return [question_staff_payload(q) for q in rows.order_by("pk")]


def _person(*, user=None, guest=None) -> dict:
    return {"guest": guest} if guest is not None else {"user": user}


def my_question_votes(*, activity_ids, user=None, guest=None) -> list[int]:
    if guest is None and not getattr(user, "is_authenticated", False):
        return []
    rows = QuestionVote.objects.filter(
        question__activity_id__in=activity_ids, **_person(user=user, guest=guest)
    )
    return list(rows.values_list("question_id", flat=True))


def queue_public_payload(activity_id: int) -> dict:
    """The queue as everyone sees it: entry ids in order, and who is speaking, no names."""
    rows = QueueEntry.objects.filter(
        activity_id=activity_id, state__in=(QueueState.WAITING, QueueState.SPEAKING)
    ).order_by("pk")
    waiting, speaking = [], None
    for entry_id, state in rows.values_list("pk", "state"):
        if state == QueueState.SPEAKING:
            speaking = entry_id
        else:
            waiting.append(entry_id)
    return {"activity_id": activity_id, "waiting": waiting, "speaking": speaking}


def queue_staff_payload(activity_id: int) -> dict:
    """The queue as the console sees it: names, in order."""
    rows = (
        QueueEntry.objects.filter(
            activity_id=activity_id, state__in=(QueueState.WAITING, QueueState.SPEAKING)
        )
        .select_related("user", "guest")
        .order_by("pk")
    )
    waiting, speaking = [], None
    for entry in rows:
        row = {
            "id": entry.pk,
            "name": person_label(user=entry.user, guest=entry.guest),
            "joined_at": entry.joined_at.isoformat(),
        }
        if entry.state == QueueState.SPEAKING:
            speaking = row
        else:
            waiting.append(row)
    return {"activity_id": activity_id, "waiting": waiting, "speaking": speaking}


def my_queue_entries(*, activity_ids, user=None, guest=None) -> dict[str, int]:
    """activity id -> this person's waiting entry id."""
    if guest is None and not getattr(user, "is_authenticated", False):
        return {}
    rows = QueueEntry.objects.filter(
        activity_id__in=activity_ids, state=QueueState.WAITING, **_person(user=user, guest=guest)
    )
    return {str(a): e for a, e in rows.values_list("activity_id", "pk")}


def activities_of_kind(*, session, staff: bool, kind: str) -> list[Activity]:
    rows = Activity.objects.filter(session_id=session.pk, kind=kind)
    if not staff:
        rows = rows.exclude(state=ActivityState.DRAFT)
    return list(rows.order_by("position", "pk"))


def questions_snapshot(*, session, staff: bool, user=None, guest=None) -> dict:
    """What ``session.state`` carries of questions and queues for one viewer."""
    asked = activities_of_kind(session=session, staff=staff, kind=ActivityKind.QUESTIONS)
    queues = activities_of_kind(session=session, staff=staff, kind=ActivityKind.QUEUE)
    if staff:
        lists = {str(a.pk): [question_staff_payload(q) for q in questions_all(a.pk)] for a in asked}
    else:
        lists = {str(a.pk): [question_payload(q) for q in questions_visible(a.pk)] for a in asked}
    reader = queue_staff_payload if staff else queue_public_payload
    return {
        "questions": lists,
        "my_question_votes": my_question_votes(
            activity_ids=[a.pk for a in asked], user=user, guest=guest
        ),
        "queues": {str(a.pk): reader(a.pk) for a in queues},
        "my_queue": my_queue_entries(activity_ids=[a.pk for a in queues], user=user, guest=guest),
    }


SCREEN_TOP_QUESTIONS = 5


def screen_participation(*, session, top: int = SCREEN_TOP_QUESTIONS) -> dict:
    """What the room's screen shows of questions and queues: the most up-voted
    questions still to answer, and how many wait to speak (never who: the screen link
    is public to the room, and the queue names nobody outside the console)."""
    shown = [
        a
        for kind in KINDS
        for a in activities_of_kind(session=session, staff=False, kind=kind)
        if a.state == ActivityState.OPEN
    ]
    asked = [a for a in shown if a.kind == ActivityKind.QUESTIONS]
    lines = [a for a in shown if a.kind == ActivityKind.QUEUE]
    boards = []
    for activity in asked:
        rows = [q for q in questions_visible(activity.pk) if q.answered_at is None]
        rows.sort(key=lambda q: (q.votes, q.pk), reverse=True)
        boards.append(
            {"activity": activity, "questions": rows[:top], "more": max(0, len(rows) - top)}
        )
    queues = []
    for activity in lines:
        public = queue_public_payload(activity.pk)
        queues.append(
            {
                "activity": activity,
                "waiting": len(public["waiting"]),
                "speaking": public["speaking"] is not None,
            }
        )
    return {"question_boards": boards, "queue_lines": queues}

"""Who took part: guests who joined, accounts that gave anything, and who is connected now.

``Presence`` holds open sockets only (a row goes when its socket closes), so after a
session an account is known by what it gave: a statement, a vote (its own or one a
facilitator entered for it), a word, a question, an up-vote or a hand up.
"""

from collections import Counter

from django.contrib.auth import get_user_model

from deliberation.exports.people import when, yes_no
from deliberation.models import (
    LiveSession,
    PollVote,
    Presence,
    Question,
    QuestionVote,
    QueueEntry,
    SessionGuest,
    Statement,
    WordEntry,
)
from deliberation.moderation.selectors import person_label

HEADER = ["participant", "type", "joined_at", "contributions", "connected_now", "connected_since"]


def _contributions(session: LiveSession, field: str) -> Counter:
    """How many things each account (``field="user"``) or guest (``"guest"``) gave."""
    author = "author" if field == "user" else "guest"
    in_activities = {"activity__session": session}
    sources = [
        (Statement.objects.filter(session=session), author),
        (PollVote.objects.filter(**in_activities), field),
        (WordEntry.objects.filter(**in_activities), field),
        (Question.objects.filter(**in_activities), author),
        (QuestionVote.objects.filter(question__activity__session=session), field),
        (QueueEntry.objects.filter(**in_activities), field),
    ]
    counts: Counter = Counter()
    for rows, column in sources:
        counts.update(pk for pk in rows.values_list(f"{column}_id", flat=True) if pk)
    return counts


def _connected_since(session: LiveSession) -> dict[tuple[str, int], object]:
    """When each connected person's first open socket joined (two tabs are two sockets)."""
    since: dict[tuple[str, int], object] = {}
    rows = Presence.objects.filter(session=session).order_by("joined_at", "pk")
    for user_id, guest_id, joined_at in rows.values_list("user_id", "guest_id", "joined_at"):
        key = ("guest", guest_id) if guest_id else ("user", user_id)
        since.setdefault(key, joined_at)
    return since


def attendance_table(session: LiveSession) -> tuple[list, list]:
    since = _connected_since(session)
    rows = []
    guest_counts = _contributions(session, "guest")
    for guest in SessionGuest.objects.filter(session=session).order_by("joined_at", "pk"):
        at = since.get(("guest", guest.pk))
        rows.append(
            [
                person_label(guest=guest),
                "guest",
                when(guest.joined_at),
                guest_counts[guest.pk],
                yes_no(at),
                when(at),
            ]
        )
    user_counts = _contributions(session, "user")
    ids = set(user_counts) | {pk for kind, pk in since if kind == "user"}
    people = [(person_label(user=u), u.pk) for u in get_user_model().objects.filter(pk__in=ids)]
    for name, pk in sorted(people, key=lambda p: (p[0].casefold(), p[1])):
        at = since.get(("user", pk))
        rows.append([name, "account", "", user_counts[pk], yes_no(at), when(at)])
    return list(HEADER), rows

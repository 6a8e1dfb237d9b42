"""Reads for live sessions."""

import json

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from common.open_items import OpenItem
from deliberation import states
from deliberation.events import stream_positions
from deliberation.models import (
    LiveSession,
    Moderation,
    Presence,
    Question,
    SessionStatus,
    Statement,
    WordEntry,
    WordFilter,
    WordStatus,
)

# Sessions a participant can find on their home page: not yet over.
JOINABLE = (SessionStatus.LOBBY, SessionStatus.LIVE, SessionStatus.PAUSED)


def statements_after(*, session_id: int, after_id: int = 0, limit: int = 200) -> list[Statement]:
    return list(
        Statement.objects.filter(session_id=session_id, hidden=False, pk__gt=after_id).order_by(
            "pk"
        )[:limit]
    )


def live_sessions():
    """Every live session, newest first (other apps list and look sessions up through this)."""
    return LiveSession.objects.order_by("-created_at")


def visible_statement_texts(*, session: LiveSession) -> list[tuple[int, str]]:
    """``(pk, text)`` of every statement not hidden by a moderator."""
    return list(Statement.objects.filter(session=session, hidden=False).values_list("pk", "text"))


def visible_question_texts(*, session: LiveSession) -> list[tuple[int, str]]:
    """``(pk, text)`` of every question to speakers that participants can see (approved, not
    hidden), in the order asked: a source for theme analysis beside the statements."""
    rows = Question.objects.filter(activity__session=session, hidden=False, pending=False)
    return list(rows.order_by("pk").values_list("pk", "text"))


def visible_word_texts(*, session: LiveSession) -> list[tuple[int, str]]:
    """``(pk, text as typed)`` of every word-cloud entry whose word shows: not hidden by a
    moderator, and under pre-moderation approved. One row per person and word, so a word
    given by twenty people weighs twenty times."""
    decided = WordFilter.objects.filter(activity=OuterRef("activity"), norm=OuterRef("norm"))
    rows = WordEntry.objects.filter(activity__session=session).exclude(
        Exists(decided.filter(status=WordStatus.HIDDEN))
    )
    rows = rows.exclude(
        Q(activity__moderation=Moderation.PRE) & ~Exists(decided.filter(status=WordStatus.APPROVED))
    )
    return list(rows.order_by("pk").values_list("pk", "text"))


def statements_hidden(*, session_id: int, limit: int = 200) -> list[Statement]:
    rows = Statement.objects.filter(session_id=session_id, hidden=True, pending=False)
    return list(rows.order_by("pk")[:limit])


def statements_pending(*, session_id: int, limit: int = 200) -> list[Statement]:
    """Statements waiting for a moderator's approval (pre-moderation), oldest first."""
    rows = Statement.objects.filter(session_id=session_id, pending=True)
    return list(rows.select_related("author", "guest").order_by("pk")[:limit])


def statement_payload(statement: Statement) -> dict:
    return {
        "id": statement.pk,
        "text": statement.text,
        "client_id": str(statement.client_id),
        "created_at": statement.created_at.isoformat(),
    }


def statement_staff_payload(statement: Statement) -> dict:
    """A statement as moderators see it: with its author and whether it waits or is hidden."""
    if statement.guest_id:
        author = f"{statement.guest.display_name} (guest)"
    elif statement.author_id:
        author = statement.author.get_full_name() or statement.author.get_username()
    else:
        author = ""
    return {
        **statement_payload(statement),
        "author": author,
        "pending": statement.pending,
        "hidden": statement.hidden,
    }


def _item_payload(item, now) -> dict:
    return {
        "id": item.pk,
        "title": item.title,
        "description": item.description,
        "timer_seconds": item.timer_seconds,
        "ends_at": item.ends_at.isoformat() if item.ends_at else None,
        # Left on the clock: counting down from ends_at, or standing still while paused.
        "remaining_seconds": (
            states.timer_remaining(now, item.ends_at) if item.ends_at else item.remaining_seconds
        ),
    }


def session_payload(session: LiveSession) -> dict:
    """The whole state of a session, as everyone in it may see it."""
    now = timezone.now()
    agenda = list(session.agenda.all())
    current = next((i for i in agenda if i.pk == session.current_item_id), None)
    return {
        "id": session.pk,
        "title": session.title,
        "status": session.status,
        "status_label": session.get_status_display(),
        "open_event": session.open_event,
        "agenda": [{"id": i.pk, "title": i.title} for i in agenda],
        "current_item": _item_payload(current, now) if current else None,
        "server_time": now.isoformat(),
    }


def presence_payload(*, session_id: int) -> dict:
    """How many sockets are here, and the names of the people behind them."""
    rows = Presence.objects.filter(session_id=session_id).select_related("user", "guest")
    names, people = set(), set()
    for row in rows:
        if row.user_id:
            people.add(("user", row.user_id))
            names.add(row.user.get_full_name() or row.user.get_username())
        elif row.guest_id:
            people.add(("guest", row.guest_id))
            names.add(f"{row.guest.display_name} (guest)")
    return {"count": len(people), "names": sorted(names, key=str.casefold)}


def open_for_home(*, user):
    """Open sessions the user may join, and the coming sessions of their assemblies."""
    if not user.is_authenticated:
        return  # every way in needs an account; guests join open events with a code
    sessions = LiveSession.objects.filter(
        Q(status__in=JOINABLE) | Q(status=SessionStatus.DRAFT, page__isnull=False)
    ).select_related("page")
    for session in sessions:
        if user.has_perm("deliberation.join_session", session):
            yield OpenItem(
                kind="session",
                title=session.title,
                url=reverse("deliberation:session", args=[session.pk]),
                summary=session.page.title if session.page else "",
                status=session.get_status_display(),
            )


def page_stream_positions(*, session_id: int) -> str:
    """The streams' numbers as a page is drawn, as JSON for its script.

    Read before anything else the page shows: a socket snapshot with higher numbers
    means something changed in between, and the script fetches the panels again.
    """
    return json.dumps(stream_positions(session_id=session_id), separators=(",", ":"))

"""Reads for live sessions."""

from django.db.models import Q
from django.urls import reverse

from common.open_items import OpenItem
from deliberation.models import LiveSession, SessionStatus, Statement


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


def open_for_home(*, user):
    """Open sessions the user may join, and the coming sessions of their assemblies."""
    sessions = LiveSession.objects.filter(
        Q(status=SessionStatus.OPEN) | Q(status=SessionStatus.DRAFT, page__isnull=False)
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

"""The session's own tables: the session, its agenda, activities, statements, attendance, log.

Each function returns ``(header, rows)`` with plain values (text, numbers); nothing here
is neutralised yet, ``files`` does that for every cell on the way out.
"""

import json

from deliberation.activities.models import Activity
from deliberation.exports import activity_tables
from deliberation.exports.attendance import attendance_table
from deliberation.exports.people import participant, when, yes_no
from deliberation.models import LiveSession, Statement
from deliberation.moderation.selectors import LOG_COLUMNS, moderation_log_rows

Table = tuple[list[str], list[list]]


def session_table(session: LiveSession) -> Table:
    header = ["session_id", "title", "status", "open_event", "join_code", "page", "created_at"]
    page = session.page.title if session.page_id else ""
    row = [
        session.pk,
        session.title,
        session.get_status_display(),
        yes_no(session.open_event),
        session.join_code,
        page,
        when(session.created_at),
    ]
    return header, [row]


def agenda_table(session: LiveSession) -> Table:
    header = ["item_id", "position", "title", "description", "timer_seconds", "current"]
    rows = [
        [
            item.pk,
            item.position + 1,
            item.title,
            item.description,
            item.timer_seconds if item.timer_seconds is not None else "",
            yes_no(item.pk == session.current_item_id),
        ]
        for item in session.agenda.all()
    ]
    return header, rows


def activities_table(activities: list[Activity]) -> Table:
    header = [
        "activity_id",
        "agenda_item",
        "kind",
        "title",
        "state",
        "results",
        "moderation",
        "settings",
        "opened_at",
        "closed_at",
    ]
    rows = [
        [
            a.pk,
            a.agenda_item.title if a.agenda_item_id else "",
            a.get_kind_display(),
            a.title,
            a.get_state_display(),
            a.get_results_display(),
            a.get_moderation_display(),
            json.dumps(a.config, sort_keys=True) if a.config else "",
            when(a.opened_at),
            when(a.closed_at),
        ]
        for a in activities
    ]
    return header, rows


def statements_table(session: LiveSession) -> Table:
    header = ["statement_id", "text", "author", "pending", "hidden", "created_at"]
    found = Statement.objects.filter(session=session).select_related("author", "guest")
    rows = [
        [s.pk, s.text, participant(s), yes_no(s.pending), yes_no(s.hidden), when(s.created_at)]
        for s in found.order_by("pk")
    ]
    return header, rows


def moderation_log_table(session: LiveSession) -> Table:
    return list(LOG_COLUMNS), list(moderation_log_rows(session_id=session.pk))


def session_tables(session: LiveSession) -> dict[str, Table]:
    """Every table of the export, by name (the CSV file's and the worksheet's)."""
    activities = list(
        Activity.objects.filter(session=session)
        .select_related("agenda_item")
        .order_by("position", "pk")
    )
    return {
        "Session": session_table(session),
        "Agenda items": agenda_table(session),
        "Activities": activities_table(activities),
        **activity_tables.activity_tables(activities),
        "Statements": statements_table(session),
        "Attendance": attendance_table(session),
        "Moderation log": moderation_log_table(session),
    }

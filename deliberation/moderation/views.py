"""The console's moderation: its plain-form buttons and the moderation log as CSV."""

import csv
import io

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404

from common.spreadsheet_safety import neutralise_row
from deliberation.access import access_for_user
from deliberation.models import LiveSession
from deliberation.moderation import services
from deliberation.moderation.selectors import (
    LOG_COLUMNS,
    log_payload,
    moderation_log,
    moderation_log_rows,
    moderation_settings,
    mutes_payload,
    settings_payload,
)
from deliberation.selectors import statement_staff_payload, statements_pending


def _int(value) -> int | None:
    return int(value) if str(value or "").isdigit() else None


def console_act(request, session, held, action: str) -> bool:
    """Approve, mute, unmute, change the settings; False when not one of these."""
    post = request.POST
    common = {
        "session_id": session.pk,
        "actor": request.user,
        "actor_key": held.actor_key,
        "action_id": post.get("action_id") or None,
    }
    if action == "settings":
        if not held.may_run:
            raise PermissionDenied
        services.moderation_settings_set(
            statements=post.get("statements") or None,
            max_statement_length=_int(post.get("max_statement_length")) or None,
            max_question_length=_int(post.get("max_question_length")) or None,
            **common,
        )
        return True
    if action not in ("approve", "mute", "unmute"):
        return False
    if not held.may_moderate:
        raise PermissionDenied
    if action == "approve":
        services.statement_approve(statement_id=_int(post.get("statement_id")), **common)
    elif action == "mute":
        targets = {k: _int(post.get(f"{k}_id")) for k in ("statement", "question")}
        services.participant_mute(targets={k: v for k, v in targets.items() if v}, **common)
    else:
        services.participant_unmute(mute_id=_int(post.get("mute_id")), **common)
    return True


def console_context(session) -> dict:
    found = moderation_settings(session_id=session.pk)
    return {
        "moderation": settings_payload(found),
        "pending_statements": [
            statement_staff_payload(s) for s in statements_pending(session_id=session.pk)
        ],
        "mutes": mutes_payload(session_id=session.pk),
        "moderation_log": [log_payload(e) for e in moderation_log(session_id=session.pk)],
    }


def _lines(session_id: int):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(LOG_COLUMNS)
    for row in moderation_log_rows(session_id=session_id):
        writer.writerow(neutralise_row(row))
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


@login_required
def moderation_log_csv(request, session_id):
    """The whole moderation log as CSV: the session's facilitators and organisers only."""
    session = get_object_or_404(LiveSession, pk=session_id)
    if not access_for_user(session, request.user).may_run:
        raise PermissionDenied
    response = StreamingHttpResponse(_lines(session.pk), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="session-{session.pk}-moderation-log.csv"'
    )
    return response

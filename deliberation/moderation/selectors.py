"""Reads for moderation: settings, whether someone is muted, the log and its CSV rows."""

from deliberation.moderation.models import ModerationLogEntry, ModerationSettings, Mute
from deliberation.selectors import statement_staff_payload, statements_pending

LOG_COLUMNS = ["time", "who", "action", "target", "target_id", "target_text"]


def moderation_settings(*, session_id: int) -> ModerationSettings:
    """The session's settings, or the defaults (unsaved) when nobody changed them."""
    found = ModerationSettings.objects.filter(session_id=session_id).first()
    return found or ModerationSettings(session_id=session_id)


def settings_payload(found: ModerationSettings) -> dict:
    return {
        "statements": found.statements,
        "max_statement_length": found.max_statement_length,
        "max_question_length": found.max_question_length,
    }


def person_label(*, user=None, guest=None) -> str:
    """How the console names someone: an account's name, or a guest's display name."""
    if guest is not None:
        return f"{guest.display_name} (guest)"
    if user is not None:
        return user.get_full_name() or user.get_username()
    return "someone who left"


def active_mutes(*, session_id: int):
    return Mute.objects.filter(session_id=session_id, lifted_at__isnull=True).select_related(
        "user", "guest"
    )


def mute_holds(*, session_id: int, user=None, guest=None) -> bool:
    """Is this account, or this guest (join token), muted in the session now?"""
    rows = active_mutes(session_id=session_id)
    if guest is not None:
        return rows.filter(guest=guest).exists()
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return rows.filter(user=user).exists()


def mute_payload(mute: Mute) -> dict:
    return {
        "id": mute.pk,
        "name": person_label(user=mute.user, guest=mute.guest),
        "created_at": mute.created_at.isoformat(),
    }


def mutes_payload(*, session_id: int) -> list[dict]:
    return [mute_payload(m) for m in active_mutes(session_id=session_id)]


def log_payload(entry: ModerationLogEntry) -> dict:
    return {
        "id": entry.pk,
        "at": entry.created_at.isoformat(),
        "who": entry.actor_label,
        "action": entry.action,
        "action_label": entry.get_action_display(),
        "target": entry.target_kind,
        "target_id": entry.target_id,
        "target_text": entry.target_label,
    }


def moderation_log(*, session_id: int, limit: int | None = 50) -> list[ModerationLogEntry]:
    rows = ModerationLogEntry.objects.filter(session_id=session_id)
    return list(rows[:limit] if limit else rows)


def moderation_log_rows(*, session_id: int):
    """The whole log, oldest first, as the CSV's rows (not yet neutralised)."""
    rows = ModerationLogEntry.objects.filter(session_id=session_id).order_by("created_at", "id")
    for entry in rows.iterator():
        yield [
            entry.created_at.isoformat(),
            entry.actor_label,
            entry.get_action_display(),
            entry.target_kind,
            entry.target_id if entry.target_id is not None else "",
            entry.target_label,
        ]


def moderation_snapshot(*, session_id: int, held) -> dict:
    """What ``session.state`` carries of moderation: settings for all; whether the viewer
    is muted; for facilitators and moderators the queue, mutes and the recent log."""
    body = {
        "moderation": settings_payload(moderation_settings(session_id=session_id)),
        "muted": mute_holds(session_id=session_id, user=held.user, guest=held.guest),
    }
    if held.is_staff:
        body["pending_statements"] = [
            statement_staff_payload(s) for s in statements_pending(session_id=session_id)
        ]
        body["mutes"] = mutes_payload(session_id=session_id)
        body["moderation_log"] = [log_payload(e) for e in moderation_log(session_id=session_id)]
    return body

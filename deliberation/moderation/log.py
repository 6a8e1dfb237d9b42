"""The moderation log's one write, kept apart so ``flow`` can log without importing services."""

from deliberation.events import event_emit
from deliberation.models import LiveSession, Stream
from deliberation.moderation.models import ModerationLogEntry
from deliberation.moderation.selectors import log_payload, person_label


def moderation_log_record(
    *, session: LiveSession, actor, action: str, target_kind: str, target_id=None, text=""
) -> ModerationLogEntry:
    """Log one moderation act, and tell the console (facilitators' stream only)."""
    entry = ModerationLogEntry.objects.create(
        session=session,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_label=person_label(user=actor) if actor is not None else "system",
        action=action,
        target_kind=target_kind,
        target_id=target_id,
        target_label=str(text or "")[:300],
    )
    event_emit(
        session=session,
        stream=Stream.FACILITATORS,
        type="moderation.logged",
        payload={"entry": log_payload(entry)},
    )
    return entry

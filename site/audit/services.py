"""Record access to personal data."""

from accounts.targets import target_key
from audit.models import AccessLogEntry


def access_log_record(
    *, user, action: str, what: str, target=None, record_count: int = 0, detail=None
) -> AccessLogEntry:
    """Append one entry; call it in the same request that shows or exports the data."""
    ct, object_id = target_key(target) if target is not None else (None, None)
    label = (getattr(user, "email", "") or getattr(user, "username", "")) or "anonymous"
    return AccessLogEntry.objects.create(
        user=user if getattr(user, "is_authenticated", False) else None,
        user_label=label,
        action=action,
        what=what,
        content_type=ct,
        object_id=object_id,
        record_count=record_count,
        detail=detail or {},
    )

"""Record access to personal data: one way, for every app."""

from audit.models import AccessAction, AccessLogEntry
from audit.targets import target_key


def access_log_record(
    *,
    user,
    action: AccessAction,
    what: str,
    target=None,
    record_count: int = 0,
    detail: dict | None = None,
) -> AccessLogEntry:
    """Append one entry; call it in the same request that shows or exports the data."""
    ct, object_id = target_key(target) if target is not None else (None, None)
    label = (getattr(user, "email", "") or getattr(user, "username", "")) or "anonymous"
    return AccessLogEntry.objects.create(
        user=user if getattr(user, "is_authenticated", False) else None,
        user_label=label,
        action=AccessAction(action),  # a word outside the enum fails here, not in a report
        what=what,
        content_type=ct,
        object_id=object_id,
        record_count=record_count,
        detail=detail or {},
    )


def access_log_request_record(
    request, *, action: AccessAction, what: str, target=None, record_count: int = 0, **detail
) -> AccessLogEntry:
    """The entry for a page or download that shows personal data: who asked, and where."""
    return access_log_record(
        user=request.user,
        action=action,
        what=what,
        target=target,
        record_count=record_count,
        detail={"path": request.path, **detail},
    )

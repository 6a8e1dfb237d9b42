"""The access log's part in data rights: what it holds about a person, and the entries that
record their download and their deletion. The log sits below accounts, so accounts reads it.
"""

from audit.models import AccessAction, AccessLogEntry
from audit.services import access_log_record


def access_log_export(user) -> dict[str, list[dict]]:
    entries = AccessLogEntry.objects.filter(user=user).order_by("at", "pk")
    return {
        "access_log": [
            {
                "at": e.at,
                "action": e.get_action_display(),
                "what": e.what,
                "records": e.record_count,
            }
            for e in entries
        ]
    }


def download_log(*, user, tables: dict[str, list[dict]]) -> None:
    access_log_record(
        user=user,
        action=AccessAction.EXPORT,
        what="their own personal data (download my data)",
        record_count=sum(len(rows) for rows in tables.values()),
    )


def erasure_log(erasure) -> None:
    # Kept after the account goes (user_label holds the address) as the record that the
    # deletion was asked for and done; ``detail`` holds counts only, never the data.
    access_log_record(
        user=erasure.user,
        action=AccessAction.DELETE,
        what="their own account and personal data (delete my account)",
        record_count=sum(sum(counts.values()) for counts in erasure.done.values()),
        detail={
            "delete_responses": erasure.delete_responses,
            "delete_statements": erasure.delete_statements,
            **{name: counts for name, counts in erasure.done.items() if counts},
        },
    )

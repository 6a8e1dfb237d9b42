"""The access log's part in data rights: what it holds about a person, and recording that
they downloaded their data or deleted their account (accounts may not import the log).
"""

from django.dispatch import receiver

from accounts.personal_data import personal_data_erased, personal_data_exported, register
from audit.models import AccessAction, AccessLogEntry
from audit.services import access_log_record


def audit_export(user) -> dict[str, list[dict]]:
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


@receiver(personal_data_exported, dispatch_uid="audit.personal_data_exported")
def _exported(sender, *, user, tables, **kwargs):
    access_log_record(
        user=user,
        action=AccessAction.EXPORT,
        what="their own personal data (download my data)",
        record_count=sum(len(rows) for rows in tables.values()),
    )


@receiver(personal_data_erased, dispatch_uid="audit.personal_data_erased")
def _erased(sender, *, erasure, **kwargs):
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


# The log's own entries are never erased: it is append-only, and the account link is
# cleared by the database (SET_NULL) when the account goes.
register("audit", export=audit_export)

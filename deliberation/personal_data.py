"""What a person said in live sessions: its download, its erasure.

Registered with ``accounts.personal_data``. Statements are kept without the author unless
the person chooses to delete them, so a session's record still reads as it happened.
"""

from accounts.personal_data import Erasure, register
from deliberation.models import Statement


def deliberation_export(user) -> dict[str, list[dict]]:
    statements = (
        Statement.objects.filter(author=user).select_related("session").order_by("created_at", "pk")
    )
    return {
        "statements": [
            {
                "session": s.session.title,
                "said_at": s.created_at,
                "text": s.text,
                "hidden_by_moderator": s.hidden,
            }
            for s in statements
        ],
    }


def deliberation_erase(erasure: Erasure) -> dict[str, int]:
    mine = Statement.objects.filter(author=erasure.user)
    if erasure.delete_statements:
        count = mine.count()
        mine.delete()
        return {"statements_deleted": count}
    return {"statements_anonymised": mine.update(author=None)}


register("deliberation", export=deliberation_export, erase=deliberation_erase, erase_order=70)

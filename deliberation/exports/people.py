"""How an export names a participant: the same words the console uses, nothing more.

A guest of an open event is only ever their display name (marked as a guest); an
account holder is their name; someone a facilitator entered a vote for is the name
the facilitator typed.
"""

from deliberation.moderation.selectors import person_label


def participant(row) -> str:
    """The name of whoever gave ``row`` (a vote, a word, a question, a queue entry)."""
    guest = row.guest if row.guest_id else None
    user = getattr(row, "user", None) if getattr(row, "user_id", None) else None
    if user is None and getattr(row, "author_id", None):
        user = row.author
    voter = getattr(row, "voter", "")
    if guest is None and user is None and voter.startswith("name:"):
        return f"{voter.removeprefix('name:')} (entered by a facilitator)"
    return person_label(user=user, guest=guest)


def participant_type(row) -> str:
    if row.guest_id:
        return "guest"
    if getattr(row, "user_id", None) or getattr(row, "author_id", None):
        return "account"
    return "named by a facilitator" if getattr(row, "voter", "").startswith("name:") else "left"


def when(value) -> str:
    """A time as ISO 8601 with its offset, or blank: the same in CSV and the workbook."""
    return value.isoformat() if value else ""


def yes_no(value) -> str:
    return "yes" if value else "no"

"""The two ways a contribution names its person: an account, or a guest of an open event.

Votes, words, questions, queue entries and mutes each hold both, one of them set; the
field definitions live here once so their delete rules are chosen, not copied.
"""

from django.conf import settings
from django.db import models


def account_field(on_delete, related_name: str = "+") -> models.ForeignKey:
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=on_delete,
        related_name=related_name,
    )


def guest_field(on_delete, related_name: str = "+") -> models.ForeignKey:
    return models.ForeignKey(
        "deliberation.SessionGuest",
        null=True,
        blank=True,
        on_delete=on_delete,
        related_name=related_name,
    )

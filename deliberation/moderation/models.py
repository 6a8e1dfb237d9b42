"""Moderation's tables: per-session settings, mutes and the moderation log.

Imported at the end of ``deliberation.models`` so Django finds them in the
``deliberation`` app; they name the session's models as strings, so neither
module imports the other.
"""

from django.conf import settings
from django.db import models

from deliberation.participant_fields import account_field, guest_field

__all__ = ["ModerationAction", "ModerationLogEntry", "ModerationSettings", "Mute"]

DEFAULT_STATEMENT_LENGTH = 1000
DEFAULT_QUESTION_LENGTH = 300


class ModerationSettings(models.Model):
    """How a session's statements are moderated and how long texts may be."""

    session = models.OneToOneField(
        "deliberation.LiveSession", on_delete=models.CASCADE, related_name="moderation_settings"
    )
    # "pre": a statement waits in the moderation queue until approved; "post": it shows at once.
    statements = models.CharField(max_length=10, default="post")
    max_statement_length = models.PositiveIntegerField(default=DEFAULT_STATEMENT_LENGTH)
    max_question_length = models.PositiveIntegerField(default=DEFAULT_QUESTION_LENGTH)

    def __str__(self) -> str:
        return f"{self.statements}-moderation"


class Mute(models.Model):
    """A participant who may no longer contribute text or join the queue in one session.

    Tied to the account, or to the guest (the join token): a guest who rejoins from
    the same browser under a new display name keeps their guest row, so the mute holds.
    """

    session = models.ForeignKey(
        "deliberation.LiveSession", on_delete=models.CASCADE, related_name="mutes"
    )
    user = account_field(models.CASCADE)
    guest = guest_field(models.CASCADE, related_name="mutes")
    muted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    lifted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"mute #{self.pk}"


class ModerationAction(models.TextChoices):
    HIDE = "hide", "Hid"
    RESTORE = "restore", "Restored"
    APPROVE = "approve", "Approved"
    MUTE = "mute", "Muted"
    UNMUTE = "unmute", "Unmuted"
    SETTINGS = "settings", "Changed the settings"
    ANSWER = "answer", "Marked answered"


class ModerationLogEntry(models.Model):
    """Who did what to what, and when. Names are copied so the log survives deletions."""

    session = models.ForeignKey(
        "deliberation.LiveSession", on_delete=models.CASCADE, related_name="moderation_log"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=150)
    action = models.CharField(max_length=20, choices=ModerationAction.choices)
    target_kind = models.CharField(max_length=20)  # statement, question, participant, session
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    target_label = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.actor_label} {self.action} {self.target_kind} {self.target_id}"

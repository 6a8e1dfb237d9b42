"""Who read or exported personal data, and when."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models


class AccessAction(models.TextChoices):
    VIEW = "view", "Viewed"
    EXPORT = "export", "Exported"
    IMPORT = "import", "Imported"
    DELETE = "delete", "Deleted"
    # Changes to who holds a role on a consultation or assembly.
    INVITE = "invite", "Invited to a role"
    CANCEL = "cancel", "Cancelled an invitation"
    GRANT = "grant", "Granted a role"
    REVOKE = "revoke", "Revoked a role"


class AccessLogEntry(models.Model):
    """One read or export of special-category or contact data. Append-only."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    user_label = models.CharField(max_length=254, help_text="Kept if the account is deleted.")
    action = models.CharField(max_length=10, choices=AccessAction.choices)
    what = models.CharField(max_length=200)
    content_type = models.ForeignKey(ContentType, null=True, on_delete=models.SET_NULL)
    object_id = models.PositiveBigIntegerField(null=True)
    record_count = models.PositiveIntegerField(default=0)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = "access log entry"
        verbose_name_plural = "access log"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_label} {self.action} {self.what}"

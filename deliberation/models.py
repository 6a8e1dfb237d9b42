"""Live sessions and what participants say in them."""

import secrets

from django.conf import settings
from django.db import models

JOIN_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(6))


class SessionStatus(models.TextChoices):
    DRAFT = "draft", "Not started"
    OPEN = "open", "Live now"
    CLOSED = "closed", "Finished"


class LiveSession(models.Model):
    title = models.CharField(max_length=200)
    join_code = models.CharField(max_length=12, unique=True, default=new_join_code)
    status = models.CharField(
        max_length=10, choices=SessionStatus.choices, default=SessionStatus.DRAFT
    )
    open_to_residents = models.BooleanField(
        default=False, help_text="Any signed-in resident may join, not only invited members."
    )
    # Roles on this page (and the pages above it) apply to the session too: members of
    # an assembly join the sessions of its meetings without a grant per session.
    page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="live_sessions",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("deliberation:session", args=[self.pk])

    @property
    def group_name(self) -> str:
        return f"live-session-{self.pk}"

    @property
    def websocket_path(self) -> str:
        return f"/ws/sessions/{self.pk}/"


class Statement(models.Model):
    """Something a participant said. ``client_id`` makes a resend after reconnect harmless."""

    session = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="statements")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(max_length=1000)
    client_id = models.UUIDField()
    hidden = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "author", "client_id"], name="unique_statement_client_id"
            )
        ]

    def __str__(self) -> str:
        return self.text[:60]

"""Live sessions: their agenda, what participants say, and the event log that loses nothing."""

import secrets

from django.conf import settings
from django.db import models

JOIN_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(6))


class SessionStatus(models.TextChoices):
    DRAFT = "draft", "Not started"
    LOBBY = "lobby", "Open to join"
    LIVE = "live", "Live now"
    PAUSED = "paused", "Paused"
    ENDED = "ended", "Finished"


# The names callers used before the state machine, kept as aliases so code written
# against them (an organiser's open/close buttons) keeps working. Set after the class:
# Django's choices refuse two members with one value.
SessionStatus.OPEN = SessionStatus.LIVE
SessionStatus.CLOSED = SessionStatus.ENDED


class Stream(models.TextChoices):
    """Audiences of a session's events, each with its own sequence of numbers."""

    EVERYONE = "everyone", "Everyone in the session"
    FACILITATORS = "facilitators", "Facilitators and moderators"


class LiveSession(models.Model):
    title = models.CharField(max_length=200)
    join_code = models.CharField(max_length=12, unique=True, default=new_join_code)
    status = models.CharField(
        max_length=10, choices=SessionStatus.choices, default=SessionStatus.DRAFT
    )
    open_to_residents = models.BooleanField(
        default=False, help_text="Any signed-in resident may join, not only invited members."
    )
    open_event = models.BooleanField(
        default=False,
        help_text="Anyone with the join code joins under a display name, without an account.",
    )
    # Roles on this page (and the pages above it) apply to the session too: members of
    # an assembly join the sessions of its meetings without a grant per session; a
    # consultation's page works the same way.
    page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="live_sessions",
    )
    current_item = models.ForeignKey(
        "AgendaItem", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
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

    def stream_group(self, stream: str) -> str:
        if stream == Stream.EVERYONE:
            return self.group_name
        return f"{self.group_name}-{stream}"

    @property
    def websocket_path(self) -> str:
        return f"/ws/sessions/{self.pk}/"

    @property
    def takes_statements(self) -> bool:
        return self.status == SessionStatus.LIVE


class AgendaItem(models.Model):
    """One part of a session. The server holds a running timer's end time."""

    session = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="agenda")
    position = models.PositiveIntegerField(default=0)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True, max_length=2000)
    timer_seconds = models.PositiveIntegerField(null=True, blank=True)
    ends_at = models.DateTimeField(null=True, blank=True)
    # While the session is paused the timer stands still with this much left.
    remaining_seconds = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title


class SessionGuest(models.Model):
    """Someone who joined an open event with its code and a display name, no account."""

    session = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="guests")
    display_name = models.CharField(max_length=60)
    joined_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.display_name


class Statement(models.Model):
    """Something a participant said. ``client_id`` makes a resend after reconnect harmless."""

    session = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="statements")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    guest = models.ForeignKey(
        SessionGuest, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(max_length=1000)
    client_id = models.UUIDField()
    hidden = models.BooleanField(default=False)
    # Pre-moderation: waits in the moderation queue (hidden too, so every read of
    # visible statements leaves it out) until a moderator approves it.
    pending = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "author", "client_id"], name="unique_statement_client_id"
            ),
            # NULL authors are all distinct to the constraint above, so guests need their own.
            models.UniqueConstraint(
                fields=["session", "guest", "client_id"], name="unique_guest_statement_client_id"
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]


class StreamCounter(models.Model):
    """The last sequence number given out on one stream, locked while the next is taken."""

    session = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="+")
    stream = models.CharField(max_length=40)
    last_seq = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "stream"], name="unique_stream_counter")
        ]

    def __str__(self) -> str:
        return f"{self.stream} #{self.last_seq}"


class SessionEvent(models.Model):
    """Every broadcast, kept so a client that missed some asks for them again."""

    session = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="events")
    stream = models.CharField(max_length=40)
    seq = models.PositiveBigIntegerField()
    # The exact JSON text that was broadcast, encoded once.
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["seq"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "stream", "seq"], name="unique_session_event_seq"
            )
        ]

    def __str__(self) -> str:
        return f"{self.stream} #{self.seq}"


class SessionAction(models.Model):
    """An action key already acted on: a resend after a reconnect is counted once."""

    session = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="+")
    actor = models.CharField(max_length=40)  # "user:<id>" or "guest:<id>"
    key = models.UUIDField()
    kind = models.CharField(max_length=40)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["session", "actor", "key"], name="unique_session_action_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} by {self.actor}"


class Presence(models.Model):
    """One open socket in a session, so the console can say who is here."""

    session = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="presence")
    channel_name = models.CharField(max_length=200, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.CASCADE, related_name="+"
    )
    guest = models.ForeignKey(SessionGuest, null=True, on_delete=models.CASCADE, related_name="+")
    joined_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.channel_name


# Activities (polls, word clouds, questions, queue) live in their own module.
from deliberation.activities.models import *  # noqa: E402, F403

# Moderation (mutes, the log, settings), questions and the speaking queue: their own modules.
from deliberation.moderation.models import *  # noqa: E402, F403
from deliberation.questions.models import *  # noqa: E402, F403

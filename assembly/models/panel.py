"""Draws and the panel they make: its members, replacements, meetings and attendance."""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse

from assembly.models.page import AssemblyPage
from assembly.models.pool import ContactPreference, Volunteer


class DrawStatus(models.TextChoices):
    PREPARING = "preparing", "Finding the fairest lottery"
    READY = "ready", "Ready to draw"
    DRAWING = "drawing", "Drawing"
    DRAWN = "drawn", "Drawn"
    FAILED = "failed", "Failed"


class Draw(models.Model):
    """One draw: the lottery found, how the panel was picked from it, and the result."""

    assembly = models.ForeignKey(AssemblyPage, on_delete=models.CASCADE, related_name="draws")
    algorithm = models.CharField(max_length=20, default="leximin")
    transparent = models.BooleanField(default=False)
    transparent_m = models.PositiveIntegerField(default=1000)
    panel_size = models.PositiveIntegerField()
    parameters = models.JSONField(default=dict, blank=True)
    versions = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        max_length=20, choices=DrawStatus.choices, default=DrawStatus.PREPARING
    )
    error = models.TextField(blank=True)
    pool_hash = models.CharField(max_length=64, blank=True)
    quotas_hash = models.CharField(max_length=64, blank=True)
    pool_snapshot = models.JSONField(
        default=dict,
        blank=True,
        help_text="Pool ids, values and households used (cleared at retention).",
    )
    quotas = models.JSONField(default=list, blank=True)
    distribution = models.JSONField(default=dict, blank=True)
    report = models.JSONField(default=dict, blank=True)
    lottery_panels = models.JSONField(default=list, blank=True)
    lottery_digest = models.CharField(max_length=64, blank=True)
    seed = models.BigIntegerField(null=True, blank=True)
    public_number = models.BigIntegerField(null=True, blank=True)
    panel = models.JSONField(default=list, blank=True)
    job = models.ForeignKey("jobs.Job", null=True, blank=True, on_delete=models.SET_NULL)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    drawn_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_algorithm_label()} draw {self.pk} for {self.assembly}"

    def get_absolute_url(self) -> str:
        return reverse("assembly:draw", args=[self.assembly_id, self.pk])

    def get_algorithm_label(self) -> str:
        label = self.algorithm.upper() if self.algorithm == "leximin" else self.algorithm
        return f"{label} (transparent)" if self.transparent else label


class MemberStatus(models.TextChoices):
    SELECTED = "selected", "Selected"
    INVITED = "invited", "Invited"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"
    REPLACED = "replaced", "Replaced"


HOLDING_PLACE = (MemberStatus.SELECTED, MemberStatus.INVITED, MemberStatus.ACCEPTED)


def _token() -> str:
    return secrets.token_urlsafe(24)


class PanelMember(models.Model):
    """A volunteer drawn onto the panel, and what became of the invitation."""

    assembly = models.ForeignKey(
        AssemblyPage, on_delete=models.CASCADE, related_name="panel_members"
    )
    draw = models.ForeignKey(Draw, on_delete=models.CASCADE, related_name="members")
    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(
        max_length=20, choices=MemberStatus.choices, default=MemberStatus.SELECTED
    )
    token = models.CharField(max_length=64, unique=True, default=_token)
    token_used_at = models.DateTimeField(null=True, blank=True)
    invited_at = models.DateTimeField(null=True, blank=True)
    invited_by = models.CharField(max_length=10, choices=ContactPreference.choices, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    access_needs = models.TextField(blank=True)
    contact_preference = models.CharField(
        max_length=10, choices=ContactPreference.choices, blank=True
    )

    class Meta:
        ordering = ["volunteer__pool_id"]
        constraints = [
            models.UniqueConstraint(fields=["draw", "volunteer"], name="unique_member_per_draw")
        ]

    def __str__(self) -> str:
        return f"{self.volunteer.pool_id} ({self.get_status_display()})"

    @property
    def holds_place(self) -> bool:
        return self.status in HOLDING_PLACE


class Replacement(models.Model):
    """A replacement drawn for a member who declined or withdrew, with its seed."""

    draw = models.ForeignKey(Draw, on_delete=models.CASCADE, related_name="replacements")
    left = models.OneToOneField(PanelMember, on_delete=models.CASCADE, related_name="replaced_by")
    joined = models.OneToOneField(PanelMember, on_delete=models.CASCADE, related_name="replaces")
    seed = models.BigIntegerField()
    quotas_moved = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"{self.joined_id} replaces {self.left_id}"


class Meeting(models.Model):
    assembly = models.ForeignKey(AssemblyPage, on_delete=models.CASCADE, related_name="meetings")
    title = models.CharField(max_length=150)
    starts_at = models.DateTimeField()
    live_session = models.OneToOneField(
        "deliberation.LiveSession",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assembly_meeting",
    )

    class Meta:
        ordering = ["starts_at"]

    def __str__(self) -> str:
        return self.title


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(PanelMember, on_delete=models.CASCADE, related_name="attendance")
    attended = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="unique_attendance")
        ]

    def __str__(self) -> str:
        return f"{self.member_id} at {self.meeting_id}: {self.attended}"

"""Users and their roles: groups for the role, assignments for the object."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models


class User(AbstractUser):
    """A person with an account. Email is the login; the username is internal."""

    display_name = models.CharField(max_length=150, blank=True)

    def __str__(self) -> str:
        return self.display_name or self.email or self.username


class Role(models.TextChoices):
    RESIDENT = "resident", "Resident"
    MEMBER = "member", "Assembly member"
    FACILITATOR = "facilitator", "Facilitator"
    MODERATOR = "moderator", "Moderator"
    COMMISSIONER = "commissioner", "Commissioner"
    ORGANISER = "organiser", "Organiser"


class RoleAssignment(models.Model):
    """Grants a role on one object: a consultation, an assembly or a live session."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    granted_at = models.DateTimeField(auto_now_add=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "content_type", "object_id"], name="unique_role_assignment"
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id", "role"])]

    def __str__(self) -> str:
        return f"{self.user} is {self.get_role_display()} of {self.content_type} {self.object_id}"


class RoleInvitation(models.Model):
    """An e-mailed offer of a role on one consultation or assembly, accepted once.

    Only a hash of the link's secret is kept, so a copy of the database cannot be
    used to accept someone else's invitation.
    """

    email = models.EmailField()
    role = models.CharField(max_length=20, choices=Role.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["content_type", "object_id", "accepted_at"])]

    def __str__(self) -> str:
        return f"{self.email} invited as {self.get_role_display()}"

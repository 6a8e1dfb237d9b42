"""The volunteer pool: selection categories and their quotas, volunteers and their
answers, invitation codes and uploaded pools."""

import secrets

from django.conf import settings
from django.db import models

from assembly.models.page import AssemblyPage


class SelectionCategory(models.Model):
    """A demographic question used for quotas, such as age band or ethnicity."""

    assembly = models.ForeignKey(
        AssemblyPage, on_delete=models.CASCADE, related_name="selection_categories"
    )
    name = models.CharField(max_length=80, help_text="Short name, as in the categories file.")
    question = models.CharField(max_length=200, blank=True)
    special_category = models.BooleanField(
        default=False, help_text="Ethnicity, disability, health and the like."
    )
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["assembly", "name"], name="unique_category_name")
        ]

    def __str__(self) -> str:
        return self.name


class CategoryValue(models.Model):
    """One answer to a category, with its quota and optional population target share."""

    category = models.ForeignKey(SelectionCategory, on_delete=models.CASCADE, related_name="values")
    value = models.CharField(max_length=120)
    min_quota = models.PositiveIntegerField(default=0)
    max_quota = models.PositiveIntegerField(default=0)
    target_share = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Share of the population, in per cent (for example from the census).",
    )
    prefer_not_to_say = models.BooleanField(default=False)
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["category", "value"], name="unique_category_value")
        ]

    def __str__(self) -> str:
        return f"{self.category.name}={self.value}"


class VolunteerSource(models.TextChoices):
    FORM = "form", "Volunteer form"
    IMPORT = "import", "Imported file"


class ContactPreference(models.TextChoices):
    EMAIL = "email", "Email"
    POST = "post", "Letter by post"
    PHONE = "phone", "Phone"


class Volunteer(models.Model):
    """Someone in the pool. Contact details are personal data; answers may be special-category."""

    assembly = models.ForeignKey(AssemblyPage, on_delete=models.CASCADE, related_name="volunteers")
    pool_id = models.CharField(max_length=64, help_text="The id used in draws and files.")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assembly_volunteerings",
    )
    full_name = models.CharField(max_length=150, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    address = models.CharField(max_length=300, blank=True)
    postcode = models.CharField(max_length=12, blank=True)
    household_key = models.CharField(max_length=320, blank=True)
    contact_preference = models.CharField(
        max_length=10, choices=ContactPreference.choices, default=ContactPreference.EMAIL
    )
    consent_contact = models.BooleanField(default=False)
    consent_special_category = models.BooleanField(default=False)
    source = models.CharField(
        max_length=10, choices=VolunteerSource.choices, default=VolunteerSource.FORM
    )
    created_at = models.DateTimeField(auto_now_add=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pool_id"]
        constraints = [
            models.UniqueConstraint(fields=["assembly", "pool_id"], name="unique_pool_id")
        ]

    def __str__(self) -> str:
        return self.pool_id


class Answer(models.Model):
    """A volunteer's answer to one selection category ("prefer not to say" is a value too)."""

    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="answers")
    category = models.ForeignKey(SelectionCategory, on_delete=models.CASCADE, related_name="+")
    value = models.ForeignKey(CategoryValue, on_delete=models.CASCADE, related_name="answers")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["volunteer", "category"], name="unique_answer")
        ]

    def __str__(self) -> str:
        return f"{self.volunteer_id}: {self.value_id}"


def _invitation_code() -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I
    return "".join(secrets.choice(alphabet) for _ in range(8))


class InvitationCode(models.Model):
    """A single-use code posted to a household drawn in the civic lottery."""

    assembly = models.ForeignKey(
        AssemblyPage, on_delete=models.CASCADE, related_name="invitation_codes"
    )
    code = models.CharField(max_length=12, unique=True, default=_invitation_code)
    address = models.CharField(max_length=300, blank=True)
    postcode = models.CharField(max_length=12, blank=True)
    seed = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    used_at = models.DateTimeField(null=True, blank=True)
    used_by = models.OneToOneField(
        Volunteer, null=True, blank=True, on_delete=models.SET_NULL, related_name="invitation"
    )

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.code


class PoolUpload(models.Model):
    """Uploaded pool files kept between preview and confirm; deleted on confirm."""

    assembly = models.ForeignKey(AssemblyPage, on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    people_csv = models.TextField()
    categories_csv = models.TextField()
    options = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Pool upload {self.pk}"


def volunteer_anonymised_values(now) -> dict:
    """What anonymising a volunteer sets: every contact detail gone, the pool id kept.

    One definition for the retention run and for account deletion, so the two
    can never clear different fields.
    """
    return {
        "full_name": "",
        "email": "",
        "phone": "",
        "address": "",
        "postcode": "",
        "household_key": "",
        "user": None,
        "anonymised_at": now,
    }

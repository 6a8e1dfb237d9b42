"""Assemblies, their volunteer pool, quotas, draws and panels.

Special-category data (answers in special categories, access needs) lives only
in these models and is read through ``selectors`` by views that check the
per-object organiser permission and write the access log. No snippet or
``ModelViewSet`` lists these models.
"""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul", "h3"]


class AssemblyStatus(models.TextChoices):
    PLANNING = "planning", "Planning"
    RECRUITING = "recruiting", "Recruiting volunteers"
    SELECTING = "selecting", "Selecting the panel"
    MEETING = "meeting", "Panel meeting"
    FINISHED = "finished", "Finished"


class AssemblyPage(Page):
    """A residents' assembly: its question, dates, how selection works and its volunteer form."""

    question = models.CharField(max_length=300)
    intro = RichTextField(features=TEXT_FEATURES, blank=True)
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    how_selection_works = RichTextField(features=TEXT_FEATURES, blank=True)
    panel_size = models.PositiveIntegerField(default=30)
    status = models.CharField(
        max_length=20, choices=AssemblyStatus.choices, default=AssemblyStatus.PLANNING
    )
    recruitment_open = models.BooleanField(
        default=False, help_text="Show the volunteer form on the page."
    )
    invitation_codes_required = models.BooleanField(
        default=False,
        help_text="Accept volunteers only with a valid, unused code from an invitation letter.",
    )
    one_per_household = models.BooleanField(
        default=True, help_text="At most one person per address on the panel."
    )
    retention_date = models.DateField(
        null=True,
        blank=True,
        help_text="After this date the pool is anonymised: contact details and answers deleted.",
    )
    data_controller = models.CharField(max_length=200, blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("question"),
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("starts_on"), FieldPanel("ends_on"), FieldPanel("status")], "Dates"
        ),
        FieldPanel("how_selection_works"),
        MultiFieldPanel(
            [
                FieldPanel("panel_size"),
                FieldPanel("recruitment_open"),
                FieldPanel("invitation_codes_required"),
                FieldPanel("one_per_household"),
            ],
            "Recruitment and selection",
        ),
        MultiFieldPanel(
            [FieldPanel("retention_date"), FieldPanel("data_controller")], "Personal data"
        ),
    ]
    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "residents' assembly"

    def serve(self, request, *args, **kwargs):
        # The one late import of the app: a Wagtail page routes its requests to the view,
        # and views import these models, so the view is found when the first request comes.
        from assembly.views.public import assembly_page_serve

        return assembly_page_serve(self, request, super().serve, *args, **kwargs)

    def manage_url(self) -> str:
        return reverse("assembly:manage", args=[self.pk])


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


#: Statuses that still hold a place on the panel.
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

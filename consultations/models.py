"""Consultation pages and the responses to them."""

import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from consultations.blocks import QuestionStreamBlock
from consultations.forms import ConsultationPageForm
from consultations.schema import page_specs


class ConsultationIndexPage(Page):
    intro = RichTextField(features=["bold", "italic", "link"], blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["consultations.ConsultationPage"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["consultations"] = ConsultationPage.objects.child_of(self).live().public()
        return context


class Audience(models.TextChoices):
    ANYONE = "anyone", "Anyone, without signing in"
    RESIDENTS = "residents", "Signed-in residents"
    MEMBERS = "members", "Assembly members only"


class ConsultationStatus(models.TextChoices):
    UPCOMING = "upcoming", "Opens soon"
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"
    RESULTS = "results", "Results published"


class ConsultationPage(RoutablePageMixin, Page):
    """A survey that residents answer, on one page or several."""

    summary = models.CharField(max_length=255, help_text="One sentence for lists.")
    intro = RichTextField(features=["bold", "italic", "link", "ul", "ol"], blank=True)
    opens_at = models.DateTimeField(null=True, blank=True)
    closes_at = models.DateTimeField(null=True, blank=True)
    audience = models.CharField(max_length=20, choices=Audience.choices, default=Audience.ANYONE)
    questions = StreamField(QuestionStreamBlock(), blank=True)
    data_controller = models.CharField(
        max_length=200, help_text="Who decides how the answers are used, e.g. the council."
    )
    privacy_summary = models.TextField(
        help_text="Purpose, lawful basis and how long answers are kept, in plain words."
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    results_published = models.BooleanField(
        default=False, help_text="Show the (suppressed) results to the public."
    )
    suppression_threshold = models.PositiveSmallIntegerField(
        default=10,
        validators=[MinValueValidator(3)],
        help_text="Hide every figure whose count or base is below this.",
    )
    thank_you = RichTextField(features=["bold", "italic", "link"], blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("intro"),
        FieldPanel("questions"),
        FieldPanel("thank_you"),
    ]
    settings_panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
                FieldPanel("audience"),
                FieldPanel("results_published"),
                FieldPanel("suppression_threshold"),
            ],
            heading="Who may respond, and when",
        ),
        MultiFieldPanel(
            [
                FieldPanel("data_controller"),
                FieldPanel("privacy_summary"),
                FieldPanel("privacy_page"),
            ],
            heading="Privacy",
        ),
        *Page.settings_panels,
    ]
    parent_page_types = ["consultations.ConsultationIndexPage"]
    subpage_types = []
    base_form_class = ConsultationPageForm

    def specs(self):
        return page_specs(self.questions)

    def status_at(self, now=None) -> str:
        now = now or timezone.now()
        if self.results_published:
            return ConsultationStatus.RESULTS
        if self.opens_at and now < self.opens_at:
            return ConsultationStatus.UPCOMING
        if self.closes_at and now >= self.closes_at:
            return ConsultationStatus.CLOSED
        return ConsultationStatus.OPEN

    @property
    def status(self) -> str:
        return self.status_at()

    @property
    def status_label(self) -> str:
        return ConsultationStatus(self.status).label

    @property
    def is_open(self) -> bool:
        return self.status == ConsultationStatus.OPEN

    def clean(self):
        super().clean()
        from consultations.schema import schema_change_errors

        if self.pk:
            errors = schema_change_errors(self)
            if errors:
                from django.core.exceptions import ValidationError

                raise ValidationError({"questions": errors})

    # Routes: each is one line that hands over to consultations/views.py.
    @path("")
    def start_view(self, request):
        return _views().start(request, self)

    @path("step/<int:step>/")
    def step_view(self, request, step):
        return _views().step(request, self, step)

    @path("check/")
    def check_view(self, request):
        return _views().check(request, self)

    @path("done/<uuid:key>/")
    def done_view(self, request, key):
        return _views().done(request, self, key)

    @path("enter/")
    def enter_view(self, request):
        return _staff().enter(request, self)

    @path("import/")
    def import_view(self, request):
        return _staff().import_upload(request, self)

    @path("import/template/")
    def import_template_view(self, request):
        return _staff().import_template(request, self)

    @path("import/<int:import_id>/")
    def import_preview_view(self, request, import_id):
        return _staff().import_preview(request, self, import_id)

    @path("results/")
    def results_view(self, request):
        return _results_views().results(request, self)

    @path("export/<str:fmt>/")
    def export_view(self, request, fmt):
        return _export_views().export(request, self, fmt)

    @path("export/job/<uuid:job_id>/")
    def export_job_view(self, request, job_id):
        return _export_views().export_job(request, self, job_id)

    @path("export/download/<uuid:job_id>/")
    def export_download_view(self, request, job_id):
        return _export_views().download(request, self, job_id)

    def csrf_failure_response(self, request, route_args, route_kwargs):
        view, _args, kwargs = route_args
        return _views().csrf_failure_response(request, self, view.__name__, kwargs)


def _views():
    from consultations import views

    return views


def _staff():
    from consultations import staff_views

    return staff_views


def _results_views():
    from consultations import results_views

    return results_views


def _export_views():
    from consultations import export_views

    return export_views


class QuestionnaireVersion(models.Model):
    """The questions as they were when answers were given; a new one on every change."""

    page = models.ForeignKey(ConsultationPage, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    schema = models.JSONField()
    schema_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["page", "number"], name="unique_version_number")
        ]
        ordering = ["page", "-number"]

    def __str__(self) -> str:
        return f"Version {self.number} of page {self.page_id}"


class Channel(models.TextChoices):
    ONLINE = "online", "Online"
    PAPER = "paper", "Paper form"
    PHONE = "phone", "Phone"
    EVENT = "event", "Event"


class ResponseStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"


class Response(models.Model):
    """One person's answers to one consultation; a draft until submitted."""

    page = models.ForeignKey(ConsultationPage, on_delete=models.CASCADE, related_name="responses")
    version = models.ForeignKey(
        QuestionnaireVersion, null=True, on_delete=models.PROTECT, related_name="responses"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        max_length=10, choices=ResponseStatus.choices, default=ResponseStatus.DRAFT
    )
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.ONLINE)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submission_key = models.UUIDField(default=uuid.uuid4, unique=True)
    draft = models.JSONField(default=dict, blank=True)
    publish_consent = models.BooleanField(null=True)
    wants_outcome = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["page", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["page", "user"],
                condition=models.Q(status="draft", user__isnull=False),
                name="one_draft_per_user",
            )
        ]

    def __str__(self) -> str:
        return f"Response {self.pk} to {self.page_id} ({self.status})"


class Answer(models.Model):
    """One value of one answer: long format, so one question reads without the rest."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    page = models.ForeignKey(ConsultationPage, on_delete=models.CASCADE, related_name="+")
    question_id = models.CharField(max_length=64)
    value = models.TextField()
    number = models.FloatField(null=True, blank=True)
    row = models.CharField(max_length=200, blank=True)

    class Meta:
        indexes = [models.Index(fields=["page", "question_id"])]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.value[:40]}"


class ImportStatus(models.TextChoices):
    CHECKING = "checking", "Being checked"
    PREVIEW = "preview", "Checked, not imported"
    IMPORTED = "imported", "Imported"
    CANCELLED = "cancelled", "Cancelled"


class ResponseImport(models.Model):
    """An uploaded CSV of responses: checked first, then imported whole, once."""

    page = models.ForeignKey(ConsultationPage, on_delete=models.CASCADE, related_name="imports")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    file_name = models.CharField(max_length=255)
    file_hash = models.CharField(max_length=64)
    status = models.CharField(
        max_length=10, choices=ImportStatus.choices, default=ImportStatus.PREVIEW
    )
    rows = models.JSONField(default=list, help_text="The parsed rows, ready to save.")
    problems = models.JSONField(default=list, help_text="The first problems found.")
    problem_count = models.PositiveIntegerField(default=0, help_text="Problems found in all.")
    imported_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    imported_at = models.DateTimeField(null=True, blank=True)
    # A large file waits here for the background check, and is cleared once checked.
    data = models.BinaryField(default=b"", blank=True, editable=False)
    job = models.ForeignKey(
        "jobs.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        indexes = [models.Index(fields=["page", "file_hash"])]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.status})"


class ResultsSnapshot(models.Model):
    """The latest computed results of a consultation, served until newer ones are ready.

    Results of a large consultation take a minute to compute, so a background job
    (``consultations.results``) writes them here and the results page reads them.
    """

    page = models.OneToOneField(
        ConsultationPage, on_delete=models.CASCADE, related_name="results_snapshot"
    )
    # What the figures were computed from (questions, threshold, responses): see
    # ``results_services.results_stamp``. A different stamp now means they are stale.
    stamp = models.CharField(max_length=200)
    # Kept apart from the data so a stale snapshot made under a lower threshold is
    # never shown once the organiser raises it.
    threshold = models.PositiveSmallIntegerField()
    responses = models.PositiveIntegerField(help_text="Submitted responses counted.")
    computed_at = models.DateTimeField()
    # A pickled ``PageResults``. Only our own worker writes it, from our own database,
    # and only our code reads it, so unpickling it trusts nothing from outside.
    data = models.BinaryField(editable=False)

    def __str__(self) -> str:
        return f"Results of page {self.page_id} as of {self.computed_at:%Y-%m-%d %H:%M}"

"""The answers to a consultation: versions of its questions, responses, imports, results.

Each model names its page by its label, not its class, so this module needs nothing
from ``pages`` and the page can read answers from here (see ``ConsultationPage.clean``).
"""

import uuid

from django.conf import settings
from django.db import models


class QuestionnaireVersion(models.Model):
    """The questions as they were when answers were given; a new one on every change."""

    page = models.ForeignKey(
        "consultations.ConsultationPage", on_delete=models.CASCADE, related_name="versions"
    )
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

    page = models.ForeignKey(
        "consultations.ConsultationPage", on_delete=models.CASCADE, related_name="responses"
    )
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
    # The page's round this answers (``ConsultationPage.rounds``); empty without rounds.
    round = models.CharField(max_length=40, blank=True, default="")
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
                fields=["page", "user", "round"],
                condition=models.Q(status="draft", user__isnull=False),
                name="one_draft_per_user_round",
            ),
            # In a page with rounds, one submission per person per round (pairs them).
            models.UniqueConstraint(
                fields=["page", "user", "round"],
                condition=models.Q(status="submitted", user__isnull=False) & ~models.Q(round=""),
                name="one_submission_per_user_round",
            ),
        ]

    def __str__(self) -> str:
        return f"Response {self.pk} to {self.page_id} ({self.status})"


class Answer(models.Model):
    """One value of one answer: long format, so one question reads without the rest."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    page = models.ForeignKey(
        "consultations.ConsultationPage", on_delete=models.CASCADE, related_name="+"
    )
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

    page = models.ForeignKey(
        "consultations.ConsultationPage", on_delete=models.CASCADE, related_name="imports"
    )
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
        "consultations.ConsultationPage", on_delete=models.CASCADE, related_name="results_snapshot"
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

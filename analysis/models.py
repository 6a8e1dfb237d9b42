"""Theme runs, their reviewed themes, findings reports and "you said, we did" decisions.

A run's machine output (``ThemeRun.machine_output``) is written once by the job and never
changed; review edits change ``Theme`` and ``ThemeAssignment`` rows and are each kept as a
``ThemeEdit``, so the machine output stays available for comparison.
"""

from django.conf import settings
from django.db import models


class SourceKind(models.TextChoices):
    QUESTION = "question", "A consultation question"
    SESSION = "session", "A live session's statements, questions or words"
    UPLOAD = "upload", "An uploaded CSV file"


class RunStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Running"
    DONE = "done", "Finished"
    FAILED = "failed", "Failed"


class ThemeRun(models.Model):
    """One theme analysis of one source, reproducible from its parameters and input hash."""

    title = models.CharField(max_length=200)
    source_kind = models.CharField(max_length=10, choices=SourceKind.choices)
    # The project: the consultation a question or an upload belongs to (permissions follow it).
    page = models.ForeignKey(
        "consultations.ConsultationPage",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="theme_runs",
    )
    question_id = models.CharField(max_length=100, blank=True)
    session = models.ForeignKey(
        "deliberation.LiveSession",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="theme_runs",
    )
    uploaded_text = models.TextField(blank=True)
    parameters = models.JSONField(default=dict)
    versions = models.JSONField(default=dict, blank=True)
    input_hash = models.CharField(max_length=64, blank=True)
    status = models.CharField(max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED)
    error = models.TextField(blank=True)
    job = models.ForeignKey("jobs.Job", null=True, blank=True, on_delete=models.SET_NULL)
    machine_output = models.JSONField(default=dict, blank=True)
    previous = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="reruns"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def target(self):
        """The object whose roles decide who may see and review this run."""
        return self.page if self.page_id else self.session


class Theme(models.Model):
    run = models.ForeignKey(ThemeRun, on_delete=models.CASCADE, related_name="themes")
    key = models.CharField(max_length=20)  # the engine's id ("1", "other", "excluded") or "s3"
    machine_label = models.CharField(max_length=200, blank=True)
    label = models.CharField(max_length=200)
    size = models.PositiveIntegerField(default=0)
    top_terms = models.JSONField(default=list, blank=True)
    is_other = models.BooleanField(default=False)
    is_excluded = models.BooleanField(default=False)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged"
    )
    notes = models.TextField(blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["run", "key"], name="unique_theme_key")]

    def __str__(self) -> str:
        return self.label

    @property
    def is_renamed(self) -> bool:
        return self.label != self.machine_label


class ThemeAssignment(models.Model):
    """One answer in a run: its machine theme, current theme and its quote as published."""

    run = models.ForeignKey(ThemeRun, on_delete=models.CASCADE, related_name="assignments")
    # "r<response>", "s<statement>", "q<question>", "w<word entry>" or "u<row id>"
    item_ref = models.CharField(max_length=64)
    text = models.TextField()
    response = models.ForeignKey(
        "consultations.Response", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    statement = models.ForeignKey(
        "deliberation.Statement", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    machine_theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="+")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="assignments")
    confidence = models.FloatField(default=1.0)
    is_key_quote = models.BooleanField(default=False)
    quote_text = models.TextField(blank=True)  # redacted automatically, then confirmed or edited
    quote_spans = models.JSONField(default=list, blank=True)
    quote_confirmed = models.BooleanField(default=False)
    # Whether the person agreed that their words may be published: a consultation response's
    # own consent, a consent column of an upload; live-session statements have none, so never.
    publish_consent = models.BooleanField(default=False)

    class Meta:
        ordering = ["-confidence", "pk"]
        indexes = [models.Index(fields=["run", "item_ref"])]

    def __str__(self) -> str:
        return self.item_ref


class EditAction(models.TextChoices):
    RENAME = "rename", "Renamed a theme"
    MERGE = "merge", "Merged themes"
    SPLIT = "split", "Split a theme"
    MOVE = "move", "Moved an answer"
    KEY_QUOTE = "key-quote", "Marked a key quote"
    REDACTION = "redaction", "Confirmed a quote's redaction"
    NOTE = "note", "Wrote a note"
    CARRY_OVER = "carry-over", "Carried over from the previous run"


class ThemeEdit(models.Model):
    run = models.ForeignKey(ThemeRun, on_delete=models.CASCADE, related_name="edits")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    action = models.CharField(max_length=20, choices=EditAction.choices)
    payload = models.JSONField(default=dict)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} ({self.created_at:%Y-%m-%d %H:%M})"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class FindingsReport(models.Model):
    run = models.ForeignKey(ThemeRun, on_delete=models.CASCADE, related_name="reports")
    page = models.ForeignKey(
        "consultations.ConsultationPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="findings_reports",
    )
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    status = models.CharField(
        max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == ReportStatus.PUBLISHED


class Finding(models.Model):
    report = models.ForeignKey(FindingsReport, on_delete=models.CASCADE, related_name="findings")
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    themes = models.ManyToManyField(Theme, blank=True, related_name="findings")
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title


class Outcome(models.TextChoices):
    ACCEPTED = "accepted", "Accepted"
    PARTLY = "partly", "Partly accepted"
    NOT_ACCEPTED = "not_accepted", "Not accepted"


class Decision(models.Model):
    """What the commissioner did about a published finding: "you said, we did"."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="decisions")
    outcome = models.CharField(max_length=15, choices=Outcome.choices)
    response = models.TextField(help_text="What we did, and why.")
    decided_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    notified_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-decided_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.finding}: {self.get_outcome_display()}"

"""The consultation pages: an index, and a survey page that routes to its views."""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from consultations.blocks import QuestionStreamBlock, RoundBlock
from consultations.forms import ConsultationPageForm
from consultations.models.responses import Answer
from consultations.schema import page_specs, schema_change_errors

ERR_ROUND_TWICE = "Each round needs its own reference."
ERR_ROUND_UNKNOWN = "Use the reference of one of the rounds above, or leave this empty."


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
    rounds = StreamField(
        [("round", RoundBlock())],
        blank=True,
        help_text="Answer the same questions in rounds, e.g. before the assembly and after "
        "deliberation. A signed-in person's answers in two rounds are paired.",
    )
    current_round = models.CharField(
        max_length=40,
        blank=True,
        help_text="The reference of the round new answers go to. Empty: no rounds.",
    )

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
        MultiFieldPanel([FieldPanel("rounds"), FieldPanel("current_round")], heading="Rounds"),
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

    @property
    def round_choices(self) -> list[tuple[str, str]]:
        """The rounds as ``(reference, label)``, in order."""
        return [(r.value["reference"], r.value["label"]) for r in self.rounds]

    def round_label(self, reference: str) -> str:
        return dict(self.round_choices).get(reference, reference)

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
        refs = [ref for ref, _ in self.round_choices]
        if len(set(refs)) != len(refs):
            raise ValidationError({"rounds": ERR_ROUND_TWICE})
        if self.current_round and self.current_round not in refs:
            raise ValidationError({"current_round": ERR_ROUND_UNKNOWN})
        if self.pk:
            errors = self._schema_change_errors()
            if errors:
                raise ValidationError({"questions": errors})

    def _schema_change_errors(self) -> list[str]:
        answered = set(
            Answer.objects.filter(page=self).values_list("question_id", flat=True).distinct()
        )
        latest = self.versions.order_by("-number").first() if answered else None
        return schema_change_errors(
            answered=answered,
            latest_schema=latest.schema if latest else None,
            specs=page_specs(self.questions),
        )

    # Routes: each is one line that hands over to consultations/views.py.
    @path("")
    def start_view(self, request):
        return _views("views").start(request, self)

    @path("step/<int:step>/")
    def step_view(self, request, step):
        return _views("views").step(request, self, step)

    @path("check/")
    def check_view(self, request):
        return _views("views").check(request, self)

    @path("done/<uuid:key>/")
    def done_view(self, request, key):
        return _views("views").done(request, self, key)

    @path("enter/")
    def enter_view(self, request):
        return _views("staff").enter(request, self)

    @path("import/")
    def import_view(self, request):
        return _views("imports").import_upload(request, self)

    @path("import/template/")
    def import_template_view(self, request):
        return _views("imports").import_template(request, self)

    @path("import/<int:import_id>/")
    def import_preview_view(self, request, import_id):
        return _views("imports").import_preview(request, self, import_id)

    @path("results/")
    def results_view(self, request):
        return _views("results").results(request, self)

    @path("export/<str:fmt>/")
    def export_view(self, request, fmt):
        return _views("export").export(request, self, fmt)

    @path("export/job/<uuid:job_id>/")
    def export_job_view(self, request, job_id):
        return _views("export").export_job(request, self, job_id)

    @path("export/download/<uuid:job_id>/")
    def export_download_view(self, request, job_id):
        return _views("export").download(request, self, job_id)

    def csrf_failure_response(self, request, route_args, route_kwargs):
        view, _args, kwargs = route_args
        return _views("views").csrf_failure_response(request, self, view.__name__, kwargs)


#: The modules of views that serve the page's routes, by kind, given by
#: ``ConsultationsConfig.ready``: views import these models, so the page is handed its
#: views at start-up instead of importing them (no import circle).
ROUTE_VIEWS: dict = {}


def _views(kind: str):
    """The module of views that serves one of the page's routes."""
    return ROUTE_VIEWS[kind]

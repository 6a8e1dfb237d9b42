"""The assembly page: its question, dates, how selection works and its volunteer form."""

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

    #: The view that serves the page, given to it by ``AssemblyConfig.ready``: views import
    #: these models, so the page is handed its view instead of importing it.
    serve_view = None

    def serve(self, request, *args, **kwargs):
        return self.serve_view(request, super().serve, *args, **kwargs)

    def manage_url(self) -> str:
        return reverse("assembly:manage", args=[self.pk])

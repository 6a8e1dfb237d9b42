"""The home page, plain information pages and the site-wide settings."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from home.anonymous_cache import anonymous_cacheable, anonymous_page_serve, lists_digest
from home.blocks import BaseStreamBlock


class HomePage(Page):
    """The front door: what is open now, across consultations, assemblies and sessions."""

    intro = RichTextField(features=["bold", "italic", "link"], blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]

    def get_context(self, request, *args, **kwargs):
        from home.selectors import open_items

        context = super().get_context(request, *args, **kwargs)
        context["open_items"] = open_items(
            user=request.user, site=getattr(request, "_wagtail_site", None)
        )
        return context

    def serve(self, request, *args, **kwargs):
        if not anonymous_cacheable(request):
            return super().serve(request, *args, **kwargs)
        context = self.get_context(request, *args, **kwargs)
        return anonymous_page_serve(
            request,
            page=self,
            template=self.get_template(request, *args, **kwargs),
            context=context,
            digest=lists_digest(context["open_items"]),
        )


class StandardPage(Page):
    """An information page: the accessibility statement, the privacy notice, help."""

    summary = models.CharField(max_length=255, blank=True)
    body = StreamField(BaseStreamBlock(), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("summary"), FieldPanel("body")]
    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]


@register_setting(icon="cog")
class SiteSettings(BaseSiteSetting):
    """Names and links an organiser edits in the CMS without a deployment."""

    service_name = models.CharField(max_length=80, default="Residents' assembly platform")
    organisation_name = models.CharField(max_length=120, blank=True)
    contact_email = models.EmailField(blank=True)
    accessibility_page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    panels = [
        FieldPanel("service_name"),
        FieldPanel("organisation_name"),
        FieldPanel("contact_email"),
        FieldPanel("accessibility_page"),
        FieldPanel("privacy_page"),
    ]

    class Meta:
        verbose_name = "Site settings"

"""Set up the page tree, the Site and the site settings."""

import json

from django.conf import settings as django_settings
from django.db import transaction
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Collection, Locale, Page, Site

from home.models import HomePage, SiteSettings, StandardPage

ACCESSIBILITY_TEXT = (
    "<p>This service aims to meet the Web Content Accessibility Guidelines (WCAG) 2.2 at "
    "level AA. Every page works with a keyboard alone, with a screen reader and without "
    "JavaScript, and is checked with axe in a real browser before release.</p>"
    "<p>If you find a problem, or need information in another format such as large print, "
    "easy read, audio or braille, contact the organisers and we will reply within "
    "5 working days.</p>"
)
PRIVACY_TEXT = (
    "<p>We collect only what each activity needs. Demographic answers (such as age, "
    "ethnicity or disability) are special-category personal data: they are optional, "
    "always have a “prefer not to say” answer, are seen only by the organisers of that "
    "activity, and every view or export of them is logged.</p>"
    "<p>Each consultation and assembly names its data controller, lawful basis and how "
    "long the data is kept. You can download your data or delete your account from "
    "“Your account”.</p>"
)


def _rich(text: str) -> str:
    return json.dumps([{"type": "paragraph", "value": text}])


@transaction.atomic
def site_setup(*, site_name: str = "Residents' assembly platform") -> HomePage:
    """Make sure the root, the home page, the Site and the settings exist; return home.

    Builds what Wagtail's migrations would have made too (locale, root page,
    root collection), so it works on a flushed database.
    """
    Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(django_settings.LANGUAGE_CODE)
    )
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root", live=True))
    home = HomePage.objects.first()
    if home is None:
        # Wagtail's initial migration makes a placeholder "Welcome" page; retire it.
        for page in root.get_children().filter(slug="home").not_type(HomePage):
            Site.objects.filter(root_page=page).delete()
            page.delete()
        home = root.add_child(
            instance=HomePage(
                title="Have your say on care in your area",
                slug="home",
                intro=(
                    "<p>Residents, carers and the people who run local services deciding "
                    "together how care should work.</p>"
                ),
            )
        )
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True, site_name=site_name
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save(update_fields=["root_page"])
    settings = SiteSettings.for_site(site)
    if not settings.accessibility_page:
        settings.accessibility_page = _info_page(
            home, "Accessibility statement", ACCESSIBILITY_TEXT
        )
    if not settings.privacy_page:
        settings.privacy_page = _info_page(home, "Privacy notice", PRIVACY_TEXT)
    settings.service_name = settings.service_name or site_name
    settings.save()
    return home


def _info_page(home: HomePage, title: str, text: str) -> StandardPage:
    slug = title.lower().replace(" ", "-")
    existing = StandardPage.objects.child_of(home).filter(slug=slug).first()
    if existing:
        return existing
    return home.add_child(instance=StandardPage(title=title, slug=slug, body=_rich(text)))

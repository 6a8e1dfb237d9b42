"""The header and footer come from the cached site settings, and follow their changes."""

import pytest
from wagtail.models import Site

from home.models import SiteSettings

pytestmark = pytest.mark.django_db


def test_saving_the_settings_changes_the_next_page(client, home_page):
    assert "Contact us" not in client.get("/").content.decode()
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.service_name = "Care Together"
    settings.contact_email = "help@example.org"
    settings.save()
    html = client.get("/").content.decode()
    assert "Care Together</title>" in html
    assert 'href="mailto:help@example.org"' in html


def test_a_footer_page_moved_or_unpublished_changes_its_link(client, home_page):
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    page = settings.privacy_page.specific
    assert 'href="/privacy-notice/"' in client.get("/").content.decode()
    page.slug = "privacy"
    page.save_revision().publish()
    assert 'href="/privacy/"' in client.get("/").content.decode()
    page.unpublish()
    assert "Privacy notice" not in client.get("/").content.decode()

"""The page header names the organisation and the service, each once."""

import re

import pytest

from home.models import SiteSettings

pytestmark = pytest.mark.django_db


def _header(client) -> str:
    body = client.get("/").content.decode()
    return re.search(r"<header.*?</header>", body, re.S).group(0)


def test_without_an_organisation_the_header_names_the_service_once(client, home_page):
    settings = SiteSettings.objects.get()
    settings.service_name, settings.organisation_name = "Caring Essex assembly", ""
    settings.save()
    assert _header(client).count("Caring Essex assembly") == 1


def test_with_an_organisation_the_header_names_it_and_the_service(client, home_page):
    settings = SiteSettings.objects.get()
    settings.service_name, settings.organisation_name = "Caring Essex assembly", "Essex Council"
    settings.save()
    header = _header(client)
    assert header.count("Caring Essex assembly") == 1
    assert header.count("Essex Council") == 1

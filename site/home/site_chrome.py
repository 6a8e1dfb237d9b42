"""The site settings every page's header and footer show, cached per site.

``base.html`` used to ask Wagtail for the default site's settings on every request
(a Site query, a settings query, and one for each footer page's URL). The values are
read once per site and page-cache generation: saving the settings, or any page (the
footer pages' URLs move with them), makes them stale.
"""

from dataclasses import dataclass

from django.core.cache import cache

from home.page_cache import ENTRY_SECONDS, cache_key
from home.routing import request_site


@dataclass(frozen=True)
class SiteChrome:
    service_name: str
    organisation_name: str = ""
    contact_email: str = ""
    accessibility_url: str = ""
    privacy_url: str = ""


def _page_url(page, site) -> str:
    if page is None or not page.live:
        return ""
    return page.get_url(current_site=site) or ""


def site_chrome_for(site) -> SiteChrome:
    from home.models import SiteSettings

    key = cache_key("chrome", site.pk if site else "none")
    chrome = cache.get(key)
    if chrome is None:
        if site is None:
            chrome = SiteChrome(service_name=SiteSettings._meta.get_field("service_name").default)
        else:
            s = SiteSettings.for_site(site)
            chrome = SiteChrome(
                service_name=s.service_name,
                organisation_name=s.organisation_name,
                contact_email=s.contact_email,
                accessibility_url=_page_url(s.accessibility_page, site),
                privacy_url=_page_url(s.privacy_page, site),
            )
        cache.set(key, chrome, ENTRY_SECONDS)
    return chrome


def site_chrome(request):
    """Context processor: ``site_chrome`` for the request's site (or the default one)."""
    from wagtail.models import Site

    site = request_site(request)
    if site is None:
        site = Site.objects.filter(is_default_site=True).first()
    return {"site_chrome": site_chrome_for(site)}

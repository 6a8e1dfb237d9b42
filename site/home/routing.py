"""Wagtail's site and page routing, served from the cache.

Wagtail finds the Site for the host (one query), then walks the tree from the site's
root one slug at a time (two queries a level). This middleware looks both up in the
cache and puts them where Wagtail's own ``serve`` view looks first
(``request._wagtail_site``, ``request._wagtail_route_for_request``), so the serve view,
its ``before_serve_page`` hooks (view restrictions, passwords) and the page's own
``route`` and ``serve`` all run exactly as before; only the tree walk is skipped.

The cache holds, per host and port, the Site and a map from a page's path under the
site root to the page's id and content type: never a whole URL, so a routable page's
sub-paths (``step/2/``, ``done/<key>/``) share its one entry. A hit loads the page
(one query) and lets the page route the rest of the path itself, so a page that is
no longer live still answers 404. Entries are keyed by ``home.page_cache.generation``.
"""

from functools import partial

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.http import Http404
from django.http.request import split_domain_port
from wagtail.models import Page, Site

from home.page_cache import ENTRY_SECONDS, cache_key, generation_pinned

SERVE_URL_NAME = "wagtail_serve"


class PageRouteCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with generation_pinned():
            return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = getattr(request, "resolver_match", None)
        if match is not None and match.url_name == SERVE_URL_NAME:
            # Wagtail's pattern passes the path positionally.
            path = view_args[0] if view_args else view_kwargs.get("path", "")
            route_prime(request, path)
        return None


def _site_entry(request) -> dict:
    hostname = split_domain_port(request._get_raw_host())[0]
    key = cache_key("site", hostname, request.get_port())
    entry = cache.get(key)
    if entry is None:
        site = Site._find_for_request(request)
        root_path = site.root_page.url_path if site is not None else ""
        entry = {"site": site, "root_path": root_path, "routes": {}}
        cache.set(key, entry, ENTRY_SECONDS)
    entry["key"] = key
    return entry


def request_site(request):
    """The request's Site, from the cache, kept where Wagtail looks for it."""
    if not hasattr(request, "_wagtail_site"):
        request._wagtail_site = _site_entry(request)["site"]
    return request._wagtail_site


def route_prime(request, path: str) -> None:
    """Set the request's Site and page route, from the cache where it can."""
    if hasattr(request, "_wagtail_route_for_request"):
        return
    _route(request, path)
    result = getattr(request, "_wagtail_route_for_request", None)
    if result is not None:
        page = result[0]
        # Wagtail's view-restriction hook asks the served page for its restrictions and
        # its ancestors' (two queries). They change only with a restriction or a move,
        # both of which bump the generation, so this one instance reads them cached;
        # the check against the person (groups, login, password) still runs each time.
        page.get_view_restrictions = partial(_restrictions_cached, page)


def _restrictions_cached(page) -> list:
    key = cache_key("restrictions", page.pk)
    restrictions = cache.get(key)
    if restrictions is None:
        restrictions = list(Page.get_view_restrictions(page))
        cache.set(key, restrictions, ENTRY_SECONDS)
    return restrictions


def _route(request, path: str) -> None:
    entry = _site_entry(request)
    site = entry["site"]
    request._wagtail_site = site
    if site is None:
        return
    components = [c for c in path.split("/") if c]
    routes = entry["routes"]
    for depth in range(len(components), -1, -1):
        hit = routes.get("/".join(components[:depth]))
        if hit is not None:
            if _route_from(request, hit, components[depth:]):
                # A shallower page (the home page, say) routed the rest: remember the
                # page it found, or every request below it would walk the tree again.
                result = request._wagtail_route_for_request
                if result is not None and result[0].pk != hit[0]:
                    _remember(entry, result[0], components)
                return
            break
    result = Page.route_for_request(request, path)
    if result is not None:
        _remember(entry, result[0], components)


def _route_from(request, hit, remaining) -> bool:
    page = _page_cached(*hit)
    if page is None:
        return False  # gone since: route the slow way
    try:
        request._wagtail_route_for_request = page.route(request, list(remaining))
    except Http404:
        request._wagtail_route_for_request = None
    return True


def _page_cached(page_id: int, content_type_id: int):
    """The live page as it was published, from the cache (any page change bumps it)."""
    key = cache_key("page", page_id)
    page = cache.get(key)
    if page is None:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        page = model.objects.filter(pk=page_id).first() if model is not None else None
        if page is not None:
            cache.set(key, page, ENTRY_SECONDS)
    return page


def _remember(entry: dict, page, components: list[str]) -> None:
    relative = page.url_path[len(entry["root_path"]) :].strip("/")
    parts = relative.split("/") if relative else []
    if not page.url_path.startswith(entry["root_path"]) or components[: len(parts)] != parts:
        return  # routed some other way (an alias, a custom route): do not guess
    entry["routes"][relative] = (page.pk, page.content_type_id)
    key = entry.pop("key")
    cache.set(key, entry, ENTRY_SECONDS)

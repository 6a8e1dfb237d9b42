"""Every route the project answers, read from the URL resolver and Wagtail's page types.

A route is named ``namespace:name`` as ``reverse`` names it; a pattern without a name
is named by its pattern. Wagtail serves pages through one catch-all pattern, so each
page type stands for itself (``page:<app>.<model>``) and a routable page adds one name
per sub-route (``page:<app>.<model>:<route>``).
"""

from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page

CMS_PREFIX = "cms/"
WAGTAIL_SERVE = "wagtail_serve"


def _walk(patterns, prefix="", namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            route = prefix + str(pattern.pattern)
            name = pattern.name or route
            yield route, f"{namespace}:{name}" if namespace else name


def url_routes() -> set[tuple[str, str]]:
    """``(route, name)`` for every pattern of the root URLconf."""
    return set(_walk(get_resolver().url_patterns))


def page_routes() -> set[str]:
    """A name for each page type of the project and each sub-route of a routable one."""
    names = set()
    for model in apps.get_models():
        if not issubclass(model, Page) or model is Page:
            continue
        label = f"page:{model._meta.label_lower}"
        if issubclass(model, RoutablePageMixin):
            names.update(f"{label}:{p.name}" for p in model().get_subpage_urls())
        else:
            names.add(label)
    return names


def project_routes() -> tuple[set[str], set[str]]:
    """The names of our routes and of the CMS's, Wagtail's page routes expanded."""
    ours, cms = set(), set()
    for route, name in url_routes():
        if name == WAGTAIL_SERVE:
            ours |= page_routes()
        elif route.startswith(CMS_PREFIX):
            cms.add(name)
        else:
            ours.add(name)
    return ours, cms

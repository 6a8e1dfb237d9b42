"""What the home page lists: open consultations, assemblies and live sessions.

The consultation and assembly lists are the same for everyone (live, public pages),
so they are cached per site and page-cache generation (any publish or unpublish makes
them stale) until the next opening or closing time among them, when an item's
status changes. Live sessions are checked against each person, so never cached.
"""

from django.apps import apps
from django.core.cache import cache
from django.utils import timezone

from common.open_items import OpenItem
from home.page_cache import ENTRY_SECONDS, cache_key

SECTIONS = (
    ("consultations", "Consultations", True),
    ("assembly", "Residents' assemblies", True),
    ("deliberation", "Live sessions", False),
)


def open_items(*, user, site=None) -> dict[str, list[OpenItem]]:
    """Ask each app that can list open items; apps provide ``selectors.open_for_home``."""
    shared = _shared_sections(site)
    sections = {}
    for label, heading, same_for_all in SECTIONS:
        if same_for_all:
            sections[heading] = shared[heading]
        else:
            sections[heading] = _list(label, user)
    return sections


def _shared_sections(site) -> dict[str, list[OpenItem]]:
    key = cache_key("home-lists", site.pk if site else "none")
    now = timezone.now()
    cached = cache.get(key)
    if cached is not None and (cached["until"] is None or now < cached["until"]):
        return cached["sections"]
    sections, changes = {}, []
    for label, heading, same_for_all in SECTIONS:
        if same_for_all:
            sections[heading] = _list(label, None)
            module = _selectors(label)
            when = getattr(module, "open_for_home_changes_after", None) if module else None
            if when is not None and (moment := when(now)) is not None:
                changes.append(moment)
    cache.set(key, {"sections": sections, "until": min(changes, default=None)}, ENTRY_SECONDS)
    return sections


def _list(label: str, user) -> list[OpenItem]:
    module = _selectors(label)
    lister = getattr(module, "open_for_home", None) if module else None
    return list(lister(user=user)) if lister else []


def _selectors(label: str):
    config = apps.get_app_config(label)
    try:
        return __import__(f"{config.name}.selectors", fromlist=["open_for_home"])
    except ModuleNotFoundError:
        return None

"""What the home page lists: open consultations, assemblies and live sessions."""

from django.apps import apps

from common.open_items import OpenItem


def open_items(*, user) -> dict[str, list[OpenItem]]:
    """Ask each app that can list open items; apps provide ``selectors.open_for_home``."""
    sections = {}
    for label, heading in (
        ("consultations", "Consultations"),
        ("assembly", "Residents' assemblies"),
        ("deliberation", "Live sessions"),
    ):
        module = _selectors(label)
        lister = getattr(module, "open_for_home", None) if module else None
        sections[heading] = list(lister(user=user)) if lister else []
    return sections


def _selectors(label: str):
    config = apps.get_app_config(label)
    try:
        return __import__(f"{config.name}.selectors", fromlist=["open_for_home"])
    except ModuleNotFoundError:
        return None

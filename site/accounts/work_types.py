"""The shapes of the account page's work lists, and the one way to reach an app's model.

The apps' models are named by label (``apps.get_model``) so accounts imports none of the
apps above it; a list whose app is not installed is left out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.apps import apps


@dataclass(frozen=True)
class Link:
    label: str
    url: str


@dataclass(frozen=True)
class WorkItem:
    title: str
    url: str
    status: str = ""
    summary: str = ""
    links: tuple[Link, ...] = ()


@dataclass(frozen=True)
class WorkSection:
    key: str
    heading: str
    items: list[WorkItem]
    empty: str
    links: tuple[Link, ...] = field(default=())


def app_model(label: str):
    """The model of an app, or ``None`` when that app is not installed."""
    try:
        return apps.get_model(label)
    except LookupError:
        return None


def page_url(page, request) -> str:
    return page.get_url(request) or ""

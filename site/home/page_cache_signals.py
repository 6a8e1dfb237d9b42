"""What makes the page cache stale: any change to pages, sites, restrictions or settings."""

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from home.page_cache import page_cache_invalidate


def _on_model_change(sender, instance, **kwargs):
    # Connected without a sender: every specific page type is its own sender.
    from home.models import SiteSettings

    if isinstance(instance, Page | Site | PageViewRestriction | SiteSettings):
        page_cache_invalidate()


def _on_page_event(sender, **kwargs):
    page_cache_invalidate()


def connect() -> None:
    post_save.connect(_on_model_change, dispatch_uid="pagecache-save")
    post_delete.connect(_on_model_change, dispatch_uid="pagecache-delete")
    page_published.connect(_on_page_event, dispatch_uid="pagecache-published")
    page_unpublished.connect(_on_page_event, dispatch_uid="pagecache-unpublished")
    post_page_move.connect(_on_page_event, dispatch_uid="pagecache-move")

"""How a role assignment names its object.

Every Wagtail page is keyed by the base ``Page`` content type, so a role on a
page applies whether it is loaded generically or as its specific class, and a
role on a page also covers the pages below it.
"""

from django.contrib.contenttypes.models import ContentType


def _page_class():
    from wagtail.models import Page

    return Page


def target_key(obj) -> tuple[ContentType, int]:
    Page = _page_class()
    model = Page if isinstance(obj, Page) else type(obj)
    return ContentType.objects.get_for_model(model), obj.pk


def target_keys(obj) -> tuple[ContentType, list[int]]:
    """The object's key and those of the objects whose roles it inherits."""
    Page = _page_class()
    if isinstance(obj, Page):
        ids = [obj.pk, *obj.get_ancestors().values_list("pk", flat=True)]
        return ContentType.objects.get_for_model(Page), ids
    return ContentType.objects.get_for_model(type(obj)), [obj.pk]

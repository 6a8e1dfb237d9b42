"""How the access log and role assignments name an object.

Every Wagtail page is keyed by the base ``Page`` content type, so an entry or a role on a
page applies whether it is loaded generically or as its specific class.
"""

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page


def target_key(obj) -> tuple[ContentType, int]:
    model = Page if isinstance(obj, Page) else type(obj)
    return ContentType.objects.get_for_model(model), obj.pk


def target_keys(obj) -> tuple[ContentType, list[int]]:
    """The object's key and those of the objects whose roles it inherits (a page's ancestors)."""
    if isinstance(obj, Page):
        ids = [obj.pk, *obj.get_ancestors().values_list("pk", flat=True)]
        return ContentType.objects.get_for_model(Page), ids
    return ContentType.objects.get_for_model(type(obj)), [obj.pk]

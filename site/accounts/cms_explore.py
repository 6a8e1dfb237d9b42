"""The CMS's page explorer, kept to pages the editor may explore.

Wagtail lets an editor open the explorer at any page below their explorable root: for
an organiser of two pages that root is a shared ancestor (the home page), so they could
open any other consultation there and read its title as drafted, unpublished changes
included. Only the listing below it is filtered. These views open it only at pages
the editor may explore (their own, the path down to them, and what lies below).
"""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.views.decorators.cache import never_cache
from wagtail.admin.auth import require_admin_access
from wagtail.admin.viewsets.pages import page_viewset_registry
from wagtail.permission_policies.pages import PagePermissionPolicy


def _explorable_only(view):
    @wraps(view)
    def guarded(request, parent_page_id, *args, **kwargs):
        user = request.user
        explorable = PagePermissionPolicy().explorable_instances(user)
        if not user.is_superuser and not explorable.filter(pk=parent_page_id).exists():
            raise PermissionDenied  # the CMS answers with its dashboard and a message
        return view(request, *args, parent_page_id=parent_page_id, **kwargs)

    return guarded


def explorer_view(kind: str):
    """Wagtail's explorer view ``kind`` ("index" or "index_results"), guarded."""
    view = page_viewset_registry.as_view(kind, parent_page_id_kwarg="parent_page_id")
    return never_cache(require_admin_access(_explorable_only(view)))

"""The CMS keeps to what the editor may know: the page chooser, the JSON API, moves.

Wagtail's chooser (used to link pages from rich text and page fields) lists and searches
the whole page tree, drafts included, whatever the editor's page permissions. An
organiser of one consultation would see the titles of other consultations' and
assemblies' unpublished drafts there, though the explorer and search hide them.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from wagtail import hooks
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from accounts.cms_api import OwnDocumentsAPIViewSet, OwnImagesAPIViewSet


@hooks.register("construct_page_chooser_queryset")
def page_chooser_limit(pages, request):
    user = request.user
    if user.is_superuser:
        return pages
    # Pages the editor may explore (their own and the path down to them), and pages
    # anyone may read on the site, which an editor may rightly link to.
    explorable = PagePermissionPolicy().explorable_instances(user).values("pk")
    public = Page.objects.filter(live=True, view_restrictions__isnull=True).values("pk")
    allowed = Page.objects.filter(Q(pk__in=explorable) | Q(pk__in=public))
    return pages.filter(pk__in=list(allowed.values_list("pk", flat=True)))


# After Wagtail's own documents and images apps have registered theirs (order 0).
@hooks.register("construct_admin_api", order=100)
def admin_api_own_collections(router):
    router.register_endpoint("documents", OwnDocumentsAPIViewSet)
    router.register_endpoint("images", OwnImagesAPIViewSet)


@hooks.register("before_move_page")
def page_move_refuse(request, page, destination):
    # The confirmation step asks nothing of the editor's rights before it shows the
    # page's draft title (and only the final action checked them): refuse both steps.
    if not page.permissions_for_user(request.user).can_move_to(destination):
        raise PermissionDenied

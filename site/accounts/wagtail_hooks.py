"""The CMS's page chooser keeps to what the editor may know.

Wagtail's chooser (used to link pages from rich text and page fields) lists and searches
the whole page tree, drafts included, whatever the editor's page permissions. An
organiser of one consultation would see the titles of other consultations' and
assemblies' unpublished drafts there, though the explorer and search hide them.
"""

from django.db.models import Q
from wagtail import hooks
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy


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

"""Create a new assembly page, so organisers need no rights on the home page in the CMS.

Wagtail's "add" permission on the home page would let them see, in the page
listing, every page below it; so a new assembly is started here as a draft, its
creator is made its organiser, and the CMS takes over from its edit page.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.text import slugify

from accounts.models import Role
from accounts.services import role_grant
from assembly.models import AssemblyPage, AssemblyStatus
from assembly.services.errors import AssemblyError

NO_HOME = "The site has no home page to put the assembly under."


def _free_slug(parent, title: str) -> str:
    base = slugify(title)[:70] or "assembly"
    taken = set(parent.get_children().values_list("slug", flat=True))
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def assembly_create(*, title: str, question: str, user) -> AssemblyPage:
    """A draft assembly under the home page, with ``user`` as its organiser."""
    # The page type an assembly lives under (the home page), named by Wagtail's
    # ``parent_page_types``, so assemblies need not import the home app above them.
    (parent_model,) = AssemblyPage.allowed_parent_page_models()
    home = parent_model.objects.select_for_update().first()
    if home is None:
        raise AssemblyError(NO_HOME)
    page = AssemblyPage(
        title=title,
        slug=_free_slug(home, title),
        question=question,
        status=AssemblyStatus.PLANNING,
        live=False,
        owner=user,
    )
    home.add_child(instance=page)
    page.save_revision(user=user, log_action=True)
    role_grant(user=user, role=Role.ORGANISER, target=page, granted_by=user)
    return page

"""CMS links to the organiser pages. Pool data is never listed in a snippet or viewset here.

Retention is scheduled from Wagtail's ``page_published`` signal (see ``assembly.apps``),
not from ``after_edit_page``: saving a draft must never touch the pool.
"""

from django.urls import reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets.button import ListingButton

from assembly.models import AssemblyPage


@hooks.register("register_admin_menu_item")
def register_assemblies_menu_item():
    return MenuItem(
        "Assemblies: pool and draws",
        reverse("assembly:index"),
        icon_name="group",
        order=250,
    )


@hooks.register("register_page_listing_buttons")
def manage_assembly_button(page, user, next_url=None):
    if isinstance(page.specific_deferred, AssemblyPage) and user.has_perm("assembly.manage", page):
        yield ListingButton(
            "Pool, draws and panel", reverse("assembly:manage", args=[page.pk]), priority=60
        )

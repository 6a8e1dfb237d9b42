"""Per-page roles in Wagtail's own permission model.

Wagtail's admin checks ``GroupPagePermission`` and ``GroupCollectionPermission``
everywhere (edit, publish, move, copy, delete, bulk actions, preview, revisions,
listings, choosers), so an organiser's assignment on a page is mirrored there
rather than enforced in ``before_*`` hooks, which those views go around.

Each page an organiser is assigned to gets its own group, holding page
permissions on exactly that page (Wagtail extends them to its subtree, as our
own rules do) and collection permissions on a collection of its own for the
page's documents and images. The plain "Organisers" group keeps only
``access_admin``: nothing on the root page, nothing on the root collection.

Commissioners get nothing here: they never edit pages and read everything
through our own pages, so they have no CMS access at all.
"""

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

PAGE_GROUP_PREFIX = "Organisers of page "
PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page")
COLLECTION_PERMISSIONS = (
    ("wagtaildocs", "document", "add_document"),
    ("wagtaildocs", "document", "change_document"),
    ("wagtaildocs", "document", "choose_document"),
    ("wagtaildocs", "document", "delete_document"),
    ("wagtailimages", "image", "add_image"),
    ("wagtailimages", "image", "change_image"),
    ("wagtailimages", "image", "choose_image"),
    ("wagtailimages", "image", "delete_image"),
)


def permission_ensure(app_label: str, model: str, codename: str) -> Permission:
    # Flushed test databases and fresh installs may not have every row yet.
    ct, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    perm, _ = Permission.objects.get_or_create(
        content_type=ct, codename=codename, defaults={"name": codename}
    )
    return perm


def page_group_name(page) -> str:
    return f"{PAGE_GROUP_PREFIX}{page.pk}"


def page_group(page) -> Group | None:
    return Group.objects.filter(name=page_group_name(page)).first()


def page_collection(page):
    """The collection holding the page's documents and images, if it has one yet."""
    return Collection.objects.filter(group_permissions__group__name=page_group_name(page)).first()


def _collection_create(page):
    root = Collection.get_first_root_node()
    if root is None:
        root = Collection.add_root(name="Root")
    # The id keeps two pages of the same title apart.
    return root.add_child(name=f"{page.title[:200]} (page {page.pk})")


def page_group_ensure(page) -> Group:
    """Make (or complete) the page's organiser group, its page and collection permissions."""
    group, _ = Group.objects.get_or_create(name=page_group_name(page))
    for codename in PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=group,
            page_id=page.pk,
            permission=permission_ensure("wagtailcore", "page", codename),
        )
    collection = page_collection(page) or _collection_create(page)
    for app_label, model, codename in COLLECTION_PERMISSIONS:
        GroupCollectionPermission.objects.get_or_create(
            group=group,
            collection=collection,
            permission=permission_ensure(app_label, model, codename),
        )
    return group


def role_groups_strip(groups) -> None:
    """Take every page and collection permission off the plain role groups.

    Earlier versions gave organisers add, change and publish on the root page and
    on the root collection, which let an organiser of one consultation edit every page.
    """
    GroupPagePermission.objects.filter(group__in=groups).delete()
    GroupCollectionPermission.objects.filter(group__in=groups).delete()


ARCHIVE_COLLECTION = "Files of deleted pages"


def _archive_collection(root):
    """The collection that keeps a deleted page's files; no group has permissions on it."""
    existing = root.get_children().filter(name=ARCHIVE_COLLECTION).first()
    return existing or root.add_child(name=ARCHIVE_COLLECTION)


def page_group_remove(page_id: int) -> None:
    """Remove a deleted page's organiser group and its collection.

    The documents and images in that collection are moved to ``ARCHIVE_COLLECTION``
    rather than deleted (a collection's files cascade with it) or left to block the
    delete: deleting a page must not silently destroy evidence or minutes that other
    pages may link to, and refusing would fail Wagtail's delete (bulk delete included)
    half way. No group holds permissions on the archive, so only administrators see
    those files and decide what to keep.
    """
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Collection

    group = Group.objects.filter(name=f"{PAGE_GROUP_PREFIX}{page_id}").first()
    if group is None:
        return
    for collection in Collection.objects.filter(group_permissions__group=group).distinct():
        # Nested collections and their files go to the archive too (treebeard deletes a
        # node's subtree with it).
        subtree = Collection.objects.filter(path__startswith=collection.path)
        held = [
            model.objects.filter(collection__in=subtree)
            for model in (get_document_model(), get_image_model())
        ]
        if any(files.exists() for files in held):
            archive = _archive_collection(collection.get_parent())
            for files in held:
                files.update(collection=archive)
        collection.delete()
    group.delete()


def page_deleted(sender, instance, **kwargs) -> None:
    """``post_delete`` of every Page row: Wagtail deletes a subtree, and bulk deletes,
    page by page through the ORM, so this runs for each page removed however it goes."""
    page_group_remove(instance.pk)

"""A deleted page's organiser group and collection go with it; its files are kept."""

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from wagtail.actions.delete_page import DeletePageAction
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection

from accounts.cms_permissions import ARCHIVE_COLLECTION, page_collection, page_group_name
from accounts.models import Role
from tests.assembly.factories import AssemblyPageFactory
from tests.consultations.factories import make_consultation

pytestmark = pytest.mark.django_db


@pytest.fixture
def organised(make_user):
    """``organised(page)``: give the page an organiser, so its group and collection exist."""

    def make(page):
        make_user(role=Role.ORGANISER, target=page)
        assert Group.objects.filter(name=page_group_name(page)).exists()
        return page_collection(page)

    return make


def test_deleting_a_page_removes_its_group_and_empty_collection(home_page, organised):
    page = AssemblyPageFactory(title="Care assembly")
    collection = organised(page)
    name, collection_pk = page_group_name(page), collection.pk
    DeletePageAction(page).execute(skip_permission_checks=True)
    assert not Group.objects.filter(name=name).exists()
    assert not Collection.objects.filter(pk=collection_pk).exists()
    assert not Collection.objects.filter(name=ARCHIVE_COLLECTION).exists()


def test_a_deleted_pages_documents_and_images_move_to_the_archive_collection(
    home_page, organised, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    page = AssemblyPageFactory(title="Care assembly")
    collection = organised(page)
    document = Document.objects.create(
        title="Minutes", file=ContentFile(b"minutes", name="minutes.txt"), collection=collection
    )
    image = Image.objects.create(title="Photo", file=get_test_image_file(), collection=collection)
    DeletePageAction(page).execute(skip_permission_checks=True)
    archive = Collection.objects.get(name=ARCHIVE_COLLECTION)
    document.refresh_from_db()
    image.refresh_from_db()
    assert document.collection == archive and image.collection == archive
    assert not archive.group_permissions.exists()  # only administrators see the archive


def test_deleting_a_parent_removes_the_groups_of_every_page_below_it(home_page, organised):
    first = make_consultation(home_page, title="Survey A", slug="survey-a")
    second = make_consultation(home_page, title="Survey B", slug="survey-b")
    kept = AssemblyPageFactory(title="Care assembly")
    for page in (first, second, kept):
        organised(page)
    index = first.get_parent()
    assert second.get_parent().pk == index.pk and index.pk != home_page.pk
    names = [page_group_name(p) for p in (first, second)]
    DeletePageAction(index.specific).execute(skip_permission_checks=True)
    assert not Group.objects.filter(name__in=names).exists()
    assert Group.objects.filter(name=page_group_name(kept)).exists()
    assert page_collection(kept) is not None

"""Documents and images sit in a collection per page; an organiser of A never sees B's."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from accounts.cms_permissions import page_collection
from accounts.models import Role
from tests.cms.test_page_permissions import assert_refused

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path

    def upload(page, name):
        collection = page_collection(page)
        document = Document.objects.create(
            title=f"{name} minutes",
            file=ContentFile(b"minutes", name=f"{name}.txt"),
            collection=collection,
        )
        image = Image.objects.create(
            title=f"{name} photo", file=get_test_image_file(), collection=collection
        )
        return document, image

    return upload


def _urls(document, image):
    return [
        reverse("wagtaildocs:edit", args=[document.pk]),
        reverse("wagtaildocs:delete", args=[document.pk]),
        reverse("wagtailimages:edit", args=[image.pk]),
        reverse("wagtailimages:delete", args=[image.pk]),
    ]


def _listings(client):
    pages = [
        reverse("wagtaildocs:index"),
        reverse("wagtailimages:index"),
        reverse("wagtaildocs_chooser:choose"),
        reverse("wagtailimages_chooser:choose"),
    ]
    return "".join(client.get(url).content.decode() for url in pages)


@pytest.mark.parametrize("kind", ["consultation", "assembly"])
def test_organiser_of_a_sees_only_the_documents_and_images_of_a(
    kind, page_pair, staff_client, make_user, media
):
    a, b = page_pair(kind)
    make_user(role=Role.ORGANISER, target=b)  # gives B its collection
    client = staff_client(Role.ORGANISER, a)
    doc_a, image_a = media(a, "A")
    doc_b, image_b = media(b, "B")
    shown = _listings(client)
    assert "A minutes" in shown and "A photo" in shown
    assert "B minutes" not in shown and "B photo" not in shown
    for url in _urls(doc_b, image_b):
        assert_refused(client.get(url))
        assert_refused(client.post(url, {"title": "Taken"}))
    assert Document.objects.get(pk=doc_b.pk).title == "B minutes"
    assert Image.objects.get(pk=image_b.pk).title == "B photo"
    for url in _urls(doc_a, image_a):
        assert client.get(url).status_code == 200, url


def test_commissioner_sees_no_documents_or_images(page_pair, staff_client, make_user, media):
    a, _b = page_pair("assembly")
    make_user(role=Role.ORGANISER, target=a)
    client = staff_client(Role.COMMISSIONER, a)
    doc_a, image_a = media(a, "A")
    for url in _urls(doc_a, image_a):
        response = client.get(url)
        assert response.status_code in (302, 403)
        assert not response.get("Location", "").startswith("/cms/")


def test_revoking_the_role_takes_the_page_and_its_collection_away(page_pair, staff_client, media):
    from accounts.services import role_grant, role_revoke

    a, b = page_pair("assembly")
    client = staff_client(Role.ORGANISER, a)
    role_grant(user=client.user, role=Role.ORGANISER, target=b)  # still an organiser after
    doc_a, _image = media(a, "A")
    doc_b, _image = media(b, "B")
    role_revoke(user=client.user, role=Role.ORGANISER, target=a)
    assert_refused(client.get(reverse("wagtailadmin_pages:edit", args=[a.pk])))
    assert_refused(client.get(reverse("wagtaildocs:edit", args=[doc_a.pk])))
    assert client.get(reverse("wagtailadmin_pages:edit", args=[b.pk])).status_code == 200
    assert client.get(reverse("wagtaildocs:edit", args=[doc_b.pk])).status_code == 200


def test_the_cms_json_api_lists_and_opens_only_the_organisers_own_media(
    page_pair, staff_client, make_user, media
):
    a, b = page_pair("consultation")
    client = staff_client(Role.ORGANISER, a)  # gives A its collection
    make_user(role=Role.ORGANISER, target=b)
    mine, my_image = media(a, "A")
    theirs, their_image = media(b, "B")
    for kind, own, other in (("documents", mine, theirs), ("images", my_image, their_image)):
        listing = client.get(f"/cms/api/main/{kind}/").json()
        assert [item["id"] for item in listing["items"]] == [own.pk]
        assert client.get(f"/cms/api/main/{kind}/{other.pk}/").status_code == 404
        assert client.get(f"/cms/api/main/{kind}/{own.pk}/").status_code == 200

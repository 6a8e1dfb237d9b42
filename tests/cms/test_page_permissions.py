"""The CMS applies per-page roles: an organiser of page A can do nothing with page B.

Wagtail answers a refusal with a redirect to the dashboard ("Sorry, you do not have
permission") or a 403; either is a refusal as long as it does not lead to page B.
"""

import pytest
from django.urls import reverse
from wagtail.models import Page

from accounts.models import Role

pytestmark = pytest.mark.django_db

KINDS = ["consultation", "assembly"]
DASHBOARD = "/cms/"


def assert_refused(response):
    if response.status_code == 302:
        assert response["Location"] == DASHBOARD, response["Location"]
    else:
        assert response.status_code == 403, response.status_code


def _page_urls(page):
    revision = page.latest_revision
    return [
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        reverse("wagtailadmin_pages:move", args=[page.pk]),
        reverse("wagtailadmin_pages:copy", args=[page.pk]),
        reverse("wagtailadmin_pages:delete", args=[page.pk]),
        reverse("wagtailadmin_pages:unpublish", args=[page.pk]),
        reverse("wagtailadmin_pages:history", args=[page.pk]),
        reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk]),
        reverse("wagtailadmin_pages:view_draft", args=[page.pk]),
        reverse("wagtailadmin_pages:usage", args=[page.pk]),
        reverse("wagtailadmin_pages:revisions_view", args=[page.pk, revision.pk]),
        reverse("wagtailadmin_pages:revisions_revert", args=[page.pk, revision.pk]),
    ]


def _bulk(action, page):
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", action])
    return f"{url}?id={page.pk}"


def _unchanged(page):
    fresh = Page.objects.filter(pk=page.pk).first()
    assert fresh is not None, "page B was deleted"
    assert fresh.live and fresh.title == page.title and fresh.locked is False
    assert fresh.get_parent().pk == page.get_parent().pk
    assert fresh.revisions.count() == page.revisions.count()
    assert Page.objects.filter(title=page.title).count() == 1, "page B was copied"


@pytest.mark.parametrize("kind", KINDS)
def test_organiser_of_a_cannot_open_or_act_on_b_in_the_cms(kind, page_pair, staff_client):
    a, b = page_pair(kind)
    client = staff_client(Role.ORGANISER, a)
    for url in _page_urls(b):
        assert_refused(client.get(url))
    revision = b.latest_revision
    posts = {
        reverse("wagtailadmin_pages:edit", args=[b.pk]): {
            "title": "Taken over",
            "slug": b.slug,
            "action-publish": "action-publish",
        },
        reverse("wagtailadmin_pages:preview_on_edit", args=[b.pk]): {"title": "Peek"},
        reverse("wagtailadmin_pages:move_confirm", args=[b.pk, a.get_parent().pk]): {},
        reverse("wagtailadmin_pages:copy", args=[b.pk]): {
            "new_title": "Copy of B",
            "new_slug": "copy-of-b",
            "new_parent_page": str(b.get_parent().pk),
            "publish_copies": "on",
        },
        reverse("wagtailadmin_pages:delete", args=[b.pk]): {},
        reverse("wagtailadmin_pages:unpublish", args=[b.pk]): {},
        reverse("wagtailadmin_pages:lock", args=[b.pk]): {},
        reverse("wagtailadmin_pages:revisions_revert", args=[b.pk, revision.pk]): {},
    }
    for url, data in posts.items():
        assert_refused(client.post(url, data))
    for action in ("delete", "unpublish", "publish"):
        client.post(_bulk(action, b), {})
    client.post(_bulk("move", b), {"chooser": str(a.pk)})
    _unchanged(b)


@pytest.mark.parametrize("kind", KINDS)
def test_organiser_of_a_does_not_see_b_in_listings_or_search(kind, page_pair, staff_client):
    a, b = page_pair(kind)
    client = staff_client(Role.ORGANISER, a)
    edit_b = reverse("wagtailadmin_pages:edit", args=[b.pk])
    listing = client.get(reverse("wagtailadmin_explore", args=[b.get_parent().pk]), follow=True)
    assert listing.status_code == 200
    assert b.title not in listing.content.decode() and edit_b not in listing.content.decode()
    # The search box repeats the query, so look for B's edit link, not its title.
    found = client.get(reverse("wagtailadmin_pages:search"), {"q": b.title})
    assert found.status_code == 200 and edit_b not in found.content.decode()
    bulk = client.get(_bulk("delete", b)).content.decode()
    assert "You don't have permission" in bulk or b.title not in bulk


@pytest.mark.parametrize("kind", KINDS)
def test_organiser_of_a_opens_and_acts_on_a_in_the_cms(kind, page_pair, staff_client):
    a, _b = page_pair(kind)
    client = staff_client(Role.ORGANISER, a)
    for url in _page_urls(a):
        assert client.get(url).status_code == 200, url
    listing = client.get(reverse("wagtailadmin_explore", args=[a.get_parent().pk]), follow=True)
    assert a.title in listing.content.decode()
    response = client.post(_bulk("unpublish", a) + "&next=/cms/", {})
    assert response.status_code == 302
    assert not Page.objects.get(pk=a.pk).live


def test_organiser_of_an_assembly_saves_and_publishes_it_in_the_cms(page_pair, staff_client):
    from wagtail.test.utils.form_data import nested_form_data, rich_text

    a, _b = page_pair("assembly")
    client = staff_client(Role.ORGANISER, a)
    data = nested_form_data(
        {
            "title": "Assembly A, renamed",
            "slug": a.slug,
            "question": a.question,
            "intro": rich_text(""),
            "how_selection_works": rich_text(""),
            "status": a.status,
            "panel_size": "6",
            "recruitment_open": "on",
            "action-publish": "action-publish",
        }
    )
    response = client.post(reverse("wagtailadmin_pages:edit", args=[a.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Page.objects.get(pk=a.pk).title == "Assembly A, renamed"


@pytest.mark.parametrize("kind", KINDS)
def test_commissioner_reaches_no_page_in_the_cms(kind, page_pair, staff_client):
    """Commissioners never edit pages: they read results on our own pages, not in the CMS."""
    a, b = page_pair(kind)
    client = staff_client(Role.COMMISSIONER, a)
    for page in (a, b):
        for url in _page_urls(page):
            response = client.get(url)
            assert response.status_code in (302, 403)
            assert not response.get("Location", "").startswith("/cms/")
        client.post(_bulk("delete", page), {})
        _unchanged(page)
    assert not client.get("/cms/").get("Location", "").startswith("/cms/")


def test_organisers_group_holds_nothing_on_the_root_page_or_collection(home_page, role_groups):
    from wagtail.models import GroupCollectionPermission, GroupPagePermission

    organisers = role_groups[Role.ORGANISER]
    assert not GroupPagePermission.objects.filter(group=organisers).exists()
    assert not GroupCollectionPermission.objects.filter(group=organisers).exists()
    assert [p.codename for p in organisers.permissions.all()] == ["access_admin"]


@pytest.mark.parametrize("kind", KINDS)
def test_organiser_of_a_cannot_open_the_explorer_at_b_nor_read_its_draft_title(
    kind, page_pair, staff_client
):
    a, b = page_pair(kind)
    draft = b.get_latest_revision_as_object()
    draft.title = "B's unannounced new name"
    draft.save_revision()
    client = staff_client(Role.ORGANISER, a)
    for name in ("wagtailadmin_explore", "wagtailadmin_explore_results"):
        response = client.get(reverse(name, args=[b.pk]))
        assert_refused(response)
        assert "unannounced" not in response.content.decode()
    # Their own page still opens.
    assert client.get(reverse("wagtailadmin_explore", args=[a.pk])).status_code == 200

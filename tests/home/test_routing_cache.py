"""The cached routing serves what Wagtail's own routing would, after every kind of change."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction

from home.models import StandardPage

pytestmark = pytest.mark.django_db


def _add(parent, title, slug, **kwargs):
    page = parent.add_child(instance=StandardPage(title=title, slug=slug, **kwargs))
    page.save_revision().publish()
    return page


def _h1(response) -> str:
    html = response.content.decode()
    return html.split("<title>", 1)[1].split("</title>", 1)[0]


def test_each_path_serves_its_own_page_once_cached(client, home_page):
    client.get("/")
    client.get("/accessibility-statement/")
    assert "Privacy notice" in _h1(client.get("/privacy-notice/"))
    assert "Accessibility statement" in _h1(client.get("/accessibility-statement/"))
    assert client.get("/no-such-page/").status_code == 404


def test_publish_unpublish_move_and_delete_are_seen_by_the_next_request(client, home_page):
    help_page = _add(home_page, "Help", "help")
    child = _add(help_page, "Getting there", "getting-there")
    assert client.get("/help/getting-there/").status_code == 200

    child.title = "How to get there"
    child.save_revision().publish()
    assert "How to get there" in _h1(client.get("/help/getting-there/"))

    child.unpublish()
    assert client.get("/help/getting-there/").status_code == 404
    child.save_revision().publish()
    assert client.get("/help/getting-there/").status_code == 200

    child.refresh_from_db()
    child.move(home_page, pos="last-child")
    # Wagtail's automatic redirect from the old path, as without the cache.
    old = client.get("/help/getting-there/")
    assert old.status_code == 301 and old["Location"] == "/getting-there/"
    assert client.get("/getting-there/").status_code == 200

    child.refresh_from_db()
    child.delete()
    assert client.get("/getting-there/").status_code == 404


def test_a_renamed_slug_moves_the_page_and_its_children(client, home_page):
    help_page = _add(home_page, "Help", "help")
    _add(help_page, "Getting there", "getting-there")
    assert client.get("/help/getting-there/").status_code == 200
    help_page.slug = "support"
    help_page.save_revision().publish()
    assert client.get("/help/getting-there/").status_code == 404
    assert client.get("/support/getting-there/").status_code == 200


def test_a_draft_is_never_served(client, home_page):
    draft = home_page.add_child(instance=StandardPage(title="Not yet", slug="not-yet", live=False))
    assert client.get("/not-yet/").status_code == 404
    draft.save_revision().publish()
    assert client.get("/not-yet/").status_code == 200


def test_a_view_restriction_added_after_caching_still_applies(client, home_page, make_user):
    private = _add(home_page, "Staff only", "staff-only")
    assert client.get("/staff-only/").status_code == 200
    restriction = PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.LOGIN
    )
    response = client.get("/staff-only/")
    assert response.status_code == 302 and "login" in response["Location"]
    restriction.restriction_type = PageViewRestriction.GROUPS
    restriction.save()
    restriction.groups.set([Group.objects.create(name="Nobody")])
    client.force_login(make_user())
    assert client.get("/staff-only/").status_code in (302, 403)


def test_a_site_change_is_seen(client, home_page):
    from wagtail.models import Site

    assert client.get("/").status_code == 200
    site = Site.objects.get(is_default_site=True)
    site.root_page = StandardPage.objects.get(slug="privacy-notice")
    site.save()
    assert "Privacy notice" in _h1(client.get("/"))


def test_a_page_found_below_a_cached_page_is_remembered(
    client, home_page, django_assert_max_num_queries
):
    section = _add(home_page, "Section", "section")
    _add(section, "Deep page", "deep")
    client.get("/")  # the home page is cached first, so it routes the deeper path
    client.get("/section/deep/")
    # Remembered: one query loads the page, none walks the tree from the home page.
    with django_assert_max_num_queries(6) as context:
        assert "Deep page" in _h1(client.get("/section/deep/"))
    queries = [q["sql"] for q in context.captured_queries]
    walked = [sql for sql in queries if '"wagtailcore_page"."depth"' in sql]
    assert len(walked) == 1, walked

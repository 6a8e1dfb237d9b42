"""Each role's home (the account page) lists what that role may do there, and no more."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Role
from accounts.work import user_work
from consultations.models import Response, ResponseStatus
from deliberation.models import LiveSession
from tests.analysis.factories import with_mfa
from tests.assembly.factories import AssemblyPageFactory, VolunteerFactory
from tests.consultations.factories import make_consultation

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(home_page):
    c1 = make_consultation(home_page, title="Carers survey")
    c2 = make_consultation(home_page, title="Transport survey")
    a1 = AssemblyPageFactory(title="Care assembly")
    a2 = AssemblyPageFactory(title="Housing assembly")
    s1 = LiveSession.objects.create(title="First meeting", page=a1)
    s2 = LiveSession.objects.create(title="Open discussion")
    return {"c1": c1, "c2": c2, "a1": a1, "a2": a2, "s1": s1, "s2": s2}


def _home(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 200
    return response.content.decode()


def _organiser_links(page):
    base = page.url
    if page._meta.model_name == "consultationpage":
        return [
            reverse("wagtailadmin_pages:edit", args=[page.pk]),
            f"{base}enter/",
            f"{base}import/",
            f"{base}export/csv/",
            f"{base}results/",
            reverse("accounts:people", args=[page.pk]),
        ]
    return [
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        *(
            reverse(f"assembly:{name}", args=[page.pk])
            for name in ("manage", "pool", "pool_import", "draws", "panel", "meetings")
        ),
        reverse("assembly:representation", args=[page.pk]),
        reverse("accounts:people", args=[page.pk]),
    ]


def _grant(make_user, role, *targets, mfa=True):
    from accounts.services import role_grant

    user = make_user(role=role, target=targets[0])
    for target in targets[1:]:
        role_grant(user=user, role=role, target=target)
    return with_mfa(user) if mfa else user


def test_organiser_home_links_every_tool_of_their_pages_only(client, make_user, world):
    organiser = _grant(make_user, Role.ORGANISER, world["c1"], world["a1"])
    body = _home(client, organiser)
    assert "Consultations and assemblies you organise" in body
    for page in (world["c1"], world["a1"]):
        for href in _organiser_links(page):
            assert f'href="{href}"' in body, href
    for page in (world["c2"], world["a2"]):
        assert page.title not in body
        assert f'href="{reverse("accounts:people", args=[page.pk])}"' not in body
    assert f'href="{reverse("analysis:run_list")}"' in body
    assert "you commission" not in body


def test_organiser_of_the_home_page_sees_every_page_below_it(client, make_user, world, home_page):
    body = _home(client, _grant(make_user, Role.ORGANISER, home_page))
    for key in ("c1", "c2", "a1", "a2"):
        assert f'href="{reverse("accounts:people", args=[world[key].pk])}"' in body


def test_commissioner_home_links_results_representation_and_analysis(client, make_user, world):
    from tests.analysis.factories import make_run

    commissioner = _grant(make_user, Role.COMMISSIONER, world["c1"], world["a2"])
    run = make_run(world["c1"], user=commissioner)
    body = _home(client, commissioner)
    assert "Consultations and assemblies you commission" in body
    assert f'href="{world["c1"].url}results/"' in body
    assert f'href="{reverse("assembly:representation", args=[world["a2"].pk])}"' in body
    assert f'href="{reverse("analysis:run_detail", args=[run.pk])}"' in body
    assert f'href="{reverse("analysis:run_start")}"' in body
    # Not the organisers' tools, nor other pages.
    assert "you organise" not in body
    assert "Edit in the CMS" not in body
    assert f"{world['c1'].url}enter/" not in body
    assert reverse("accounts:people", args=[world["c1"].pk]) not in body
    assert reverse("assembly:pool", args=[world["a2"].pk]) not in body
    assert world["c2"].title not in body and world["a1"].title not in body


def test_member_home_lists_their_assembly_and_its_sessions(client, make_user, world):
    member = _grant(make_user, Role.MEMBER, world["a1"], mfa=False)
    body = _home(client, member)
    assert "Your assembly" in body and world["a1"].title in body
    assert f'href="{world["s1"].get_absolute_url()}"' in body
    assert world["s2"].get_absolute_url() not in body
    assert world["a2"].title not in body
    for staff in ("you organise", "you commission", "Edit in the CMS", "People and roles"):
        assert staff not in body


def test_facilitator_home_lists_their_sessions_only(client, make_user, world):
    facilitator = _grant(make_user, Role.FACILITATOR, world["s2"], mfa=False)
    body = _home(client, facilitator)
    assert "Your live sessions" in body
    assert f'href="{world["s2"].get_absolute_url()}"' in body
    assert world["s1"].get_absolute_url() not in body
    assert "Your assembly" not in body and "you organise" not in body


def test_facilitator_of_an_assembly_sees_its_sessions(client, make_user, world):
    body = _home(client, _grant(make_user, Role.FACILITATOR, world["a1"], mfa=False))
    assert f'href="{world["s1"].get_absolute_url()}"' in body
    assert world["s2"].get_absolute_url() not in body


def test_resident_home_lists_answers_drafts_volunteering_and_data(client, user, world):
    from accounts.services import role_grant

    role_grant(user=user, role=Role.RESIDENT)
    Response.objects.create(page=world["c1"], user=user, status=ResponseStatus.DRAFT)
    Response.objects.create(page=world["c2"], user=user, status=ResponseStatus.SUBMITTED)
    VolunteerFactory(assembly=world["a1"], user=user)
    body = _home(client, user)
    assert "Your consultations" in body
    assert "Not finished" in body and "Continue your answers" in body
    assert world["c2"].title in body and "Sent" in body
    assert "Volunteering for an assembly" in body and "In the volunteer pool" in body
    assert f'href="{reverse("accounts:download_data")}"' in body
    for staff in ("you organise", "you commission", "Your live sessions", "Your assembly<"):
        assert staff not in body
    assert world["a2"].title not in body


def test_other_peoples_answers_are_not_listed(client, user, make_user, world):
    other = make_user(role=Role.RESIDENT)
    Response.objects.create(page=world["c1"], user=other, status=ResponseStatus.DRAFT)
    assert "Continue your answers" not in _home(client, user)


def test_each_list_is_one_query_however_many_pages(make_user, home_page, rf):
    """Adding pages adds no queries: the lists never check permissions row by row."""
    organiser = _grant(make_user, Role.ORGANISER, home_page)
    commissioner = _grant(make_user, Role.COMMISSIONER, home_page)
    request = rf.get("/account/")

    def count(user):
        user = type(user).objects.get(pk=user.pk)
        user_work(user, request=request)  # warm Wagtail's site root path cache
        user = type(user).objects.get(pk=user.pk)
        with CaptureQueriesContext(connection) as queries:
            user_work(user, request=request)
        return len(queries)

    make_consultation(home_page)
    AssemblyPageFactory()
    before = count(organiser), count(commissioner)
    for _ in range(3):
        make_consultation(home_page)
        AssemblyPageFactory()
    assert (count(organiser), count(commissioner)) == before
    assert before[0] <= 8, before

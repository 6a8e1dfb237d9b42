"""The lists of runs, consultations and sessions a person may analyse: filtered by their
roles in one query per list, and the same rows the per-object permission allows."""

import pytest
import rules
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Role
from analysis.forms import project_choices, question_choices, session_choices
from analysis.models import SourceKind, ThemeRun
from analysis.selectors import runs_for_user
from deliberation.models import LiveSession
from tests.analysis.factories import make_survey

pytestmark = pytest.mark.django_db


def _world(home_page, n):
    pages = [make_survey(home_page, title=f"Survey {i}") for i in range(n)]
    sessions = [LiveSession.objects.create(title=f"Session {i}") for i in range(n)]
    for target in [*pages, *sessions]:
        kind = SourceKind.QUESTION if target in pages else SourceKind.SESSION
        field = "page" if target in pages else "session"
        ThemeRun.objects.create(title=f"Run on {target}", source_kind=kind, **{field: target})
    return pages, sessions


def _queries(func, user) -> int:
    with CaptureQueriesContext(connection) as queries:
        func(user)
    return len(queries)


def test_runs_for_user_are_the_runs_the_permission_allows(make_user, home_page):
    pages, sessions = _world(home_page, 3)
    commissioner = make_user(role=Role.COMMISSIONER, target=pages[1])
    organiser = make_user(role=Role.ORGANISER, target=sessions[2])
    outsider = make_user(role=Role.RESIDENT)
    runs = ThemeRun.objects.all()
    for user in (commissioner, organiser, outsider):
        allowed = {r.pk for r in runs if rules.has_perm("analysis.run_themes", user, r.target)}
        assert {r.pk for r in runs_for_user(user)} == allowed
    assert [r.page for r in runs_for_user(commissioner)] == [pages[1]]
    assert [r.session for r in runs_for_user(organiser)] == [sessions[2]]


def test_a_role_on_the_home_page_covers_every_consultation_below_it(make_user, home_page):
    pages, _ = _world(home_page, 2)
    commissioner = make_user(role=Role.COMMISSIONER, target=home_page)
    assert {p for p, _ in project_choices(commissioner)} == {str(p.pk) for p in pages}
    assert len(runs_for_user(commissioner)) == 2


def test_the_choices_are_the_objects_the_permission_allows(make_user, home_page):
    pages, sessions = _world(home_page, 2)
    user = make_user(role=Role.COMMISSIONER, target=pages[0])
    make_user(role=Role.COMMISSIONER, target=sessions[1])  # someone else's
    assert project_choices(user) == [(str(pages[0].pk), pages[0].title)]
    assert {key.split(":")[0] for key, _ in question_choices(user)} == {str(pages[0].pk)}
    assert session_choices(user) == []


@pytest.mark.parametrize("func", [runs_for_user, project_choices, session_choices])
def test_a_list_costs_the_same_queries_however_many_rows(func, make_user, home_page):
    pages, sessions = _world(home_page, 2)
    user = make_user(role=Role.ORGANISER, target=home_page)
    for session in sessions:
        make_user(role=Role.ORGANISER, target=session)
    func(user)  # the user's groups and the content types are cached after the first list
    few = _queries(func, user)
    _world(home_page, 6)
    many = _queries(func, user)
    assert many == few

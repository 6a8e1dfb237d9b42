"""The role × action matrix: who may do what on a consultation, assembly or session."""

import pytest

from accounts.models import Role

pytestmark = pytest.mark.django_db

ROLES = [None, Role.RESIDENT, Role.MEMBER, Role.FACILITATOR, Role.COMMISSIONER, Role.ORGANISER]

# action: roles (assigned on the object) that may do it. Everyone else may not.
PAGE_MATRIX = {
    "consultations.manage": {Role.ORGANISER},
    "consultations.view_results": {Role.ORGANISER, Role.COMMISSIONER},
    "consultations.export_aggregates": {Role.ORGANISER, Role.COMMISSIONER},
    "consultations.export_responses": {Role.ORGANISER},
    "assembly.view_pool": {Role.ORGANISER},
    "assembly.export_pool": {Role.ORGANISER},
    "assembly.run_draw": {Role.ORGANISER},
    "assembly.view_aggregates": {Role.ORGANISER, Role.COMMISSIONER},
    "assembly.view_member_area": {Role.ORGANISER, Role.FACILITATOR, Role.MEMBER},
    "analysis.run_themes": {Role.ORGANISER, Role.COMMISSIONER},
    "analysis.review_themes": {Role.COMMISSIONER},
    "analysis.publish_findings": {Role.COMMISSIONER},
}
SESSION_MATRIX = {
    "deliberation.run_session": {Role.ORGANISER, Role.FACILITATOR},
    "deliberation.join_session": {Role.ORGANISER, Role.FACILITATOR, Role.MEMBER},
    "deliberation.post_statement": {Role.ORGANISER, Role.FACILITATOR, Role.MEMBER},
}


def _user_with(make_user, role, target):
    if role is None:
        from django.contrib.auth.models import AnonymousUser

        return AnonymousUser()
    return make_user(role=role, target=None if role == Role.RESIDENT else target)


@pytest.mark.parametrize("role", ROLES, ids=lambda r: r or "anonymous")
@pytest.mark.parametrize("action", sorted(PAGE_MATRIX))
def test_page_permission_matrix(make_user, home_page, role, action):
    user = _user_with(make_user, role, home_page)
    assert user.has_perm(action, home_page) == (role in PAGE_MATRIX[action])


@pytest.mark.parametrize("role", ROLES, ids=lambda r: r or "anonymous")
@pytest.mark.parametrize("action", sorted(SESSION_MATRIX))
def test_session_permission_matrix(make_user, live_session, role, action):
    user = _user_with(make_user, role, live_session)
    assert user.has_perm(action, live_session) == (role in SESSION_MATRIX[action])


def test_role_on_a_page_covers_the_pages_below_it(make_user, home_page):
    organiser = make_user(role=Role.ORGANISER, target=home_page)
    child = home_page.get_children().first()
    assert organiser.has_perm("consultations.manage", child)


def test_role_on_one_object_does_not_reach_another(make_user, live_session_factory):
    first, second = live_session_factory(), live_session_factory()
    facilitator = make_user(role=Role.FACILITATOR, target=first)
    assert facilitator.has_perm("deliberation.run_session", first)
    assert not facilitator.has_perm("deliberation.run_session", second)


def test_organiser_assignment_without_the_group_grants_nothing(make_user, home_page):
    from accounts.services import role_revoke

    organiser = make_user(role=Role.ORGANISER, target=home_page)
    role_revoke(user=organiser, role=Role.ORGANISER, target=home_page)
    organiser = type(organiser).objects.get(pk=organiser.pk)
    assert not organiser.has_perm("consultations.manage", home_page)


def test_only_organisers_may_use_the_cms(make_user, home_page):
    for role in ROLES[1:]:
        user = make_user(role=role, target=home_page)
        assert user.has_perm("wagtailadmin.access_admin") == (role == Role.ORGANISER), role


def test_session_open_to_residents_lets_any_signed_in_resident_join(make_user, live_session):
    live_session.open_to_residents = True
    live_session.save()
    resident = make_user(role=Role.RESIDENT)
    assert resident.has_perm("deliberation.join_session", live_session)
    assert not resident.has_perm("deliberation.run_session", live_session)

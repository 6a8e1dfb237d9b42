"""People and roles: organisers invite, cancel and remove; invitees accept once."""

import re
from datetime import timedelta
from urllib.parse import quote

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.invitations import INVITABLE_ROLES
from accounts.models import Role, RoleAssignment, RoleInvitation
from accounts.selectors import user_has_role_on
from audit.models import AccessAction, AccessLogEntry
from tests.assembly.factories import AssemblyPageFactory, organiser_of
from tests.consultations.factories import make_consultation
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def assembly(home_page):
    return AssemblyPageFactory()


@pytest.fixture
def consultation(home_page):
    return make_consultation(home_page)


def _url(page):
    return reverse("accounts:people", args=[page.pk])


def _invite(client, page, email, role):
    return client.post(_url(page), {"action": "invite", "email": email, "role": role})


def _link(mail) -> str:
    return re.search(r"https?://\S+/account/invitations/\S+/", mail.body).group(0)


def _path(link: str) -> str:
    return "/" + link.split("://", 1)[1].split("/", 1)[1]


# Who may use the page --------------------------------------------------------------


@pytest.mark.parametrize("kind", ["assembly", "consultation"])
def test_organiser_of_one_page_manages_it_and_not_another(
    client, make_user, home_page, assembly, consultation, kind
):
    page = assembly if kind == "assembly" else consultation
    other = AssemblyPageFactory() if kind == "assembly" else make_consultation(home_page)
    client.force_login(organiser_of(make_user, page))
    assert client.get(_url(page)).status_code == 200
    assert client.get(_url(other)).status_code == 403
    assert _invite(client, other, "x@example.org", Role.FACILITATOR).status_code == 403
    assert not RoleInvitation.objects.exists()


@pytest.mark.parametrize("role", [Role.COMMISSIONER, Role.FACILITATOR, Role.MEMBER])
def test_other_roles_on_the_page_may_not_manage_people(client, make_user, assembly, role):
    from tests.analysis.factories import with_mfa

    client.force_login(with_mfa(make_user(role=role, target=assembly)))
    assert client.get(_url(assembly)).status_code == 403
    assert _invite(client, assembly, "x@example.org", Role.ORGANISER).status_code == 403


def test_signed_out_people_are_sent_to_sign_in(client, assembly):
    response = client.get(_url(assembly))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_page_that_is_not_a_consultation_or_assembly_has_no_people_page(
    client, make_user, home_page
):
    client.force_login(organiser_of(make_user, home_page))
    assert client.get(_url(home_page)).status_code == 404
    assert client.get(reverse("accounts:people", args=[987654])).status_code == 404


def test_people_page_lists_holders_and_the_page_above(client, make_user, home_page, assembly):
    top = organiser_of(make_user, home_page)
    local = make_user(role=Role.COMMISSIONER, target=assembly)
    client.force_login(top)
    body = client.get(_url(assembly)).content.decode()
    assert local.email in body
    assert top.email in body
    assert f"Given on {home_page.title}" in body
    # The organiser's role is given on the home page: removed there, never here.
    local_pk = local.role_assignments.get().pk
    top_pk = top.role_assignments.get(role=Role.ORGANISER).pk
    assert f'name="assignment" value="{local_pk}"' in body
    assert f'name="assignment" value="{top_pk}"' not in body


# Invite -> accept ---------------------------------------------------------------------


def test_invite_accept_grants_the_role_and_writes_the_audit_log(
    client, make_user, assembly, mailoutbox
):
    organiser = organiser_of(make_user, assembly)
    client.force_login(organiser)
    response = _invite(client, assembly, "New.Person@example.org", Role.FACILITATOR)
    assert response.status_code == 302
    invitation = RoleInvitation.objects.get()
    assert invitation.invited_by == organiser
    assert invitation.role == Role.FACILITATOR
    assert invitation.target.pk == assembly.pk
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["New.Person@example.org"]
    link = _link(mailoutbox[0])
    # The link's secret is not stored: only its hash.
    assert _path(link).split("/")[-2] not in invitation.token_hash
    assert "New.Person@example.org" in client.get(_url(assembly)).content.decode()

    invitee = UserFactory(email="new.person@example.org")
    client.force_login(invitee)
    page = client.get(_path(link))
    assert page.status_code == 200
    assert "Accept" in page.content.decode()
    # Looking at the link changes nothing; accepting takes a POST.
    assert not user_has_role_on(invitee, Role.FACILITATOR, assembly)
    response = client.post(_path(link))
    assert response.status_code == 302
    assert user_has_role_on(invitee, Role.FACILITATOR, assembly)
    assert invitee.has_perm("deliberation.run_session", _session_of(assembly))
    assignment = RoleAssignment.objects.get(user=invitee, role=Role.FACILITATOR)
    assert assignment.granted_by == organiser
    invitation.refresh_from_db()
    assert invitation.accepted_by == invitee and invitation.accepted_at is not None

    entries = list(AccessLogEntry.objects.order_by("at", "pk"))
    assert [(e.action, e.user) for e in entries] == [
        (AccessAction.INVITE, organiser),
        (AccessAction.GRANT, invitee),
    ]
    assert all(e.object_id == assembly.pk for e in entries)
    assert entries[0].detail["email"] == "New.Person@example.org"
    assert entries[1].detail["role"] == Role.FACILITATOR


def _session_of(assembly):
    from deliberation.models import LiveSession

    return LiveSession.objects.create(title="Meeting", page=assembly)


@pytest.mark.parametrize("role", INVITABLE_ROLES)
def test_every_invitable_role_can_be_accepted(client, make_user, consultation, mailoutbox, role):
    client.force_login(organiser_of(make_user, consultation))
    _invite(client, consultation, "someone@example.org", role)
    invitee = UserFactory(email="someone@example.org")
    client.force_login(invitee)
    client.post(_path(_link(mailoutbox[0])))
    assert user_has_role_on(invitee, role, consultation)


def test_signed_out_invitee_is_asked_to_sign_in_or_create_an_account(
    client, make_user, assembly, mailoutbox
):
    client.force_login(organiser_of(make_user, assembly))
    _invite(client, assembly, "later@example.org", Role.COMMISSIONER)
    client.logout()
    path = _path(_link(mailoutbox[0]))
    body = client.get(path).content.decode()
    assert "Sign in" in body and "Create an account" in body
    assert f"next={quote(path)}" in body
    # A POST while signed out grants nothing.
    client.post(path)
    assert not RoleAssignment.objects.filter(role=Role.COMMISSIONER).exists()


def test_the_link_is_refused_for_another_account(client, make_user, assembly, mailoutbox):
    client.force_login(organiser_of(make_user, assembly))
    _invite(client, assembly, "right@example.org", Role.MODERATOR)
    wrong = UserFactory(email="wrong@example.org")
    client.force_login(wrong)
    path = _path(_link(mailoutbox[0]))
    response = client.get(path)
    assert response.status_code == 403
    assert "this invitation was sent to right@example.org" in response.content.decode()
    assert client.post(path).status_code == 403
    assert not RoleAssignment.objects.filter(role=Role.MODERATOR).exists()
    assert RoleInvitation.objects.get().accepted_at is None


def test_an_unconfirmed_address_does_not_accept(client, make_user, assembly, mailoutbox):
    client.force_login(organiser_of(make_user, assembly))
    _invite(client, assembly, "unconfirmed@example.org", Role.FACILITATOR)
    invitee = UserFactory(email="unconfirmed@example.org", verified=False)
    client.force_login(invitee)
    assert client.post(_path(_link(mailoutbox[0]))).status_code == 403
    assert not user_has_role_on(invitee, Role.FACILITATOR, assembly)


# Tokens that no longer work --------------------------------------------------------


def test_a_used_link_is_refused_with_a_clear_message(client, make_user, assembly, mailoutbox):
    client.force_login(organiser_of(make_user, assembly))
    _invite(client, assembly, "once@example.org", Role.FACILITATOR)
    path = _path(_link(mailoutbox[0]))
    client.force_login(UserFactory(email="once@example.org"))
    client.post(path)
    again = client.post(path)
    assert again.status_code == 410
    assert "already been used" in again.content.decode()
    assert AccessLogEntry.objects.filter(action=AccessAction.GRANT).count() == 1


def test_an_expired_link_is_refused_with_a_clear_message(client, make_user, assembly, mailoutbox):
    client.force_login(organiser_of(make_user, assembly))
    _invite(client, assembly, "late@example.org", Role.FACILITATOR)
    RoleInvitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    invitee = UserFactory(email="late@example.org")
    client.force_login(invitee)
    path = _path(_link(mailoutbox[0]))
    for response in (client.get(path), client.post(path)):
        assert response.status_code == 410
        assert "This invitation has expired" in response.content.decode()
    assert not user_has_role_on(invitee, Role.FACILITATOR, assembly)


def test_a_tampered_link_is_refused_as_not_valid(client, make_user, assembly, mailoutbox):
    client.force_login(organiser_of(make_user, assembly))
    _invite(client, assembly, "t@example.org", Role.FACILITATOR)
    path = _path(_link(mailoutbox[0]))
    client.force_login(UserFactory(email="t@example.org"))
    tampered = path[:-3] + ("A" if path[-3] != "A" else "B") + path[-2:]
    response = client.post(tampered)
    assert response.status_code == 404
    assert "not valid" in response.content.decode()
    assert client.get("/account/invitations/nonsense/").status_code == 404


def test_a_cancelled_invitation_stops_working_and_is_logged(
    client, make_user, assembly, mailoutbox
):
    organiser = organiser_of(make_user, assembly)
    client.force_login(organiser)
    _invite(client, assembly, "c@example.org", Role.COMMISSIONER)
    invitation = RoleInvitation.objects.get()
    response = client.post(_url(assembly), {"action": "cancel", "invitation": invitation.pk})
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.cancelled_at is not None
    body = client.get(_url(assembly)).content.decode()
    assert f'name="invitation" value="{invitation.pk}"' not in body
    assert "No invitations are waiting" in body
    entry = AccessLogEntry.objects.get(action=AccessAction.CANCEL)
    assert entry.user == organiser and entry.detail["invitation"] == invitation.pk
    client.force_login(UserFactory(email="c@example.org"))
    response = client.post(_path(_link(mailoutbox[0])))
    assert response.status_code == 410
    assert "cancelled" in response.content.decode()


def test_an_organiser_cannot_cancel_another_pages_invitation(client, make_user, assembly):
    other = AssemblyPageFactory()
    client.force_login(organiser_of(make_user, other))
    _invite(client, other, "o@example.org", Role.FACILITATOR)
    invitation = RoleInvitation.objects.get()
    client.force_login(organiser_of(make_user, assembly))
    client.post(_url(assembly), {"action": "cancel", "invitation": invitation.pk})
    invitation.refresh_from_db()
    assert invitation.cancelled_at is None


# Bad input ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("email", "role", "message"),
    [
        ("", Role.FACILITATOR, "Enter the email address of the person to invite"),
        ("not-an-email", Role.FACILITATOR, "Enter an email address in the correct format"),
        ("a@example.org", "", "Choose a role"),
        ("a@example.org", Role.MEMBER, "Choose a role from the list"),
        ("a@example.org", "superuser", "Choose a role from the list"),
    ],
)
def test_bad_invitations_show_an_error_keep_the_input_and_save_nothing(
    client, make_user, assembly, mailoutbox, email, role, message
):
    client.force_login(organiser_of(make_user, assembly))
    response = _invite(client, assembly, email, role)
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    assert "There is a problem" in body
    if email:
        assert f'value="{email}"' in body
    assert not RoleInvitation.objects.exists()
    assert mailoutbox == []


def test_someone_who_already_has_the_role_is_not_invited_again(client, make_user, assembly):
    holder = make_user(role=Role.FACILITATOR, target=assembly)
    client.force_login(organiser_of(make_user, assembly))
    response = _invite(client, assembly, holder.email.upper(), Role.FACILITATOR)
    assert response.status_code == 400
    assert "is already a facilitator" in response.content.decode()
    assert not RoleInvitation.objects.exists()


def test_a_second_waiting_invitation_for_the_same_role_is_refused(
    client, make_user, assembly, mailoutbox
):
    client.force_login(organiser_of(make_user, assembly))
    _invite(client, assembly, "twice@example.org", Role.FACILITATOR)
    response = _invite(client, assembly, "Twice@example.org", Role.FACILITATOR)
    assert response.status_code == 400
    assert "already waiting" in response.content.decode()
    assert RoleInvitation.objects.count() == 1 and len(mailoutbox) == 1


def test_control_characters_are_stripped_from_the_email(client, make_user, assembly):
    client.force_login(organiser_of(make_user, assembly))
    _invite(client, assembly, "bi\u202edi@example.org\x00", Role.FACILITATOR)
    assert RoleInvitation.objects.get().email == "bidi@example.org"


def test_invitations_are_rate_limited(client, make_user, assembly, mailoutbox, monkeypatch):
    monkeypatch.setattr("accounts.people_views.INVITE_LIMITS", "2/h/key")
    client.force_login(organiser_of(make_user, assembly))
    assert _invite(client, assembly, "r1@example.org", Role.FACILITATOR).status_code == 302
    assert _invite(client, assembly, "r2@example.org", Role.FACILITATOR).status_code == 302
    response = _invite(client, assembly, "r3@example.org", Role.FACILITATOR)
    assert response.status_code == 429
    assert "Try again in" in response.content.decode()
    assert 'value="r3@example.org"' in response.content.decode()
    assert RoleInvitation.objects.count() == 2 and len(mailoutbox) == 2


# Removing ------------------------------------------------------------------------------


def test_remove_revokes_the_role_and_writes_the_audit_log(client, make_user, assembly):
    organiser = organiser_of(make_user, assembly)
    commissioner = make_user(role=Role.COMMISSIONER, target=assembly)
    assignment = commissioner.role_assignments.get(role=Role.COMMISSIONER)
    client.force_login(organiser)
    response = client.post(_url(assembly), {"action": "remove", "assignment": assignment.pk})
    assert response.status_code == 302
    assert not user_has_role_on(commissioner, Role.COMMISSIONER, assembly)
    assert not commissioner.groups.filter(name="Commissioners").exists()
    entry = AccessLogEntry.objects.get(action=AccessAction.REVOKE)
    assert entry.user == organiser
    assert entry.object_id == assembly.pk
    assert entry.detail == {
        "email": commissioner.email,
        "user_id": commissioner.pk,
        "role": Role.COMMISSIONER,
    }


def test_the_last_organiser_cannot_remove_themselves(client, make_user, assembly):
    organiser = organiser_of(make_user, assembly)
    mine = organiser.role_assignments.get(role=Role.ORGANISER)
    client.force_login(organiser)
    response = client.post(_url(assembly), {"action": "remove", "assignment": mine.pk}, follow=True)
    assert "You cannot remove the last organiser" in response.content.decode()
    assert user_has_role_on(organiser, Role.ORGANISER, assembly)
    assert not AccessLogEntry.objects.filter(action=AccessAction.REVOKE).exists()
    assert "The last organiser: invite another" in client.get(_url(assembly)).content.decode()


def test_an_organiser_may_leave_when_another_remains(client, make_user, assembly):
    leaving = organiser_of(make_user, assembly)
    staying = organiser_of(make_user, assembly)
    client.force_login(leaving)
    mine = leaving.role_assignments.get(role=Role.ORGANISER)
    response = client.post(_url(assembly), {"action": "remove", "assignment": mine.pk})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:profile")
    assert not user_has_role_on(leaving, Role.ORGANISER, assembly)
    assert user_has_role_on(staying, Role.ORGANISER, assembly)
    assert client.get(_url(assembly)).status_code == 403


def test_an_organiser_cannot_remove_roles_on_another_page(client, make_user, assembly):
    other = AssemblyPageFactory()
    victim = make_user(role=Role.FACILITATOR, target=other)
    assignment = victim.role_assignments.get(role=Role.FACILITATOR)
    client.force_login(organiser_of(make_user, assembly))
    client.post(_url(assembly), {"action": "remove", "assignment": assignment.pk})
    assert user_has_role_on(victim, Role.FACILITATOR, other)
    assert not AccessLogEntry.objects.filter(action=AccessAction.REVOKE).exists()


def test_an_unknown_action_changes_nothing(client, make_user, assembly):
    client.force_login(organiser_of(make_user, assembly))
    response = client.post(_url(assembly), {"action": "promote"}, follow=True)
    assert "Choose what to do" in response.content.decode()
    assert not AccessLogEntry.objects.exists()

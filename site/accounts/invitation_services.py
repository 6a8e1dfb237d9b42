"""Giving and taking away roles on a consultation or assembly: invitations, removals.

Every change is written to the access log, so who gave whom which role stays on record
after the assignment itself is gone. Grants and revocations go through
``accounts.services.role_grant`` / ``role_revoke`` so groups and signals stay right.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.invitations import INVITABLE_ROLES, INVITATION_DAYS, token_new
from accounts.models import Role, RoleAssignment, RoleInvitation, User
from accounts.services import role_grant, role_revoke
from audit.models import AccessAction
from audit.services import access_log_record
from audit.targets import target_key, target_keys


class RoleChangeError(Exception):
    """A change refused for a reason the person can act on; ``str()`` says which."""

    #: The HTTP status a view answers with.
    status = 400


class InvitationNotValid(RoleChangeError):
    status = 404


class InvitationGone(RoleChangeError):
    """Expired, cancelled or already used: the link once worked but no longer does."""

    status = 410


class InvitationWrongAccount(RoleChangeError):
    status = 403


ERR_ALREADY_HOLDS = "{email} is already {role_a} of this {kind}."
ERR_ALREADY_INVITED = (
    "An invitation for {email} as {role_a} is already waiting. Cancel it to send a new one."
)
ERR_ROLE = "Choose a role from the list."
ERR_LAST_ORGANISER = (
    "You cannot remove the last organiser of {title}. Invite another organiser first."
)
ERR_EXPIRED = "This invitation has expired. Ask the person who invited you to send a new one."
ERR_USED = "This invitation has already been used. Each link works once."
ERR_CANCELLED = "This invitation was cancelled. Ask the person who invited you if you need it."
ERR_WRONG_ACCOUNT = (
    "This invitation was sent to a different email address. Sign out, then sign in "
    "or create an account with the address the invitation was sent to."
)


def role_label(role: str) -> str:
    return Role(role).label


def role_with_article(role: str) -> str:
    label = role_label(role).lower()
    return f"{'an' if label[0] in 'aeiou' else 'a'} {label}"


def _kind(target) -> str:
    return str(getattr(target._meta, "verbose_name", "page")).replace("residents' ", "")


def _log(*, user, action, what, target, **detail) -> None:
    access_log_record(user=user, action=action, what=what[:200], target=target, detail=detail)


def _invitation_log(*, user, action, what, invitation: RoleInvitation, target, **detail) -> None:
    """An entry about an invitation: which one, to whom and for what role."""
    ids = {"invitation": invitation.pk, "email": invitation.email, "role": invitation.role}
    _log(user=user, action=action, what=what, target=target, **{**ids, **detail})


@dataclass(frozen=True)
class SentInvitation:
    invitation: RoleInvitation
    #: The link's token: only in this return value and the e-mail, never stored.
    token: str


def invitation_create(
    *, invited_by: User, target, email: str, role: str, accept_url
) -> SentInvitation:
    """Record an invitation and e-mail its single-use link.

    ``accept_url`` turns the link's token into the absolute URL for the e-mail.
    Raises ``RoleChangeError`` when the person already has the role or an invitation.
    """
    email = email.strip()
    if role not in INVITABLE_ROLES:
        raise RoleChangeError(ERR_ROLE)
    words = {"email": email, "role_a": role_with_article(role), "kind": _kind(target)}
    ct, ids = target_keys(target)
    if RoleAssignment.objects.filter(
        content_type=ct, object_id__in=ids, role=role, user__email__iexact=email
    ).exists():
        raise RoleChangeError(ERR_ALREADY_HOLDS.format(**words))
    ct, object_id = target_key(target)
    now = timezone.now()
    with transaction.atomic():
        if (
            RoleInvitation.objects.select_for_update()
            .filter(
                content_type=ct,
                object_id=object_id,
                role=role,
                email__iexact=email,
                accepted_at__isnull=True,
                cancelled_at__isnull=True,
                expires_at__gt=now,
            )
            .exists()
        ):
            raise RoleChangeError(ERR_ALREADY_INVITED.format(**words))
        token, digest = token_new()
        invitation = RoleInvitation.objects.create(
            email=email,
            role=role,
            content_type=ct,
            object_id=object_id,
            token_hash=digest,
            invited_by=invited_by,
            expires_at=now + timedelta(days=INVITATION_DAYS),
        )
        _invitation_log(
            user=invited_by,
            action=AccessAction.INVITE,
            what=f"Invited {email} as {role_label(role)}",
            invitation=invitation,
            target=target,
        )
    context = {
        "invitation": invitation,
        "role_a": role_with_article(role),
        "target": target,
        "inviter": invited_by,
        "url": accept_url(token),
        "days": INVITATION_DAYS,
    }
    send_mail(
        subject=render_to_string("accounts/email/role_invitation_subject.txt", context).strip(),
        message=render_to_string("accounts/email/role_invitation.txt", context),
        from_email=None,
        recipient_list=[email],
    )
    return SentInvitation(invitation=invitation, token=token)


@transaction.atomic
def invitation_cancel(*, invitation: RoleInvitation, by: User, target) -> None:
    """Stop a waiting invitation's link from working."""
    invitation = RoleInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at or invitation.cancelled_at:
        return
    invitation.cancelled_at = timezone.now()
    invitation.save(update_fields=["cancelled_at"])
    _invitation_log(
        user=by,
        action=AccessAction.CANCEL,
        what=f"Cancelled the invitation of {invitation.email} as {role_label(invitation.role)}",
        invitation=invitation,
        target=target,
    )


def invitation_problem(invitation: RoleInvitation, *, now=None) -> RoleChangeError | None:
    """Why this invitation can no longer be accepted, if it cannot."""
    now = now or timezone.now()
    if invitation.accepted_at:
        return InvitationGone(ERR_USED)
    if invitation.cancelled_at:
        return InvitationGone(ERR_CANCELLED)
    if invitation.expires_at <= now:
        return InvitationGone(ERR_EXPIRED)
    return None


def invitation_matches(invitation: RoleInvitation, user: User) -> bool:
    """Whether ``user`` has confirmed the address the invitation was sent to."""
    return user.emailaddress_set.filter(email__iexact=invitation.email, verified=True).exists()


@transaction.atomic
def invitation_accept(*, invitation: RoleInvitation, user: User, target) -> None:
    """Give ``user`` the invited role, once; refuses expired, cancelled and used links."""
    invitation = RoleInvitation.objects.select_for_update().get(pk=invitation.pk)
    problem = invitation_problem(invitation)
    if problem is not None:
        raise problem
    if not invitation_matches(invitation, user):
        raise InvitationWrongAccount(ERR_WRONG_ACCOUNT)
    role_grant(user=user, role=invitation.role, target=target, granted_by=invitation.invited_by)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    _invitation_log(
        user=user,
        action=AccessAction.GRANT,
        what=f"{user.email} became {role_label(invitation.role)} by invitation",
        invitation=invitation,
        target=target,
        email=user.email,  # the address that accepted, which may differ in case
        invited_by=invitation.invited_by_id,
    )


@transaction.atomic
def role_assignment_remove(*, assignment: RoleAssignment, by: User, target) -> None:
    """Take a role on ``target`` away; never the last organiser's."""
    assignment = (
        RoleAssignment.objects.select_for_update().select_related("user").get(pk=assignment.pk)
    )
    if assignment.role == Role.ORGANISER:
        ct, ids = target_keys(target)
        others = (
            RoleAssignment.objects.filter(content_type=ct, object_id__in=ids, role=Role.ORGANISER)
            .exclude(pk=assignment.pk)
            .exists()
        )
        if not others:
            raise RoleChangeError(ERR_LAST_ORGANISER.format(title=target.title))
    person = assignment.user
    role_revoke(user=person, role=assignment.role, target=target)
    _log(
        user=by,
        action=AccessAction.REVOKE,
        what=f"Removed {person.email} as {role_label(assignment.role)}",
        target=target,
        email=person.email,
        user_id=person.pk,
        role=assignment.role,
    )

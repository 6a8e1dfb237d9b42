"""Reads for the "People and roles" page and invitation links."""

from dataclasses import dataclass

from django.apps import apps
from django.utils import timezone
from wagtail.models import Page

from accounts.invitations import INVITABLE_ROLES, PEOPLE_PAGE_MODELS, token_hash, token_secret
from accounts.models import Role, RoleAssignment, RoleInvitation
from audit.targets import target_key, target_keys


@dataclass(frozen=True)
class Holder:
    assignment: RoleAssignment
    #: The page the role was given on, when it is one above this page (read-only here).
    inherited_from: str
    removable: bool


def people_page(page_id: int):
    """The consultation or assembly page with this id, or ``None`` if it has no people page."""
    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        return None
    specific = page.specific
    if specific._meta.label not in PEOPLE_PAGE_MODELS:
        return None
    return specific


def people_page_models() -> list:
    """The installed page models that have a people page."""
    out = []
    for label in PEOPLE_PAGE_MODELS:
        try:
            out.append(apps.get_model(label))
        except LookupError:
            continue
    return out


def role_holders(target) -> list[Holder]:
    """Who holds a role that can be invited to, on ``target`` or a page above it."""
    ct, ids = target_keys(target)
    assignments = list(
        RoleAssignment.objects.filter(
            content_type=ct, object_id__in=ids, role__in=INVITABLE_ROLES
        ).select_related("user", "granted_by")
    )
    titles = {}
    inherited_ids = {a.object_id for a in assignments if a.object_id != target.pk}
    if inherited_ids:
        titles = dict(Page.objects.filter(pk__in=inherited_ids).values_list("pk", "title"))
    organisers = sum(1 for a in assignments if a.role == Role.ORGANISER)
    order = {role: i for i, role in enumerate(INVITABLE_ROLES)}
    assignments.sort(key=lambda a: (order[a.role], a.object_id != target.pk, a.user.email))
    return [
        Holder(
            assignment=a,
            inherited_from=titles.get(a.object_id, "") if a.object_id != target.pk else "",
            # A page with no organiser left could never be managed again from here.
            removable=a.object_id == target.pk and (a.role != Role.ORGANISER or organisers > 1),
        )
        for a in assignments
    ]


def invitations_pending(target) -> list[RoleInvitation]:
    ct, object_id = target_key(target)
    return list(
        RoleInvitation.objects.filter(
            content_type=ct,
            object_id=object_id,
            accepted_at__isnull=True,
            cancelled_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .select_related("invited_by")
        .order_by("email")
    )


def invitation_for_token(token: str) -> RoleInvitation | None:
    """The invitation a link names, whatever its state; ``None`` for a link we never sent."""
    secret = token_secret(token)
    if secret is None:
        return None
    return (
        RoleInvitation.objects.filter(token_hash=token_hash(secret))
        .select_related("content_type", "invited_by")
        .first()
    )


def invitation_target(invitation: RoleInvitation):
    """The page the invitation is for, as its specific class (``None`` if it was deleted)."""
    target = invitation.target
    return target.specific if target is not None and hasattr(target, "specific") else target

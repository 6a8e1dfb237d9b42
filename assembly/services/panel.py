"""The panel: invitations, replies, withdrawals, replacements, meetings, attendance."""

from __future__ import annotations

import secrets
from datetime import datetime

from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User
from accounts.services import role_grant, role_revoke
from assembly import selection
from assembly.models import (
    HOLDING_PLACE,
    AssemblyPage,
    AssemblyStatus,
    Attendance,
    ContactPreference,
    Meeting,
    MemberStatus,
    PanelMember,
    Replacement,
    Volunteer,
)
from assembly.services.draw_inputs import snapshot_inputs
from assembly.services.errors import (
    ALREADY_REPLACED,
    NOT_FREED,
    TOKEN_INVALID,
    AssemblyError,
)


def member_invite(*, member: PanelMember, by: str, base_url: str = "", user=None) -> PanelMember:
    """Invite a drawn volunteer: an email now, or a letter from the letters export."""
    if member.status not in (MemberStatus.SELECTED, MemberStatus.INVITED):
        raise AssemblyError(f"{member.volunteer.pool_id} has already {member.status}.")
    volunteer = member.volunteer
    if by == ContactPreference.EMAIL and not volunteer.email:
        by = ContactPreference.POST
    if by == ContactPreference.EMAIL:
        link = base_url.rstrip("/") + reverse("assembly:respond", args=[member.token])
        send_mail(
            subject=f"You have been chosen for {member.assembly.title}",
            message=(
                f"Dear {volunteer.full_name or 'resident'},\n\nYou have been chosen by lottery "
                f"to join {member.assembly.title}: {member.assembly.question}\n\n"
                f"Please tell us whether you can take part: {link}\n\n"
                "This link works once."
            ),
            from_email=None,
            recipient_list=[volunteer.email],
        )
    member.status = MemberStatus.INVITED
    member.invited_at = timezone.now()
    member.invited_by = by
    member.save(update_fields=["status", "invited_at", "invited_by"])
    return member


def member_for_token(token: str) -> PanelMember:
    member = (
        PanelMember.objects.select_related("volunteer", "assembly")
        .filter(token=token, token_used_at__isnull=True)
        .exclude(status__in=[MemberStatus.WITHDRAWN, MemberStatus.REPLACED])
        .first()
    )
    if member is None:
        raise AssemblyError(TOKEN_INVALID)
    return member


@transaction.atomic
def member_accept(
    *, token: str, user=None, access_needs: str = "", contact_preference: str = ""
) -> PanelMember:
    """Accept the place: link or create a resident account and grant the member role."""
    member = member_for_token(token)
    member = PanelMember.objects.select_for_update().get(pk=member.pk)
    if member.token_used_at is not None:
        raise AssemblyError(TOKEN_INVALID)
    volunteer = member.volunteer
    if user is None or not user.is_authenticated:
        user = volunteer.user
    if user is None and volunteer.email:
        user = User.objects.filter(email__iexact=volunteer.email).first()
        if user is None:
            user = User(
                username=f"member-{secrets.token_hex(6)}",
                email=volunteer.email,
                display_name=volunteer.full_name,
            )
            user.set_unusable_password()
            user.save()
    if user is None:
        user = User(username=f"member-{secrets.token_hex(6)}", display_name=volunteer.full_name)
        user.set_unusable_password()
        user.save()
    role_grant(user=user, role=Role.RESIDENT)
    role_grant(user=user, role=Role.MEMBER, target=member.assembly)
    now = timezone.now()
    member.status = MemberStatus.ACCEPTED
    member.user = user
    member.token_used_at = member.responded_at = now
    member.access_needs = access_needs
    member.contact_preference = contact_preference or volunteer.contact_preference
    member.save()
    if volunteer.user_id is None:
        volunteer.user = user
        volunteer.save(update_fields=["user"])
    AssemblyPage.objects.filter(pk=member.assembly_id, status=AssemblyStatus.SELECTING).update(
        status=AssemblyStatus.MEETING
    )
    return member


@transaction.atomic
def member_decline(*, token: str) -> PanelMember:
    member = member_for_token(token)
    now = timezone.now()
    member.status = MemberStatus.DECLINED
    member.token_used_at = member.responded_at = now
    member.save(update_fields=["status", "token_used_at", "responded_at"])
    return member


@transaction.atomic
def member_withdraw(*, member: PanelMember, user=None) -> PanelMember:
    """Free the member's place (it can then be filled by a replacement draw)."""
    if member.status not in HOLDING_PLACE:
        raise AssemblyError(f"{member.volunteer.pool_id} does not hold a place.")
    member.status = MemberStatus.WITHDRAWN
    member.token_used_at = member.token_used_at or timezone.now()
    member.save(update_fields=["status", "token_used_at"])
    if member.user_id:
        role_revoke(user=member.user, role=Role.MEMBER, target=member.assembly)
    return member


def member_details_update(*, member: PanelMember, access_needs: str, contact_preference: str):
    member.access_needs, member.contact_preference = access_needs, contact_preference
    member.save(update_fields=["access_needs", "contact_preference"])
    return member


@transaction.atomic
def replacement_draw(*, member: PanelMember, seed: int | None = None, user=None) -> Replacement:
    """Draw someone from the pool for a freed place, keeping the quotas where possible."""
    member = PanelMember.objects.select_for_update().get(pk=member.pk)
    if Replacement.objects.filter(left=member).exists():
        raise AssemblyError(ALREADY_REPLACED)
    if member.status not in (MemberStatus.DECLINED, MemberStatus.WITHDRAWN):
        raise AssemblyError(NOT_FREED)
    draw = member.draw
    people, quotas, households = snapshot_inputs(draw)
    ever_drawn = set(draw.members.values_list("volunteer__pool_id", flat=True))
    holding = set(
        draw.members.filter(status__in=HOLDING_PLACE).values_list("volunteer__pool_id", flat=True)
    )
    left_id = member.volunteer.pool_id
    live = set(
        Volunteer.objects.filter(
            assembly_id=draw.assembly_id, anonymised_at__isnull=True
        ).values_list("pool_id", flat=True)
    )
    candidates = [
        p
        for p in people
        if p.id == left_id or p.id in holding or (p.id not in ever_drawn and p.id in live)
    ]
    seed = seed if seed is not None else secrets.randbelow(2**31)
    try:
        result = selection.draw_replacement(
            candidates, quotas, holding | {left_id}, left_id, seed, households
        )
    except selection.SelectionError as exc:
        raise AssemblyError(str(exc)) from exc
    volunteer = Volunteer.objects.get(assembly_id=draw.assembly_id, pool_id=result.person_id)
    joined = PanelMember.objects.create(
        assembly_id=draw.assembly_id, draw=draw, volunteer=volunteer
    )
    member.status = MemberStatus.REPLACED
    member.save(update_fields=["status"])
    return Replacement.objects.create(
        draw=draw,
        left=member,
        joined=joined,
        seed=seed,
        quotas_moved=list(result.moved),
        created_by=user if user is not None and user.is_authenticated else None,
    )


def meeting_create(*, assembly: AssemblyPage, title: str, starts_at: datetime) -> Meeting:
    return Meeting.objects.create(assembly=assembly, title=title, starts_at=starts_at)


SESSION_EXISTS = "This meeting already has a live session."


@transaction.atomic
def meeting_session_link(*, meeting: Meeting, session) -> None:
    """Record the live session made for the meeting (by deliberation); one per meeting."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.live_session_id is not None:
        raise AssemblyError(SESSION_EXISTS)
    meeting.live_session = session
    meeting.save(update_fields=["live_session"])


@transaction.atomic
def attendance_record(*, meeting: Meeting, attended: set[int]) -> None:
    """Record who came: ``attended`` holds panel member ids; everyone else is absent."""
    members = PanelMember.objects.filter(assembly_id=meeting.assembly_id)
    for member in members:
        Attendance.objects.update_or_create(
            meeting=meeting, member=member, defaults={"attended": member.pk in attended}
        )

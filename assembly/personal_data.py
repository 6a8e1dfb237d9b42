"""A person's volunteer records, panel places and attendance: their download, their erasure.

Registered with ``accounts.personal_data``. A volunteer record is the person's when it is
linked to their account, or when it carries one of their *verified* email addresses (pool
files are imported without accounts); an unverified address proves nothing, so it never
reveals, or erases, anyone's record.

Erasure anonymises at once, for that person only, what ``pool_retention_apply`` does for a
whole pool at its retention date: contact details and answers go, the pseudonymous pool id
stays so that draws already made (and published) still check out.
"""

import secrets

from django.db.models import Q

from accounts.personal_data import Erasure, register
from assembly.models import (
    HOLDING_PLACE,
    Answer,
    AssemblyStatus,
    Attendance,
    InvitationCode,
    MemberStatus,
    PanelMember,
    Volunteer,
    volunteer_anonymised_values,
)


def _verified_emails(user) -> list[str]:
    return list(user.emailaddress_set.filter(verified=True).values_list("email", flat=True))


def volunteers_of(user):
    """The volunteer records that are the person's: by account, or by verified email."""
    match = Q(user=user)
    for email in _verified_emails(user):
        match |= Q(user__isnull=True, email__iexact=email)
    return Volunteer.objects.filter(match, anonymised_at__isnull=True)


def members_of(user, volunteers):
    return PanelMember.objects.filter(Q(user=user) | Q(volunteer__in=volunteers))


def assembly_export(user) -> dict[str, list[dict]]:
    volunteers = list(volunteers_of(user).select_related("assembly").order_by("pk"))
    answers = (
        Answer.objects.filter(volunteer__in=volunteers)
        .select_related("volunteer__assembly", "category", "value")
        .order_by("volunteer_id", "category__sort_order", "pk")
    )
    members = list(
        members_of(user, volunteers).select_related("assembly", "volunteer").order_by("pk")
    )
    attendance = (
        Attendance.objects.filter(member__in=members)
        .select_related("meeting__assembly")
        .order_by("meeting__starts_at", "pk")
    )
    return {
        "volunteer": [
            {
                "assembly": v.assembly.title,
                "pool_id": v.pool_id,
                "full_name": v.full_name,
                "email": v.email,
                "phone": v.phone,
                "address": v.address,
                "postcode": v.postcode,
                "contact_preference": v.get_contact_preference_display(),
                "consent_contact": v.consent_contact,
                "consent_special_category": v.consent_special_category,
                "source": v.get_source_display(),
                "volunteered_at": v.created_at,
            }
            for v in volunteers
        ],
        "volunteer_answers": [
            {
                "assembly": a.volunteer.assembly.title,
                "pool_id": a.volunteer.pool_id,
                "question": a.category.question or a.category.name,
                "answer": a.value.value,
                "special_category": a.category.special_category,
            }
            for a in answers
        ],
        "panel_membership": [
            {
                "assembly": m.assembly.title,
                "pool_id": m.volunteer.pool_id,
                "status": m.get_status_display(),
                "invited_at": m.invited_at,
                "invited_by": m.get_invited_by_display(),
                "responded_at": m.responded_at,
                "access_needs": m.access_needs,
                "contact_preference": m.get_contact_preference_display(),
            }
            for m in members
        ],
        "attendance": [
            {
                "assembly": a.meeting.assembly.title,
                "meeting": a.meeting.title,
                "starts_at": a.meeting.starts_at,
                "attended": a.attended,
            }
            for a in attendance
        ],
    }


def assembly_erase(erasure: Erasure) -> dict[str, int]:
    """Anonymise the person's volunteer records and panel places at once.

    A place still held on a panel that has not finished is withdrawn, so the organisers
    see it free and may draw a replacement; its old invitation link stops working.
    Attendance stays, tied only to the pseudonymous pool id.
    """
    user, now = erasure.user, erasure.now
    volunteer_ids = list(volunteers_of(user).values_list("pk", flat=True))
    members = members_of(user, volunteer_ids)
    done = {
        "answers_deleted": Answer.objects.filter(volunteer_id__in=volunteer_ids).delete()[0],
        "places_withdrawn": members.filter(status__in=HOLDING_PLACE)
        .exclude(assembly__status=AssemblyStatus.FINISHED)
        .update(status=MemberStatus.WITHDRAWN, token_used_at=now),
    }
    for member in members:
        member.token = secrets.token_urlsafe(24)
        member.user = None
        member.access_needs = ""
        member.contact_preference = ""
        member.save(update_fields=["token", "user", "access_needs", "contact_preference"])
    done["panel_places_anonymised"] = len(members)
    InvitationCode.objects.filter(used_by_id__in=volunteer_ids).update(address="", postcode="")
    done["volunteers_anonymised"] = Volunteer.objects.filter(pk__in=volunteer_ids).update(
        **volunteer_anonymised_values(now)
    )
    return done


register("assembly", export=assembly_export, erase=assembly_erase, erase_order=60)

"""CSV exports for organisers, every cell neutralised against spreadsheet formulas."""

import csv
import io

from django.http import HttpResponse
from django.urls import reverse

from assembly.models import ContactPreference, MemberStatus
from assembly.selectors import panel_members
from common.spreadsheet_safety import neutralise_row


def csv_response(filename: str, header: list[str], rows) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(neutralise_row(header))
    for row in rows:
        writer.writerow(neutralise_row(row))
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def panel_rows(assembly) -> tuple[list[str], list[list]]:
    """The panel with contact details, answers and access needs (special-category)."""
    categories = list(assembly.selection_categories.all())
    header = ["pool_id", "status", "name", "email", "phone", "address", "postcode"]
    header += ["contact_preference", "access_needs", *[c.name for c in categories]]
    rows = []
    for m in panel_members(assembly):
        v = m.volunteer
        answers = {a.category_id: a.value.value for a in v.answers.all()}
        rows.append(
            [
                v.pool_id,
                m.get_status_display(),
                v.full_name,
                v.email,
                v.phone,
                v.address,
                v.postcode,
                m.get_contact_preference_display() or v.get_contact_preference_display(),
                m.access_needs,
                *[answers.get(c.pk, "") for c in categories],
            ]
        )
    return header, rows


def letter_rows(assembly, base_url: str) -> tuple[list[str], list[list]]:
    """Members invited by letter: name, address and their single-use reply link."""
    header = ["pool_id", "name", "address", "postcode", "reply_link"]
    rows = [
        [
            m.volunteer.pool_id,
            m.volunteer.full_name,
            m.volunteer.address,
            m.volunteer.postcode,
            base_url.rstrip("/") + reverse("assembly:respond", args=[m.token]),
        ]
        for m in panel_members(assembly).filter(
            status=MemberStatus.INVITED, invited_by=ContactPreference.POST
        )
    ]
    return header, rows


def invitation_rows(assembly, page_url: str) -> tuple[list[str], list[list]]:
    """The civic lottery's letter list: one row per household drawn, with its code."""
    header = ["code", "address", "postcode", "volunteer_at", "used"]
    rows = [
        [c.code, c.address, c.postcode, page_url, "yes" if c.used_at else "no"]
        for c in assembly.invitation_codes.all()
    ]
    return header, rows

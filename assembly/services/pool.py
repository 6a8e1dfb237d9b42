"""The volunteer pool: the volunteer form and imports in the Sortition Foundation format."""

from __future__ import annotations

import io
import secrets
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from assembly import selection
from assembly.models import (
    Answer,
    AssemblyPage,
    CategoryValue,
    ContactPreference,
    InvitationCode,
    PoolUpload,
    SelectionCategory,
    Volunteer,
    VolunteerSource,
)
from assembly.pool_csv import RowProblem, read_categories, read_people
from assembly.services.errors import (
    ALREADY_VOLUNTEERED,
    BAD_EMAIL,
    CATEGORY_MISMATCH,
    CODE_USED,
    CONTACT_IN_POOL,
    CONTACT_REPEATED,
    ID_IN_POOL,
    RECRUITMENT_CLOSED,
    AssemblyError,
    InvitationCodeError,
    PoolImportRejected,
)
from assembly.services.invitations import household_key, invitation_code_check
from assembly.services.quotas import _is_prefer_not
from audit.models import AccessAction
from audit.services import access_log_record
from common import csvtext


@transaction.atomic
def volunteer_register(
    *,
    assembly: AssemblyPage,
    full_name: str,
    email: str = "",
    phone: str = "",
    address: str = "",
    postcode: str = "",
    contact_preference: str = ContactPreference.EMAIL,
    answers: dict[int, int],
    consent_contact: bool,
    consent_special_category: bool,
    code: str = "",
    user=None,
) -> Volunteer:
    """Add a volunteer from the form; ``answers`` maps category id to value id."""
    if not assembly.recruitment_open:
        raise AssemblyError(RECRUITMENT_CLOSED)
    invitation = None
    if assembly.invitation_codes_required:
        invitation = invitation_code_check(assembly=assembly, code=code)
        invitation = InvitationCode.objects.select_for_update().get(pk=invitation.pk)
        if invitation.used_at is not None:
            raise InvitationCodeError(CODE_USED)
    if email and assembly.volunteers.filter(email__iexact=email).exists():
        raise AssemblyError(ALREADY_VOLUNTEERED)
    volunteer = Volunteer.objects.create(
        assembly=assembly,
        pool_id=f"tmp-{secrets.token_hex(8)}",
        user=user if user is not None and user.is_authenticated else None,
        full_name=full_name,
        email=email,
        phone=phone,
        address=address,
        postcode=postcode,
        household_key=household_key(address, postcode),
        contact_preference=contact_preference,
        consent_contact=consent_contact,
        consent_special_category=consent_special_category,
        source=VolunteerSource.FORM,
    )
    volunteer.pool_id = f"web-{volunteer.pk}"
    volunteer.save(update_fields=["pool_id"])
    values = CategoryValue.objects.filter(
        pk__in=answers.values(), category__assembly=assembly
    ).select_related("category")
    Answer.objects.bulk_create(
        Answer(volunteer=volunteer, category=v.category, value=v) for v in values
    )
    if invitation is not None:
        invitation.used_at = timezone.now()
        invitation.used_by = volunteer
        invitation.save(update_fields=["used_at", "used_by"])
    return volunteer


@dataclass
class ImportPreview:
    """What an import would add, or every problem that stops it."""

    problems: list[RowProblem] = field(default_factory=list)
    people: list[selection.Person] = field(default_factory=list)
    quotas: list[selection.Quota] = field(default_factory=list)
    contacts: dict[str, dict[str, str]] = field(default_factory=dict)
    households: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems

    def counts(self) -> list[tuple[str, str, int]]:
        counted: dict[tuple[str, str], int] = {}
        for p in self.people:
            for feature, value in p.features.items():
                counted[feature, value] = counted.get((feature, value), 0) + 1
        return [(q.feature, q.value, counted.get((q.feature, q.value), 0)) for q in self.quotas]


CONTACT_COLUMNS = {"full_name": ("name", "full_name"), "email": ("email",), "phone": ("phone",)}


def pool_import_preview(
    *,
    assembly: AssemblyPage,
    people_csv: str,
    categories_csv: str,
    id_column: str = "id",
    address_columns: tuple[str, ...] = (),
) -> ImportPreview:
    """Check both files against each other and the existing pool; save nothing."""
    quotas, problems = read_categories(io.StringIO(categories_csv))
    people, households, more = read_people(
        io.StringIO(people_csv), quotas, id_column=id_column, address_columns=address_columns
    )
    problems += more
    preview = ImportPreview(problems, people, quotas, {}, households)
    if not quotas:
        return preview
    known = list(assembly.selection_categories.values_list("name", flat=True))
    found = list(dict.fromkeys(q.feature for q in quotas))
    if known and assembly.volunteers.exists() and sorted(known) != sorted(found):
        message = CATEGORY_MISMATCH.format(known=", ".join(known), found=", ".join(found))
        problems.append(RowProblem("categories", 1, message))
    try:
        table = csvtext.read_table(people_csv)
    except csvtext.CsvTextError:
        return preview
    if id_column not in table.header:
        return preview
    existing_ids = set(assembly.volunteers.values_list("pool_id", flat=True))
    existing_emails = {
        e.casefold() for e in assembly.volunteers.exclude(email="").values_list("email", flat=True)
    }
    first_email: dict[str, int] = {}
    for index, row in enumerate(table.records()):
        line, pid = index + 2, row[id_column]
        if pid in existing_ids:
            problems.append(RowProblem("people", line, ID_IN_POOL.format(id=pid)))
        contact = {}
        for name, columns in CONTACT_COLUMNS.items():
            column = next((c for c in columns if c in table.header), None)
            contact[name] = row[column] if column else ""
        contact["address"] = ", ".join(row[c] for c in address_columns)
        email = contact["email"]
        if email:
            try:
                validate_email(email)
            except ValidationError:
                problems.append(RowProblem("people", line, BAD_EMAIL.format(email=email)))
            key = email.casefold()
            if key in existing_emails:
                problems.append(RowProblem("people", line, CONTACT_IN_POOL.format(email=email)))
            elif key in first_email:
                message = CONTACT_REPEATED.format(email=email, first=first_email[key])
                problems.append(RowProblem("people", line, message))
            else:
                first_email[key] = line
        preview.contacts.setdefault(pid, contact)
    problems.sort(key=lambda p: (p.file != "categories", p.row))
    return preview


def pool_upload_create(
    *, assembly: AssemblyPage, people_csv: str, categories_csv: str, options: dict, user
) -> PoolUpload:
    return PoolUpload.objects.create(
        assembly=assembly,
        created_by=user,
        people_csv=people_csv,
        categories_csv=categories_csv,
        options=options,
    )


def upload_preview(upload: PoolUpload) -> ImportPreview:
    return pool_import_preview(
        assembly=upload.assembly,
        people_csv=upload.people_csv,
        categories_csv=upload.categories_csv,
        id_column=upload.options.get("id_column", "id"),
        address_columns=tuple(upload.options.get("address_columns", ())),
    )


@transaction.atomic
def pool_import(*, upload: PoolUpload, user) -> int:
    """Save the previewed pool as a whole, or nothing: raise :class:`PoolImportRejected`."""
    assembly = AssemblyPage.objects.select_for_update().get(pk=upload.assembly_id)
    preview = upload_preview(upload)
    if not preview.ok:
        raise PoolImportRejected(preview.problems)
    values = _categories_sync(assembly, preview.quotas)
    volunteers = Volunteer.objects.bulk_create(
        Volunteer(
            assembly=assembly,
            pool_id=p.id,
            full_name=preview.contacts.get(p.id, {}).get("full_name", ""),
            email=preview.contacts.get(p.id, {}).get("email", ""),
            phone=preview.contacts.get(p.id, {}).get("phone", ""),
            address=preview.contacts.get(p.id, {}).get("address", ""),
            household_key=preview.households.get(p.id, ""),
            contact_preference=ContactPreference.EMAIL
            if preview.contacts.get(p.id, {}).get("email")
            else ContactPreference.POST,
            consent_contact=True,
            consent_special_category=True,
            source=VolunteerSource.IMPORT,
        )
        for p in preview.people
    )
    by_id = {v.pool_id: v for v in Volunteer.objects.filter(assembly=assembly)}
    answers = []
    for person in preview.people:
        volunteer = by_id[person.id]
        for feature, value in person.features.items():
            cv = values[feature, value]
            answers.append(Answer(volunteer=volunteer, category_id=cv.category_id, value=cv))
    Answer.objects.bulk_create(answers)
    access_log_record(
        user=user,
        action=AccessAction.IMPORT,
        what="volunteer pool (special-category answers)",
        target=assembly,
        record_count=len(volunteers),
    )
    upload.delete()
    return len(volunteers)


def _categories_sync(assembly, quotas) -> dict[tuple[str, str], CategoryValue]:
    """Create missing categories and values; take min and max from the file."""
    result = {}
    for q in quotas:
        category, _ = SelectionCategory.objects.get_or_create(
            assembly=assembly,
            name=q.feature,
            defaults={"sort_order": assembly.selection_categories.count()},
        )
        value, _ = CategoryValue.objects.update_or_create(
            category=category,
            value=q.value,
            defaults={
                "min_quota": q.min,
                "max_quota": q.max,
                "prefer_not_to_say": _is_prefer_not(q.value),
            },
        )
        result[q.feature, q.value] = value
    return result

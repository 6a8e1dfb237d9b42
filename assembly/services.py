"""Writes for assemblies: the pool, quotas, invitations, draws, the panel and retention.

Every function takes keyword-only arguments and raises one of the errors below
with a message constant that views show and tests assert on.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import platform
import random
import re
import secrets
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from decimal import Decimal
from importlib.metadata import PackageNotFoundError, version

import pandas as pd
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from accounts.services import role_grant, role_revoke
from assembly import selection
from assembly.models import (
    HOLDING_PLACE,
    Answer,
    AssemblyPage,
    AssemblyStatus,
    Attendance,
    CategoryValue,
    ContactPreference,
    Draw,
    DrawStatus,
    InvitationCode,
    Meeting,
    MemberStatus,
    PanelMember,
    PoolUpload,
    Replacement,
    SelectionCategory,
    Volunteer,
    VolunteerSource,
)
from assembly.pool_csv import RowProblem, read_categories, read_people
from audit.models import AccessAction
from audit.services import access_log_record
from jobs.models import Job, JobStatus
from jobs.services import job_start

CODE_REQUIRED = "Enter the invitation code from your letter."
CODE_UNKNOWN = "We did not send this invitation code. Check the letter and try again."
CODE_USED = "This invitation code has already been used."
RECRUITMENT_CLOSED = "This assembly is not taking volunteers at the moment."
ALREADY_VOLUNTEERED = "Someone has already volunteered for this assembly with this email address."
ID_IN_POOL = "The id {id!r} is already in this assembly's pool."
CONTACT_REPEATED = "The email address {email!r} is used again (first on row {first})."
CONTACT_IN_POOL = "The email address {email!r} is already in this assembly's pool."
BAD_EMAIL = "{email!r} is not a valid email address."
CATEGORY_MISMATCH = (
    "The pool already uses the categories {known}; the categories file has {found}. "
    "Import people with the same categories."
)
NO_CATEGORIES = "Set up the selection categories and quotas before drawing a panel."
NO_SUPPORT_FOR_SEED = "A transparent draw is picked with a public random number, not a seed."
PUBLIC_NUMBER_NEEDED = "Enter the public random number (for example the dice total)."
NOT_READY = "This draw is not ready: it is {status}."
ALREADY_DRAWN = "A panel has already been drawn for this assembly; draw replacements instead."
NOT_PUBLISHABLE = "Only a drawn panel, or a transparent lottery before its draw, can be published."
TOKEN_INVALID = "This invitation link is not valid or has already been used."  # noqa: S105
NOT_FREED = "Only a member who declined or withdrew can be replaced."
ALREADY_REPLACED = "A replacement has already been drawn for this member."
ADDRESS_COLUMNS = "The address list needs an {column!r} column."
SAMPLE_TOO_BIG = "The list has {available} distinct addresses; you asked for {count}."

PREFER_NOT_TO_SAY = "Prefer not to say"


class AssemblyError(Exception):
    """An action on an assembly cannot be done; the message says why."""


class InvitationCodeError(AssemblyError):
    pass


class PoolImportRejected(AssemblyError):
    def __init__(self, problems: list[RowProblem]):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


# --- volunteers ------------------------------------------------------------------


def household_key(address: str, postcode: str) -> str:
    """A normalised key so that one address written two ways is one household."""
    words = re.sub(r"[^a-z0-9 ]", " ", address.casefold()).split()
    code = re.sub(r"\s", "", postcode.upper())
    return f"{' '.join(words)}|{code}" if (words or code) else ""


def invitation_code_check(*, assembly: AssemblyPage, code: str) -> InvitationCode:
    """The unused code, or :class:`InvitationCodeError` saying what is wrong."""
    code = re.sub(r"[\s-]", "", code or "").upper()
    if not code:
        raise InvitationCodeError(CODE_REQUIRED)
    found = InvitationCode.objects.filter(assembly=assembly, code=code).first()
    if found is None:
        raise InvitationCodeError(CODE_UNKNOWN)
    if found.used_at is not None:
        raise InvitationCodeError(CODE_USED)
    return found


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


# --- categories and quotas -----------------------------------------------------------


@transaction.atomic
def category_create(
    *, assembly: AssemblyPage, name: str, values: list[str], question: str = "", special=False
) -> SelectionCategory:
    """Add a category with its values and an explicit "Prefer not to say" value."""
    order = assembly.selection_categories.count()
    category = SelectionCategory.objects.create(
        assembly=assembly, name=name, question=question, special_category=special, sort_order=order
    )
    names = [v for v in dict.fromkeys(v.strip() for v in values) if v]
    if not any(_is_prefer_not(v) for v in names):
        names.append(PREFER_NOT_TO_SAY)
    k = assembly.panel_size
    for i, value in enumerate(names):
        pnts = _is_prefer_not(value)
        CategoryValue.objects.create(
            category=category,
            value=value,
            sort_order=i,
            prefer_not_to_say=pnts,
            min_quota=0,
            max_quota=k,
        )
    return category


def _is_prefer_not(value: str) -> bool:
    return value.strip().casefold() in {"prefer not to say", "prefer not to say.", "pnts"}


@dataclass(frozen=True)
class ProposedQuota:
    value: CategoryValue
    min: int
    max: int
    expected: float


def quotas_propose(*, assembly: AssemblyPage, panel_size: int | None = None) -> list[ProposedQuota]:
    """Quotas from target shares: floor and ceiling of share × panel size.

    Shares are normalised within each category over the values that have one;
    values without a share ("prefer not to say") get 0 to the panel size.
    """
    k = panel_size or assembly.panel_size
    proposals = []
    for category in assembly.selection_categories.prefetch_related("values"):
        values = list(category.values.all())
        total = sum(float(v.target_share) for v in values if v.target_share is not None)
        for v in values:
            if v.target_share is None or total <= 0:
                proposals.append(ProposedQuota(v, 0, k, math.nan))
                continue
            expected = float(v.target_share) / total * k
            low, high = math.floor(expected + 1e-9), math.ceil(expected - 1e-9)
            proposals.append(ProposedQuota(v, low, high, expected))
    return proposals


@transaction.atomic
def quotas_apply(*, proposals: list[ProposedQuota]) -> None:
    for p in proposals:
        CategoryValue.objects.filter(pk=p.value.pk).update(min_quota=p.min, max_quota=p.max)


@transaction.atomic
def quota_update(
    *, value: CategoryValue, min_quota: int, max_quota: int, target_share: Decimal | None
) -> None:
    value.min_quota, value.max_quota, value.target_share = min_quota, max_quota, target_share
    value.save(update_fields=["min_quota", "max_quota", "target_share"])


# --- pool import -------------------------------------------------------------------


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
        frame = pd.read_csv(io.StringIO(people_csv), dtype=str, keep_default_na=False)
    except (ValueError, pd.errors.ParserError):
        return preview
    frame.columns = [str(c).strip() for c in frame.columns]
    if id_column not in frame.columns:
        return preview
    existing_ids = set(assembly.volunteers.values_list("pool_id", flat=True))
    existing_emails = {
        e.casefold() for e in assembly.volunteers.exclude(email="").values_list("email", flat=True)
    }
    first_email: dict[str, int] = {}
    for index, row in enumerate(frame.to_dict("records")):
        line, pid = index + 2, str(row[id_column]).strip()
        if pid in existing_ids:
            problems.append(RowProblem("people", line, ID_IN_POOL.format(id=pid)))
        contact = {}
        for name, columns in CONTACT_COLUMNS.items():
            column = next((c for c in columns if c in frame.columns), None)
            contact[name] = str(row[column]).strip() if column else ""
        contact["address"] = ", ".join(str(row[c]).strip() for c in address_columns)
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


# --- draws ----------------------------------------------------------------------------


def _digest(data) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


def pool_snapshot(assembly: AssemblyPage) -> tuple[dict, list[dict]]:
    """The pool and quotas as plain data: pseudonymous ids, values, hashed households."""
    categories = list(assembly.selection_categories.prefetch_related("values"))
    quotas = [
        {"feature": c.name, "value": v.value, "min": v.min_quota, "max": v.max_quota}
        for c in categories
        for v in c.values.all()
    ]
    names = {c.pk: c.name for c in categories}
    people: dict[str, dict[str, str]] = {}
    households: dict[str, str] = {}
    volunteers = assembly.volunteers.filter(anonymised_at__isnull=True).prefetch_related(
        "answers__value"
    )
    for v in volunteers:
        features = {names[a.category_id]: a.value.value for a in v.answers.all()}
        if len(features) != len(names):
            continue  # did not answer every category: cannot be placed against the quotas
        people[v.pool_id] = features
        if assembly.one_per_household and v.household_key:
            households[v.pool_id] = hashlib.sha256(v.household_key.encode()).hexdigest()[:16]
    return {"people": people, "households": households}, quotas


def snapshot_inputs(draw: Draw):
    """People, quotas and households of a draw, as the selection package takes them."""
    people = [selection.Person(pid, f) for pid, f in sorted(draw.pool_snapshot["people"].items())]
    quotas = [selection.Quota(**q) for q in draw.quotas]
    return people, quotas, draw.pool_snapshot.get("households") or None


def library_versions() -> dict[str, str]:
    found = {"python": platform.python_version()}
    for package in ("highspy", "numpy", "django"):
        try:
            found[package] = version(package)
        except PackageNotFoundError:
            found[package] = "unknown"
    return found


@transaction.atomic
def draw_prepare(
    *,
    assembly: AssemblyPage,
    algorithm: str = "leximin",
    transparent: bool = False,
    m: int = 1000,
    user=None,
) -> Draw:
    """Check the quotas can be met, then find the lottery in a background job.

    Raises :class:`AssemblyError` naming the smallest quota changes when no panel
    can meet the quotas, so the organiser learns it before any draw.
    """
    if algorithm not in selection.ALGORITHMS:
        choices = ", ".join(selection.ALGORITHMS)
        raise AssemblyError(f"Unknown algorithm {algorithm!r}; choose one of {choices}.")
    snapshot, quotas = pool_snapshot(assembly)
    if not quotas:
        raise AssemblyError(NO_CATEGORIES)
    people = [selection.Person(pid, f) for pid, f in sorted(snapshot["people"].items())]
    qs = [selection.Quota(**q) for q in quotas]
    try:
        pool = selection.compress(people, qs, assembly.panel_size, snapshot["households"] or None)
        selection.check_feasible(pool)
    except selection.SelectionError as exc:
        raise AssemblyError(str(exc)) from exc
    draw = Draw.objects.create(
        assembly=assembly,
        algorithm=algorithm,
        transparent=transparent,
        transparent_m=m,
        panel_size=assembly.panel_size,
        parameters={
            "household_rule": assembly.one_per_household,
            "pool_size": len(people),
            "left_out": assembly.volunteers.filter(anonymised_at__isnull=True).count()
            - len(people),
            **({"m": m} if transparent else {}),
        },
        versions=library_versions(),
        pool_snapshot=snapshot,
        quotas=quotas,
        pool_hash=_digest(snapshot),
        quotas_hash=_digest({"panel_size": assembly.panel_size, "quotas": quotas}),
        created_by=user if user is not None and user.is_authenticated else None,
    )
    draw.job = job_start(
        kind="assembly.draw_prepare",
        title=f"Find the fairest lottery for {assembly.title}",
        params={"draw_id": draw.pk},
        user=user,
    )
    draw.save(update_fields=["job"])
    return draw


def draw_prepare_run(job: Job, progress) -> dict:
    draw = Draw.objects.get(pk=job.params["draw_id"])
    people, quotas, households = snapshot_inputs(draw)
    try:
        distribution = selection.find_distribution(
            people,
            quotas,
            draw.panel_size,
            algorithm=draw.algorithm,
            households=households,
            progress=lambda fraction, message: progress(round(fraction * 100), 100, message),
        )
    except Exception as exc:
        Draw.objects.filter(pk=draw.pk).update(status=DrawStatus.FAILED, error=str(exc)[:2000])
        raise
    draw.distribution = distribution.to_dict()
    draw.report = probability_report(distribution, people, quotas)
    if draw.transparent:
        lottery = selection.transparent_lottery(distribution, draw.transparent_m)
        draw.lottery_panels = [list(p) for p in lottery.panels]
        draw.lottery_digest = lottery.digest
        draw.report["rounding_deviation"] = lottery.max_deviation
    draw.status = DrawStatus.READY
    draw.save(
        update_fields=["distribution", "report", "lottery_panels", "lottery_digest", "status"]
    )
    return {"draw_id": draw.pk, "min_probability": distribution.min_probability}


def probability_report(distribution, people, quotas) -> dict:
    """Smallest and largest chances, chances by group, and who has the lowest and why."""
    probs = distribution.person_probabilities
    by_value: dict[tuple[str, str], list[float]] = {}
    for person in people:
        for feature, value in person.features.items():
            by_value.setdefault((feature, value), []).append(probs[person.id])
    groups = []
    for q in quotas:
        found = by_value.get((q.feature, q.value), [])
        groups.append(
            {
                "feature": q.feature,
                "value": q.value,
                "pool": len(found),
                "min": q.min,
                "max": q.max,
                "mean": sum(found) / len(found) if found else 0.0,
                "smallest": min(found) if found else 0.0,
            }
        )
    lowest = sorted(people, key=lambda p: (probs[p.id], p.id))[:10]
    reasons = []
    for person in lowest:
        crowded = [
            g
            for g in groups
            if person.features.get(g["feature"]) == g["value"]
            and g["pool"]
            and g["max"] / g["pool"] < distribution.panel_size / max(1, len(people))
        ]
        why = (
            "; ".join(
                f"{g['pool']} volunteers with {g['feature']}={g['value']} share at most "
                f"{g['max']} places"
                for g in crowded
            )
            or "the quotas for their other answers leave little room"
        )
        reasons.append({"id": person.id, "probability": probs[person.id], "why": why})
    values = list(probs.values())
    return {
        "pool_size": len(people),
        "panel_size": distribution.panel_size,
        "min_probability": min(values),
        "max_probability": max(values),
        "equal_share": distribution.panel_size / len(values),
        "gini": selection.gini(values),
        "panels_in_support": len(distribution.panels),
        "groups": groups,
        "lowest": reasons,
    }


@transaction.atomic
def panel_draw(
    *, draw: Draw, seed: int | None = None, public_number: int | None = None, user=None
) -> Draw:
    """Draw the panel from the recorded lottery in a background job and save it."""
    draw = Draw.objects.select_for_update().get(pk=draw.pk)
    if draw.status != DrawStatus.READY:
        raise AssemblyError(NOT_READY.format(status=draw.get_status_display().lower()))
    if Draw.objects.filter(assembly_id=draw.assembly_id, status=DrawStatus.DRAWN).exists():
        raise AssemblyError(ALREADY_DRAWN)
    if draw.transparent:
        if seed is not None:
            raise AssemblyError(NO_SUPPORT_FOR_SEED)
        if public_number is None:
            raise AssemblyError(PUBLIC_NUMBER_NEEDED)
        draw.public_number = public_number
    else:
        draw.seed = seed if seed is not None else secrets.randbelow(2**31)
    draw.status = DrawStatus.DRAWING
    draw.job = job_start(
        kind="assembly.panel_draw",
        title=f"Draw the panel for {draw.assembly.title}",
        params={"draw_id": draw.pk},
        user=user,
    )
    draw.save(update_fields=["seed", "public_number", "status", "job"])
    return draw


def panel_draw_run(job: Job, progress) -> dict:
    progress(0, 1, "Drawing the panel")
    with transaction.atomic():
        draw = Draw.objects.select_for_update().get(pk=job.params["draw_id"])
        if draw.transparent:
            panel = tuple(draw.lottery_panels[draw.public_number % len(draw.lottery_panels)])
        else:
            distribution = selection.Distribution.from_dict(draw.distribution)
            panel = selection.draw_panel(distribution, draw.seed)
        volunteers = Volunteer.objects.filter(assembly_id=draw.assembly_id, pool_id__in=panel)
        PanelMember.objects.bulk_create(
            PanelMember(assembly_id=draw.assembly_id, draw=draw, volunteer=v) for v in volunteers
        )
        draw.panel = sorted(panel)
        draw.status = DrawStatus.DRAWN
        draw.drawn_at = timezone.now()
        draw.save(update_fields=["panel", "status", "drawn_at"])
        AssemblyPage.objects.filter(pk=draw.assembly_id).update(status=AssemblyStatus.SELECTING)
    progress(1, 1, "Panel drawn")
    return {"draw_id": draw.pk, "panel": list(panel)}


def draw_publish(*, draw: Draw, user=None) -> Draw:
    """Show the draw record on the public page (a transparent lottery may go before its draw)."""
    if not (
        draw.status == DrawStatus.DRAWN or (draw.transparent and draw.status == DrawStatus.READY)
    ):
        raise AssemblyError(NOT_PUBLISHABLE)
    draw.published_at = timezone.now()
    draw.save(update_fields=["published_at"])
    return draw


@dataclass(frozen=True)
class DrawCheck:
    panel_ok: bool
    hash_ok: bool
    probabilities_checked: bool
    mismatches: list[tuple[str, float, float]]
    notes: list[str]

    @property
    def ok(self) -> bool:
        return self.panel_ok and self.hash_ok and not self.mismatches


def draw_verify(*, draw: Draw, resolve: bool = True, tol: float = 1e-6) -> DrawCheck:
    """Re-derive the panel from the record, and re-solve to check every probability."""
    notes = []
    distribution = selection.Distribution.from_dict(draw.distribution)
    if draw.transparent:
        lottery = selection.transparent_lottery(distribution, draw.transparent_m)
        panels = tuple(tuple(p) for p in draw.lottery_panels)
        panel_ok = lottery.panels == panels and selection.verify_transparent(
            panels, draw.lottery_digest, draw.public_number, tuple(draw.panel)
        )
    else:
        panel_ok = selection.verify_draw(distribution, draw.seed, draw.panel)
    hash_ok = not draw.pool_snapshot or _digest(draw.pool_snapshot) == draw.pool_hash
    mismatches: list[tuple[str, float, float]] = []
    checked = False
    implied = selection.recorded_marginals(distribution)
    mismatches += [
        (pid, p, implied.get(pid, math.nan))
        for pid, p in distribution.person_probabilities.items()
        if not abs(p - implied.get(pid, math.nan)) <= tol
    ]
    if resolve and not draw.pool_snapshot:
        notes.append("The pool was anonymised after its retention date, so it cannot be re-solved.")
    elif resolve and draw.algorithm != "leximin":
        notes.append(
            f"Only LEXIMIN's probabilities are unique; {draw.algorithm} was checked against "
            "its recorded panels only."
        )
    elif resolve:
        people, quotas, households = snapshot_inputs(draw)
        mismatches += selection.verify_probabilities(
            distribution, people, quotas, households=households, tol=tol
        )
        checked = True
    return DrawCheck(panel_ok, hash_ok, checked, mismatches, notes)


# --- the panel ---------------------------------------------------------------------


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
    from accounts.models import User

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
def meeting_session_create(*, meeting: Meeting, open_now: bool = True):
    """A live session for the meeting, on the assembly's page, so its members can join."""
    from deliberation.services import live_session_create

    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.live_session_id is not None:
        raise AssemblyError(SESSION_EXISTS)
    session = live_session_create(
        title=f"{meeting.assembly.title}: {meeting.title}",
        open_now=open_now,
        page=meeting.assembly,
    )
    meeting.live_session = session
    meeting.save(update_fields=["live_session"])
    return session


@transaction.atomic
def attendance_record(*, meeting: Meeting, attended: set[int]) -> None:
    """Record who came: ``attended`` holds panel member ids; everyone else is absent."""
    members = PanelMember.objects.filter(assembly_id=meeting.assembly_id)
    for member in members:
        Attendance.objects.update_or_create(
            meeting=meeting, member=member, defaults={"attended": member.pk in attended}
        )


# --- civic lottery invitations ---------------------------------------------------------


def address_list_read(text: str) -> tuple[list[tuple[str, str]], list[RowProblem]]:
    """Distinct ``(address, postcode)`` pairs from a CSV with those columns."""
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except (ValueError, pd.errors.ParserError) as exc:
        return [], [RowProblem("address", 1, f"The file cannot be read as CSV: {exc}.")]
    frame.columns = [str(c).strip().casefold() for c in frame.columns]
    missing = [c for c in ("address", "postcode") if c not in frame.columns]
    if missing:
        return [], [RowProblem("address", 1, ADDRESS_COLUMNS.format(column=c)) for c in missing]
    rows, seen, problems = [], set(), []
    for index, row in enumerate(frame.to_dict("records")):
        address, postcode = row["address"].strip(), row["postcode"].strip()
        if not address:
            problems.append(RowProblem("address", index + 2, "The address cell is empty."))
            continue
        key = household_key(address, postcode)
        if key not in seen:
            seen.add(key)
            rows.append((address, postcode))
    return rows, problems


@transaction.atomic
def invitations_sample(
    *, assembly: AssemblyPage, addresses: list[tuple[str, str]], count: int, seed: int
) -> list[InvitationCode]:
    """Draw ``count`` households from the list with ``seed`` and give each a code."""
    if count > len(addresses):
        raise AssemblyError(SAMPLE_TOO_BIG.format(available=len(addresses), count=count))
    chosen = random.Random(seed).sample(range(len(addresses)), count)
    codes = []
    for index in sorted(chosen):
        address, postcode = addresses[index]
        while True:
            invitation = InvitationCode(
                assembly=assembly, address=address, postcode=postcode, seed=seed
            )
            if not InvitationCode.objects.filter(code=invitation.code).exists():
                break
        invitation.save()
        codes.append(invitation)
    return codes


# --- retention -------------------------------------------------------------------------


def retention_due_at(assembly: AssemblyPage) -> datetime | None:
    if assembly.retention_date is None:
        return None
    day_after = assembly.retention_date + timedelta(days=1)
    return timezone.make_aware(datetime.combine(day_after, time.min))


def pool_retention_schedule(*, assembly: AssemblyPage, user=None) -> Job | None:
    """Queue the dated job that anonymises the pool the day after the retention date."""
    Job.objects.filter(
        kind="assembly.pool_retention",
        status=JobStatus.QUEUED,
        params__assembly_id=assembly.pk,
    ).update(status=JobStatus.CANCELLED, finished_at=timezone.now())
    due = retention_due_at(assembly)
    if due is None:
        return None
    return job_start(
        kind="assembly.pool_retention",
        title=f"Anonymise the pool of {assembly.title}",
        params={"assembly_id": assembly.pk},
        user=user,
        run_after=due,
    )


def pool_retention_run(job: Job, progress) -> dict:
    assembly = AssemblyPage.objects.get(pk=job.params["assembly_id"])
    due = retention_due_at(assembly)
    now = job.started_at or timezone.now()
    if due is None or now < due:
        return {"skipped": "the retention date has changed"}
    return {"anonymised": pool_retention_apply(assembly=assembly, now=now)}


@transaction.atomic
def pool_retention_apply(*, assembly: AssemblyPage, now: datetime | None = None) -> int:
    """Delete contact details, answers and access needs; keep pseudonymous ids and results."""
    now = now or timezone.now()
    volunteers = assembly.volunteers.filter(anonymised_at__isnull=True)
    count = volunteers.count()
    Answer.objects.filter(volunteer__assembly=assembly).delete()
    volunteers.update(
        full_name="",
        email="",
        phone="",
        address="",
        postcode="",
        household_key="",
        user=None,
        anonymised_at=now,
    )
    PanelMember.objects.filter(assembly=assembly).update(access_needs="")
    InvitationCode.objects.filter(assembly=assembly).update(address="", postcode="")
    Draw.objects.filter(assembly=assembly).update(pool_snapshot={})
    PoolUpload.objects.filter(assembly=assembly).delete()
    access_log_record(
        user=None,
        action=AccessAction.DELETE,
        what="volunteer pool anonymised after its retention date",
        target=assembly,
        record_count=count,
    )
    return count

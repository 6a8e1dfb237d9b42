"""The civic lottery: households drawn from an address list, and their codes."""

from __future__ import annotations

import random
import re

from django.db import transaction

from assembly.models import (
    AssemblyPage,
    InvitationCode,
)
from assembly.pool_csv import RowProblem
from assembly.services.errors import (
    ADDRESS_COLUMNS,
    CODE_REQUIRED,
    CODE_UNKNOWN,
    CODE_USED,
    SAMPLE_TOO_BIG,
    AssemblyError,
    InvitationCodeError,
)
from common import csvtext


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


def address_list_read(text: str) -> tuple[list[tuple[str, str]], list[RowProblem]]:
    """Distinct ``(address, postcode)`` pairs from a CSV with those columns."""
    try:
        table = csvtext.read_table(text)
    except csvtext.CsvTextError as exc:
        return [], [RowProblem("address", 1, f"The file cannot be read as CSV: {exc}")]
    columns = [c.casefold() for c in table.header]
    missing = [c for c in ("address", "postcode") if c not in columns]
    if missing:
        return [], [RowProblem("address", 1, ADDRESS_COLUMNS.format(column=c)) for c in missing]
    rows, seen, problems = [], set(), []
    for index, cells in enumerate(table.rows):
        row = dict(zip(columns, cells, strict=True))
        address, postcode = row["address"], row["postcode"]
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

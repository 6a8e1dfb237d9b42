"""Everything the platform keeps about a person: download it, or erase it with the account.

``accounts`` sits below the apps and may not import them, so each app describes its own
share in a ``<app>/personal_data.py`` module that calls :func:`register` when imported.
Those modules are found the first time they are needed (as the jobs app finds ``jobs.py``
modules), so a new app's data joins the download and the deletion without touching
accounts.

A section's ``export(user)`` returns ``{table name: [row, ...]}``, each row a flat dict of
JSON-able values (dates are allowed). Its ``erase(erasure)`` deletes or anonymises what the
person's account is linked to, at once, and returns ``{what: count}``; sections erase in
``erase_order`` (derived data such as theme quotes before the answers they quote).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field

from allauth.mfa.models import Authenticator
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from accounts.access_log_data import access_log_export, download_log, erasure_log
from accounts.selectors import user_roles

ExportFn = Callable[..., dict[str, list[dict]]]


@dataclass
class Erasure:
    """One account deletion: who, what the person chose, and what each section did."""

    user: object
    delete_responses: bool = False
    delete_statements: bool = False
    now: dt.datetime = field(default_factory=timezone.now)
    done: dict[str, dict[str, int]] = field(default_factory=dict)


EraseFn = Callable[[Erasure], dict[str, int]]


@dataclass(frozen=True)
class Section:
    name: str
    export: ExportFn
    erase: EraseFn | None
    erase_order: int


_SECTIONS: dict[str, Section] = {}
_CSV_CELL: list[Callable] = []
_discovered = False


def register(
    name: str, *, export: ExportFn, erase: EraseFn | None = None, erase_order: int = 100
) -> None:
    """Add (or replace, on re-import) the section ``name``."""
    _SECTIONS[name] = Section(name, export, erase, erase_order)


def register_csv_cell(func: Callable) -> None:
    """Set the function that makes one CSV cell safe to open in a spreadsheet.

    The project's formula neutraliser lives with the consultations exports, which accounts
    may not import; the consultations section hands it over here instead.
    """
    _CSV_CELL[:] = [func]


def sections() -> list[Section]:
    global _discovered
    if not _discovered:
        autodiscover_modules("personal_data")
        _discovered = True
    return sorted(_SECTIONS.values(), key=lambda s: s.name)


def personal_data_collect(*, user) -> dict[str, list[dict]]:
    """Every table of the person's data, by name, in section order."""
    tables: dict[str, list[dict]] = {}
    for section in sections():
        for name, rows in section.export(user).items():
            if name in tables:
                raise ImproperlyConfigured(f"Two personal data sections export {name!r}.")
            tables[name] = rows
    return tables


def _json_default(value):
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return str(value)


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dict | list):
        return json.dumps(value, default=_json_default, ensure_ascii=False)
    return value


def _csv_text(rows: list[dict], cell: Callable) -> str:
    header: list[str] = []
    for row in rows:
        header += [key for key in row if key not in header]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([cell(h) for h in header])
    for row in rows:
        writer.writerow([cell(_csv_value(row.get(h))) for h in header])
    # A byte-order mark so that spreadsheets read the file as UTF-8.
    return "\ufeff" + out.getvalue()


README = """Your data from the residents' assembly and co-production platform, {when}.

my-data.json holds everything. Each CSV file holds one table of it, for spreadsheets:
{files}
Cells that a spreadsheet would run as a formula start with an apostrophe (').
"""


def personal_data_zip(*, user, tables: dict[str, list[dict]] | None = None) -> bytes:
    """A zip of ``my-data.json`` (every table) and one CSV per table."""
    if not _CSV_CELL:
        sections()
    if not _CSV_CELL:
        raise ImproperlyConfigured("No spreadsheet-safe CSV cell function is registered.")
    cell = _CSV_CELL[0]
    tables = personal_data_collect(user=user) if tables is None else tables
    when = timezone.localtime()
    document = {"exported_at": when, **tables}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "my-data.json",
            json.dumps(document, indent=2, default=_json_default, ensure_ascii=False),
        )
        for name, rows in tables.items():
            archive.writestr(f"{name}.csv", _csv_text(rows, cell))
        files = "".join(f"- {name}.csv: {len(rows)} rows\n" for name, rows in tables.items())
        archive.writestr("README.txt", README.format(when=f"{when:%d %B %Y %H:%M}", files=files))
    download_log(user=user, tables=tables)
    return buffer.getvalue()


@transaction.atomic
def personal_data_erase(
    *, user, delete_responses: bool = False, delete_statements: bool = False
) -> Erasure:
    """Erase what every section holds about ``user``, then the account, all or nothing."""
    erasure = Erasure(
        user=user, delete_responses=delete_responses, delete_statements=delete_statements
    )
    for section in sorted(sections(), key=lambda s: (s.erase_order, s.name)):
        if section.erase is not None:
            erasure.done[section.name] = section.erase(erasure)
    erasure_log(erasure)
    user.delete()
    return erasure


def _account_export(user) -> dict[str, list[dict]]:
    return {
        "account": [
            {
                "email": user.email,
                "display_name": user.display_name,
                "date_joined": user.date_joined,
                "last_login": user.last_login,
            }
        ],
        "email_addresses": list(
            user.emailaddress_set.values("email", "verified", "primary").order_by("email")
        ),
        # What kind of second factor, and when; never the secret or the codes.
        "two_factor": [
            {"kind": a.get_type_display(), "added_at": a.created_at, "last_used_at": a.last_used_at}
            for a in Authenticator.objects.filter(user=user).order_by("created_at", "pk")
        ],
        "roles": [
            {"role": held.label, "applies_to": "; ".join(str(t) for t in held.targets)}
            for held in user_roles(user)
        ],
    }


register("account", export=_account_export)
# The log's own entries are never erased: it is append-only, and the account link is
# cleared by the database (SET_NULL) when the account goes.
register("audit", export=access_log_export)

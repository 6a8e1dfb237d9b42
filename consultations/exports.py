"""Exports of a consultation's responses (CSV, XLSX), streamed or written by a job.

The suppressed results tables are ``summary_export``.

Responses are read in chunks (``.iterator``) and merged with their answers in one pass,
so an export of 100,000 responses never holds them all in memory. Every text cell goes
through :func:`common.spreadsheet_safety.neutralise`.
"""

from __future__ import annotations

import csv
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from common.spreadsheet_safety import neutralise_row
from consultations.budget import budget_exercise
from consultations.export_retention import exports_cleanup_schedule, retention
from consultations.models import Answer, Channel, ConsultationPage
from consultations.selectors import submitted

CHUNK = 2000
RESPONSE_FORMATS = ("csv", "xlsx")
SUMMARY_FORMATS = ("summary-csv", "summary-xlsx", "budget-csv")
FIXED = ["Response", "Submitted", "Channel", "Entered by"]
ROUND_HEADER = "Round"
REVENUE_PART, BAND_PART = "_revenue", "_band"
CHANNELS = dict(Channel.choices)


@dataclass(frozen=True)
class Column:
    header: str
    spec: object
    part: str = ""  # "" the answer, "other" the "other, please say" text, else a matrix row


def response_columns(specs, *, demographics: bool) -> list[Column]:
    """One column per question; matrix rows and "other" texts get their own."""
    columns = []
    for spec in specs:
        if spec.is_demographic and not demographics:
            continue
        if spec.kind == "matrix":
            columns += [Column(f"{spec.label}: {row}", spec, row) for row in spec.rows]
            continue
        if spec.kind == "budget":
            columns += budget_columns(spec)
            continue
        columns.append(Column(spec.label, spec))
        if spec.allow_other:
            columns.append(Column(f"{spec.label} (other)", spec, "other"))
    return columns


def budget_columns(spec) -> list[Column]:
    """A budget's columns: one per line (amounts in the exercise's unit), then its revenue."""
    exercise = budget_exercise(spec)
    unit = f" ({exercise.unit})" if exercise.unit else ""
    columns = [
        Column(f"{spec.label}: {line.name}{unit}", spec, line.reference) for line in exercise.lines
    ]
    if exercise.revenue is not None:
        columns.append(Column(f"{spec.label}: {exercise.revenue.label} (%)", spec, REVENUE_PART))
        columns.append(Column(f"{spec.label}: council tax band", spec, BAND_PART))
    return columns


def budget_amount(spec, value: str):
    """A stored amount (an int in smallest units) in the exercise's unit, exactly."""
    try:
        amount = Decimal(int(value))
    except (ValueError, InvalidOperation):
        return value
    return amount.scaleb(-budget_exercise(spec).decimals)


def _decimal(value: str):
    try:
        return Decimal(value)
    except InvalidOperation:
        return value


def _number(value: float | None):
    if value is None:
        return ""
    return int(value) if float(value).is_integer() else value


def _cell(column: Column, answers: list[tuple[str, float | None, str]]):
    spec, part = column.spec, column.part
    if part:
        found = next((v for v, _, row in answers if row == part), "")
        if spec.kind == "budget" and found and part != BAND_PART:
            # Numbers, not text: a revenue cut such as -1.5 stays a number, not a formula.
            return _decimal(found) if part == REVENUE_PART else budget_amount(spec, found)
        return found
    main = [(v, n) for v, n, row in answers if row != "other"]
    if not main:
        return ""
    if spec.kind == "ranking":
        return "; ".join(f"{int(n)}. {v}" for v, n in sorted(main, key=lambda a: a[1] or 0))
    if spec.kind in ("number", "scale") and main[0][1] is not None:
        return _number(main[0][1])
    return "; ".join(v for v, _ in main)


def when_cell(value, *, naive: bool):
    """A date and time as a cell: naive for a workbook, ISO 8601 with its offset for CSV."""
    if value is None:
        return ""
    local = timezone.localtime(value)
    return (
        local.replace(tzinfo=None, microsecond=0) if naive else local.isoformat(timespec="seconds")
    )


def response_rows(
    page: ConsultationPage, columns: list[Column], *, naive_dates=False, progress=None
) -> Iterator[list]:
    """Yield one row per submitted response, in id order, reading both tables in chunks."""
    ids = {c.spec.id for c in columns}
    responses = (
        submitted(page)
        .order_by("pk")
        .values_list("pk", "submitted_at", "channel", "entered_by__email", "round")
        .iterator(chunk_size=CHUNK)
    )
    answers = (
        Answer.objects.filter(page=page, response__status="submitted", question_id__in=ids)
        .order_by("response_id", "pk")
        .values_list("response_id", "question_id", "value", "number", "row")
        .iterator(chunk_size=CHUNK * 10)
    )
    pending = next(answers, None)
    rounds = dict(page.round_choices)
    for done, (pk, at, channel, entered_by, round_) in enumerate(responses, start=1):
        mine: dict[str, list] = {}
        while pending is not None and pending[0] <= pk:
            if pending[0] == pk:
                mine.setdefault(pending[1], []).append(pending[2:])
            pending = next(answers, None)
        row = [
            pk,
            when_cell(at, naive=naive_dates),
            CHANNELS.get(channel, channel),
            entered_by or "",
        ]
        if rounds:
            row.append(rounds.get(round_, round_))
        row += [_cell(c, mine.get(c.spec.id, [])) for c in columns]
        yield neutralise_row(row)
        if progress and done % CHUNK == 0:
            progress(done)


class _Echo:
    def write(self, value):
        return value


def csv_lines(header: list, rows) -> Iterator[str]:
    """CSV text, a line at a time, with a byte-order mark so spreadsheets read UTF-8."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(neutralise_row(header))
    for row in rows:
        yield writer.writerow(row)


def fixed_header(page) -> list[str]:
    return FIXED + ([ROUND_HEADER] if page.round_choices else [])


def responses_csv(page, *, demographics: bool) -> Iterator[str]:
    columns = response_columns(page.specs(), demographics=demographics)
    return csv_lines(fixed_header(page) + [c.header for c in columns], response_rows(page, columns))


def xlsx_write(target, sheets: dict[str, tuple[list, object]]) -> None:
    """Write sheets of (header, rows) with openpyxl's streaming (write-only) workbook."""
    # Only workbooks need openpyxl: a CSV export, and every other process, never loads it.
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    for title, (header, rows) in sheets.items():
        sheet = book.create_sheet(title[:31])
        sheet.append(neutralise_row(header))
        for row in rows:
            sheet.append(row)
    book.save(target)


def export_path(name: str) -> Path:
    return Path(settings.MEDIA_ROOT) / "exports" / name


def export_to_file(*, job, progress) -> dict:
    """The ``consultations.export`` job: write a response export and name it in the result."""
    page = ConsultationPage.objects.get(pk=job.params["page_id"])
    fmt = job.params["fmt"]
    demographics = bool(job.params.get("demographics"))
    total = submitted(page).count()
    progress(0, total, "Reading responses")
    columns = response_columns(page.specs(), demographics=demographics)
    header = fixed_header(page) + [c.header for c in columns]

    def step(done):
        progress(done, total, f"{done} of {total} responses written")

    rows = response_rows(page, columns, naive_dates=fmt == "xlsx", progress=step)
    # A secret part in the file name: the job id appears in URLs, the file name never does.
    name = f"{job.pk}-{secrets.token_hex(16)}.{fmt}"
    path = export_path(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".part")
    if fmt == "xlsx":
        with partial.open("wb") as out:
            xlsx_write(out, {"Responses": (header, rows)})
    else:
        with partial.open("w", encoding="utf-8", newline="") as out:
            out.writelines(csv_lines(header, rows))
    partial.replace(path)
    # The file holds personal data: it is deleted when its retention period ends.
    exports_cleanup_schedule(at=timezone.now() + retention())
    progress(total, total, "Ready to download")
    filename = f"{page.slug}-responses-{timezone.localdate():%Y-%m-%d}.{fmt}"
    return {"file": name, "filename": filename, "rows": total, "demographics": demographics}

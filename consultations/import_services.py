"""Checking and saving imported responses: the database side of :mod:`consultations.imports`.

Files up to :data:`BACKGROUND_OVER` rows are checked and saved while the organiser waits;
larger ones are checked, and then saved, by background jobs whose progress the preview
page shows. Either way every row problem is listed before anything is saved, and the
save is all or nothing in one transaction.
"""

from __future__ import annotations

import uuid

from django.db import transaction
from django.utils import timezone

from audit.services import access_log_record
from common.text import text_clean
from consultations import services
from consultations.imports import (
    ERR_ALREADY,
    MAX_PROBLEMS_SHOWN,
    ImportFileError,
    RowProblem,
    file_hash,
    parse_responses,
    problems_to_json,
    read_csv,
    rows_to_json,
)
from consultations.job_kinds import IMPORT_CHECK_KIND, IMPORT_SAVE_KIND
from consultations.models import ImportStatus, ResponseImport
from consultations.questions import answers_from_json
from consultations.results_services import results_refresh_schedule
from jobs.services import job_start

BACKGROUND_OVER = 2000  # rows
KEY_NAMESPACE = uuid.UUID("0b8f5d3e-7c1a-4f2e-9a61-3d2c1b0a9f87")
ERR_REJECTED = "This import has problems or was cancelled."


class ImportRejected(ValueError):
    """The import has problems, or was cancelled; nothing was saved."""


def submission_key(page_id: int, digest: str, row: int) -> uuid.UUID:
    """The same file's row always gets the same key, so it can be saved only once."""
    return uuid.uuid5(KEY_NAMESPACE, f"{page_id}:{digest}:{row}")


def row_estimate(data: bytes) -> int:
    """Rows in a CSV, less the header; quoted line breaks only make it an overestimate."""
    return max(0, data.count(b"\n") + (not data.endswith(b"\n")) - 1)


def response_import_check(*, page, user, file_name: str, data: bytes) -> ResponseImport:
    """Check an uploaded file now, or queue the check for a large one; keep the result."""
    upload = ResponseImport.objects.create(
        page=page,
        uploaded_by=user,
        file_name=text_clean(file_name)[:255],
        file_hash=file_hash(data),
        status=ImportStatus.CHECKING,
    )
    if row_estimate(data) <= BACKGROUND_OVER:
        return _check(upload, data)
    upload.data = data
    upload.job = job_start(
        kind=IMPORT_CHECK_KIND,
        title=f"Check {upload.file_name} for {page.title}",
        params={"import_id": upload.pk},
        user=user,
    )
    upload.save(update_fields=["data", "job"])
    return upload


def response_import_check_run(*, import_id: int, progress) -> dict:
    """The background check of a large file (the ``consultations.import_check`` job)."""
    upload = ResponseImport.objects.get(pk=import_id, status=ImportStatus.CHECKING)
    upload = _check(upload, bytes(upload.data), progress=progress)
    return {"import_id": upload.pk, "rows": len(upload.rows), "problems": upload.problem_count}


def _check(upload: ResponseImport, data: bytes, progress=None) -> ResponseImport:
    page = upload.page.specific
    problems, rows = [], []
    try:
        frame = read_csv(data)
    except ImportFileError as exc:
        problems = [RowProblem(0, "", str(exc))]
    else:

        def step(done, total):
            if progress is not None:
                progress(done, total, f"{done:,} of {total:,} rows checked")

        preview = parse_responses(page.specs(), frame, online_allowed=page.is_open, progress=step)
        problems, rows = preview.problems, preview.rows
    done = ResponseImport.objects.filter(
        page=page, file_hash=upload.file_hash, status=ImportStatus.IMPORTED
    ).first()
    if done:
        when = done.imported_at.strftime("%-d %B %Y at %H:%M")
        problems = [RowProblem(0, "", ERR_ALREADY.format(when=when)), *problems]
    upload.rows = rows_to_json(rows)
    # Stored and shown: the first problems, and how many there are in all.
    upload.problems = problems_to_json(problems[:MAX_PROBLEMS_SHOWN])
    upload.problem_count = len(problems)
    upload.status = ImportStatus.PREVIEW
    upload.data = b""
    upload.save(update_fields=["rows", "problems", "problem_count", "status", "data"])
    return upload


def response_import_save_start(*, response_import: ResponseImport, user) -> ResponseImport:
    """Save a checked import now, or hand a large one to a background job.

    Raises :class:`ImportRejected` (or ``services.SubmissionRejected``) when saving now fails.
    """
    upload = response_import
    if len(upload.rows) <= BACKGROUND_OVER:
        response_import_confirm(response_import=upload, user=user)
        return upload
    with transaction.atomic():
        upload = ResponseImport.objects.select_for_update().get(pk=upload.pk)
        if upload.job is not None and not upload.job.is_finished:
            return upload  # a save already under way (a double click)
        if upload.status != ImportStatus.PREVIEW or upload.problems:
            raise ImportRejected(ERR_REJECTED)
        upload.job = job_start(
            kind=IMPORT_SAVE_KIND,
            title=f"Import {len(upload.rows):,} responses from {upload.file_name}",
            params={"import_id": upload.pk, "user_id": user.pk},
            user=user,
        )
        upload.save(update_fields=["job"])
    return upload


def response_import_save_run(*, job, progress) -> dict:
    """The background save (``consultations.import_save``): all rows or none."""
    upload = ResponseImport.objects.get(pk=job.params["import_id"])
    total = len(upload.rows)
    # Nothing is visible outside the transaction until it commits, progress included.
    progress(0, total, f"Saving {total:,} responses, all or none")
    try:
        saved = response_import_confirm(response_import=upload, user=job.created_by)
    except (ImportRejected, services.SubmissionRejected) as exc:
        return {"import_id": upload.pk, "saved": 0, "error": str(exc)}
    progress(total, total, f"{total:,} responses saved")
    return {"import_id": upload.pk, "saved": saved}


def response_import_confirm(*, response_import, user) -> int:
    """Save every row of a clean import as a response, all or nothing; repeat-safe."""
    with transaction.atomic():
        upload = ResponseImport.objects.select_for_update().get(pk=response_import.pk)
        if upload.status == ImportStatus.IMPORTED:
            return 0
        if upload.status != ImportStatus.PREVIEW or upload.problems or not upload.rows:
            raise ImportRejected(ERR_REJECTED)
        page = upload.page.specific
        specs = page.specs()
        page.specs = lambda: specs  # parse the questions once, not once per row
        for row in upload.rows:
            # Looked up on the module at call time, so a test can make one row fail.
            services.response_submit(
                page=page,
                user=None,
                answers=answers_from_json(row["answers"]),
                submission_key=submission_key(page.pk, upload.file_hash, row["row"]),
                channel=row["channel"],
                entered_by=user,
                publish_consent=row["publish"],
                results_refresh=False,
            )
        results_refresh_schedule(page)  # once for the whole file
        upload.status = ImportStatus.IMPORTED
        upload.imported_count = len(upload.rows)
        upload.imported_at = timezone.now()
        upload.save(update_fields=["status", "imported_count", "imported_at"])
        access_log_record(
            user=user,
            action="import",
            what="consultation responses from CSV",
            target=page,
            record_count=upload.imported_count,
            detail={"file": upload.file_name, "sha256": upload.file_hash, "import": upload.pk},
        )
    return upload.imported_count

"""Export views: stream small CSVs, hand large ones and workbooks to a background job.

Response exports (organisers, ``consultations.export_responses``) carry demographic
answers, so each one is written to the access log when its data leaves the server.
Aggregate exports (``consultations.export_aggregates``) are the suppressed results tables.
"""

import io

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone

from accounts.gates import permission_gate, signed_in_gate
from audit.models import AccessAction
from audit.services import access_log_request_record
from consultations import export_retention, exports
from consultations.job_kinds import EXPORT_KIND
from consultations.selectors import submitted
from consultations.summary_export import budget_table, summary_table
from jobs.models import Job, JobStatus
from jobs.services import job_start

BACKGROUND_OVER = 5000
POLL_SECONDS = 2
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _permission(fmt: str) -> str:
    if fmt in exports.RESPONSE_FORMATS:
        return "consultations.export_responses"
    if fmt in exports.SUMMARY_FORMATS:
        return "consultations.export_aggregates"
    raise Http404


def _refuse_unless_allowed(request, page, fmt):
    return permission_gate(request, _permission(fmt), page)


def _demographics(request, page) -> bool:
    return request.user.has_perm("consultations.export_responses", page)


def _attachment(response, filename):
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def _log_demographics_export(request, page, fmt, count, demographics):
    if demographics:
        access_log_request_record(
            request,
            action=AccessAction.EXPORT,
            what=f"Consultation responses ({fmt.upper()})",
            target=page,
            record_count=count,
        )


def export(request, page, fmt):
    refused = _refuse_unless_allowed(request, page, fmt)
    if refused:
        return refused
    stem = f"{page.slug}-{timezone.localdate():%Y-%m-%d}"
    if fmt in exports.SUMMARY_FORMATS:
        table = summary_table(page)
        if table is None:  # the first figures are still being calculated: the page says so
            return redirect(page.url + page.reverse_subpage("results_view"))
    if fmt == "budget-csv":
        header, rows = budget_table(page)
        response = StreamingHttpResponse(exports.csv_lines(header, rows), content_type=CSV_TYPE)
        return _attachment(response, f"{stem}-budget.csv")
    if fmt == "summary-csv":
        header, rows = table
        response = StreamingHttpResponse(exports.csv_lines(header, rows), content_type=CSV_TYPE)
        return _attachment(response, f"{stem}-results.csv")
    if fmt == "summary-xlsx":
        buffer = io.BytesIO()
        sheets = {"Results": table}
        budget = budget_table(page)
        if budget is not None and budget[1]:
            sheets["Budget"] = budget  # the aggregate table of the budget questions
        exports.xlsx_write(buffer, sheets)
        return _attachment(
            HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE), f"{stem}-results.xlsx"
        )
    count = submitted(page).count()
    demographics = _demographics(request, page)
    if fmt == "xlsx" or count > BACKGROUND_OVER:
        return _background(request, page, fmt, count, demographics)
    _log_demographics_export(request, page, fmt, count, demographics)
    lines = exports.responses_csv(page, demographics=demographics)
    return _attachment(StreamingHttpResponse(lines, content_type=CSV_TYPE), f"{stem}-responses.csv")


def _background(request, page, fmt, count, demographics):
    """GET explains and asks; POST starts the job and goes to its progress page."""
    if request.method != "POST":
        return TemplateResponse(
            request,
            "consultations/exports/confirm.html",
            {"page": page, "fmt": fmt, "count": count, "demographics": demographics},
        )
    job = job_start(
        kind=EXPORT_KIND,
        title=f"Responses to {page.title} as {fmt.upper()}",
        params={"page_id": page.pk, "fmt": fmt, "demographics": demographics},
        user=request.user,
    )
    return redirect(page.url + page.reverse_subpage("export_job_view", args=[job.pk]))


def _job_for(request, page, job_id) -> Job:
    job = Job.objects.filter(pk=job_id, kind=EXPORT_KIND, params__page_id=page.pk).first()
    if job is None:
        raise Http404
    refused = _refuse_unless_allowed(request, page, job.params.get("fmt", ""))
    if refused:
        raise PermissionDenied
    return job


def export_job(request, page, job_id):
    """A job's progress (updated in place with JavaScript, a link without), then the download."""
    refused = signed_in_gate(request)
    if refused:
        return refused
    job = _job_for(request, page, job_id)
    return TemplateResponse(
        request,
        "consultations/exports/job.html",
        {
            "page": page,
            "job": job,
            "poll_seconds": None if job.is_finished else POLL_SECONDS,
            "download_url": page.url + page.reverse_subpage("export_download_view", args=[job.pk]),
            "file_deleted": job.status == JobStatus.SUCCEEDED and not _file_of(job),
            "retention_days": export_retention.retention().days,
        },
    )


def _file_of(job):
    """The job's export file, or None once it has been deleted (or was never written)."""
    name = (job.result or {}).get("file", "")
    if job.status != JobStatus.SUCCEEDED or not name or "/" in name:
        return None
    path = exports.export_path(name)
    return path if path.is_file() else None


def download(request, page, job_id):
    refused = signed_in_gate(request)
    if refused:
        return refused
    job = _job_for(request, page, job_id)
    path = _file_of(job)
    if path is None:
        raise Http404
    fmt = job.params["fmt"]
    _log_demographics_export(
        request, page, fmt, job.result.get("rows", 0), job.result.get("demographics", False)
    )
    response = FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=job.result.get("filename", path.name),
        content_type=XLSX_TYPE if fmt == "xlsx" else CSV_TYPE,
    )
    response["Cache-Control"] = "no-store"
    return response

"""Organisers' views for a CSV of responses: upload, blank template, check and import.

The check and the save run through ``import_services`` (in the background for a large
file), under the same checks as keyed-in responses.
"""

import csv

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from consultations import import_cells, import_services, imports
from consultations.models import ImportStatus, ResponseImport
from consultations.services import SubmissionRejected
from consultations.staff_views import staff_only, subpage_url

MSG_IMPORTED = "{n} responses imported from {file}."
MSG_CANCELLED = "Import cancelled; nothing was saved."
POLL_SECONDS = 2
MSG_STALE = "Nothing was saved: {error} Upload the file again to check it against the questions."


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Upload a CSV file",
        help_text="UTF-8 CSV, up to 5 MB and 10,000 rows.",
        error_messages={"required": "Choose a CSV file to upload"},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > imports.MAX_BYTES:
            raise forms.ValidationError(imports.ERR_TOO_BIG)
        return upload


@staff_only
def import_upload(request, page):
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        checked = import_services.response_import_check(
            page=page, user=request.user, file_name=upload.name, data=upload.read()
        )
        return redirect(subpage_url(page, "import_preview_view", checked.pk))
    specs = page.specs()
    return TemplateResponse(
        request,
        "consultations/staff/import.html",
        {
            "page": page,
            "form": form,
            "template_url": subpage_url(page, "import_template_view"),
            "enter_url": subpage_url(page, "enter_view"),
            "columns": _column_help(specs),
        },
    )


def _column_help(specs):
    kinds = {
        "multiple_choice": "options separated by ;",
        "ranking": "A>B>C, or 1. A; 2. B",
        "matrix": "one column per statement",
        "date": "YYYY-MM-DD or DD/MM/YYYY",
        "consent": "yes or no",
        "number": "a number",
        "postcode": "a UK postcode",
    }
    return [
        {
            "column": import_cells.column_name(s),
            "label": s.label,
            "format": kinds.get(s.kind, "one of: " + ", ".join(s.choices) if s.choices else "text"),
            "required": s.required and not s.is_demographic,
        }
        for s in specs
    ]


@staff_only
def import_template(request, page):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{page.slug}-responses.csv"'
    response.write("\ufeff")  # so Excel reads the file as UTF-8
    csv.writer(response).writerow(imports.template_columns(page.specs()))
    return response


@staff_only
def import_preview(request, page, import_id):
    """The check's outcome: every problem, or the rows ready to import; progress for big files."""
    upload = ResponseImport.objects.filter(page=page, pk=import_id).select_related("job").first()
    if upload is None:
        raise Http404
    if request.method == "POST":
        return _import_action(request, page, upload)
    job = upload.job
    busy = job is not None and not job.is_finished
    channels: dict[str, int] = {}
    for row in upload.rows:
        channels[row["channel"]] = channels.get(row["channel"], 0) + 1
    return TemplateResponse(
        request,
        "consultations/staff/import_preview.html",
        {
            "page": page,
            "upload": upload,
            "job": job,
            "poll_seconds": POLL_SECONDS if busy else None,
            "check_failed": upload.status == ImportStatus.CHECKING and job and job.is_finished,
            "save_error": (job.result or {}).get("error") if job and not busy else None,
            "channels": sorted(channels.items()),
            "publish_yes": sum(1 for r in upload.rows if r["publish"]),
            "problems_not_shown": max(0, upload.problem_count - len(upload.problems)),
            "import_url": subpage_url(page, "import_view"),
            "imported": upload.status == ImportStatus.IMPORTED,
        },
    )


def _import_action(request, page, upload):
    here = subpage_url(page, "import_preview_view", upload.pk)
    action = request.POST.get("action")
    if action == "cancel" and upload.status == ImportStatus.PREVIEW:
        ResponseImport.objects.filter(pk=upload.pk, status=ImportStatus.PREVIEW).update(
            status=ImportStatus.CANCELLED
        )
        messages.success(request, MSG_CANCELLED)
        return redirect(subpage_url(page, "import_view"))
    if action == "confirm":
        try:
            upload = import_services.response_import_save_start(
                response_import=upload, user=request.user
            )
        except (import_services.ImportRejected, SubmissionRejected) as exc:
            messages.error(request, MSG_STALE.format(error=exc))
            return redirect(subpage_url(page, "import_view"))
        upload.refresh_from_db()
        if upload.status == ImportStatus.IMPORTED:
            n, name = upload.imported_count, upload.file_name
            messages.success(request, MSG_IMPORTED.format(n=n, file=name))
    return redirect(here)

"""Organisers' views: key in a paper, phone or event response, or import a CSV of them.

Both save through ``services.response_submit``, under the same checks as a resident's
answers, recording the channel and who entered them. They work when the consultation is
closed, for late paper forms.
"""

import csv
import datetime as dt
import uuid

from django import forms
from django.contrib import messages
from django.core import signing
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone

from accounts.gates import page_permission_required
from consultations import import_services, imports
from consultations.models import ImportStatus, ResponseImport
from consultations.questions import (
    QuestionSpec,
    by_reference,
    clean_answer,
    clean_questions,
    condition_source,
    visible_answers,
)
from consultations.rendering import condition_context, field_context
from consultations.selectors import submitted
from consultations.services import SubmissionRejected, answers_by_question, response_submit

CHANNEL_SPEC = QuestionSpec(
    id="staff-channel",
    kind="single_choice",
    label="How did this response reach us?",
    required=True,
    options=("Paper form", "Phone", "Event"),
)
RECEIVED_SPEC = QuestionSpec(
    id="staff-received",
    kind="date",
    label="Date received",
    hint="Leave empty for today.",
)
PUBLISH_SPEC = QuestionSpec(
    id="staff-publish",
    kind="single_choice",
    label="May we publish these answers, without the resident's name?",
    hint="Leave empty if the form does not say.",
    options=("Yes", "No"),
)
CHANNELS = {"Paper form": "paper", "Phone": "phone", "Event": "event"}
ERR_FUTURE = "The date received cannot be in the future"
MSG_SAVED = "Response saved ({channel}, reference {ref}). Enter the next one below."
MSG_ALREADY_SENT = (
    "This form was already sent: it was saved as reference {ref}. Enter the next one below."
)
MSG_SENT_CHANGED = (
    "This form was already sent and saved as reference {ref}, with different answers. "
    "Nothing new was saved. To save these answers as another response, save them again."
)
ERR_FORM_KEY = (
    "This form could not be checked, so nothing was saved. Check the answers and save again."
)
MSG_IMPORTED = "{n} responses imported from {file}."
MSG_CANCELLED = "Import cancelled; nothing was saved."
POLL_SECONDS = 2
MSG_STALE = "Nothing was saved: {error} Upload the file again to check it against the questions."


# Keying in and importing responses is an organiser's work, on every view here.
staff_only = page_permission_required("consultations.enter_responses")


def _url(page, name, *args) -> str:
    return page.url + page.reverse_subpage(name, args=args)


def _clean_staff_fields(raw):
    """The channel, date received and publish choice, or errors keyed by spec id."""
    errors, values = {}, {}
    for spec in (CHANNEL_SPEC, RECEIVED_SPEC, PUBLISH_SPEC):
        answer, error = clean_answer(spec, raw)
        if error:
            errors[spec.id] = error
        values[spec.id] = answer[0].value if answer else ""
    received = values[RECEIVED_SPEC.id]
    if received and dt.date.fromisoformat(received) > timezone.localdate():
        errors[RECEIVED_SPEC.id] = ERR_FUTURE
    return values, errors


def _form_key(page, user, key: uuid.UUID) -> str:
    """The form's submission key, signed for this page and this organiser only.

    The key itself is chosen here, never by the browser: a form cannot name another
    person's response, and a resent form is recognised as one.
    """
    return signing.dumps(str(key), salt=f"consultations.enter:{page.pk}:{user.pk}")


def _key_from_form(page, user, value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(signing.loads(value, salt=f"consultations.enter:{page.pk}:{user.pk}"))
    except (signing.BadSignature, ValueError, TypeError):
        return None


def _same_response(response, answers, channel, publish, specs) -> bool:
    def norm(by_question):
        return {q: sorted(v, key=repr) for q, v in by_question.items() if v}

    return (
        response.channel == channel
        and response.publish_consent == publish
        and norm(answers_by_question(response)) == norm(visible_answers(specs, answers))
    )


@staff_only
def enter(request, page):
    specs = page.specs()
    raw = request.POST if request.method == "POST" else {}
    errors = {}
    notice = ""
    status = 200
    key = uuid.uuid4()
    if request.method == "POST":
        posted_key = _key_from_form(page, request.user, request.POST.get("form_key", ""))
        staff, errors = _clean_staff_fields(raw)
        answers, answer_errors = clean_questions(specs, raw)
        errors.update(answer_errors)
        if posted_key is None:
            notice, status = ERR_FORM_KEY, 400
        elif not errors:
            received = staff[RECEIVED_SPEC.id]
            when = None
            if received:
                day = dt.date.fromisoformat(received)
                when = timezone.make_aware(dt.datetime.combine(day, dt.time(12)))
            publish = {"Yes": True, "No": False}.get(staff[PUBLISH_SPEC.id])
            channel = CHANNELS[staff[CHANNEL_SPEC.id]]
            sent = submitted(page).filter(submission_key=posted_key).first()
            if sent is not None:
                ref = str(sent.submission_key)[:8]
                if _same_response(sent, answers, channel, publish, specs):
                    messages.info(request, MSG_ALREADY_SENT.format(ref=ref))
                    return redirect(_url(page, "enter_view"))
                # Back, changed and sent again: keep what was typed, under a new key.
                notice, status = MSG_SENT_CHANGED.format(ref=ref), 409
            else:
                try:
                    response = response_submit(
                        page=page,
                        user=None,
                        answers=answers,
                        submission_key=posted_key,
                        channel=channel,
                        entered_by=request.user,
                        publish_consent=publish,
                        now=when,
                    )
                except SubmissionRejected as exc:
                    messages.error(request, str(exc))
                else:
                    label = response.get_channel_display().lower()
                    ref = str(response.submission_key)[:8]
                    messages.success(request, MSG_SAVED.format(channel=label, ref=ref))
                    return redirect(_url(page, "enter_view"))
        if posted_key is not None and status == 200:
            key = posted_key  # errors to correct: the corrected form is the same response
    by_ref = by_reference(specs)
    fields = []
    for spec in specs:
        f = field_context(spec, raw, errors.get(spec.id))
        source = condition_source(spec, by_ref)
        if source is not None:
            f["show_if"] = condition_context(spec, source)
        fields.append(f)
    staff_fields = [
        field_context(spec, raw, errors.get(spec.id))
        for spec in (CHANNEL_SPEC, RECEIVED_SPEC, PUBLISH_SPEC)
    ]
    return TemplateResponse(
        request,
        "consultations/staff/enter.html",
        {
            "page": page,
            "fields": fields,
            "staff_fields": staff_fields,
            "errors": [f for f in staff_fields + fields if f["error"]],
            "form_key": _form_key(page, request.user, key),
            "notice": notice,
            "import_url": _url(page, "import_view"),
        },
        status=status,
    )


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
        return redirect(_url(page, "import_preview_view", checked.pk))
    specs = page.specs()
    return TemplateResponse(
        request,
        "consultations/staff/import.html",
        {
            "page": page,
            "form": form,
            "template_url": _url(page, "import_template_view"),
            "enter_url": _url(page, "enter_view"),
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
            "column": imports.column_name(s),
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
            "import_url": _url(page, "import_view"),
            "imported": upload.status == ImportStatus.IMPORTED,
        },
    )


def _import_action(request, page, upload):
    here = _url(page, "import_preview_view", upload.pk)
    action = request.POST.get("action")
    if action == "cancel" and upload.status == ImportStatus.PREVIEW:
        ResponseImport.objects.filter(pk=upload.pk, status=ImportStatus.PREVIEW).update(
            status=ImportStatus.CANCELLED
        )
        messages.success(request, MSG_CANCELLED)
        return redirect(_url(page, "import_view"))
    if action == "confirm":
        try:
            upload = import_services.response_import_save_start(
                response_import=upload, user=request.user
            )
        except (import_services.ImportRejected, SubmissionRejected) as exc:
            messages.error(request, MSG_STALE.format(error=exc))
            return redirect(_url(page, "import_view"))
        upload.refresh_from_db()
        if upload.status == ImportStatus.IMPORTED:
            n, name = upload.imported_count, upload.file_name
            messages.success(request, MSG_IMPORTED.format(n=n, file=name))
    return redirect(here)

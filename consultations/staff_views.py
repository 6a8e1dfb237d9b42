"""Organisers' views: key in a paper, phone or event response (CSV imports: ``import_views``).

Both save through ``services.response_submit``, under the same checks as a resident's
answers, recording the channel and who entered them. They work when the consultation is
closed, for late paper forms.
"""

import datetime as dt
import uuid

from django.contrib import messages
from django.core import signing
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone

from accounts.gates import page_permission_required
from consultations.budget_page import budget_nest
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
ROUND_ID = "staff-round"
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


# Keying in and importing responses is an organiser's work, on every view here.
staff_only = page_permission_required("consultations.enter_responses")


def subpage_url(page, name, *args) -> str:
    """The URL of one of the page's routes."""
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


def _round_spec(page) -> QuestionSpec | None:
    """Which round a keyed-in response goes to, on a page with rounds."""
    if not page.round_choices:
        return None
    return QuestionSpec(
        id=ROUND_ID,
        kind="single_choice",
        label="Which round is this response for?",
        required=True,
        options=tuple(label for _, label in page.round_choices),
    )


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
    round_spec = _round_spec(page)
    raw = request.POST if request.method == "POST" else {}
    if round_spec and not raw:
        raw = {round_spec.field_name: [page.round_label(page.current_round)]}
    errors = {}
    chosen_round = None
    notice = ""
    status = 200
    key = uuid.uuid4()
    if request.method == "POST":
        posted_key = _key_from_form(page, request.user, request.POST.get("form_key", ""))
        staff, errors = _clean_staff_fields(raw)
        if round_spec:
            value, error = clean_answer(round_spec, raw)
            if error:
                errors[ROUND_ID] = error
            else:
                by_label = {label: ref for ref, label in page.round_choices}
                chosen_round = by_label[value[0].value]
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
                    return redirect(subpage_url(page, "enter_view"))
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
                        round=chosen_round,
                    )
                except SubmissionRejected as exc:
                    messages.error(request, str(exc))
                else:
                    label = response.get_channel_display().lower()
                    ref = str(response.submission_key)[:8]
                    messages.success(request, MSG_SAVED.format(channel=label, ref=ref))
                    return redirect(subpage_url(page, "enter_view"))
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
    round_field = field_context(round_spec, raw, errors.get(ROUND_ID)) if round_spec else None
    return TemplateResponse(
        request,
        "consultations/staff/enter.html",
        {
            "page": page,
            "fields": budget_nest(fields),
            "staff_fields": staff_fields,
            "round_field": round_field,
            "errors": [
                f
                for f in [*staff_fields, *([round_field] if round_field else []), *fields]
                if f["error"]
            ],
            "form_key": _form_key(page, request.user, key),
            "notice": notice,
            "import_url": subpage_url(page, "import_view"),
        },
        status=status,
    )

"""Answering a consultation: start, one page of questions at a time, check, done.

Every step works as a plain HTML form; nothing needs JavaScript.
"""

import uuid

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from accounts.gates import permission_gate
from consultations import services, tasks
from consultations.budget_page import ACTION_FIELD, ACTIONS, budget_balance, budget_nest
from consultations.budget_summary import budget_summary
from consultations.forms import FinalChoicesForm
from consultations.models import Response, ResponseStatus
from consultations.progress import progress_clear, progress_load, progress_save, progress_sent
from consultations.questions import (
    by_reference,
    clean_questions,
    condition_source,
    visible_answers,
    visible_on_page,
)
from consultations.ratelimits import submission_rate_hit
from consultations.rendering import anchor, condition_context, field_context, raw_from_answers
from consultations.schema import sections

MSG_SAVED = "Your answers are saved. Come back to this page at any time to finish."
MSG_ALREADY_SENT = "This form was already sent. Your answers were saved once, as below."
MSG_CSRF = (
    "For your security we could not accept that form because the page had been open too "
    "long. Your answers are below: check them and send them again."
)


def _steps(specs) -> list[int]:
    return sorted({s.page for s in specs}) or [0]


def _refuse_unless_allowed(request, page):
    refused = permission_gate(request, "consultations.respond", page, next_url=page.url)
    if refused:
        return refused
    if not page.is_open:
        return redirect(page.url)
    return None


def start(request, page):
    progress = progress_load(request, page) if page.is_open else None
    return TemplateResponse(
        request,
        "consultations/consultation_page.html",
        {
            "page": page,
            "may_respond": request.user.has_perm("consultations.respond", page),
            "has_progress": bool(progress and progress.answers),
            "resume_step": progress.step if progress else 0,
            "question_count": len(page.specs()),
            "steps": len(_steps(page.specs())),
            "perms_results": request.user.has_perm("consultations.view_results", page),
            "perms_enter": request.user.has_perm("consultations.enter_responses", page),
        },
    )


def _step_url(page, step: int) -> str:
    return page.url + page.reverse_subpage("step_view", args=[step])


def step(request, page, step, *, csrf_failed=False):
    refused = _refuse_unless_allowed(request, page)
    if refused:
        return refused
    specs = page.specs()
    steps = _steps(specs)
    if step not in steps:
        raise Http404
    progress = progress_load(request, page)
    on_step = visible_on_page(specs, step, progress.answers)
    errors = {}
    action = request.POST.get(ACTION_FIELD) if request.method == "POST" else None
    notices = {}
    blocked = ""
    if request.method == "POST" and not csrf_failed and action not in ACTIONS:
        # Over the limit: nothing is saved, and the page comes back with what was typed.
        blocked = submission_rate_hit(request, page=page, action="save")
    if action in ACTIONS and not csrf_failed:
        # "Update totals" or "Balance the rest": re-show the page, save nothing.
        raw, notices = _budget_action(on_step, request.POST, action)
        budgets = [s for s in on_step if s.kind == "budget"]
        errors = clean_questions(budgets, raw, prior=progress.answers, all_specs=specs)[1]
    elif request.method == "POST" and not csrf_failed and not blocked:
        prior = {
            k: v
            for k, v in progress.answers.items()
            if k not in {s.id for s in specs if s.page == step}
        }
        cleaned, errors = clean_questions(on_step, request.POST, prior=prior, all_specs=specs)
        if not errors:
            progress.answers = visible_answers(specs, {**prior, **cleaned})
            following = [s for s in steps if s > step]
            progress.step = following[0] if following else step
            progress_save(request, page, progress)
            if "save_and_return" in request.POST and request.user.is_authenticated:
                messages.success(request, MSG_SAVED)
                return redirect(page.url)
            if following:
                return redirect(_step_url(page, following[0]))
            return redirect(page.url + page.reverse_subpage("check_view"))
    if action in ACTIONS and not csrf_failed:
        pass  # raw is the posted form after the action
    elif request.method == "POST":
        raw = request.POST
    else:
        raw = {}
        for spec in on_step:
            raw.update(raw_from_answers(spec, progress.answers.get(spec.id, [])))
    fields = [field_context(spec, raw, errors.get(spec.id)) for spec in on_step]
    for f in fields:
        if f["spec"].kind == "budget":
            f["budget_actions"] = True
            f["budget_notice"], f["budget_notice_problem"] = notices.get(f["spec"].id, ("", False))
    by_ref = by_reference(specs)
    for f in fields:
        source = condition_source(f["spec"], by_ref)
        if source is not None and source.page == step:
            f["show_if"] = condition_context(f["spec"], source)
    position = steps.index(step)
    response = TemplateResponse(
        request,
        "consultations/step.html",
        {
            "page": page,
            "fields": budget_nest(fields),
            "errors": [f for f in fields if f["error"]],
            "sections": sections(page.questions).get(step, []),
            "step_number": position + 1,
            "step_count": len(steps),
            "previous_url": _step_url(page, steps[position - 1]) if position else page.url,
            "csrf_failed": csrf_failed,
            "csrf_message": MSG_CSRF,
            "blocked": blocked,
            "session_seconds": settings.SESSION_COOKIE_AGE,
            "session_hours": settings.SESSION_COOKIE_AGE // 3600,
        },
        status=403 if csrf_failed else 429 if blocked else 200,
    )
    return response


def _budget_action(on_step, posted, action):
    """The form after a budget button, and each budget's message (text, is a problem)."""
    raw = {key: posted.getlist(key) for key in posted}
    notices = {}
    for spec in on_step:
        if spec.kind == "budget" and action == "balance":
            raw, notice, problem = budget_balance(spec, raw)
            notices[spec.id] = (notice, problem)
    return raw, notices


def check(request, page, *, csrf_failed=False):
    refused = _refuse_unless_allowed(request, page)
    if refused:
        return refused
    progress = progress_load(request, page)
    specs = page.specs()
    answers = visible_answers(specs, progress.answers)
    if request.method == "POST" and not csrf_failed and not progress.answers:
        # Nothing left to send: a second click, a resent page or another tab. Say so,
        # rather than ask for answers that were already saved.
        sent = progress_sent(request, page)
        if sent is not None:
            messages.info(request, MSG_ALREADY_SENT)
            return redirect(_done_url(page, sent))
    form = FinalChoicesForm(request.POST if request.method == "POST" else None, user=request.user)
    missing = []
    blocked = ""
    if request.method == "POST" and not csrf_failed:
        blocked = submission_rate_hit(request, page=page, action="send")
    if request.method == "POST" and not csrf_failed and not blocked and form.is_valid():
        try:
            response = services.response_submit(
                page=page,
                user=request.user,
                answers=answers,
                submission_key=uuid.UUID(progress.key),
                publish_consent=form.cleaned_data["publish"] == "yes",
                wants_outcome=form.cleaned_data.get("hear_outcome", False),
            )
        except services.SubmissionRejected as exc:
            if exc.missing:
                first = exc.missing[0]
                messages.error(request, f"Answer “{first.label}” before you send your answers.")
                return redirect(_step_url(page, first.page) + f"#{anchor(first)}")
            messages.error(request, str(exc))
            return redirect(page.url)
        progress_clear(request, page, sent=response)
        if form.cleaned_data.get("email_receipt"):
            tasks.receipt_send_later(response=response)
        return redirect(_done_url(page, response))
    rows = [
        {
            "spec": spec,
            "answer": services.display_values(spec, answers[spec.id]),
            "budget": budget_summary(spec, answers[spec.id]) if spec.kind == "budget" else None,
            "change_url": _step_url(page, spec.page) + f"#{anchor(spec)}",
        }
        for spec in specs
        if answers.get(spec.id)
    ]
    return TemplateResponse(
        request,
        "consultations/check.html",
        {
            "page": page,
            "rows": rows,
            "form": form,
            "missing": missing,
            "csrf_failed": csrf_failed,
            "csrf_message": MSG_CSRF,
            "blocked": blocked,
        },
        status=403 if csrf_failed else 429 if blocked else 200,
    )


def _done_url(page, response) -> str:
    return page.url + page.reverse_subpage("done_view", args=[response.submission_key])


def done(request, page, key):
    try:
        response = Response.objects.get(
            page=page, submission_key=uuid.UUID(str(key)), status=ResponseStatus.SUBMITTED
        )
    except (Response.DoesNotExist, ValueError):
        raise Http404 from None
    answers = services.answers_by_question(response)
    budgets = [
        {"spec": spec, "summary": budget_summary(spec, answers[spec.id])}
        for spec in page.specs()
        if spec.kind == "budget" and answers.get(spec.id)
    ]
    return TemplateResponse(
        request,
        "consultations/done.html",
        {"page": page, "response": response, "budgets": budgets},
    )


def csrf_failure_response(request, page, view_name, kwargs):
    """Re-show the page that failed the CSRF check, with every answer kept."""
    if view_name == "step_view":
        return step(request, page, kwargs["step"], csrf_failed=True)
    if view_name == "check_view":
        return check(request, page, csrf_failed=True)
    return None

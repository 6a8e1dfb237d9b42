"""Theme analysis pages: start a run, review its themes, compare and cross-tab them.

Reports and decisions are in ``report_views``. Every page checks the per-object permission
on the run's consultation or session (a role on the page or one above it). Pages that show
answers as written log the access.
"""

from __future__ import annotations

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from analysis import forms, selectors, services
from analysis.models import (
    EditAction,
    RunStatus,
    SourceKind,
    Theme,
    ThemeAssignment,
    ThemeRun,
)
from audit.models import AccessAction
from audit.services import access_log_request_record

POLL_SECONDS = 2


def run_for(request, run_id, perm="analysis.review_themes") -> ThemeRun:
    run = get_object_or_404(ThemeRun.objects.select_related("page", "session", "job"), pk=run_id)
    if not rules.has_perm(perm, request.user, run.target):
        raise PermissionDenied
    return run


def back_to(request, run):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("analysis:run_detail", run.pk)


@login_required
def run_list(request):
    runs = selectors.runs_for_user(request.user)
    return render(request, "analysis/run_list.html", {"runs": runs})


@login_required
def run_start(request):
    form = forms.RunStartForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        page = session = None
        question_id = ""
        kind = data["source_kind"]
        if kind == SourceKind.QUESTION:
            page_id, question_id = data["question"].split(":", 1)
            page = _page(page_id)
        elif kind == SourceKind.SESSION:
            from deliberation.selectors import live_sessions

            session = get_object_or_404(live_sessions(), pk=data["session"])
        else:
            page = _page(data["project"])
        if not rules.has_perm("analysis.run_themes", request.user, page or session):
            raise PermissionDenied
        params = services.run_parameters(
            n_themes=data["n_themes"],
            seed=data["seed"],
            configuration=data["configuration"],
            text_column=data["text_column"],
            id_column=data["id_column"],
            consent_column=data["consent_column"],
            **({"session_texts": data["session_texts"]} if session else {}),
        )
        run = services.theme_run_start(
            user=request.user,
            title=data["title"],
            source_kind=kind,
            page=page,
            question_id=question_id,
            session=session,
            uploaded_text=data.get("uploaded_text", ""),
            parameters=params,
        )
        return redirect("analysis:run_detail", run.pk)
    return render(request, "analysis/run_start.html", {"form": form})


def _page(page_id):
    from consultations.selectors import consultation_pages

    return get_object_or_404(consultation_pages(), pk=page_id)


@login_required
def run_detail(request, run_id):
    run = run_for(request, run_id, "analysis.run_themes")
    if run.status != RunStatus.DONE:
        # No meta refresh (WCAG 2.2.1): the page polls with a pause button, or offers a link.
        poll = POLL_SECONDS if run.status in (RunStatus.QUEUED, RunStatus.RUNNING) else None
        return render(request, "analysis/run_progress.html", {"run": run, "poll_seconds": poll})
    themes = list(selectors.current_themes(run))
    total = sum(t.n for t in themes) or 1
    for theme in themes:
        theme.share = round(100 * theme.n / total)
        theme.quotes = selectors.representative_quotes(theme)
    access_log_request_record(
        request,
        action=AccessAction.VIEW,
        what="theme quotes (redacted, before review)",
        target=run.target,
        record_count=sum(len(t.quotes) for t in themes),
    )
    context = {
        "run": run,
        "themes": themes,
        "total": total,
        "may_review": rules.has_perm("analysis.review_themes", request.user, run.target),
        "reports": run.reports.all(),
    }
    return render(request, "analysis/run_detail.html", context)


@login_required
def theme_detail(request, run_id, theme_id):
    run = run_for(request, run_id, "analysis.view_raw_text")
    theme = get_object_or_404(Theme, pk=theme_id, run=run)
    answers = list(theme.assignments.select_related("machine_theme"))
    access_log_request_record(
        request,
        action=AccessAction.VIEW,
        what=f"answers as written in theme {theme.label!r}",
        target=run.target,
        record_count=len(answers),
    )
    others = selectors.current_themes(run).exclude(pk=theme.pk)
    context = {
        "run": run,
        "theme": theme,
        "answers": answers,
        "others": others,
        "may_review": rules.has_perm("analysis.review_themes", request.user, run.target),
    }
    return render(request, "analysis/theme_detail.html", context)


@login_required
@require_POST
def run_action(request, run_id, action):
    run = run_for(request, run_id)
    if run.status != RunStatus.DONE:
        raise Http404
    post, user = request.POST, request.user

    def theme(name="theme"):
        return get_object_or_404(Theme, pk=post.get(name) or 0, run=run)

    def answer():
        return get_object_or_404(ThemeAssignment, pk=post.get("assignment") or 0, run=run)

    try:
        if action == EditAction.RENAME:
            form = forms.LabelForm(post)
            if not form.is_valid():
                raise ValueError("Enter a name for the theme.")
            services.theme_rename(theme=theme(), user=user, label=form.cleaned_data["label"])
        elif action == EditAction.NOTE:
            services.theme_note(theme=theme(), user=user, notes=post.get("notes", ""))
        elif action == EditAction.MERGE:
            sources = list(run.themes.filter(pk__in=post.getlist("sources")))
            services.themes_merge(target=theme("into"), sources=sources, user=user)
        elif action == EditAction.SPLIT:
            form = forms.SplitForm(post)
            if not form.is_valid():
                raise ValueError("Enter a number of parts from 2 to 10.")
            services.theme_split(theme=theme(), user=user, n_parts=form.cleaned_data["n_parts"])
        elif action == EditAction.MOVE:
            services.assignment_move(assignment=answer(), theme=theme(), user=user)
        elif action == EditAction.KEY_QUOTE:
            services.quote_mark_key(assignment=answer(), user=user, key=post.get("key") == "1")
        elif action == EditAction.REDACTION:
            services.quote_redaction_confirm(assignment=answer(), user=user, text=post.get("text"))
        elif action == "rerun":
            new = services.theme_run_rerun(run=run, user=user)
            return redirect("analysis:run_detail", new.pk)
        else:
            raise Http404
    except ValueError as err:
        messages.error(request, str(err))
    else:
        messages.success(request, "Saved.")
    return back_to(request, run)


@login_required
def run_compare(request, run_id):
    run = run_for(request, run_id, "analysis.run_themes")
    current = {t.pk: t for t in run.themes.all()}
    machine = [
        {"label": t["label"], "size": t["size"], "key": t["id"]}
        for t in run.machine_output.get("themes", [])
    ]
    by_key = {t.key: t for t in current.values()}
    for row in machine:
        row["now"] = by_key.get(row["key"])
    moved = run.assignments.exclude(theme=F("machine_theme")).count()
    edits = run.edits.select_related("user")
    return render(
        request,
        "analysis/run_compare.html",
        {"run": run, "machine": machine, "moved": moved, "edits": edits},
    )


@login_required
def run_crosstab(request, run_id):
    run = run_for(request, run_id, "analysis.run_themes")
    questions = selectors.demographic_questions(run)
    chosen = request.GET.get("question") or (questions[0].id if questions else "")
    table = selectors.theme_crosstab(run, chosen) if chosen else None
    return render(
        request,
        "analysis/run_crosstab.html",
        {"run": run, "questions": questions, "chosen": chosen, "table": table},
    )

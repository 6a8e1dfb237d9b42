"""Findings reports of a theme run: write, publish, read and export them, and record the
decision on a finding. Drafts are for the run's reviewers; published reports are public."""

from __future__ import annotations

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from analysis import forms, selectors, services
from analysis.exports import report_export_response
from analysis.models import (
    Finding,
    FindingsReport,
)
from analysis.views import run_for


@login_required
def report_edit(request, run_id):
    run = run_for(request, run_id, "analysis.publish_findings")
    report = run.reports.first()
    report_form = forms.ReportForm(
        request.POST if "save_report" in request.POST else None,
        initial={
            "title": report.title if report else run.title,
            "summary": getattr(report, "summary", ""),
        },
    )
    finding_form = forms.FindingForm(
        request.POST if "add_finding" in request.POST else None, prefix="finding"
    )
    themes = list(selectors.current_themes(run).filter(is_excluded=False))
    if request.method == "POST":
        if "save_report" in request.POST and report_form.is_valid():
            data = report_form.cleaned_data
            if report is None:
                report = services.report_create(run=run, user=request.user, **data)
            else:
                report.title, report.summary = data["title"], data["summary"]
                report.save(update_fields=["title", "summary"])
            messages.success(request, "Report saved.")
            return redirect("analysis:report_edit", run.pk)
        if "add_finding" in request.POST and report and finding_form.is_valid():
            chosen = [t for t in themes if str(t.pk) in request.POST.getlist("themes")]
            services.finding_save(
                report=report, user=request.user, themes=chosen, **finding_form.cleaned_data
            )
            messages.success(request, "Finding added.")
            return redirect("analysis:report_edit", run.pk)
    quotes = list(services.report_quotes(report).select_related("theme")) if report else []
    return render(
        request,
        "analysis/report_edit.html",
        {
            "run": run,
            "report": report,
            "report_form": report_form,
            "finding_form": finding_form,
            "themes": themes,
            "quotes": quotes,
            "chosen_themes": request.POST.getlist("themes"),
        },
    )


@login_required
@require_POST
def report_publish(request, report_id):
    report = get_object_or_404(FindingsReport, pk=report_id)
    run_for(request, report.run_id, "analysis.publish_findings")
    try:
        services.report_publish(report=report, user=request.user)
    except services.PublishRefused as err:
        messages.error(request, str(err))
        return redirect("analysis:report_edit", report.run_id)
    messages.success(request, "Report published.")
    return redirect("analysis:report_detail", report.pk)


def _report_for_reading(request, report_id) -> FindingsReport:
    report = get_object_or_404(FindingsReport.objects.select_related("run", "page"), pk=report_id)
    if not report.is_published and not rules.has_perm(
        "analysis.run_themes", request.user, report.run.target
    ):
        raise Http404
    return report


def report_detail(request, report_id):
    report = _report_for_reading(request, report_id)
    findings = list(report.findings.prefetch_related("themes", "decisions"))
    themes = list(selectors.current_themes(report.run).filter(is_excluded=False))
    total = sum(t.n for t in themes) or 1
    quotes = services.report_published_quotes(report)
    for theme in themes:
        theme.share = round(100 * theme.n / total)
        theme.published_quotes = [q for q in quotes if q.theme_id == theme.pk]
    may_decide = rules.has_perm("analysis.publish_findings", request.user, report.run.target)
    return render(
        request,
        "analysis/report_detail.html",
        {
            "report": report,
            "findings": findings,
            "themes": themes,
            "total": total,
            "may_decide": may_decide,
        },
    )


def report_export(request, report_id, fmt):
    report = _report_for_reading(request, report_id)
    return report_export_response(report, fmt)


@login_required
def decision_record(request, finding_id):
    finding = get_object_or_404(Finding.objects.select_related("report"), pk=finding_id)
    run_for(request, finding.report.run_id, "analysis.publish_findings")
    form = forms.DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_record(
                finding=finding,
                user=request.user,
                site_url=request.build_absolute_uri("/").rstrip("/"),
                **form.cleaned_data,
            )
        except services.PublishRefused as err:
            form.add_error(None, str(err))
        else:
            messages.success(request, "Decision recorded.")
            return redirect("analysis:report_detail", finding.report_id)
    return render(request, "analysis/decision_form.html", {"finding": finding, "form": form})

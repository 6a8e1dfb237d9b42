"""CSV and XLSX downloads of a report: themes, counts, quotes and findings.

Only what the published report shows: current theme labels and sizes, confirmed redacted
key quotes whose authors agreed to publication, findings and decisions. Every cell goes
through ``neutralise``.
"""

from __future__ import annotations

import csv
import io

from django.http import Http404, HttpResponse

from analysis import selectors
from analysis.services.reports import report_published_quotes
from common.spreadsheet_safety import neutralise_row

FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def report_sheets(report) -> dict[str, tuple[list, list]]:
    themes = list(selectors.current_themes(report.run).filter(is_excluded=False))
    total = sum(t.n for t in themes) or 1
    quotes = report_published_quotes(report).select_related("theme")
    findings = report.findings.prefetch_related("themes", "decisions")
    return {
        "Themes": (
            # No reviewers' notes: they are working notes, and this download is public.
            ["Theme", "Answers", "Share (%)"],
            [[t.label, t.n, round(100 * t.n / total, 1)] for t in themes],
        ),
        "Quotes": (["Theme", "Quote"], [[q.theme.label, q.quote_text] for q in quotes]),
        "Findings": (
            ["Finding", "Detail", "Themes", "Decision", "What we did", "Date"],
            [
                [
                    f.title,
                    f.body,
                    "; ".join(t.label for t in f.themes.all()),
                    d.get_outcome_display() if d else "",
                    d.response if d else "",
                    d.decided_on.isoformat() if d else "",
                ]
                for f in findings
                for d in (list(f.decisions.all())[:1] or [None])
            ],
        ),
    }


def report_csv(report) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    for name, (header, rows) in report_sheets(report).items():
        writer.writerow(neutralise_row(["Section", *header]))
        for row in rows:
            writer.writerow(neutralise_row([name, *row]))
    return out.getvalue()


def report_xlsx(report) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    for name, (header, rows) in report_sheets(report).items():
        sheet = book.create_sheet(name)
        sheet.append(neutralise_row(header))
        for row in rows:
            sheet.append(neutralise_row(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def report_export_response(report, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    name = f"findings-{report.pk}.{fmt}"
    if fmt == "csv":
        response = HttpResponse(report_csv(report), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(report_xlsx(report), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response

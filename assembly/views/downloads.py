"""The organisers' downloads of the panel and the invitation letters: each is gated by
``assembly.export_pool`` and written to the access log with how many people it holds."""

from django.contrib.auth.decorators import login_required

from assembly import exports, letters
from assembly.views.base import assembly_for, pdf_response
from audit.models import AccessAction
from audit.services import access_log_request_record


def _exported(request, page_id):
    return assembly_for(request, page_id, "assembly.export_pool")


def _logged(request, page, what: str, count: int, response):
    access_log_request_record(
        request, action=AccessAction.EXPORT, what=what, target=page, record_count=count
    )
    return response


@login_required
def panel_export(request, page_id):
    page = _exported(request, page_id)
    header, rows = exports.panel_rows(page)
    response = exports.csv_response(f"panel-{page.slug}.csv", header, rows)
    return _logged(request, page, "panel export (CSV)", len(rows), response)


@login_required
def letters_export(request, page_id):
    page = _exported(request, page_id)
    header, rows = exports.letter_rows(page, request.build_absolute_uri("/"))
    response = exports.csv_response(f"panel-letters-{page.slug}.csv", header, rows)
    return _logged(request, page, "panel invitation letters (CSV)", len(rows), response)


@login_required
def letters_pdf(request, page_id):
    page = _exported(request, page_id)
    content, count = letters.panel_letters_pdf(page, request.build_absolute_uri("/"))
    response = pdf_response(f"panel-letters-{page.slug}.pdf", content)
    return _logged(request, page, "panel invitation letters (PDF)", count, response)


@login_required
def invitations_export(request, page_id):
    page = _exported(request, page_id)
    header, rows = exports.invitation_rows(page, request.build_absolute_uri(page.url or "/"))
    response = exports.csv_response(f"invitation-letters-{page.slug}.csv", header, rows)
    return _logged(request, page, "civic lottery letter list (CSV)", len(rows), response)


@login_required
def invitations_pdf(request, page_id):
    page = _exported(request, page_id)
    url = request.build_absolute_uri(page.url or "/")
    content, count = letters.invitation_letters_pdf(page, url)
    response = pdf_response(f"invitation-letters-{page.slug}.pdf", content)
    return _logged(request, page, "civic lottery invitation letters (PDF)", count, response)

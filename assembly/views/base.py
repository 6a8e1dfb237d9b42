"""Shared by the organiser pages: the per-object gate, rendering, and a POST's button."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

from assembly.manage_forms import ActionForm
from assembly.models import AssemblyPage


def assembly_for(request, page_id, perm: str) -> AssemblyPage:
    page = get_object_or_404(AssemblyPage, pk=page_id)
    if not request.user.has_perm(perm, page):
        raise PermissionDenied
    return page


def page_render(request, template, page, *, status=200, **context):
    return render(request, f"assembly/{template}", {"assembly": page, **context}, status=status)


def form_problems(form) -> list[str]:
    """Every error of a form whose fields the page does not show (buttons, hidden ids)."""
    return list(dict.fromkeys(e for errors in form.errors.values() for e in errors))


def posted_action(request, actions) -> tuple[str | None, list[str]]:
    """The button a POST came from, or the problems to answer with 400."""
    form = ActionForm(request.POST, actions=actions)
    if form.is_valid():
        return form.cleaned_data["action"], []
    return None, form_problems(form)


def pdf_response(filename: str, content: bytes) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response

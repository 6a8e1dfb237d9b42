"""Organiser pages for one assembly: the list, the overview and the civic lottery
invitations. Each checks the per-object permission, and each view or export of personal
or special-category data is written to the access log."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from assembly import selectors, services
from assembly.manage_forms import AddressListForm
from assembly.views.base import (
    assembly_for,
    page_render,
)
from audit.models import AccessAction
from audit.services import access_log_request_record


@login_required
def index(request):
    """The assemblies this organiser manages."""
    pages = selectors.assemblies_managed(user=request.user)
    if not pages and not request.user.has_perm("accounts.access_cms"):
        raise PermissionDenied
    return render(request, "assembly/index.html", {"pages": pages})


@login_required
def manage(request, page_id):
    page = assembly_for(request, page_id, "assembly.manage")
    return page_render(
        request,
        "manage.html",
        page,
        volunteers=page.volunteers.filter(anonymised_at__isnull=True).count(),
        draws=page.draws.all()[:5],
        members=selectors.panel_members(page).count(),
        retention_due=services.retention_due_at(page),
        retention_pending=services.pool_retention_pending(assembly=page),
    )


@login_required
def invitations(request, page_id):
    page = assembly_for(request, page_id, "assembly.manage")
    form = AddressListForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        addresses, problems = services.address_list_read(form.cleaned_data["address_file"])
        if not problems:
            try:
                codes = services.invitations_sample(
                    assembly=page,
                    addresses=addresses,
                    count=form.cleaned_data["count"],
                    seed=form.cleaned_data["seed"],
                )
            except services.AssemblyError as exc:
                form.add_error("count", str(exc))
            else:
                access_log_request_record(
                    request,
                    action=AccessAction.IMPORT,
                    what="address list",
                    target=page,
                    record_count=len(addresses),
                )
                messages.success(request, f"{len(codes)} households drawn and given codes.")
                return redirect("assembly:invitations", page_id=page.pk)
    codes = page.invitation_codes.all()
    return page_render(
        request,
        "invitations.html",
        page,
        form=form,
        problems=problems,
        total=codes.count(),
        used=codes.filter(used_at__isnull=False).count(),
    )

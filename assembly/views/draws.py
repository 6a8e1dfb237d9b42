"""Draws: prepare the fairest lottery, draw, verify and publish."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect

from assembly import services
from assembly.manage_forms import (
    DrawForm,
    PublicNumberForm,
    SeedForm,
)
from assembly.models import (
    Draw,
    DrawStatus,
)
from assembly.views.base import (
    assembly_for,
    page_render,
    posted_action,
)
from audit.models import AccessAction
from audit.services import access_log_request_record


@login_required
def draws(request, page_id):
    page = assembly_for(request, page_id, "assembly.run_draw")
    form = DrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            draw = services.draw_prepare(
                assembly=page,
                algorithm=data["algorithm"],
                transparent=data["transparent"],
                m=data["m"],
                user=request.user,
            )
        except services.AssemblyError as exc:
            form.add_error(None, exc.messages)  # infeasible quotas: one line per change
        else:
            return redirect(draw.get_absolute_url())
    return page_render(
        request,
        "draws.html",
        page,
        form=form,
        draws=page.draws.all(),
        state=services.draws_state(page),
    )


POLL_SECONDS = 2


@login_required
def draw_detail(request, page_id, draw_id):
    page = assembly_for(request, page_id, "assembly.run_draw")
    draw = get_object_or_404(Draw.objects.select_related("job"), pk=draw_id, assembly=page)
    drawing = request.POST.get("action") == "draw"
    seed_form = SeedForm(request.POST if drawing else None)
    number_form = PublicNumberForm(request.POST if drawing else None)
    error, problems = None, []
    if request.method == "POST":
        action, problems = posted_action(request, ("publish", "draw"))
        try:
            if action == "publish":
                services.draw_publish(draw=draw, user=request.user)
                messages.success(request, "The draw record is now on the assembly's page.")
                return redirect(draw.get_absolute_url())
            form = number_form if draw.transparent else seed_form
            if action == "draw" and form.is_valid():
                services.panel_draw(draw=draw, user=request.user, **form.cleaned_data)
                return redirect(draw.get_absolute_url())
        except services.AssemblyError as exc:
            error = str(exc)
    # A job that ended without moving the draw on (its worker stopped) is not waited for.
    working = draw.status in (DrawStatus.PREPARING, DrawStatus.DRAWING)
    stalled = working and bool(draw.job and draw.job.is_finished)
    busy = working and not stalled
    if draw.report:
        access_log_request_record(
            request,
            action=AccessAction.VIEW,
            what="draw probability report",
            target=page,
            record_count=draw.report["pool_size"],
        )
    state = services.draws_state(page)
    return page_render(
        request,
        "draw_detail.html",
        page,
        status=400 if problems else 200,
        draw=draw,
        report=draw.report or {},
        seed_form=seed_form,
        number_form=number_form,
        problems=problems + ([error] if error else []),
        state=state,
        can_draw=state.can_draw(draw),
        busy=busy,
        stalled=stalled,
        poll_seconds=POLL_SECONDS if busy else None,
    )

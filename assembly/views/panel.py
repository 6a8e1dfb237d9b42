"""The panel and its meetings: members' replies and details, meetings, attendance."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect

from assembly import selectors, services
from assembly.manage_forms import (
    AttendanceForm,
    MeetingForm,
    MemberDetailsForm,
    PanelActionForm,
)
from assembly.models import (
    Meeting,
    PanelMember,
)
from assembly.views.base import (
    assembly_for,
    form_problems,
    page_render,
    posted_action,
)
from audit.models import AccessAction
from audit.services import access_log_request_record


@login_required
def panel(request, page_id):
    page = assembly_for(request, page_id, "assembly.view_pool")
    problems = []
    if request.method == "POST":
        form = PanelActionForm(request.POST, assembly=page)
        if form.is_valid():
            _panel_action(request, **form.cleaned_data)
            return redirect("assembly:panel", page_id=page.pk)
        problems = form_problems(form)
    members = list(selectors.panel_members(page))
    access_log_request_record(
        request,
        action=AccessAction.VIEW,
        what="panel with contact details",
        target=page,
        record_count=len(members),
    )
    return page_render(
        request,
        "panel.html",
        page,
        status=400 if problems else 200,
        problems=problems,
        members=members,
        comparison=selectors.pool_vs_targets(page),
    )


def _panel_action(request, *, member: PanelMember, action: str) -> None:
    try:
        if action in ("email", "post"):
            services.member_invite(
                member=member,
                by=action,
                base_url=request.build_absolute_uri("/"),
                user=request.user,
            )
        elif action == "withdraw":
            services.member_withdraw(member=member, user=request.user)
        elif action == "replace":
            replacement = services.replacement_draw(member=member, user=request.user)
            moved = "; ".join(replacement.quotas_moved) or "every quota is still met"
            messages.success(
                request,
                f"{replacement.joined.volunteer.pool_id} replaces "
                f"{member.volunteer.pool_id} (seed {replacement.seed}): {moved}.",
            )
    except services.AssemblyError as exc:
        messages.error(request, str(exc))


@login_required
def member_detail(request, page_id, member_id):
    page = assembly_for(request, page_id, "assembly.view_pool")
    member = get_object_or_404(PanelMember, pk=member_id, assembly=page)
    form = MemberDetailsForm(
        request.POST or None,
        initial={
            "access_needs": member.access_needs,
            "contact_preference": member.contact_preference or member.volunteer.contact_preference,
        },
    )
    if request.method == "POST" and form.is_valid():
        services.member_details_update(member=member, **form.cleaned_data)
        messages.success(request, "Saved.")
        return redirect("assembly:panel", page_id=page.pk)
    access_log_request_record(
        request,
        action=AccessAction.VIEW,
        what="panel member access needs",
        target=page,
        record_count=1,
        member=member.pk,
    )
    return page_render(request, "member_detail.html", page, member=member, form=form)


@login_required
def meetings(request, page_id):
    page = assembly_for(request, page_id, "assembly.manage")
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.meeting_create(assembly=page, **form.cleaned_data)
        return redirect("assembly:meetings", page_id=page.pk)
    return page_render(request, "meetings.html", page, form=form, meetings=page.meetings.all())


MEETING_ACTIONS = ("attendance",)


@login_required
def meeting_detail(request, page_id, meeting_id):
    page = assembly_for(request, page_id, "assembly.manage")
    meeting = get_object_or_404(Meeting, pk=meeting_id, assembly=page)
    members = list(selectors.panel_members(page).filter(status="accepted"))
    attended = set(meeting.attendance.filter(attended=True).values_list("member_id", flat=True))
    action, problems = (None, [])
    if request.method == "POST":
        action, problems = posted_action(request, MEETING_ACTIONS)
    if action == "attendance":
        form = AttendanceForm(request.POST, assembly=page)
        if form.is_valid():
            chosen = {m.pk for m in form.cleaned_data["attended"]}
            services.attendance_record(meeting=meeting, attended=chosen)
            messages.success(request, "Attendance saved.")
            return redirect("assembly:meeting", page_id=page.pk, meeting_id=meeting.pk)
        problems = form_problems(form)
        # Show the ticks as sent, so nothing chosen is lost while the problem is fixed.
        attended = {int(x) for x in request.POST.getlist("attended") if x.isdigit()}
    return page_render(
        request,
        "meeting_detail.html",
        page,
        status=400 if problems else 200,
        problems=problems,
        meeting=meeting,
        members=members,
        attended=attended,
    )

"""Organiser pages for one assembly. Each checks the per-object permission, and each
view or export of personal or special-category data is written to the access log."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from assembly import exports, letters, selectors, services
from assembly.forms import (
    ActionForm,
    AddressListForm,
    AttendanceForm,
    CategoryForm,
    DrawForm,
    MeetingForm,
    MemberDetailsForm,
    PanelActionForm,
    PoolUploadForm,
    PublicNumberForm,
    QuotasForm,
    SeedForm,
)
from assembly.models import (
    AssemblyPage,
    CategoryValue,
    Draw,
    DrawStatus,
    Meeting,
    PanelMember,
    PoolUpload,
)
from audit.models import AccessAction
from audit.services import access_log_request_record


def _assembly(request, page_id, perm: str) -> AssemblyPage:
    page = get_object_or_404(AssemblyPage, pk=page_id)
    if not request.user.has_perm(perm, page):
        raise PermissionDenied
    return page


def _page(request, template, page, *, status=200, **context):
    return render(request, f"assembly/{template}", {"assembly": page, **context}, status=status)


def _problems(form) -> list[str]:
    """Every error of a form whose fields the page does not show (buttons, hidden ids)."""
    return list(dict.fromkeys(e for errors in form.errors.values() for e in errors))


def _action(request, actions) -> tuple[str | None, list[str]]:
    """The button a POST came from, or the problems to answer with 400."""
    form = ActionForm(request.POST, actions=actions)
    if form.is_valid():
        return form.cleaned_data["action"], []
    return None, _problems(form)


@login_required
def manage(request, page_id):
    page = _assembly(request, page_id, "assembly.manage")
    return _page(
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
def categories(request, page_id):
    page = _assembly(request, page_id, "assembly.manage")
    values = list(
        CategoryValue.objects.filter(category__assembly=page)
        .select_related("category")
        .order_by("category__sort_order", "category_id", "sort_order", "pk")
    )
    action, problems = (None, [])
    if request.method == "POST":
        action, problems = _action(request, ("add", "save", "propose", "apply"))
    category_form = CategoryForm(
        request.POST if action == "add" else None, assembly=page, prefix="new"
    )
    quotas_form = QuotasForm(
        request.POST if action == "save" else None, values=values, panel_size=page.panel_size
    )
    proposals = None
    if action == "add" and category_form.is_valid():
        data = category_form.cleaned_data
        services.category_create(
            assembly=page,
            name=data["name"],
            question=data["question"],
            values=category_form.value_list(),
            special=data["special"],
        )
        messages.success(request, f"Category {data['name']} added.")
        return redirect("assembly:categories", page_id=page.pk)
    if action == "save" and quotas_form.is_valid():
        data = quotas_form.cleaned_data
        for v in values:
            services.quota_update(
                value=v,
                min_quota=data[f"min_{v.pk}"],
                max_quota=data[f"max_{v.pk}"],
                target_share=data[f"share_{v.pk}"],
            )
        messages.success(request, "Quotas saved.")
        return redirect("assembly:categories", page_id=page.pk)
    if action in ("propose", "apply"):
        proposals = services.quotas_propose(assembly=page)
        if action == "apply":
            services.quotas_apply(proposals=proposals)
            messages.success(request, "The proposed quotas are now the quotas.")
            return redirect("assembly:categories", page_id=page.pk)
    return _page(
        request,
        "categories.html",
        page,
        status=400 if problems else 200,
        problems=problems,
        category_form=category_form,
        quotas_form=quotas_form,
        proposals=proposals,
        comparison=selectors.pool_vs_targets(page),
    )


@login_required
def pool(request, page_id):
    page = _assembly(request, page_id, "assembly.view_pool")
    volunteers = list(selectors.pool_volunteers(page))
    categories = list(page.selection_categories.all())
    rows = []
    for v in volunteers:
        answers = {a.category_id: a.value.value for a in v.answers.all()}
        rows.append((v, [answers.get(c.pk, "") for c in categories]))
    access_log_request_record(
        request,
        action=AccessAction.VIEW,
        what="volunteer pool with answers",
        target=page,
        record_count=len(rows),
    )
    return _page(request, "pool.html", page, rows=rows, categories=categories)


@login_required
def pool_import(request, page_id):
    page = _assembly(request, page_id, "assembly.view_pool")
    form = PoolUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = services.pool_upload_create(
            assembly=page,
            people_csv=data["people_file"],
            categories_csv=data["categories_file"],
            options={"id_column": data["id_column"], "address_columns": form.address_list()},
            user=request.user,
        )
        return redirect("assembly:pool_preview", page_id=page.pk, upload_id=upload.pk)
    return _page(request, "pool_import.html", page, form=form)


@login_required
def pool_preview(request, page_id, upload_id):
    page = _assembly(request, page_id, "assembly.view_pool")
    upload = get_object_or_404(PoolUpload, pk=upload_id, assembly=page)
    action, problems = (None, [])
    if request.method == "POST":
        action, problems = _action(request, ("confirm", "cancel"))
    if action == "cancel":
        upload.delete()
        return redirect("assembly:pool", page_id=page.pk)
    if action == "confirm":
        try:
            count = services.pool_import(upload=upload, user=request.user)
        except services.PoolImportRejected:
            pass  # fall through: show the problems again
        else:
            messages.success(request, f"{count} volunteers added to the pool.")
            return redirect("assembly:pool", page_id=page.pk)
    preview = services.upload_preview(upload)
    access_log_request_record(
        request,
        action=AccessAction.VIEW,
        what="pool import preview",
        target=page,
        record_count=len(preview.people),
    )
    return _page(
        request,
        "pool_preview.html",
        page,
        status=400 if problems else 200,
        problems=problems,
        preview=preview,
        upload=upload,
    )


@login_required
def draws(request, page_id):
    page = _assembly(request, page_id, "assembly.run_draw")
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
    return _page(
        request,
        "draws.html",
        page,
        form=form,
        draws=page.draws.all(),
        state=services.draws_state(page),
    )


#: How often the draw page's script looks at the job again (the page never reloads itself).
POLL_SECONDS = 2


@login_required
def draw_detail(request, page_id, draw_id):
    page = _assembly(request, page_id, "assembly.run_draw")
    draw = get_object_or_404(Draw.objects.select_related("job"), pk=draw_id, assembly=page)
    drawing = request.POST.get("action") == "draw"
    seed_form = SeedForm(request.POST if drawing else None)
    number_form = PublicNumberForm(request.POST if drawing else None)
    error, problems = None, []
    if request.method == "POST":
        action, problems = _action(request, ("publish", "draw"))
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
    return _page(
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


@login_required
def panel(request, page_id):
    page = _assembly(request, page_id, "assembly.view_pool")
    problems = []
    if request.method == "POST":
        form = PanelActionForm(request.POST, assembly=page)
        if form.is_valid():
            _panel_action(request, **form.cleaned_data)
            return redirect("assembly:panel", page_id=page.pk)
        problems = _problems(form)
    members = list(selectors.panel_members(page))
    access_log_request_record(
        request,
        action=AccessAction.VIEW,
        what="panel with contact details",
        target=page,
        record_count=len(members),
    )
    return _page(
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
    page = _assembly(request, page_id, "assembly.view_pool")
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
    return _page(request, "member_detail.html", page, member=member, form=form)


@login_required
def panel_export(request, page_id):
    page = _assembly(request, page_id, "assembly.export_pool")
    header, rows = exports.panel_rows(page)
    access_log_request_record(
        request,
        action=AccessAction.EXPORT,
        what="panel export (CSV)",
        target=page,
        record_count=len(rows),
    )
    return exports.csv_response(f"panel-{page.slug}.csv", header, rows)


@login_required
def letters_export(request, page_id):
    page = _assembly(request, page_id, "assembly.export_pool")
    header, rows = exports.letter_rows(page, request.build_absolute_uri("/"))
    access_log_request_record(
        request,
        action=AccessAction.EXPORT,
        what="panel invitation letters (CSV)",
        target=page,
        record_count=len(rows),
    )
    return exports.csv_response(f"panel-letters-{page.slug}.csv", header, rows)


def _pdf_response(filename: str, content: bytes) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def letters_pdf(request, page_id):
    page = _assembly(request, page_id, "assembly.export_pool")
    content, count = letters.panel_letters_pdf(page, request.build_absolute_uri("/"))
    access_log_request_record(
        request,
        action=AccessAction.EXPORT,
        what="panel invitation letters (PDF)",
        target=page,
        record_count=count,
    )
    return _pdf_response(f"panel-letters-{page.slug}.pdf", content)


@login_required
def invitations(request, page_id):
    page = _assembly(request, page_id, "assembly.manage")
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
    return _page(
        request,
        "invitations.html",
        page,
        form=form,
        problems=problems,
        total=codes.count(),
        used=codes.filter(used_at__isnull=False).count(),
    )


@login_required
def invitations_export(request, page_id):
    page = _assembly(request, page_id, "assembly.export_pool")
    header, rows = exports.invitation_rows(page, request.build_absolute_uri(page.url or "/"))
    access_log_request_record(
        request,
        action=AccessAction.EXPORT,
        what="civic lottery letter list (CSV)",
        target=page,
        record_count=len(rows),
    )
    return exports.csv_response(f"invitation-letters-{page.slug}.csv", header, rows)


@login_required
def invitations_pdf(request, page_id):
    page = _assembly(request, page_id, "assembly.export_pool")
    url = request.build_absolute_uri(page.url or "/")
    content, count = letters.invitation_letters_pdf(page, url)
    access_log_request_record(
        request,
        action=AccessAction.EXPORT,
        what="civic lottery invitation letters (PDF)",
        target=page,
        record_count=count,
    )
    return _pdf_response(f"invitation-letters-{page.slug}.pdf", content)


@login_required
def meetings(request, page_id):
    page = _assembly(request, page_id, "assembly.manage")
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.meeting_create(assembly=page, **form.cleaned_data)
        return redirect("assembly:meetings", page_id=page.pk)
    return _page(request, "meetings.html", page, form=form, meetings=page.meetings.all())


MEETING_ACTIONS = ("attendance",)


@login_required
def meeting_detail(request, page_id, meeting_id):
    page = _assembly(request, page_id, "assembly.manage")
    meeting = get_object_or_404(Meeting, pk=meeting_id, assembly=page)
    members = list(selectors.panel_members(page).filter(status="accepted"))
    attended = set(meeting.attendance.filter(attended=True).values_list("member_id", flat=True))
    action, problems = (None, [])
    if request.method == "POST":
        action, problems = _action(request, MEETING_ACTIONS)
    if action == "attendance":
        form = AttendanceForm(request.POST, assembly=page)
        if form.is_valid():
            chosen = {m.pk for m in form.cleaned_data["attended"]}
            services.attendance_record(meeting=meeting, attended=chosen)
            messages.success(request, "Attendance saved.")
            return redirect("assembly:meeting", page_id=page.pk, meeting_id=meeting.pk)
        problems = _problems(form)
        # Show the ticks as sent, so nothing chosen is lost while the problem is fixed.
        attended = {int(x) for x in request.POST.getlist("attended") if x.isdigit()}
    return _page(
        request,
        "meeting_detail.html",
        page,
        status=400 if problems else 200,
        problems=problems,
        meeting=meeting,
        members=members,
        attended=attended,
    )


@login_required
def index(request):
    """The assemblies this organiser manages."""
    pages = selectors.assemblies_managed(user=request.user)
    if not pages and not request.user.has_perm("accounts.access_cms"):
        raise PermissionDenied
    return render(request, "assembly/index.html", {"pages": pages})


@login_required
def representation(request, page_id):
    """Aggregates only (counts per answer), for organisers and commissioners."""
    page = _assembly(request, page_id, "assembly.view_aggregates")
    exact = request.user.has_perm("assembly.manage", page)
    return render(
        request,
        "assembly/representation.html",
        {
            "assembly": page,
            "comparison": selectors.pool_vs_targets(page, exact=exact),
            "suppressed": None if exact else selectors.SUPPRESSION_THRESHOLD,
        },
    )

"""The volunteer pool: categories and quotas, the pool, its import, and representation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render

from assembly import selectors, services
from assembly.manage_forms import (
    CategoryForm,
    PoolUploadForm,
    QuotasForm,
)
from assembly.models import (
    CategoryValue,
    PoolUpload,
)
from assembly.views.base import (
    assembly_for,
    page_render,
    posted_action,
)
from audit.models import AccessAction
from audit.services import access_log_request_record


@login_required
def categories(request, page_id):
    page = assembly_for(request, page_id, "assembly.manage")
    values = list(
        CategoryValue.objects.filter(category__assembly=page)
        .select_related("category")
        .order_by("category__sort_order", "category_id", "sort_order", "pk")
    )
    action, problems = (None, [])
    if request.method == "POST":
        action, problems = posted_action(request, ("add", "save", "propose", "apply"))
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
    return page_render(
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
    page = assembly_for(request, page_id, "assembly.view_pool")
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
    return page_render(request, "pool.html", page, rows=rows, categories=categories)


@login_required
def pool_import(request, page_id):
    page = assembly_for(request, page_id, "assembly.view_pool")
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
    return page_render(request, "pool_import.html", page, form=form)


@login_required
def pool_preview(request, page_id, upload_id):
    page = assembly_for(request, page_id, "assembly.view_pool")
    upload = get_object_or_404(PoolUpload, pk=upload_id, assembly=page)
    action, problems = (None, [])
    if request.method == "POST":
        action, problems = posted_action(request, ("confirm", "cancel"))
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
    return page_render(
        request,
        "pool_preview.html",
        page,
        status=400 if problems else 200,
        problems=problems,
        preview=preview,
        upload=upload,
    )


@login_required
def representation(request, page_id):
    """Aggregates only (counts per answer), for organisers and commissioners."""
    page = assembly_for(request, page_id, "assembly.view_aggregates")
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

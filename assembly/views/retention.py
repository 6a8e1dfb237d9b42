"""The page where an organiser confirms anonymising a pool whose retention date has passed.

Publishing a past retention date never anonymises anything by itself; this page
names how many volunteers it will anonymise and waits for an explicit POST.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from assembly import services
from assembly.models import AssemblyPage


class AnonymiseForm(forms.Form):
    # The number the page showed, so the service can refuse if the pool changed since.
    count = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


@login_required
def pool_anonymise(request, page_id):
    page = get_object_or_404(AssemblyPage, pk=page_id)
    if not request.user.has_perm("assembly.manage", page):
        raise PermissionDenied
    due = services.retention_due_at(page)
    pending = services.pool_retention_pending(assembly=page)
    form = AnonymiseForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                job = services.pool_retention_confirm(
                    assembly=page, user=request.user, count=form.cleaned_data["count"]
                )
            except services.AssemblyError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, f"Anonymising {job.params['count']} volunteers.")
                return redirect("jobs:detail", job_id=job.pk)
        status = 400
        # The hidden count carries the number shown now, so confirming again is deliberate.
        pending = services.pool_retention_pending(assembly=page)
    return render(
        request,
        "assembly/pool_anonymise.html",
        {
            "assembly": page,
            "form": form,
            "pending": pending,
            "retention_due": due,
            "due_passed": due is not None and due <= timezone.now(),
        },
        status=status,
    )

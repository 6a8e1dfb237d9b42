"""Start a new assembly: a draft page whose creator becomes its organiser."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse

from assembly import services
from formkit.text import CleanTextMixin


class AssemblyNewForm(CleanTextMixin, forms.Form):
    title = forms.CharField(label="Name of the assembly", max_length=200)
    question = forms.CharField(
        label="The question it will answer",
        max_length=300,
        help_text="For example: How should we care for people who need support?",
    )


@login_required
def assembly_new(request):
    # Any organiser may start one; they get rights on that page only, never on the home page.
    if not request.user.has_perm("accounts.access_cms"):
        raise PermissionDenied
    form = AssemblyNewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            page = services.assembly_create(user=request.user, **form.cleaned_data)
        except services.AssemblyError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"{page.title} created as a draft. Add its details here.")
            return redirect(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    status = 400 if form.errors else 200
    return render(request, "assembly/assembly_new.html", {"form": form}, status=status)

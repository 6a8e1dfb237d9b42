from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from accounts.forms import DELETED_MESSAGE, DeleteAccountForm
from accounts.roles import MFA_REQUIRED_ROLES
from accounts.selectors import user_has_group_role, user_roles
from accounts.services import account_delete, account_export
from accounts.work import user_work


@login_required
def profile(request):
    has_totp = Authenticator.objects.filter(
        user=request.user, type=Authenticator.Type.TOTP
    ).exists()
    mfa_required = request.user.is_superuser or any(
        user_has_group_role(request.user, role) for role in MFA_REQUIRED_ROLES
    )
    return render(
        request,
        "accounts/profile.html",
        {
            "roles": user_roles(request.user),
            "has_totp": has_totp,
            "mfa_required": mfa_required,
            "work": user_work(request.user, request=request),
        },
    )


@login_required
def download_data(request):
    response = HttpResponse(account_export(user=request.user), content_type="application/zip")
    response["Content-Disposition"] = 'attachment; filename="my-data.zip"'
    # The person's own data: never kept by a shared cache.
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        account_delete(
            user=user,
            delete_responses=form.cleaned_data["delete_responses"],
            delete_statements=form.cleaned_data["delete_statements"],
        )
        logout(request)
        messages.success(request, DELETED_MESSAGE)
        return redirect("/")
    return render(request, "accounts/delete.html", {"form": form})

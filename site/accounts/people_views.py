"""The "People and roles" page of a consultation or assembly, and invitation links."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from accounts import people_selectors as selectors
from accounts.forms import RoleInviteForm
from accounts.invitation_services import (
    RoleChangeError,
    invitation_accept,
    invitation_cancel,
    invitation_create,
    invitation_matches,
    invitation_problem,
    role_assignment_remove,
    role_label,
    role_with_article,
)
from accounts.invitations import INVITE_LIMITS
from accounts.models import RoleAssignment, RoleInvitation
from accounts.ratelimits import minutes, rate_hit, rate_wait
from audit.targets import target_key

INVITE_ACTION = "role-invite"


def _target(request, page_id):
    page = selectors.people_page(page_id)
    if page is None:
        raise Http404
    if not request.user.has_perm("accounts.manage_people", page):
        raise PermissionDenied
    return page


def _render(request, page, form, *, status=200):
    return render(
        request,
        "accounts/people.html",
        {
            "target": page,
            "kind": page._meta.verbose_name,
            "holders": selectors.role_holders(page),
            "invitations": selectors.invitations_pending(page),
            "form": form,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def people(request, page_id):
    page = _target(request, page_id)
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "remove":
        return _remove(request, page)
    if action == "cancel":
        return _cancel(request, page)
    form = RoleInviteForm(request.POST if action == "invite" else None)
    if action == "invite" and form.is_valid():
        key = str(request.user.pk)
        wait = rate_wait(request, action=INVITE_ACTION, limits=INVITE_LIMITS, key=key)
        if wait:
            form.add_error(
                None,
                "You have sent a lot of invitations. "
                f"Try again in {minutes(wait)} minute{'s' if minutes(wait) != 1 else ''}.",
            )
            return _render(request, page, form, status=429)
        data = form.cleaned_data
        try:
            sent = invitation_create(
                invited_by=request.user,
                target=page,
                email=data["email"],
                role=data["role"],
                accept_url=lambda token: request.build_absolute_uri(
                    reverse("accounts:invitation", args=[token])
                ),
            )
        except RoleChangeError as error:
            form.add_error("email", str(error))
            return _render(request, page, form, status=400)
        rate_hit(request, action=INVITE_ACTION, limits=INVITE_LIMITS, key=key)
        messages.success(
            request,
            f"We have sent {sent.invitation.email} an invitation to be "
            f"{role_with_article(sent.invitation.role)}.",
        )
        return redirect("accounts:people", page_id=page.pk)
    if action is not None and action != "invite":
        return _back_with_error(request, page, "Choose what to do from the buttons on this page.")
    return _render(request, page, form, status=400 if form.errors else 200)


def _back_with_error(request, page, text):
    messages.error(request, text)
    return redirect("accounts:people", page_id=page.pk)


def _remove(request, page):
    ct, object_id = target_key(page)
    assignment = (
        RoleAssignment.objects.filter(
            pk=_int(request.POST.get("assignment")), content_type=ct, object_id=object_id
        )
        .select_related("user")
        .first()
    )
    if assignment is None:
        return _back_with_error(request, page, "That person no longer has that role here.")
    try:
        role_assignment_remove(assignment=assignment, by=request.user, target=page)
    except RoleChangeError as error:
        return _back_with_error(request, page, str(error))
    messages.success(
        request, f"{assignment.user.email} is no longer {role_with_article(assignment.role)}."
    )
    if not request.user.has_perm("accounts.manage_people", page):
        # They removed themselves: this page is no longer theirs to see.
        return redirect("accounts:profile")
    return redirect("accounts:people", page_id=page.pk)


def _cancel(request, page):
    ct, object_id = target_key(page)
    invitation = RoleInvitation.objects.filter(
        pk=_int(request.POST.get("invitation")), content_type=ct, object_id=object_id
    ).first()
    if invitation is None:
        return _back_with_error(request, page, "That invitation no longer exists.")
    invitation_cancel(invitation=invitation, by=request.user, target=page)
    messages.success(request, f"The invitation to {invitation.email} is cancelled.")
    return redirect("accounts:people", page_id=page.pk)


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@require_http_methods(["GET", "POST"])
def invitation(request, token):
    """Show an invitation and, on POST, accept it.

    Accepting takes a POST so that mail scanners that follow links cannot use them up.
    """
    found = selectors.invitation_for_token(token)
    target = selectors.invitation_target(found) if found is not None else None
    if found is None or target is None:
        return _problem(
            request,
            "This invitation link is not valid. Check you copied the whole link from the email.",
            status=404,
        )
    problem = invitation_problem(found)
    if problem is not None:
        return _problem(request, str(problem), status=problem.status)
    context = {
        "invitation": found,
        "target": target,
        "role": role_label(found.role),
        "role_a": role_with_article(found.role),
        "next": request.path,
    }
    user = request.user
    if not user.is_authenticated:
        return render(request, "accounts/invitation.html", context)
    if not invitation_matches(found, user):
        context["wrong_account"] = True
        return render(request, "accounts/invitation.html", context, status=403)
    if request.method == "POST":
        try:
            invitation_accept(invitation=found, user=user, target=target)
        except RoleChangeError as error:
            return _problem(request, str(error), status=error.status)
        messages.success(request, f"You are now {role_with_article(found.role)} of {target.title}.")
        return redirect("accounts:profile")
    return render(request, "accounts/invitation.html", context)


def _problem(request, text, *, status):
    return render(request, "accounts/invitation_problem.html", {"problem": text}, status=status)

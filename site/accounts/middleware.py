"""Organisers and commissioners must set up a second factor before anything else."""

from allauth.mfa.models import Authenticator
from django.shortcuts import redirect
from django.urls import reverse

from accounts.roles import MFA_REQUIRED_ROLES
from accounts.selectors import user_has_group_role

EXEMPT_PREFIXES = ("/accounts/", "/static/", "/media/", "/favicon.ico")


def user_needs_mfa_setup(user) -> bool:
    if not user.is_authenticated:
        return False
    if not (user.is_superuser or any(user_has_group_role(user, r) for r in MFA_REQUIRED_ROLES)):
        return False
    return not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class RequireMFAMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(EXEMPT_PREFIXES) and user_needs_mfa_setup(request.user):
            return redirect(f"{reverse('mfa_activate_totp')}?next={request.path}")
        return self.get_response(request)

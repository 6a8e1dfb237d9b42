"""Gates for views: whether a person may go on, and what they meet if they may not.

One answer for every app: someone signed out is sent to sign in and brought back,
someone signed in without the permission gets the 403 page. A gate returns None to let
the person through, or the response to send instead, so a view reads
``refused = permission_gate(...)`` then ``if refused: return refused``.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied


def login_redirect(request, next_url: str | None = None):
    """Send a signed-out person to sign in, then back to ``next_url`` (this page by default)."""
    return redirect_to_login(next_url or request.path)


def refusal(request, next_url: str | None = None):
    """What someone who may not go on meets: sign in if signed out, else 403."""
    if not request.user.is_authenticated:
        return login_redirect(request, next_url)
    raise PermissionDenied


def signed_in_gate(request, next_url: str | None = None):
    """None for someone signed in; a sign-in redirect for someone signed out."""
    return None if request.user.is_authenticated else login_redirect(request, next_url)


def permission_gate(request, perm: str, obj=None, *, next_url: str | None = None):
    """None if the person holds ``perm`` (on ``obj``); otherwise their :func:`refusal`."""
    if request.user.has_perm(perm, obj):
        return None
    return refusal(request, next_url)


def page_permission_required(perm: str):
    """Gate a page's view ``view(request, page, ...)`` on ``perm`` held on that page."""

    def decorator(view):
        @wraps(view)
        def gated(request, page, *args, **kwargs):
            refused = permission_gate(request, perm, page)
            return refused or view(request, page, *args, **kwargs)

        return gated

    return decorator

"""Site-wide views: health check and styled error pages."""

import time

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.http import require_POST


@require_POST
def session_keepalive(request):
    """Extend the session (the "keep my answers" button of the timeout warning)."""
    request.session["keepalive"] = int(time.time())
    return HttpResponse(status=204)


def healthz(request):
    return JsonResponse({"status": "ok"})


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # Render with no request context: the failure may be in a context processor.
    try:
        body = loader.get_template("500.html").render({})
    except Exception:
        body = "<h1>Sorry, there is a problem with the service</h1><p>Try again later.</p>"
    return HttpResponse(body, status=500)


def csrf_failure(request, reason=""):
    """A failed CSRF check. Pages that hold a person's answers re-show them to resend."""
    from wagtail.models import Site

    site = Site.find_for_request(request)
    if request.method == "POST" and site is not None:
        components = [c for c in request.path.split("/") if c]
        try:
            page, args, kwargs = site.root_page.specific.route(request, components)
        except Http404:
            page = None
        handler = getattr(page, "csrf_failure_response", None)
        if handler is not None:
            response = handler(request, args, kwargs)
            if response is not None:
                return response
    return render(request, "403_csrf.html", status=403)

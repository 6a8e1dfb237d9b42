from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as site_urlpatterns


def bare(request):
    return HttpResponse("ok", content_type="text/plain")


def bare_post(request):
    """A form POST through the same middleware (sessions, CSRF) that does no work."""
    if request.method != "POST":
        return HttpResponse(status=405)
    return HttpResponse(f"ok {len(request.POST)}", content_type="text/plain")


urlpatterns = [
    path("bench/bare/", bare),
    path("bench/bare-post/", bare_post),
    *site_urlpatterns,
]

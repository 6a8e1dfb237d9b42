"""Site-wide views: health check and styled error pages."""

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader


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

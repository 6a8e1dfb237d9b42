"""Navigation shared by every page."""

from django.urls import reverse


def navigation(request):
    user = getattr(request, "user", None)
    items = [{"label": "Home", "href": "/"}]
    if user is not None and user.is_authenticated:
        items.append({"label": "Your account", "href": reverse("accounts:profile")})
        if user.has_perm("accounts.access_cms"):
            items.append({"label": "Manage content", "href": "/cms/"})
    path = getattr(request, "path", "")
    for item in items:
        item["active"] = (
            path == item["href"] if item["href"] == "/" else path.startswith(item["href"])
        )
    return {"service_navigation": items}

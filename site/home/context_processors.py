"""Navigation shared by every page: the sections the signed-in person may use.

Decided from the person's role groups (one cached query per request), never from
per-object checks: a section's own page lists only what is theirs.
"""

from django.urls import NoReverseMatch, reverse

from accounts.models import Role
from accounts.selectors import user_has_group_role


def _reverse(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def navigation_items(user) -> list[dict]:
    items = [{"label": "Home", "href": "/"}]
    if user is None or not user.is_authenticated:
        return items
    account = reverse("accounts:profile")
    items.append({"label": "Your account", "href": account})

    def holds(*roles) -> bool:
        return user.is_superuser or any(user_has_group_role(user, r) for r in roles)

    if holds(Role.ORGANISER) and (href := _reverse("assembly:index")):
        items.append({"label": "Assemblies", "href": href})
    if holds(Role.ORGANISER, Role.COMMISSIONER) and (href := _reverse("analysis:run_list")):
        items.append({"label": "Analysis", "href": href})
    if any(user_has_group_role(user, r) for r in (Role.MEMBER, Role.FACILITATOR)):
        # Their sessions are listed on their account page; there is no separate index.
        items.append({"label": "Live sessions", "href": f"{account}#live-sessions"})
    if user.has_perm("accounts.access_cms"):
        items.append({"label": "CMS", "href": "/cms/"})
    return items


def navigation(request):
    items = navigation_items(getattr(request, "user", None))
    path = getattr(request, "path", "")
    for item in items:
        href = item["href"]
        item["active"] = path == href if href == "/" else "#" not in href and path.startswith(href)
    return {"service_navigation": items}

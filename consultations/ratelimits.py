"""Rate limits on answering a consultation: per person, never by address alone.

Residents often answer together, in a library or a meeting room on one Wi-Fi, and so
share one public address. The limits a person can meet are therefore counted per
account when signed in and per browser session when not, on each consultation; the
per-address limit is only a generous backstop against a script that drops its
cookies. The counters are ``accounts.ratelimits``'s fixed windows in the shared cache,
the mechanism the volunteer form and live sessions use too.
"""

from django.conf import settings

from accounts.ratelimits import client_ip, minutes, rate_hit, rate_wait

RATE_LIMITS = {
    # Each page of answers saved (a budget's included): generous, people go back and forth.
    "save": "30/m/key,300/h/key",
    # Sending the whole response: one is the norm, a few when a consultation allows more.
    "send": "5/10m/key,20/d/key",
    # Per address, over both: room for a whole room of residents at once.
    "address": "600/m/key",
}

TOO_MANY = (
    "You have sent this form too many times in a short while. Your answers are kept: "
    "wait {minutes}, then send them again."
)


def _limits() -> dict[str, str]:
    return {**RATE_LIMITS, **getattr(settings, "CONSULTATION_RATE_LIMITS", {})}


def _person(request) -> str:
    if request.user.is_authenticated:
        return f"user:{request.user.pk}"
    if request.session.session_key is None:
        request.session.save()  # a key now, so the count follows this browser
    return f"session:{request.session.session_key}"


def _hit(request, action: str, limits: str, key: str) -> int:
    if rate_hit(request, action=action, limits=limits, key=key):
        return 0
    return max(1, rate_wait(request, action=action, limits=limits, key=key))


def submission_rate_hit(request, *, page, action: str) -> str:
    """Count one ``action`` ("save" or "send") on ``page``; the message when over, else ""."""
    limits = _limits()
    wait = _hit(request, f"consultation-{action}", limits[action], f"{_person(request)}:{page.pk}")
    if address := client_ip(request):
        wait = max(wait, _hit(request, "consultation-address", limits["address"], f"ip:{address}"))
    if not wait:
        return ""
    n = minutes(wait)
    return TOO_MANY.format(minutes=f"{n} minute{'s' if n != 1 else ''}")

"""Rate limits on public forms, counted in the shared Django cache as allauth's are.

Limits are written as allauth writes them: ``"10/m/ip,200/h/key"`` means at most 10 hits
a minute from one IP address and 200 an hour for one key (for example one assembly).
Each limit is a fixed window: simple, and the same in every web process because the
counters live in the shared cache (Redis in production).
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from django.core.cache import cache

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class Rate:
    amount: int
    seconds: int
    per: str  # "ip" or "key"


def rates_parse(text: str) -> list[Rate]:
    """``"5/15m/ip,100/h/key"`` -> rates; a bare unit means one of it (``m`` = 60 s)."""
    rates = []
    for part in filter(None, (p.strip() for p in text.split(","))):
        amount, duration, *per = part.split("/")
        number = duration[:-1] or "1"
        rates.append(Rate(int(amount), int(number) * UNITS[duration[-1]], (per or ["ip"])[0]))
    return rates


def client_ip(request) -> str:
    """The client's address as allauth sees it (its adapter knows about trusted proxies)."""
    # allauth's adapter module loads its forms and models; this module loads with settings.
    from allauth.account.adapter import get_adapter

    try:
        return get_adapter(request).get_client_ip(request)
    except Exception:  # noqa: BLE001 - an unparseable header must not turn into a 500
        return request.META.get("REMOTE_ADDR", "")


def _keys(request, action: str, rates: list[Rate], key: str) -> list[tuple[str, Rate, int]]:
    now = int(time.time())
    out = []
    for rate in rates:
        who = client_ip(request) if rate.per == "ip" else key
        digest = hashlib.sha256(f"{rate.per}:{who}".encode()).hexdigest()[:32]
        window = now // rate.seconds
        out.append((f"rl:{action}:{rate.amount}/{rate.seconds}:{digest}:{window}", rate, now))
    return out


def rate_wait(request, *, action: str, limits: str, key: str = "") -> int:
    """Seconds until every used-up limit's window ends; 0 when none is used up."""
    wait = 0
    for cache_key, rate, now in _keys(request, action, rates_parse(limits), key):
        if cache.get(cache_key, 0) >= rate.amount:
            wait = max(wait, rate.seconds - now % rate.seconds)
    return wait


def rate_limited(request, *, action: str, limits: str, key: str = "") -> bool:
    """Whether any limit is already used up (counts nothing)."""
    return rate_wait(request, action=action, limits=limits, key=key) > 0


def rate_hit(request, *, action: str, limits: str, key: str = "") -> bool:
    """Count one hit against every limit; return ``False`` when one is over its amount."""
    allowed = True
    for cache_key, rate, now in _keys(request, action, rates_parse(limits), key):
        timeout = rate.seconds - now % rate.seconds + 1
        cache.add(cache_key, 0, timeout)
        try:
            count = cache.incr(cache_key)
        except ValueError:  # expired between add and incr
            cache.set(cache_key, 1, timeout)
            count = 1
        allowed = allowed and count <= rate.amount
    return allowed


def minutes(seconds: int) -> int:
    """Whole minutes to tell people to wait, never 0."""
    return max(1, -(-seconds // 60))

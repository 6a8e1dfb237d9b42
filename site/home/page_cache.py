"""One generation number for everything cached from the published page tree.

The routing cache, the site settings and the home page's lists are all keyed by it,
so any change to a page, a site, a view restriction or the site settings makes every
one of them stale at once. Pages change rarely and reads are constant, so one coarse
bump is cheaper and safer than tracking which page feeds which entry.
"""

import time
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.cache import cache
from django.db import transaction

GENERATION_KEY = "pagecache:generation"
#: Entries also expire on their own, so a missed signal cannot keep them for ever.
ENTRY_SECONDS = 60 * 60


# A request looks the generation up once (when it first needs it), not once for every
# entry it reads. A request that bumps it keeps reading under the number it started
# with; what it caches there is never read again, as later requests see the new one.
_pinned: ContextVar[dict | None] = ContextVar("pagecache_generation", default=None)


def generation() -> int:
    """The current generation; a fresh one if the cache lost it."""
    pinned = _pinned.get()
    if pinned is not None and "value" in pinned:
        return pinned["value"]
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, time.time_ns(), None)
        value = cache.get(GENERATION_KEY, 0)
    if pinned is not None:
        pinned["value"] = value
    return value


@contextmanager
def generation_pinned():
    """Within this block (one request) ``generation()`` is read at most once."""
    token = _pinned.set({})
    try:
        yield
    finally:
        _pinned.reset(token)


def _bump() -> None:
    # A new, never-used number rather than an increment: an increment on an evicted key
    # would restart from a number whose old entries may still be there.
    cache.set(GENERATION_KEY, time.time_ns(), None)


def page_cache_invalidate() -> None:
    """Make every cached route, setting and list stale, now and again after commit.

    The second bump matters: a request that read the old rows before this transaction
    commits may have cached them under the first new generation.
    """
    _bump()
    transaction.on_commit(_bump)


def cache_key(*parts) -> str:
    return ":".join(["pagecache", str(generation()), *map(str, parts)])

"""Tally pushes, coalesced: at most one every ``PERIOD`` seconds per activity per process.

A vote saves itself and bumps the activity's ``tally_version``; after commit it asks
for a push. The first ask in a quiet spell is pushed at once; asks within ``PERIOD``
of a push wait for one more push at the end of it, which carries every vote saved
by then. So 2,000 votes in ten seconds make about 40 pushes, not 2,000, and the
last push is exact. The push reads the tally in the database, so it is right
whichever server process took the votes; a push finding nothing new since the last
one (pushed by another process) is skipped.

Timers run on the server's event loop. Code in a worker thread of that loop (the
consumer's database calls, the plain views under daphne) hands the ask over to it;
code with no loop behind it (tests with the test client, management commands)
pushes at once.
"""

import asyncio
import contextvars
import logging
import math
import os
import weakref

from asgiref.sync import SyncToAsync
from channels.db import database_sync_to_async
from django.db import transaction

from deliberation.events import event_emit
from deliberation.models import Stream

logger = logging.getLogger(__name__)

PERIOD = 0.25  # seconds: at most four pushes a second per activity


class Coalescer:
    """Pure timing: when to push for each key so pushes are ``period`` apart."""

    def __init__(self, period: float = PERIOD):
        self.period = period
        self._last: dict = {}
        self._pending: set = set()

    def request(self, key, now: float) -> float | None:
        """Seconds until the push that will carry this change; None if one is due already."""
        if key in self._pending:
            return None
        self._pending.add(key)
        return max(0.0, self._last.get(key, -math.inf) + self.period - now)

    def started(self, key, now: float) -> None:
        """The push reads the tally now: changes from here on need another push."""
        self._pending.discard(key)
        self._last[key] = now
        # Forget keys quiet for a while, so a long-running server does not collect them.
        stale = [k for k, t in self._last.items() if now - t > 60 and k not in self._pending]
        for k in stale:
            del self._last[k]


_coalescers: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_tasks: set = set()


def tally_push(activity_id: int) -> bool:
    """Push the activity's tally if it moved since the last push; True if pushed."""
    from deliberation.activities.models import Activity
    from deliberation.activities.selectors import tally_payload

    with transaction.atomic():
        activity = (
            Activity.objects.select_for_update().select_related("session").filter(pk=activity_id)
        ).first()
        if activity is None or activity.tally_version == activity.pushed_version:
            return False
        activity.pushed_version = activity.tally_version
        activity.save(update_fields=["pushed_version"])
        event_emit(
            session=activity.session,
            stream=Stream.FACILITATORS,
            type="activity.tally",
            payload=tally_payload(activity, staff=True),
        )
        if activity.results_visible:
            event_emit(
                session=activity.session,
                stream=Stream.EVERYONE,
                type="activity.tally",
                payload=tally_payload(activity),
            )
    return True


def tally_request(activity_id: int) -> None:
    """On the event loop: push now, or once at the end of the current period."""
    loop = asyncio.get_running_loop()
    coalescer = _coalescers.setdefault(loop, Coalescer())
    delay = coalescer.request(activity_id, loop.time())
    if delay is not None:
        loop.call_later(delay, _push_start, loop, coalescer, activity_id)


def _push_start(loop, coalescer: Coalescer, activity_id: int) -> None:
    coalescer.started(activity_id, loop.time())
    # A fresh context: the ask may come from a worker thread's context, whose
    # "thread executor in use" mark would make the push refuse to run.
    task = loop.create_task(_push(activity_id), context=contextvars.Context())
    _tasks.add(task)
    task.add_done_callback(_tasks.discard)


async def _push(activity_id: int) -> None:
    try:
        await database_sync_to_async(tally_push)(activity_id)
    except Exception:
        # The votes are saved; the next push, a reveal or a resync carries them.
        logger.exception("Could not push the tally of activity %s", activity_id)


def _server_loop():
    """The event loop this worker thread serves, as asgiref records it; else None."""
    local = SyncToAsync.threadlocal
    if getattr(local, "main_event_loop_pid", None) != os.getpid():
        return None
    loop = getattr(local, "main_event_loop", None)
    return loop if loop is not None and loop.is_running() else None


def tally_changed(activity_id: int) -> None:
    """Ask for a push once this transaction commits (call inside the vote's transaction)."""
    transaction.on_commit(lambda: _ask(activity_id))


def _ask(activity_id: int) -> None:
    loop = _server_loop()
    if loop is None:
        tally_push(activity_id)
    else:
        loop.call_soon_threadsafe(tally_request, activity_id, context=contextvars.Context())

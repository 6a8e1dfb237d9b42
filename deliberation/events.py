"""The event log: every broadcast numbered per audience stream, saved, then sent.

The number is taken from a locked counter row in the same transaction as the change
it reports, so numbers follow commit order and a gap a client sees is a real loss
(Channels' group delivery is at most once), which ``resync`` then repairs. Each event
is encoded to JSON once; the consumers send that text as it is.
"""

import json
import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import IntegrityError, transaction

from deliberation.models import LiveSession, SessionEvent, Stream, StreamCounter

logger = logging.getLogger(__name__)

# More missed than this and a client gets a fresh snapshot instead of the events.
RESYNC_LIMIT = 500
GROUP_MESSAGE_TYPE = "live.event"


def _counter_locked(session_id: int, stream: str) -> StreamCounter:
    rows = StreamCounter.objects.select_for_update()
    try:
        return rows.get(session_id=session_id, stream=stream)
    except StreamCounter.DoesNotExist:
        try:
            with transaction.atomic():
                StreamCounter.objects.create(session_id=session_id, stream=stream)
        except IntegrityError:
            pass  # made by a concurrent first event; locked below like any other
        return rows.get(session_id=session_id, stream=stream)


def encode(body: dict) -> str:
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False)


def event_emit(*, session: LiveSession, stream: str, type: str, payload: dict) -> dict:
    """Number, log and (after commit) broadcast one event; returns it as sent."""
    # No savepoint inside the change's own transaction: two round trips saved per event,
    # and an event that cannot be logged rolls the change back with it anyway.
    with transaction.atomic(savepoint=False):
        counter = _counter_locked(session.pk, stream)
        counter.last_seq += 1
        counter.save(update_fields=["last_seq"])
        body = {"type": type, "stream": str(stream), "seq": counter.last_seq, **payload}
        text = encode(body)
        SessionEvent.objects.create(
            session_id=session.pk, stream=stream, seq=counter.last_seq, text=text
        )
        group = session.stream_group(stream)
        transaction.on_commit(lambda: _send(group, text))
    return body


def _send(group: str, text: str) -> None:
    try:
        async_to_sync(get_channel_layer().group_send)(
            group, {"type": GROUP_MESSAGE_TYPE, "text": text}
        )
    except Exception:
        # Saved already: a client that misses it sees the gap and asks again.
        logger.exception("Could not broadcast a live event to %s", group)


def stream_positions(*, session_id: int, streams=tuple(Stream)) -> dict[str, int]:
    """The last number given out on each stream (0 before the first event)."""
    found = dict(
        StreamCounter.objects.filter(session_id=session_id, stream__in=streams).values_list(
            "stream", "last_seq"
        )
    )
    return {str(s): found.get(s, 0) for s in streams}


def events_since(*, session_id: int, stream: str, since: int) -> list[str] | None:
    """The texts of the events after ``since``, in order; None when a snapshot is due."""
    last = stream_positions(session_id=session_id, streams=(stream,))[str(stream)]
    if since > last or last - since > RESYNC_LIMIT:
        return None
    return list(
        SessionEvent.objects.filter(session_id=session_id, stream=stream, seq__gt=since)
        .order_by("seq")
        .values_list("text", flat=True)
    )

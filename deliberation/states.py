"""The live session's state machine. Pure: no Django, no I/O.

draft -> lobby -> live <-> paused, and any state but ended -> ended. Only a live
session moves from one agenda item to the next.
"""

from datetime import datetime, timedelta

DRAFT, LOBBY, LIVE, PAUSED, ENDED = "draft", "lobby", "live", "paused", "ended"

LABELS = {
    DRAFT: "not started",
    LOBBY: "open to join",
    LIVE: "live",
    PAUSED: "paused",
    ENDED: "finished",
}

# command: (the states it may start from, the state it leads to, what it does in words)
TRANSITIONS = {
    "lobby": ({DRAFT}, LOBBY, "open its lobby"),
    "start": ({DRAFT, LOBBY}, LIVE, "start"),
    "pause": ({LIVE}, PAUSED, "pause"),
    "resume": ({PAUSED}, LIVE, "resume"),
    "end": ({DRAFT, LOBBY, LIVE, PAUSED}, ENDED, "end"),
}
ADVANCE_FROM = {LIVE}


class TransitionError(ValueError):
    """A command the session's state does not allow; the message says why, for a person."""


def next_status(current: str, command: str) -> str:
    if command not in TRANSITIONS:
        raise TransitionError(f"Unknown command {command!r}.")
    allowed, target, words = TRANSITIONS[command]
    if current not in allowed:
        raise TransitionError(f"A session that is {LABELS.get(current, current)} cannot {words}.")
    return target


def advance_check(current: str, position: int | None, count: int) -> int:
    """The index of the item after ``position`` (None: before the first)."""
    if current not in ADVANCE_FROM:
        raise TransitionError(
            f"A session that is {LABELS.get(current, current)} cannot move to the next item: "
            "start or resume it first."
        )
    following = 0 if position is None else position + 1
    if following >= count:
        raise TransitionError("This is the last item on the agenda.")
    return following


def timer_end(now: datetime, seconds: int | None) -> datetime | None:
    return None if not seconds else now + timedelta(seconds=seconds)


def timer_remaining(now: datetime, ends_at: datetime | None) -> int | None:
    """Whole seconds left, rounded up, never below zero."""
    if ends_at is None:
        return None
    left = (ends_at - now).total_seconds()
    return max(0, int(-(-left // 1)))

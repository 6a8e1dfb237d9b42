"""The session's state machine, pure."""

from datetime import UTC, datetime, timedelta

import pytest

from deliberation import states


@pytest.mark.parametrize(
    ("current", "command", "target"),
    [
        ("draft", "lobby", "lobby"),
        ("draft", "start", "live"),
        ("lobby", "start", "live"),
        ("live", "pause", "paused"),
        ("paused", "resume", "live"),
        ("live", "end", "ended"),
        ("paused", "end", "ended"),
    ],
)
def test_allowed_moves_lead_where_they_say(current, command, target):
    assert states.next_status(current, command) == target


@pytest.mark.parametrize(
    ("current", "command"),
    [
        ("ended", "start"),
        ("ended", "end"),
        ("live", "start"),
        ("draft", "pause"),
        ("live", "lobby"),
    ],
)
def test_moves_the_state_does_not_allow_are_refused_in_words(current, command):
    with pytest.raises(states.TransitionError, match="cannot"):
        states.next_status(current, command)


def test_an_unknown_command_is_refused():
    with pytest.raises(states.TransitionError):
        states.next_status("live", "explode")


def test_advancing_needs_a_live_session_and_a_next_item():
    assert states.advance_check("live", None, 2) == 0
    assert states.advance_check("live", 0, 2) == 1
    with pytest.raises(states.TransitionError, match="last item"):
        states.advance_check("live", 1, 2)
    with pytest.raises(states.TransitionError, match="start or resume"):
        states.advance_check("paused", 0, 2)


def test_timer_counts_whole_seconds_up_and_never_below_zero():
    now = datetime(2026, 1, 1, tzinfo=UTC)
    assert states.timer_end(now, None) is None
    assert states.timer_remaining(now, now + timedelta(seconds=9.2)) == 10
    assert states.timer_remaining(now, now - timedelta(seconds=5)) == 0

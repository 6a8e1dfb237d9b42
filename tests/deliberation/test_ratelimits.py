"""The per-socket frame window (pure) and the shared per-user limits."""

import pytest

from deliberation.ratelimits import FrameWindow, address_rate_hit, statement_rate_hit


def test_frame_window_allows_its_amount_then_says_how_long_to_wait():
    window = FrameWindow(amount=3, seconds=10)
    assert [window.hit(now=100.0) for _ in range(3)] == [0, 0, 0]
    assert window.hit(now=102.5) == 8
    assert window.hit(now=109.9) == 1


def test_frame_window_starts_afresh_once_its_time_is_up():
    window = FrameWindow(amount=1, seconds=10)
    assert window.hit(now=100.0) == 0
    assert window.hit(now=105.0) > 0
    assert window.hit(now=110.0) == 0


@pytest.mark.django_db
def test_statement_limit_is_per_user_and_session(frozen_clock):
    waits = [statement_rate_hit(user_id=1, session_id=7) for _ in range(6)]
    assert waits == [0, 0, 0, 0, 0, 8]
    assert statement_rate_hit(user_id=2, session_id=7) == 0
    assert statement_rate_hit(user_id=1, session_id=8) == 0


@pytest.mark.django_db
def test_address_backstop_is_generous_and_ignores_an_unknown_address(frozen_clock):
    assert all(address_rate_hit("203.0.113.7") == 0 for _ in range(100))
    assert all(address_rate_hit(None) == 0 for _ in range(700))

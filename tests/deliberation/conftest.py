from types import SimpleNamespace

import pytest


@pytest.fixture
def frozen_clock(monkeypatch):
    """Fixed-window rate limits at 2 s into a 10 s window, so a burst never straddles two."""
    import accounts.ratelimits

    monkeypatch.setattr(accounts.ratelimits, "time", SimpleNamespace(time=lambda: 1_000_000_002.0))

"""Rate limits for live sessions: by user and session, never by address alone.

A room of 100 people on one venue's Wi-Fi shares one public address, so every
limit a person can reach in normal use is counted per user and session. The
per-address limit is only a generous backstop. Counters live in the shared cache
(``accounts.ratelimits``: fixed windows, the same in every web process), except the
per-socket frame limit, which guards the consumer itself and so costs no round trip.
Limits and codes are documented in docs/live-protocol.md.
"""

import math
import time

from accounts.ratelimits import rate_hit, rate_wait

# Per user per session, over the socket and the plain form together.
STATEMENT_LIMITS = "5/10s/key,30/m/key"
# Per user per session: reconnecting is normal, a loop of reconnects is not.
CONNECT_LIMITS = "20/m/key"
# Per address, over socket connects and form posts: room for a whole assembly at once.
ADDRESS_LIMITS = "600/m/key"
# Per socket, every frame whatever it holds.
FRAMES_PER_WINDOW = 30
FRAME_WINDOW_SECONDS = 10


def _hit(action: str, limits: str, key: str) -> int:
    """Count one hit; the seconds to wait when a limit is over, else 0."""
    # No request: these limits are all "key" limits, which never read one.
    if rate_hit(None, action=action, limits=limits, key=key):
        return 0
    return max(1, rate_wait(None, action=action, limits=limits, key=key))


def _key(user_id: int | None, actor: str | None) -> str:
    """An account counts as its id (as before guests); a guest as ``guest:<id>``."""
    return str(user_id) if actor is None else actor.removeprefix("user:")


def statement_rate_hit(*, session_id: int, user_id: int | None = None, actor=None) -> int:
    return _hit("live-statement", STATEMENT_LIMITS, f"{_key(user_id, actor)}:{session_id}")


def connect_rate_hit(*, session_id: int, user_id: int | None = None, actor=None) -> int:
    return _hit("live-connect", CONNECT_LIMITS, f"{_key(user_id, actor)}:{session_id}")


# Per guest token per session: a join token is one person, like an account.
JOIN_LIMITS = "10/m/key"


def join_rate_hit(*, key: str) -> int:
    """Joining an open event, per browser (its Django session) and event."""
    return _hit("live-join", JOIN_LIMITS, key)


def address_rate_hit(address: str | None) -> int:
    """The backstop; an unknown address is not lumped with every other unknown one."""
    if not address:
        return 0
    return _hit("live-address", ADDRESS_LIMITS, f"ip:{address}")


class FrameWindow:
    """At most ``amount`` frames in ``seconds`` on one socket, counted in memory.

    The window starts at the first frame after the last one ended, so a burst is
    never split across two windows and allowed twice.
    """

    def __init__(self, amount: int = FRAMES_PER_WINDOW, seconds: float = FRAME_WINDOW_SECONDS):
        self.amount = amount
        self.seconds = seconds
        self._start = 0.0
        self._count = 0

    def hit(self, now: float | None = None) -> int:
        """Count one frame; the whole seconds to wait when over the limit, else 0."""
        now = time.monotonic() if now is None else now
        if now - self._start >= self.seconds:
            self._start, self._count = now, 0
        self._count += 1
        if self._count <= self.amount:
            return 0
        return max(1, math.ceil(self._start + self.seconds - now))

"""Rate limits for moderation, questions and the queue: per person (account or join
token) and session, never by address (a room shares one venue Wi-Fi); counted in the
shared cache like ``deliberation.ratelimits``."""

from accounts.ratelimits import rate_hit, rate_wait

ERROR_RATE = "You are doing that faster than the session can take it. Wait, then try again."

LIMITS = {
    "question": "3/30s/key,10/m/key",  # asking questions
    "vote": "30/10s/key,120/m/key",  # up-votes and their withdrawals
    "queue": "10/10s/key,30/m/key",  # hands up and down
    "moderate": "60/10s/key,300/m/key",  # a busy moderator clears a queue quickly
}


def action_rate_hit(*, kind: str, actor: str, session_id: int) -> int:
    """Count one action; the seconds to wait when a limit is over, else 0."""
    limits, key = LIMITS[kind], f"{actor}:{session_id}"
    if rate_hit(None, action=f"live-{kind}", limits=limits, key=key):
        return 0
    return max(1, rate_wait(None, action=f"live-{kind}", limits=limits, key=key))

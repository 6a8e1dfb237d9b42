"""Rate limits on what participants give activities: per person (account or join token)
and session, never by address, as deliberation.ratelimits explains."""

from accounts.ratelimits import rate_hit, rate_wait

# A vote may change; a hundred changes a minute is a script, not a person.
CONTRIBUTION_LIMITS = "10/10s/key,60/m/key"
ERROR_TOO_FAST = "You are sending faster than the session can take. Wait {wait} s, then try again."


def contribution_rate_hit(*, actor: str, session_id: int) -> int:
    """Count one vote or word list; the seconds to wait when over a limit, else 0."""
    key = f"{actor}:{session_id}"
    if rate_hit(None, action="live-activity", limits=CONTRIBUTION_LIMITS, key=key):
        return 0
    return max(1, rate_wait(None, action="live-activity", limits=CONTRIBUTION_LIMITS, key=key))

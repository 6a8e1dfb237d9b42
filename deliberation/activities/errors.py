"""The one error the activity services raise: the request or the state refuses it."""

from deliberation.states import TransitionError


class ActivityRejected(TransitionError):
    """A move the activity's state (or the request) does not allow; nothing changed."""

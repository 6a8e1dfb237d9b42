"""What each kind of activity adds to the base: its settings, results and moderation.

Each kind registers here, one line per table, from its own module:
``CONFIGS`` checks the settings a facilitator gives and returns them cleaned with a
function that makes the kind's rows once the activity exists (a poll's options);
``RESULTS`` reads the results clients draw; ``MODERATION_QUEUES`` what awaits a
moderator. A kind with no entry takes no settings and has no results.
"""

from collections.abc import Callable

from deliberation.states import TransitionError


class ActivityRejected(TransitionError):
    """A move the activity's state (or the request) does not allow; nothing changed."""


CONFIGS: dict[str, Callable[[dict], tuple[dict, Callable]]] = {}
RESULTS: dict[str, Callable] = {}
MODERATION_QUEUES: dict[str, Callable] = {}


def _nothing_to_set_up(activity) -> None:
    return None


def config_clean(kind: str, config) -> tuple[dict, Callable]:
    if not isinstance(config, dict):
        raise ActivityRejected("Settings must be an object.")
    cleaner = CONFIGS.get(kind)
    if cleaner is None:
        return {}, _nothing_to_set_up
    return cleaner(config)

"""What each kind of activity adds to the base: its settings, results and moderation.

Each kind registers here, one line per table, from its own module:
``CONFIGS`` checks the settings a facilitator gives and returns them cleaned with a
function that makes the kind's rows once the activity exists (a poll's options);
``RESULTS`` reads the results clients draw; ``MODERATION_QUEUES`` what awaits a
moderator; ``MINE`` what one person gave; ``DETAILS`` what else a client needs to
draw it. A kind with no entry takes no settings and has no results.
"""

from collections.abc import Callable

from deliberation.activities import polls, words
from deliberation.activities.errors import ActivityRejected

CONFIGS: dict[str, Callable[[dict], tuple[dict, Callable]]] = {
    "poll": polls.poll_config_clean,
    "wordcloud": words.words_config_clean,
}
RESULTS: dict[str, Callable] = {
    "poll": polls.poll_tally,
    "wordcloud": words.words_ranked,
}
MODERATION_QUEUES: dict[str, Callable] = {
    "wordcloud": words.words_for_moderation,
}
# What one person gave it (their vote, their words), by their actor key.
MINE: dict[str, Callable] = {
    "poll": polls.poll_mine,
    "wordcloud": words.words_mine,
}
# What a client needs to draw the activity beyond the base (a poll's choices).
DETAILS: dict[str, Callable] = {
    "poll": polls.poll_details,
}


def _nothing_to_set_up(activity) -> None:
    return None


def config_clean(kind: str, config) -> tuple[dict, Callable]:
    if not isinstance(config, dict):
        raise ActivityRejected("Settings must be an object.")
    cleaner = CONFIGS.get(kind)
    if cleaner is None:
        return {}, _nothing_to_set_up
    return cleaner(config)

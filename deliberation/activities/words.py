"""Word clouds: each person gives one to three words or phrases, counted normalised.

``config``: ``min_count`` (how many people must give a word before it shows,
default 1) and ``max_entries`` (1 to 3). With pre-moderation a word shows once a
facilitator or moderator approves it; with post-moderation it shows until hidden.
Sending again replaces a person's words, until the activity closes. These are the
reads and checks; ``word_services`` saves.
"""

from collections import Counter

from common.text import text_clean
from deliberation.activities.errors import ActivityRejected
from deliberation.activities.models import (
    Activity,
    Moderation,
    WordEntry,
    WordFilter,
)
from deliberation.activities.wordnorm import entry_check, ranked, word_normalise

MAX_ENTRIES = 3
ERROR_ENTRIES = f"Give one to {MAX_ENTRIES} words or short phrases."
ERROR_NOTHING_LEFT = "Those words are too common to count; try more telling ones."


def words_config_clean(config: dict):
    def number(key, default, low, high):
        value = config.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise ActivityRejected(f"{key} must be a whole number from {low} to {high}.")
        try:
            value = int(value)
        except ValueError:
            raise ActivityRejected(f"{key} must be a whole number from {low} to {high}.") from None
        if not low <= value <= high:
            raise ActivityRejected(f"{key} must be a whole number from {low} to {high}.")
        return value

    cleaned = {
        "min_count": number("min_count", 1, 1, 1000),
        "max_entries": number("max_entries", MAX_ENTRIES, 1, MAX_ENTRIES),
    }
    return cleaned, lambda activity: None


def entries_clean(activity: Activity, entries) -> list[tuple[str, str]]:
    """``(as typed, normalised)`` for each entry, duplicates dropped; or ``ActivityRejected``."""
    if isinstance(entries, str):
        entries = [entries]
    if not isinstance(entries, list | tuple) or not all(isinstance(e, str) for e in entries):
        raise ActivityRejected(ERROR_ENTRIES)
    # Blank boxes of the form are skipped, not refused.
    typed = [t for t in (" ".join(text_clean(e).split()) for e in entries) if t]
    most = activity.config.get("max_entries", MAX_ENTRIES)
    if not typed:
        raise ActivityRejected(ERROR_ENTRIES)
    if len(typed) > most:
        raise ActivityRejected(f"Give at most {most} words or phrases.")
    found: dict[str, str] = {}
    for text in typed:
        if problem := entry_check(text):
            raise ActivityRejected(problem)
        if (norm := word_normalise(text)) and norm not in found:
            found[norm] = text
    if not found:
        raise ActivityRejected(ERROR_NOTHING_LEFT)
    return [(text, norm) for norm, text in found.items()]


def _counts(activity: Activity) -> Counter:
    return Counter(WordEntry.objects.filter(activity=activity).values_list("norm", flat=True))


def _decisions(activity: Activity) -> dict[str, str]:
    return dict(WordFilter.objects.filter(activity=activity).values_list("norm", "status"))


def words_ranked(activity: Activity) -> dict:
    """The words that show, ranked, each with its count: the table beside the drawing."""
    decisions = _decisions(activity)
    if activity.moderation == Moderation.PRE:
        shown = {w: n for w, n in _counts(activity).items() if decisions.get(w) == "approved"}
    else:
        shown = {w: n for w, n in _counts(activity).items() if decisions.get(w) != "hidden"}
    minimum = activity.config.get("min_count", 1)
    words = ranked(shown, minimum=minimum)
    people = WordEntry.objects.filter(activity=activity).values("voter").distinct().count()
    return {
        "words": [{"word": w, "count": n} for w, n in words],
        "people": people,
        "min_count": minimum,
    }


def words_for_moderation(activity: Activity) -> list[dict]:
    """Every word given, with its count and the decision on it, for facilitators."""
    decisions = _decisions(activity)
    default = "pending" if activity.moderation == Moderation.PRE else "shown"
    return [
        {"word": w, "count": n, "status": decisions.get(w, default)}
        for w, n in ranked(dict(_counts(activity)))
    ]


def words_mine(activity: Activity, actor_key: str) -> list[str]:
    return list(
        WordEntry.objects.filter(activity=activity, voter=actor_key).values_list("text", flat=True)
    )

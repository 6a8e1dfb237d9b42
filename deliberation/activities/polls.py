"""Polls: single choice, multiple choice or a scale. Their settings, choices and tally.

A poll's ``config`` is ``{"mode": "single"|"multiple"|"scale"}`` with, for choices,
``"options": [labels]`` (kept as ``PollOption`` rows) and, for multiple choice, an
optional ``"max_choices"``; for a scale ``"min"``, ``"max"`` and optional end labels.
"""

from collections import Counter

from deliberation.activities.errors import ActivityRejected
from deliberation.activities.models import Activity, HandCount, PollOption, PollVote, VoteChannel

MODES = ("single", "multiple", "scale")
MIN_OPTIONS, MAX_OPTIONS, MAX_OPTION_LENGTH = 2, 12, 120
SCALE_LOW, SCALE_HIGH = 0, 10
ERROR_MODE = "A poll is single choice, multiple choice or a scale."
ERROR_OPTIONS = (
    f"Give {MIN_OPTIONS} to {MAX_OPTIONS} different options, "
    f"each up to {MAX_OPTION_LENGTH} characters."
)
ERROR_SCALE = f"A scale runs between two whole numbers from {SCALE_LOW} to {SCALE_HIGH}."
ERROR_CHOICE = "Choose one of the poll's options."
ERROR_CHOICES = "Choose at least one of the poll's options, each once."


def _label(value, limit: int) -> str:
    return " ".join(str(value or "").split())[:limit] if isinstance(value, str | int) else ""


def _int(value, error: str) -> int:
    if isinstance(value, bool):
        raise ActivityRejected(error)
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ActivityRejected(error) from None


def poll_config_clean(config: dict):
    """The settings kept on the activity, and a function that makes its options."""
    mode = config.get("mode", "single")
    if mode not in MODES:
        raise ActivityRejected(ERROR_MODE)
    if mode == "scale":
        low, high = _int(config.get("min", 1), ERROR_SCALE), _int(config.get("max", 5), ERROR_SCALE)
        if not SCALE_LOW <= low < high <= SCALE_HIGH:
            raise ActivityRejected(ERROR_SCALE)
        cleaned = {
            "mode": mode,
            "min": low,
            "max": high,
            "min_label": _label(config.get("min_label", ""), 40),
            "max_label": _label(config.get("max_label", ""), 40),
        }
        return cleaned, lambda activity: None
    raw = config.get("options")
    if not isinstance(raw, list):
        raise ActivityRejected(ERROR_OPTIONS)
    labels = [" ".join(str(o).split()) for o in raw if isinstance(o, str) and o.strip()]
    unique = {label.casefold() for label in labels}
    too_long = any(len(label) > MAX_OPTION_LENGTH for label in labels)
    if not MIN_OPTIONS <= len(labels) <= MAX_OPTIONS or len(unique) != len(labels) or too_long:
        raise ActivityRejected(ERROR_OPTIONS)
    cleaned = {"mode": mode}
    if mode == "multiple":
        most = _int(config.get("max_choices", len(labels)), ERROR_OPTIONS)
        cleaned["max_choices"] = max(1, min(most, len(labels)))

    def setup(activity: Activity) -> None:
        PollOption.objects.bulk_create(
            PollOption(activity=activity, position=n, label=label) for n, label in enumerate(labels)
        )

    return cleaned, setup


def choice_values(activity: Activity) -> list[tuple[int, str]]:
    """``(value, label)`` of what a voter may choose: option ids, or a scale's numbers."""
    config = activity.config
    if config.get("mode") == "scale":
        return [(n, str(n)) for n in range(config["min"], config["max"] + 1)]
    return [(o.pk, o.label) for o in activity.options.all()]


def poll_details(activity: Activity) -> dict:
    return {"choices": [{"id": v, "label": label} for v, label in choice_values(activity)]}


def poll_mine(activity: Activity, actor_key: str) -> list[int]:
    vote = PollVote.objects.filter(activity=activity, voter=actor_key).first()
    return vote.choices if vote else []


def choices_clean(activity: Activity, choices) -> list[int]:
    """The choices as stored, or ``ActivityRejected`` saying what is wrong."""
    if isinstance(choices, int | str) and not isinstance(choices, bool):
        choices = [choices]
    if not isinstance(choices, list | tuple) or not choices:
        raise ActivityRejected(ERROR_CHOICES)
    allowed = {value for value, _ in choice_values(activity)}
    try:
        values = [int(c) for c in choices if not isinstance(c, bool)]
    except (TypeError, ValueError):
        raise ActivityRejected(ERROR_CHOICES) from None
    if len(values) != len(choices) or len(set(values)) != len(values):
        raise ActivityRejected(ERROR_CHOICES)
    if not set(values) <= allowed:
        raise ActivityRejected(ERROR_CHOICE)
    most = activity.config.get("max_choices", 1) if activity.config.get("mode") == "multiple" else 1
    if len(values) > most:
        unit = "option" if most == 1 else "options"
        raise ActivityRejected(f"Choose at most {most} {unit}.")
    return sorted(values)


def poll_tally(activity: Activity) -> dict:
    """Counts per choice over every channel, the number of people, and each channel's share."""
    counts: Counter = Counter()
    by_channel: Counter = Counter()
    for choices, channel in PollVote.objects.filter(activity=activity).values_list(
        "choices", "channel"
    ):
        counts.update(choices)
        by_channel[channel] += 1
    for hand in HandCount.objects.filter(activity=activity):
        counts.update({int(k): int(v) for k, v in hand.counts.items()})
        by_channel[hand.channel] += hand.people
    values = choice_values(activity)
    tally = {
        "mode": activity.config.get("mode", "single"),
        "options": [{"id": v, "label": label, "count": counts[v]} for v, label in values],
        "voters": sum(by_channel.values()),
        "by_channel": {c: by_channel[c] for c in VoteChannel.values},
    }
    if tally["mode"] == "scale":
        answers = sum(counts[v] for v, _ in values)
        total = sum(v * counts[v] for v, _ in values)
        tally["mean"] = round(total / answers, 2) if answers else None
    return tally

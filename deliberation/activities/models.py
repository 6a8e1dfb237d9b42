"""The ``Activity`` base and what participants give to polls and word clouds.

Imported at the end of ``deliberation.models`` so Django finds these models in the
``deliberation`` app. Models refer to the session's models by name, not by import,
so this module and ``deliberation.models`` never import each other.
"""

from django.db import models

from deliberation.participant_fields import account_field, guest_field

__all__ = [
    "Activity",
    "ActivityKind",
    "ActivityState",
    "HandCount",
    "Moderation",
    "PollOption",
    "PollVote",
    "ResultsVisibility",
    "VoteChannel",
    "WordEntry",
    "WordFilter",
    "WordStatus",
]


class ActivityKind(models.TextChoices):
    POLL = "poll", "Poll"
    WORDCLOUD = "wordcloud", "Word cloud"
    QUESTIONS = "questions", "Questions to speakers"
    QUEUE = "queue", "Speaking queue"


class ActivityState(models.TextChoices):
    DRAFT = "draft", "Not open yet"
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class ResultsVisibility(models.TextChoices):
    HIDDEN = "hidden", "Hidden until revealed"
    LIVE = "live", "Shown live"
    REVEALED = "revealed", "Revealed"


class Moderation(models.TextChoices):
    PRE = "pre", "Checked before it shows"
    POST = "post", "Shows at once, may be hidden"


class Activity(models.Model):
    """Something a facilitator opens on an agenda item; its kind says what people give."""

    session = models.ForeignKey(
        "deliberation.LiveSession", on_delete=models.CASCADE, related_name="activities"
    )
    agenda_item = models.ForeignKey(
        "deliberation.AgendaItem",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
    )
    kind = models.CharField(max_length=20, choices=ActivityKind.choices)
    title = models.CharField(max_length=200)
    state = models.CharField(
        max_length=10, choices=ActivityState.choices, default=ActivityState.DRAFT
    )
    results = models.CharField(
        max_length=10, choices=ResultsVisibility.choices, default=ResultsVisibility.HIDDEN
    )
    moderation = models.CharField(
        max_length=10, choices=Moderation.choices, default=Moderation.POST
    )
    # What the kind needs: a poll's mode and scale, a word cloud's minimum count.
    config = models.JSONField(default=dict, blank=True)
    position = models.PositiveIntegerField(default=0)
    # Bumped with every vote or word; a tally push is skipped when it has not moved
    # since the last one (another server process pushed it already).
    tally_version = models.PositiveBigIntegerField(default=0)
    pushed_version = models.PositiveBigIntegerField(default=0)
    # The key of the action that created it, so a resend answers with the same activity.
    action_id = models.UUIDField(null=True, blank=True, editable=False)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name_plural = "activities"

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"

    @property
    def results_visible(self) -> bool:
        """May everyone see the results, or only facilitators and moderators?"""
        return self.results != ResultsVisibility.HIDDEN


class VoteChannel(models.TextChoices):
    DEVICE = "device", "Own device"
    PROXY = "proxy", "Entered by a facilitator for them"
    HANDS = "hands", "Show of hands"
    PAPER = "paper", "Paper votes"


class PollOption(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveIntegerField(default=0)
    label = models.CharField(max_length=120)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.label


class _ByParticipant(models.Model):
    """Who gave a vote or a word: ``voter`` is the account's or join token's key."""

    voter = models.CharField(max_length=80)
    user = account_field(models.SET_NULL)
    guest = guest_field(models.SET_NULL)

    class Meta:
        abstract = True


class PollVote(_ByParticipant):
    """One person's vote, changeable until the poll closes; one row per person.

    ``voter`` names the person: ``user:<id>``, ``guest:<id>``, or ``name:<name>`` for
    someone without an account whose vote a facilitator entered. A facilitator's
    entry for an account holder shares their key, so they are still counted once.
    ``choices`` holds option ids, or the one value chosen on a scale.
    """

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="votes")
    choices = models.JSONField(default=list)
    channel = models.CharField(
        max_length=10, choices=VoteChannel.choices, default=VoteChannel.DEVICE
    )
    recorded_by = account_field(models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["activity", "voter"], name="unique_poll_vote_voter")
        ]

    def __str__(self) -> str:
        return f"{self.voter}: {self.choices}"


class HandCount(models.Model):
    """A facilitator's count of the people in the room voting without a device.

    One row per channel (hands, paper): counting again replaces the count, so the
    same hands are never added twice. ``counts`` maps each choice to a number.
    """

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="hand_counts")
    channel = models.CharField(max_length=10, choices=VoteChannel.choices)
    counts = models.JSONField(default=dict)
    people = models.PositiveIntegerField(default=0)
    recorded_by = account_field(models.SET_NULL)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["activity", "channel"], name="unique_hand_count")
        ]

    def __str__(self) -> str:
        return f"{self.channel}: {self.counts}"


class WordEntry(_ByParticipant):
    """One word or phrase a person gave a word cloud; ``norm`` is what is counted."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="words")
    text = models.CharField(max_length=60)
    norm = models.CharField(max_length=60)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["activity", "norm"])]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "voter", "norm"], name="unique_word_per_voter"
            )
        ]

    def __str__(self) -> str:
        return self.norm


class WordStatus(models.TextChoices):
    APPROVED = "approved", "Shown"
    HIDDEN = "hidden", "Hidden by a moderator"


class WordFilter(models.Model):
    """A moderator's decision on one normalised word of a word cloud."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="word_filters")
    norm = models.CharField(max_length=60)
    status = models.CharField(max_length=10, choices=WordStatus.choices)
    decided_by = models.CharField(max_length=40, blank=True)
    decided_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["activity", "norm"], name="unique_word_filter")
        ]

    def __str__(self) -> str:
        return f"{self.norm}: {self.status}"

"""The ``Activity`` base and what participants give to polls and word clouds.

Imported at the end of ``deliberation.models`` so Django finds these models in the
``deliberation`` app. Models refer to the session's models by name, not by import,
so this module and ``deliberation.models`` never import each other.
"""

from django.db import models

__all__ = [
    "Activity",
    "ActivityKind",
    "ActivityState",
    "Moderation",
    "ResultsVisibility",
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

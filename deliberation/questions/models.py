"""Questions, their up-votes and the speaking queue's entries.

Imported at the end of ``deliberation.models``; the session's models are named as strings.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from deliberation.participant_fields import account_field, guest_field

__all__ = ["Question", "QuestionVote", "QueueEntry", "QueueState"]


class Question(models.Model):
    """A question to the speakers, in one ``questions`` activity."""

    activity = models.ForeignKey(
        "deliberation.Activity", on_delete=models.CASCADE, related_name="questions"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    guest = guest_field(models.SET_NULL)
    text = models.TextField(max_length=1000)
    client_id = models.UUIDField()
    # Pre-moderation: waits, unseen by participants, until a moderator approves it.
    pending = models.BooleanField(default=False)
    hidden = models.BooleanField(default=False)
    answered_at = models.DateTimeField(null=True, blank=True)
    votes = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "author", "client_id"], name="unique_question_client_id"
            ),
            models.UniqueConstraint(
                fields=["activity", "guest", "client_id"], name="unique_guest_question_client_id"
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]


class QuestionVote(models.Model):
    """One participant's up-vote: at most one each, withdrawn by deleting it."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="up_votes")
    user = account_field(models.CASCADE)
    guest = guest_field(models.CASCADE)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["question", "user"], name="one_question_vote_per_user"),
            models.UniqueConstraint(
                fields=["question", "guest"], name="one_question_vote_per_guest"
            ),
        ]

    def __str__(self) -> str:
        return f"vote on {self.question_id}"


class QueueState(models.TextChoices):
    WAITING = "waiting", "Waiting"
    SPEAKING = "speaking", "Speaking"
    DONE = "done", "Spoke"
    LEFT = "left", "Left the queue"


class QueueEntry(models.Model):
    """A hand up in one ``queue`` activity: waiting, then speaking, then done (or left)."""

    activity = models.ForeignKey(
        "deliberation.Activity", on_delete=models.CASCADE, related_name="queue_entries"
    )
    user = account_field(models.CASCADE)
    guest = guest_field(models.CASCADE)
    state = models.CharField(max_length=10, choices=QueueState.choices, default=QueueState.WAITING)
    joined_at = models.DateTimeField(auto_now_add=True)
    called_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            # One hand up at a time per person: joining twice finds the first.
            models.UniqueConstraint(
                fields=["activity", "user"],
                condition=Q(state="waiting"),
                name="one_waiting_entry_per_user",
            ),
            models.UniqueConstraint(
                fields=["activity", "guest"],
                condition=Q(state="waiting"),
                name="one_waiting_entry_per_guest",
            ),
        ]

    def __str__(self) -> str:
        return f"queue entry {self.pk}"

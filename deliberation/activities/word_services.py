"""Word-cloud writes: a person's words (replacing theirs), a moderator's hide or show.

Both lock the activity, save, bump its ``tally_version`` and ask for a coalesced
push after commit (``votes.tally_bump``). Reads and settings are in ``words``.
"""

from dataclasses import dataclass

from django.db import transaction

from deliberation.activities.errors import ActivityRejected
from deliberation.activities.models import Activity, ActivityKind, WordEntry, WordFilter, WordStatus
from deliberation.activities.votes import poll_locked, tally_bump
from deliberation.activities.wordnorm import word_normalise
from deliberation.activities.words import entries_clean
from deliberation.flow import _claim, _done_before
from deliberation.models import LiveSession

ERROR_NO_WORD = "No one has given that word in this activity."
STATUS_BY_MESSAGE = {"words.hide": WordStatus.HIDDEN, "words.show": WordStatus.APPROVED}


@dataclass(frozen=True)
class WordsResult:
    words: list[WordEntry]
    duplicate: bool = False


def words_submit(
    *, session_id: int, activity_id, entries, user=None, guest=None, actor_key=None, action_id=None
) -> WordsResult:
    """Replace one person's words in an open word cloud."""
    with transaction.atomic():
        activity = poll_locked(session_id, activity_id, kind=ActivityKind.WORDCLOUD)
        session = LiveSession(pk=session_id)
        if _done_before(session, actor_key, action_id):
            return WordsResult([], duplicate=True)
        cleaned = entries_clean(activity, entries)
        voter = f"guest:{guest.pk}" if guest is not None else f"user:{user.pk}"
        if not _claim(session, actor_key, action_id, "words.submit"):
            return WordsResult([], duplicate=True)
        WordEntry.objects.filter(activity=activity, voter=voter).delete()
        rows = WordEntry.objects.bulk_create(
            WordEntry(
                activity=activity,
                voter=voter,
                user=None if guest is not None else user,
                guest=guest,
                text=text,
                norm=norm,
            )
            for text, norm in cleaned
        )
        tally_bump(activity)
    return WordsResult(rows)


def word_moderate(
    *, session_id: int, activity_id, word, status: str, actor_key=None, action_id=None
) -> WordsResult:
    """Hide a word from the cloud (or approve it, under pre-moderation), for everyone."""
    if status not in WordStatus.values:
        raise ActivityRejected("A word is approved or hidden.")
    norm = word_normalise(word) if isinstance(word, str) else None
    with transaction.atomic():
        activity = (
            Activity.objects.select_for_update()
            .filter(session_id=session_id, pk=activity_id, kind=ActivityKind.WORDCLOUD)
            .first()
        )
        if activity is None:
            raise ActivityRejected("There is no such word cloud in this session.")
        session = LiveSession(pk=session_id)
        if _done_before(session, actor_key, action_id):
            return WordsResult([], duplicate=True)
        if norm is None or not WordEntry.objects.filter(activity=activity, norm=norm).exists():
            raise ActivityRejected(ERROR_NO_WORD)
        if not _claim(session, actor_key, action_id, f"words.{status}"):
            return WordsResult([], duplicate=True)
        WordFilter.objects.update_or_create(
            activity=activity, norm=norm, defaults={"status": status, "decided_by": actor_key or ""}
        )
        tally_bump(activity)
    return WordsResult([])

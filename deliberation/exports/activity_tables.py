"""What people gave the activities: poll choices and votes, counts, words, questions, queue.

A poll's votes are one row per person (``PollVote`` holds one per voter, whatever the
channel), so summing a choice's column counts each person once; hand and paper counts
are the facilitator's totals for the room, one row per channel and choice.
"""

from collections import Counter

from deliberation.activities.models import (
    Activity,
    ActivityKind,
    HandCount,
    Moderation,
    PollVote,
    VoteChannel,
    WordEntry,
    WordFilter,
)
from deliberation.activities.polls import choice_values
from deliberation.exports.people import participant, participant_type, when, yes_no
from deliberation.moderation.selectors import person_label
from deliberation.questions.models import Question, QueueEntry

CHANNELS = [c.value for c in VoteChannel]


def _of(activities: list[Activity], kind: str) -> dict[int, Activity]:
    return {a.pk: a for a in activities if a.kind == kind}


def poll_tables(activities: list[Activity]) -> dict[str, tuple[list, list]]:
    polls = _of(activities, ActivityKind.POLL)
    labels = {pk: dict(choice_values(a)) for pk, a in polls.items()}
    votes = list(
        PollVote.objects.filter(activity_id__in=polls)
        .select_related("user", "guest", "recorded_by")
        .order_by("activity_id", "pk")
    )
    hands = list(HandCount.objects.filter(activity_id__in=polls).order_by("activity_id", "pk"))
    counted: dict[int, Counter] = {pk: Counter() for pk in polls}
    for vote in votes:
        counted[vote.activity_id].update((c, vote.channel) for c in vote.choices)
    for hand in hands:
        for choice, n in hand.counts.items():
            counted[hand.activity_id][(int(choice), hand.channel)] += int(n)
    option_rows = []
    for pk, activity in polls.items():
        for value, label in labels[pk].items():
            per_channel = [counted[pk][(value, c)] for c in CHANNELS]
            option_rows.append([pk, activity.title, value, label, *per_channel, sum(per_channel)])
    vote_rows = [
        [
            v.activity_id,
            polls[v.activity_id].title,
            participant(v),
            participant_type(v),
            "; ".join(str(labels[v.activity_id].get(c, c)) for c in v.choices),
            v.get_channel_display(),
            person_label(user=v.recorded_by) if v.recorded_by_id else "",
            when(v.created_at),
            when(v.updated_at),
        ]
        for v in votes
    ]
    hand_rows = [
        [
            h.activity_id,
            polls[h.activity_id].title,
            h.get_channel_display(),
            h.people,
            str(labels[h.activity_id].get(int(c), c)),
            int(n),
            when(h.updated_at),
        ]
        for h in hands
        for c, n in sorted(h.counts.items(), key=lambda kv: int(kv[0]))
    ]
    return {
        "Poll options": (
            ["activity_id", "poll", "choice", "label", *CHANNELS, "total"],
            option_rows,
        ),
        "Poll votes": (
            [
                "activity_id",
                "poll",
                "participant",
                "participant_type",
                "choices",
                "channel",
                "entered_by",
                "created_at",
                "updated_at",
            ],
            vote_rows,
        ),
        "Hand and paper counts": (
            ["activity_id", "poll", "channel", "people", "choice", "count", "updated_at"],
            hand_rows,
        ),
    }


def words_table(activities: list[Activity]) -> tuple[list, list]:
    clouds = _of(activities, ActivityKind.WORDCLOUD)
    decisions = {
        (a, norm): status
        for a, norm, status in WordFilter.objects.filter(activity_id__in=clouds).values_list(
            "activity_id", "norm", "status"
        )
    }
    entries = WordEntry.objects.filter(activity_id__in=clouds).select_related("user", "guest")
    rows = []
    for entry in entries.order_by("activity_id", "pk"):
        cloud = clouds[entry.activity_id]
        unset = "pending" if cloud.moderation == Moderation.PRE else "shown"
        status = decisions.get((cloud.pk, entry.norm), unset)
        rows.append(
            [
                cloud.pk,
                cloud.title,
                entry.text,
                entry.norm,
                {"approved": "shown"}.get(status, status),
                participant(entry),
                when(entry.created_at),
            ]
        )
    header = [
        "activity_id",
        "word_cloud",
        "as_typed",
        "normalised",
        "status",
        "participant",
        "created_at",
    ]
    return header, rows


def questions_table(activities: list[Activity]) -> tuple[list, list]:
    asked = _of(activities, ActivityKind.QUESTIONS)
    found = Question.objects.filter(activity_id__in=asked).select_related("author", "guest")
    rows = [
        [
            q.activity_id,
            asked[q.activity_id].title,
            q.pk,
            q.text,
            participant(q),
            q.votes,
            yes_no(q.pending),
            yes_no(q.hidden),
            when(q.answered_at),
            when(q.created_at),
        ]
        for q in found.order_by("activity_id", "pk")
    ]
    header = [
        "activity_id",
        "activity",
        "question_id",
        "text",
        "author",
        "up_votes",
        "pending",
        "hidden",
        "answered_at",
        "created_at",
    ]
    return header, rows


def queue_table(activities: list[Activity]) -> tuple[list, list]:
    queues = _of(activities, ActivityKind.QUEUE)
    found = QueueEntry.objects.filter(activity_id__in=queues).select_related("user", "guest")
    rows = [
        [
            e.activity_id,
            queues[e.activity_id].title,
            e.pk,
            participant(e),
            e.get_state_display(),
            when(e.joined_at),
            when(e.called_at),
        ]
        for e in found.order_by("activity_id", "pk")
    ]
    header = ["activity_id", "queue", "entry_id", "participant", "state", "joined_at", "called_at"]
    return header, rows


def activity_tables(activities: list[Activity]) -> dict[str, tuple[list, list]]:
    return {
        **poll_tables(activities),
        "Word cloud words": words_table(activities),
        "Questions": questions_table(activities),
        "Speaking queue": queue_table(activities),
    }

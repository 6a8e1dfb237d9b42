"""Polls: one vote per person, changeable until closed, from a device, a proxy or by hand."""

import json

import pytest

from accounts.models import Role
from deliberation.activities.errors import ActivityRejected
from deliberation.activities.models import HandCount, PollVote
from deliberation.activities.polls import poll_tally
from deliberation.activities.selectors import activities_payload
from deliberation.activities.services import activity_command, activity_create
from deliberation.activities.votes import poll_hands_record, poll_vote
from deliberation.guests import guest_join
from deliberation.models import SessionEvent
from tests.deliberation.activity_helpers import room

pytestmark = pytest.mark.django_db


def _poll(session, mode="single", results="hidden", open_it=True, **config):
    config = {"mode": mode, **config}
    if mode != "scale":
        config.setdefault("options", ["Tea", "Coffee", "Water"])
    activity = activity_create(
        session_id=session.pk, kind="poll", title="Drinks?", config=config, results=results
    ).activity
    if open_it:
        activity_command(session_id=session.pk, activity_id=activity.pk, command="open")
    return activity


def _ids(activity):
    return [o.pk for o in activity.options.all()]


def _counts(activity):
    return [o["count"] for o in poll_tally(activity)["options"]]


def test_a_person_votes_once_and_may_change_their_vote_until_the_poll_closes(make_user):
    session, people, guest, _ = room(make_user)
    poll = _poll(session)
    tea, coffee, _ = _ids(poll)
    voter = people["participant"]
    poll_vote(session_id=session.pk, activity_id=poll.pk, choices=[tea], user=voter)
    poll_vote(session_id=session.pk, activity_id=poll.pk, choices=[coffee], user=voter)
    poll_vote(session_id=session.pk, activity_id=poll.pk, choices=tea, guest=guest)
    assert _counts(poll) == [1, 1, 0]
    assert poll_tally(poll)["voters"] == 2
    activity_command(session_id=session.pk, activity_id=poll.pk, command="close")
    with pytest.raises(ActivityRejected, match="not open"):
        poll_vote(session_id=session.pk, activity_id=poll.pk, choices=[tea], user=voter)
    assert _counts(poll) == [1, 1, 0]


def test_multiple_choice_takes_up_to_its_limit_and_a_scale_its_range(make_user):
    session, people, *_ = room(make_user)
    many = _poll(session, mode="multiple", max_choices=2)
    tea, coffee, water = _ids(many)
    voter = people["participant"]
    poll_vote(session_id=session.pk, activity_id=many.pk, choices=[water, tea], user=voter)
    assert PollVote.objects.get(activity=many).choices == [tea, water]
    with pytest.raises(ActivityRejected, match="at most 2"):
        poll_vote(
            session_id=session.pk, activity_id=many.pk, choices=[tea, coffee, water], user=voter
        )
    scale = _poll(session, mode="scale", min=1, max=5)
    poll_vote(session_id=session.pk, activity_id=scale.pk, choices=4, user=voter)
    poll_vote(session_id=session.pk, activity_id=scale.pk, choices=[2], user=people["facilitator"])
    assert poll_tally(scale)["mean"] == 3.0
    with pytest.raises(ActivityRejected):
        poll_vote(session_id=session.pk, activity_id=scale.pk, choices=[6], user=voter)


@pytest.mark.parametrize("choices", [[], None, ["x"], [True], "tea", [1, 1], {"a": 1}, [10**9]])
def test_a_bad_choice_is_refused_and_nothing_is_saved(make_user, choices):
    session, people, *_ = room(make_user)
    poll = _poll(session)
    with pytest.raises(ActivityRejected):
        poll_vote(
            session_id=session.pk, activity_id=poll.pk, choices=choices, user=people["participant"]
        )
    assert not PollVote.objects.exists()


@pytest.mark.parametrize(
    "config",
    [
        {"mode": "ranked", "options": ["a", "b"]},
        {"options": ["only one"]},
        {"options": ["Same", "same"]},
        {"options": "a,b"},
        {"mode": "scale", "min": 5, "max": 5},
        {"mode": "scale", "min": 0, "max": 11},
        {"mode": "scale", "min": "one"},
    ],
)
def test_a_poll_with_bad_settings_is_not_created(make_user, config):
    session, *_ = room(make_user)
    with pytest.raises(ActivityRejected):
        activity_create(session_id=session.pk, kind="poll", title="Q", config=config)


def test_hidden_results_reach_facilitators_only_until_revealed(
    make_user, django_capture_on_commit_callbacks
):
    session, people, *_ = room(make_user)
    poll = _poll(session)
    with django_capture_on_commit_callbacks(execute=True):
        poll_vote(
            session_id=session.pk,
            activity_id=poll.pk,
            choices=_ids(poll)[:1],
            user=people["participant"],
        )
    public = SessionEvent.objects.filter(session=session, stream="everyone")
    assert not [e for e in public if json.loads(e.text)["type"] == "activity.tally"]
    staff = [json.loads(e.text) for e in SessionEvent.objects.filter(stream="facilitators")]
    assert [e["tally"]["voters"] for e in staff if e["type"] == "activity.tally"] == [1]
    assert activities_payload(session=session, staff=False)[0]["tally"] is None
    activity_command(session_id=session.pk, activity_id=poll.pk, command="reveal")
    revealed = json.loads(public.order_by("-seq").first().text)
    assert revealed["activity"]["tally"]["options"][0]["count"] == 1


def test_live_results_are_pushed_to_everyone(make_user, django_capture_on_commit_callbacks):
    session, people, *_ = room(make_user)
    poll = _poll(session, results="live")
    with django_capture_on_commit_callbacks(execute=True):
        poll_vote(
            session_id=session.pk,
            activity_id=poll.pk,
            choices=_ids(poll)[1:2],
            user=people["participant"],
        )
    last = json.loads(SessionEvent.objects.filter(stream="everyone").order_by("-seq").first().text)
    assert last["type"] == "activity.tally" and last["tally"]["options"][1]["count"] == 1


def test_a_proxy_vote_counts_the_person_once_even_if_they_then_vote_themselves(make_user):
    session, people, *_ = room(make_user)
    poll = _poll(session)
    tea, coffee, _ = _ids(poll)
    voter, facilitator = people["participant"], people["facilitator"]
    poll_vote(
        session_id=session.pk,
        activity_id=poll.pk,
        choices=[tea],
        user=voter,
        recorded_by=facilitator,
    )
    assert PollVote.objects.get().channel == "proxy"
    poll_vote(session_id=session.pk, activity_id=poll.pk, choices=[coffee], user=voter)
    assert _counts(poll) == [0, 1, 0]
    assert PollVote.objects.get().channel == "device"
    for name in ("Ada Lovelace", "  ada   LOVELACE "):
        poll_vote(
            session_id=session.pk,
            activity_id=poll.pk,
            choices=[tea],
            name=name,
            recorded_by=facilitator,
        )
    assert poll_tally(poll)["by_channel"] == {"device": 1, "proxy": 1, "hands": 0, "paper": 0}


def test_a_proxy_vote_for_someone_outside_the_session_is_refused(make_user):
    session, people, *_ = room(make_user)
    poll = _poll(session)
    stranger = make_user(role=Role.MEMBER)
    with pytest.raises(ActivityRejected, match="not a participant"):
        poll_vote(
            session_id=session.pk,
            activity_id=poll.pk,
            choices=_ids(poll)[:1],
            user=stranger,
            recorded_by=people["facilitator"],
        )


def test_a_show_of_hands_is_counted_once_and_a_recount_replaces_it(make_user):
    session, people, *_ = room(make_user)
    poll = _poll(session)
    tea, coffee, water = _ids(poll)
    poll_vote(session_id=session.pk, activity_id=poll.pk, choices=[tea], user=people["participant"])
    for counts in ({tea: 3, coffee: 2}, {str(tea): 4, str(coffee): 2, str(water): 0}):
        poll_hands_record(
            session_id=session.pk, activity_id=poll.pk, channel="hands", counts=counts
        )
    poll_hands_record(
        session_id=session.pk, activity_id=poll.pk, channel="paper", counts={water: 5}
    )
    assert _counts(poll) == [5, 2, 5]
    assert poll_tally(poll)["by_channel"] == {"device": 1, "proxy": 0, "hands": 6, "paper": 5}
    assert HandCount.objects.count() == 2


@pytest.mark.parametrize(
    ("channel", "counts"),
    [("device", {}), ("hands", {"999999": 1}), ("hands", {"x": 1}), ("hands", [])],
)
def test_a_bad_count_is_refused(make_user, channel, counts):
    session, *_ = room(make_user)
    poll = _poll(session)
    with pytest.raises(ActivityRejected):
        poll_hands_record(
            session_id=session.pk, activity_id=poll.pk, channel=channel, counts=counts
        )
    with pytest.raises(ActivityRejected, match="whole numbers"):
        poll_hands_record(
            session_id=session.pk, activity_id=poll.pk, channel="hands", counts={_ids(poll)[0]: -1}
        )
    assert not HandCount.objects.exists()


def test_multiple_choice_hands_need_the_number_of_people(make_user):
    session, *_ = room(make_user)
    poll = _poll(session, mode="multiple")
    tea, coffee, _ = _ids(poll)
    kwargs = {"session_id": session.pk, "activity_id": poll.pk, "channel": "hands"}
    with pytest.raises(ActivityRejected, match="how many people"):
        poll_hands_record(counts={tea: 3, coffee: 3}, **kwargs)
    poll_hands_record(counts={tea: 3, coffee: 3}, people=4, **kwargs)
    assert poll_tally(poll)["voters"] == 4


def test_a_guest_of_another_session_cannot_vote_here(make_user):
    session, *_ = room(make_user)
    other, *_ = room(make_user)
    poll = _poll(other)
    guest, _ = guest_join(code=session.join_code, display_name="Kim")
    with pytest.raises(ActivityRejected):
        poll_vote(session_id=session.pk, activity_id=poll.pk, choices=_ids(poll)[:1], guest=guest)

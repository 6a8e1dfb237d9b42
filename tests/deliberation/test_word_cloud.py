"""Word clouds: normalised counting, a minimum count, moderation, the ranked table."""

import pytest

from deliberation.activities.errors import ActivityRejected
from deliberation.activities.models import WordEntry
from deliberation.activities.services import activity_command, activity_create
from deliberation.activities.word_services import word_moderate, words_submit
from deliberation.activities.wordnorm import word_normalise
from deliberation.activities.words import words_for_moderation, words_ranked
from deliberation.models import SessionGuest
from tests.deliberation.activity_helpers import room

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("typed", "counted"),
    [
        ("Green Spaces", "green spaces"),
        ("  green   spaces!!", "green spaces"),
        ("“Green spaces”.", "green spaces"),
        ("The buses", "buses"),
        ("well-being", "well-being"),
        ("People's café", "people's café"),
        ("and the", None),
        ("!!!", None),
    ],
)
def test_words_are_counted_under_one_normal_form(typed, counted):
    assert word_normalise(typed) == counted


def _cloud(session, moderation="post", **config):
    cloud = activity_create(
        session_id=session.pk,
        kind="wordcloud",
        title="One word for the town centre",
        config=config,
        moderation=moderation,
        results="live",
    ).activity
    activity_command(session_id=session.pk, activity_id=cloud.pk, command="open")
    return cloud


def _submit(session, cloud, who, entries):
    key = "guest" if isinstance(who, SessionGuest) else "user"
    return words_submit(session_id=session.pk, activity_id=cloud.pk, entries=entries, **{key: who})


def test_words_below_the_minimum_count_wait_and_the_table_is_ranked(make_user):
    session, people, guest, _ = room(make_user)
    cloud = _cloud(session, min_count=2)
    _submit(session, cloud, people["participant"], ["Parking", "green spaces", "Cafés"])
    _submit(session, cloud, guest, ["parking!", "Green  Spaces"])
    _submit(session, cloud, people["facilitator"], ["PARKING"])
    ranked = words_ranked(cloud)
    assert ranked["words"] == [
        {"word": "parking", "count": 3},
        {"word": "green spaces", "count": 2},
    ]
    assert ranked["people"] == 3


def test_sending_again_replaces_a_persons_words_and_they_count_once(make_user):
    session, people, *_ = room(make_user)
    cloud = _cloud(session)
    _submit(session, cloud, people["participant"], ["buses", "Buses", "BUSES."])
    assert WordEntry.objects.count() == 1
    _submit(session, cloud, people["participant"], ["trains"])
    assert [w["word"] for w in words_ranked(cloud)["words"]] == ["trains"]


@pytest.mark.parametrize(
    "entries",
    [[], ["a", "b", "c", "d"], ["x" * 41], ["one two three four five"], ["the", "and"], [3], None],
)
def test_bad_entries_are_refused_and_nothing_is_saved(make_user, entries):
    session, people, *_ = room(make_user)
    cloud = _cloud(session)
    with pytest.raises(ActivityRejected):
        _submit(session, cloud, people["participant"], entries)
    assert not WordEntry.objects.exists()


def test_a_hidden_word_leaves_the_cloud_and_can_be_shown_again(make_user):
    session, people, guest, _ = room(make_user)
    cloud = _cloud(session)
    _submit(session, cloud, guest, ["rude word", "library"])
    word_moderate(session_id=session.pk, activity_id=cloud.pk, word="Rude Word", status="hidden")
    assert [w["word"] for w in words_ranked(cloud)["words"]] == ["library"]
    assert {"word": "rude word", "count": 1, "status": "hidden"} in words_for_moderation(cloud)
    word_moderate(session_id=session.pk, activity_id=cloud.pk, word="rude word", status="approved")
    assert len(words_ranked(cloud)["words"]) == 2
    with pytest.raises(ActivityRejected, match="No one has given"):
        word_moderate(session_id=session.pk, activity_id=cloud.pk, word="never", status="hidden")


def test_under_pre_moderation_a_word_shows_only_once_approved(make_user):
    session, people, *_ = room(make_user)
    cloud = _cloud(session, moderation="pre")
    _submit(session, cloud, people["participant"], ["allotments"])
    assert words_ranked(cloud)["words"] == []
    assert words_for_moderation(cloud)[0]["status"] == "pending"
    word_moderate(session_id=session.pk, activity_id=cloud.pk, word="allotments", status="approved")
    assert words_ranked(cloud)["words"] == [{"word": "allotments", "count": 1}]


def test_a_closed_cloud_takes_no_more_words(make_user):
    session, people, *_ = room(make_user)
    cloud = _cloud(session)
    activity_command(session_id=session.pk, activity_id=cloud.pk, command="close")
    with pytest.raises(ActivityRejected, match="not open"):
        _submit(session, cloud, people["participant"], ["late"])

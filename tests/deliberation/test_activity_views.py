"""Activities without JavaScript: the console's forms, the participant's forms, the screen."""

import uuid

import pytest
from django.urls import reverse

from deliberation.activities.models import Activity, HandCount, PollVote, WordEntry
from deliberation.activities.screen import screen_token
from deliberation.activities.services import activity_command, activity_create
from deliberation.views import GUEST_TOKENS
from tests.deliberation.activity_helpers import room

pytestmark = pytest.mark.django_db


def _console_post(client, session, **data):
    url = reverse("deliberation:activity_console", args=[session.pk])
    return client.post(url, {"action_id": str(uuid.uuid4()), **data}, follow=True)


def _poll(session, **kwargs):
    activity = activity_create(
        session_id=session.pk,
        kind="poll",
        title="Where first?",
        config={"options": ["Park", "Library"]},
        **kwargs,
    ).activity
    activity_command(session_id=session.pk, activity_id=activity.pk, command="open")
    return activity


def test_a_facilitator_creates_opens_and_reveals_a_poll_from_the_console(client, make_user):
    session, people, *_ = room(make_user)
    client.force_login(people["facilitator"])
    page = _console_post(
        client,
        session,
        activity_action="create",
        kind="poll",
        title="Where first?",
        mode="single",
        options="Park\nLibrary\n",
        results="hidden",
    )
    activity = Activity.objects.get()
    assert [o.label for o in activity.options.all()] == ["Park", "Library"]
    assert "Where first?" in page.content.decode()
    for action in ("open", "reveal"):
        _console_post(client, session, activity_action=action, activity_id=activity.pk)
    activity.refresh_from_db()
    assert (activity.state, activity.results) == ("open", "revealed")
    page = client.get(reverse("deliberation:console", args=[session.pk])).content.decode()
    assert "Votes without a device" in page and "screen view" in page


@pytest.mark.parametrize(
    ("kind", "heading"), [("questions", "Questions: "), ("queue", "Speaking queue: ")]
)
def test_a_facilitator_creates_and_opens_questions_or_a_queue_from_the_console(
    client, make_user, kind, heading
):
    session, people, *_ = room(make_user)
    client.force_login(people["facilitator"])
    _console_post(client, session, activity_action="create", kind=kind, title="Floor")
    activity = Activity.objects.get(kind=kind)
    _console_post(client, session, activity_action="open", activity_id=activity.pk)
    client.force_login(people["participant"])
    assert f"{heading}Floor" in client.get(session.get_absolute_url()).content.decode()


def test_a_refused_create_is_explained_and_saves_nothing(client, make_user):
    session, people, *_ = room(make_user)
    client.force_login(people["facilitator"])
    page = _console_post(
        client, session, activity_action="create", kind="poll", title="Q", options="Only"
    )
    assert "different options" in page.content.decode()
    assert not Activity.objects.exists()


@pytest.mark.parametrize("role", ["moderator", "participant"])
def test_only_facilitators_create_or_count(client, make_user, role):
    session, people, *_ = room(make_user)
    poll = _poll(session)
    client.force_login(people[role])
    for data in (
        {"activity_action": "create", "kind": "poll", "title": "Q", "options": "a\nb"},
        {"activity_action": "count", "activity_id": poll.pk, "channel": "hands"},
    ):
        response = _console_post(client, session, **data)
        assert response.status_code == 403
    assert Activity.objects.count() == 1 and not HandCount.objects.exists()


def test_a_facilitator_records_hands_and_a_proxy_vote_by_form(client, make_user):
    session, people, *_ = room(make_user)
    poll = _poll(session)
    park, library = [o.pk for o in poll.options.all()]
    client.force_login(people["facilitator"])
    _console_post(
        client,
        session,
        activity_action="count",
        activity_id=poll.pk,
        channel="hands",
        **{f"count_{park}": "7", f"count_{library}": "2"},
    )
    _console_post(
        client,
        session,
        activity_action="proxy",
        activity_id=poll.pk,
        user_id=str(people["participant"].pk),
        choice=[str(library)],
    )
    assert HandCount.objects.get().people == 9
    vote = PollVote.objects.get()
    assert (vote.voter, vote.channel, vote.choices) == (
        f"user:{people['participant'].pk}",
        "proxy",
        [library],
    )


def test_a_participant_votes_without_javascript_and_is_sent_back(client, make_user):
    session, people, *_ = room(make_user)
    poll = _poll(session)
    park = poll.options.first().pk
    client.force_login(people["participant"])
    page = client.get(reverse("deliberation:session", args=[session.pk])).content.decode()
    assert "Where first?" in page and 'name="choice"' in page
    url = reverse("deliberation:activity_take_part", args=[session.pk, poll.pk])
    key = str(uuid.uuid4())
    for _ in range(2):  # a double submit is one vote
        response = client.post(url, {"choice": str(park), "action_id": key})
        assert response.status_code == 302
    assert response["Location"].endswith(f"#activity-{poll.pk}")
    assert PollVote.objects.get().choices == [park]
    page = client.get(reverse("deliberation:session", args=[session.pk])).content.decode()
    assert "Change my vote" in page


def test_a_guest_sends_words_and_a_refusal_keeps_what_they_typed(client, make_user):
    session, _, guest, token = room(make_user)
    cloud = activity_create(session_id=session.pk, kind="wordcloud", title="One word").activity
    activity_command(session_id=session.pk, activity_id=cloud.pk, command="open")
    store = client.session
    store[GUEST_TOKENS] = {str(session.pk): token}
    store.save()
    url = reverse("deliberation:activity_take_part", args=[session.pk, cloud.pk])
    refused = client.post(url, {"word": ["benches", "x" * 45]})
    assert refused.status_code == 400
    assert "benches" in refused.content.decode() and not WordEntry.objects.exists()
    assert client.post(url, {"word": ["Benches", "", "shade"]}).status_code == 302
    assert sorted(WordEntry.objects.values_list("norm", flat=True)) == ["benches", "shade"]


def test_someone_outside_the_session_cannot_vote_by_form(client, make_user):
    session, *_ = room(make_user)
    poll = _poll(session)
    client.force_login(make_user())
    url = reverse("deliberation:activity_take_part", args=[session.pk, poll.pk])
    assert client.post(url, {"choice": str(poll.options.first().pk)}).status_code == 403
    assert not PollVote.objects.exists()


def test_the_screen_shows_revealed_results_and_a_bad_link_shows_nothing(client, make_user):
    session, people, *_ = room(make_user)
    poll = _poll(session, results="live")
    from deliberation.activities.votes import poll_vote

    poll_vote(
        session_id=session.pk,
        activity_id=poll.pk,
        choices=[poll.options.first().pk],
        user=people["participant"],
    )
    page = client.get(reverse("deliberation:screen", args=[screen_token(session)]))
    text = page.content.decode()
    assert page.status_code == 200 and "Where first?" in text and "1 person" in text
    assert client.get(reverse("deliberation:screen", args=["screen.forged"])).status_code == 404


def test_a_moderator_hides_a_word_from_the_console_table(client, make_user):
    from deliberation.activities.word_services import words_submit
    from deliberation.activities.words import words_ranked

    session, people, guest, _ = room(make_user)
    cloud = activity_create(session_id=session.pk, kind="wordcloud", title="One word").activity
    activity_command(session_id=session.pk, activity_id=cloud.pk, command="open")
    words_submit(
        session_id=session.pk, activity_id=cloud.pk, entries=["Rubbish", "parks"], guest=guest
    )
    client.force_login(people["moderator"])
    page = client.get(reverse("deliberation:console", args=[session.pk])).content.decode()
    assert "Every word given" in page and "rubbish" in page
    assert "Create an activity" not in page  # moderators do not run the session
    _console_post(client, session, activity_action="hide", activity_id=cloud.pk, word="rubbish")
    assert [w["word"] for w in words_ranked(cloud)["words"]] == ["parks"]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        ({"activity_action": "open", "activity_id": "abc"}, "no such activity"),
        ({"activity_action": "explode"}, "Choose one of the buttons"),
        ({"activity_action": "count", "activity_id": "999999", "channel": "hands"}, "no such poll"),
        (
            {"activity_action": "proxy", "activity_id": "1", "user_id": "999999"},
            "not a participant",
        ),
    ],
)
def test_a_bad_console_post_is_explained_not_a_server_error(client, make_user, data, reason):
    session, people, *_ = room(make_user)
    client.force_login(people["facilitator"])
    response = _console_post(client, session, **data)
    assert response.status_code == 200
    assert reason in response.content.decode()

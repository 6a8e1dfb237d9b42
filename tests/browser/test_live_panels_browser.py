"""A session with every kind of activity open: axe on the three views with their
panels, questions and queue drawn, and a participant without JavaScript taking
part in each through plain forms."""

import uuid

import pytest

from tests.browser.live_room import activity_add, screen_path, session_started

pytestmark = pytest.mark.django_db(transaction=True)

OTHERS_QUESTION = "Who pays for the new benches?"


def _serious(violations):
    return [v for v in violations if "(serious)" in v or "(critical)" in v]


def _everything_open(room, someone):
    """An open poll, word cloud, questions and queue, each with something in it."""
    from deliberation.activities.votes import poll_vote
    from deliberation.activities.word_services import words_submit
    from deliberation.questions.queue import queue_join
    from deliberation.questions.services import question_ask

    session_started(room)
    session_id = room.session.pk
    options = {"options": ["Park", "Library"]}
    poll = activity_add(room, "poll", "Where first?", config=options, open_it=True)
    cloud = activity_add(room, "wordcloud", "One word", results="live", open_it=True)
    asked = activity_add(room, "questions", "Ask the panel", open_it=True)
    line = activity_add(room, "queue", "Open floor", open_it=True)
    person = {"session_id": session_id, "user": someone}
    poll_vote(activity_id=poll.pk, choices=[poll.options.first().pk], **person)
    words_submit(activity_id=cloud.pk, entries=["Shade"], **person)
    question_ask(
        activity_id=asked.pk, text=OTHERS_QUESTION, client_id=uuid.uuid4(), may_post=True, **person
    )
    queue_join(activity_id=line.pk, may_post=True, **person)
    return poll


def _seed(room):
    neighbour = room.member_add("neighbour")
    _everything_open(room, neighbour)
    room.screen_path = screen_path(room)


@pytest.mark.parametrize("live_seed", [_seed], ids=["everything"])
def test_the_three_views_with_every_panel_have_no_serious_violation(live_room, axe_check):
    path = f"/sessions/{live_room.session.pk}/"
    views = {
        "console": (live_room.facilitator_page, f"{path}run/"),
        "participant": (live_room.participant_page, path),
        "screen": (live_room.page_open(), live_room.screen_path),
    }
    found = {}
    for name, (page, where) in views.items():
        live_room.live_open(page, where)
        assert page.get_by_text("Open floor").first.is_visible()
        found[name] = _serious(axe_check(page))
    assert found == {"console": [], "participant": [], "screen": []}


class _Room:
    """The bits of a LiveRoom the seed helpers read, for the WSGI live server."""

    def __init__(self, session, make_user):
        self.session, self.make_user, self.cookies = session, make_user, {}


def test_a_participant_without_javascript_votes_gives_words_asks_up_votes_and_queues(
    live_server, home_page, make_user, page_without_js, axe_check
):
    from django.conf import settings

    from accounts.models import Role
    from deliberation.services import live_session_create
    from tests.browser.live_room import session_cookie

    session = live_session_create(title="Town hall", agenda=[{"title": "Welcome"}])
    room = _Room(session, make_user)
    _everything_open(room, make_user(role=Role.MEMBER, target=session))
    member = make_user(role=Role.MEMBER, target=session)
    page, base = page_without_js, live_server.url
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session_cookie(member), "url": base}]
    )
    page.goto(f"{base}/sessions/{session.pk}/")
    assert _serious(axe_check(page)) == []

    page.get_by_role("radio", name="Library").check()
    page.get_by_role("button", name="Vote", exact=True).click()
    assert page.get_by_text("Thank you: your answer is in.").is_visible()
    assert page.get_by_role("radio", name="Library").is_checked()
    assert page.get_by_role("button", name="Change my vote").is_visible()

    page.get_by_label("Word or phrase 1").fill("Shade!")
    page.get_by_label("Word or phrase 2").fill("Fountains")
    page.get_by_role("button", name="Send my words").click()
    assert page.get_by_label("Word or phrase 2").input_value() == "Fountains"
    assert page.get_by_role("row", name="1 shade 2").is_visible()

    page.get_by_label("Your question").fill("Can the library open on Sundays?")
    page.get_by_role("button", name="Ask the question").click()
    theirs = page.locator("[data-question-id]", has_text=OTHERS_QUESTION)
    assert page.locator("[data-question-id]", has_text="library open on Sundays").count() == 1
    theirs.get_by_role("button", name="Up-vote").click()
    theirs = page.locator("[data-question-id]", has_text=OTHERS_QUESTION)
    assert theirs.get_by_text("1 vote").is_visible()
    assert theirs.get_by_role("button", name="Withdraw my vote").is_visible()

    page.get_by_role("button", name="Put my hand up to speak").click()
    assert page.get_by_text("Your hand is up: you are number 2 of 2 waiting.").is_visible()
    assert page.get_by_role("button", name="Take my hand down").is_visible()
    assert _serious(axe_check(page)) == []

"""Questions to the speakers and the speaking queue in Chromium, pushed live between
two participants, the facilitator's console and the room's screen."""

import re

import pytest

from tests.browser.live_room import (
    PUSH_TIMEOUT_MS,
    activity_add,
    announced,
    button_for,
    screen_path,
    session_started,
)

pytestmark = pytest.mark.django_db(transaction=True)

QUESTION = "When will the buses run late?"


def _seed(kind, title):
    def seed(room):
        session_started(room)
        activity_add(room, kind, title, open_it=True)
        room.screen_path = screen_path(room)
        room.member_add("neighbour")

    return seed


def _three_views(room):
    """The participant, a neighbour and the screen, each connected; the console open."""
    path = f"/sessions/{room.session.pk}/"
    room.live_open(room.participant_page, path)
    neighbour = room.page_open("neighbour")
    room.live_open(neighbour, path)
    screen = room.page_open()
    room.live_open(screen, room.screen_path)
    room.live_open(room.facilitator_page, f"{path}run/")
    return room.participant_page, neighbour, screen, room.facilitator_page


@pytest.mark.parametrize("live_seed", [_seed("questions", "Ask the panel")], ids=["questions"])
def test_a_question_is_asked_up_voted_and_answered_live_in_every_view(live_room):
    page, neighbour, screen, console = _three_views(live_room)

    page.get_by_label("Your question").fill(QUESTION)
    page.get_by_role("button", name="Ask the question").click()
    # The neighbour, the console and the screen get it without reloading.
    asked = neighbour.locator("[data-question-id]", has_text=QUESTION)
    asked.wait_for(timeout=PUSH_TIMEOUT_MS)
    announced(neighbour, f"New question: {QUESTION}")
    console.locator("[data-question-id]", has_text=QUESTION).wait_for(timeout=PUSH_TIMEOUT_MS)
    top = screen.get_by_role("region", name="Top questions: Ask the panel")
    top.get_by_text(f"{QUESTION} (0 votes)").wait_for(timeout=PUSH_TIMEOUT_MS)

    # The neighbour up-votes it: the count moves on the asker's page, the console, the screen.
    button_for(asked, "Up-vote", QUESTION).click()
    mine = page.locator("[data-question-id]", has_text=QUESTION)
    mine.get_by_text("1 vote").wait_for(timeout=PUSH_TIMEOUT_MS)
    announced(page, f"1 vote: {QUESTION}")
    console.locator("[data-question-id]", has_text="1 vote").wait_for(timeout=PUSH_TIMEOUT_MS)
    top.get_by_text(f"{QUESTION} (1 vote)").wait_for(timeout=PUSH_TIMEOUT_MS)
    pressed = button_for(asked, "Withdraw my vote", QUESTION)
    assert pressed.get_attribute("aria-pressed") == "true"

    # The facilitator marks it answered: both participants see it; it leaves the screen's top.
    button_for(console, "Mark answered", "question").click()
    mine.get_by_text("Answered").wait_for(timeout=PUSH_TIMEOUT_MS)
    asked.get_by_text("Answered").wait_for(timeout=PUSH_TIMEOUT_MS)
    announced(page, f"Answered: {QUESTION}")
    top.get_by_text("No questions yet.").wait_for(timeout=PUSH_TIMEOUT_MS)


@pytest.mark.parametrize("live_seed", [_seed("queue", "Open floor")], ids=["queue"])
def test_hands_go_up_positions_move_and_the_facilitator_calls_the_next_live(live_room):
    page, neighbour, screen, console = _three_views(live_room)
    position = page.locator('[data-live="queue-position"]')
    theirs = neighbour.locator('[data-live="queue-position"]')
    count = screen.locator('[data-live="queue-count"]')

    page.get_by_role("button", name="Put my hand up to speak").click()
    position.get_by_text("you are number 1 of 1 waiting").wait_for(timeout=PUSH_TIMEOUT_MS)
    theirs.get_by_text("1 waiting to speak.").wait_for(timeout=PUSH_TIMEOUT_MS)
    assert page.get_by_role("button", name="Take my hand down").is_visible()

    neighbour.get_by_role("button", name="Put my hand up to speak").click()
    theirs.get_by_text("you are number 2 of 2 waiting").wait_for(timeout=PUSH_TIMEOUT_MS)
    position.get_by_text("you are number 1 of 2 waiting").wait_for(timeout=PUSH_TIMEOUT_MS)
    announced(page, "you are number 1 of 2 waiting")
    count.get_by_text("2 waiting to speak.").wait_for(timeout=PUSH_TIMEOUT_MS)
    # The console names them, in order, as hands go up.
    line = console.locator("[data-console-queue]")
    participant = live_room.participant.get_full_name() or live_room.participant.get_username()
    line.get_by_role("listitem").nth(1).wait_for(timeout=PUSH_TIMEOUT_MS)
    assert line.get_by_role("listitem").first.text_content() == participant

    console.get_by_role("button", name="Call the next speaker").click()
    position.get_by_text("It is your turn to speak.").wait_for(timeout=PUSH_TIMEOUT_MS)
    announced(page, "It is your turn to speak.")
    theirs.get_by_text("you are number 1 of 1 waiting").wait_for(timeout=PUSH_TIMEOUT_MS)
    count.get_by_text(re.compile(r"Someone is speaking\. 1 waiting")).wait_for(
        timeout=PUSH_TIMEOUT_MS
    )

    # The neighbour takes their hand down; the hand can go up again.
    neighbour.get_by_role("button", name="Take my hand down").click()
    theirs.get_by_text("0 waiting to speak.").wait_for(timeout=PUSH_TIMEOUT_MS)
    assert neighbour.get_by_role("button", name="Put my hand up to speak").is_visible()

"""Polls and word clouds in Chromium, pushed live: the facilitator's console, a
participant's page and the room's screen, each in a browser context of its own.

Every wait is Playwright's, bounded by ``PUSH_TIMEOUT_MS``: nothing sleeps.
"""

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

NO_RELOAD = "window.__notReloaded = true"


def _serious(violations):
    return [v for v in violations if "(serious)" in v or "(critical)" in v]


def _poll_seed(room):
    session_started(room)
    activity_add(room, "poll", "Where first?", config={"options": ["Park", "Library"]})
    room.screen_path = screen_path(room)


@pytest.mark.parametrize("live_seed", [_poll_seed], ids=["poll"])
def test_participant_sees_a_poll_open_votes_by_keyboard_and_sees_the_reveal(live_room):
    console, page = live_room.facilitator_page, live_room.participant_page
    session_path = f"/sessions/{live_room.session.pk}/"
    live_room.live_open(page, session_path)
    page.evaluate(NO_RELOAD)
    screen = live_room.page_open()
    live_room.live_open(screen, live_room.screen_path)
    console.goto(live_room.url(f"{session_path}run/"))
    button_for(console, "Open", "Where first?").click()

    # The poll appears on the participant's page by itself, and is announced.
    poll = page.get_by_role("group", name="Choose one")
    poll.get_by_role("radio", name="Park").wait_for(timeout=PUSH_TIMEOUT_MS)
    announced(page, "Where first? is open.")
    screen.get_by_role("heading", name="Where first?").wait_for(timeout=PUSH_TIMEOUT_MS)

    # Keyboard only: Tab into the choices, an arrow key to choose, Tab to the button, Enter.
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name === 'choice'"):
            break
    page.keyboard.press("ArrowDown")
    assert poll.get_by_role("radio", name="Library").is_checked()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Vote"
    page.keyboard.press("Enter")
    announced(page, "Thank you: your answer is in.")
    assert page.get_by_text("Results will be shown when the facilitator reveals them.").is_visible()

    # The facilitator sees the vote (staff see hidden results) and reveals them.
    console.reload()
    console.get_by_role("table", name="Results: 1 person").wait_for()
    button_for(console, "Reveal the results", "Where first?").click()

    # Revealed on the participant's page (focus still in the form) and on the screen.
    results = page.get_by_role("table", name="Results: 1 person")
    results.wait_for(timeout=PUSH_TIMEOUT_MS)
    assert results.get_by_role("row", name="Library 1").is_visible()
    announced(page, "Results revealed: Where first?.")
    shown = screen.get_by_role("table", name="Results: 1 person")
    shown.wait_for(timeout=PUSH_TIMEOUT_MS)
    assert shown.get_by_role("row", name="Library 1").is_visible()
    assert page.evaluate("window.__notReloaded") is True


def _cloud_seed(room):
    session_started(room)
    activity_add(room, "wordcloud", "One word for the park", results="live", open_it=True)
    room.screen_path = screen_path(room)
    room.member_add("neighbour")


@pytest.mark.parametrize("live_seed", [_cloud_seed], ids=["cloud"])
def test_the_word_cloud_grows_on_the_participants_page_and_the_screen(live_room):
    page = live_room.participant_page
    session_path = f"/sessions/{live_room.session.pk}/"
    live_room.live_open(page, session_path)
    page.evaluate(NO_RELOAD)
    neighbour = live_room.page_open("neighbour")
    live_room.live_open(neighbour, session_path)
    screen = live_room.page_open()
    live_room.live_open(screen, live_room.screen_path)

    neighbour.get_by_label("Word or phrase 1").fill("Shade TREES!")
    neighbour.get_by_label("Word or phrase 2").fill("benches")
    neighbour.get_by_role("button", name="Send my words").click()

    # Someone else's words reach the participant's table and the screen, normalised.
    words = page.get_by_role("table", name="Words, most given first (1 person)")
    trees = re.compile(r"\d shade trees 1$")
    words.get_by_role("row", name=trees).wait_for(timeout=PUSH_TIMEOUT_MS)
    shown = screen.get_by_role("table", name="Words, most given first (1 person)")
    shown.get_by_role("row", name="shade trees").wait_for(timeout=PUSH_TIMEOUT_MS)
    announced(page, "Results updated: One word for the park.")

    # The participant's own words count beside them: "benches" now leads.
    page.get_by_label("Word or phrase 1").fill("Benches")
    page.get_by_role("button", name="Send my words").click()
    words = page.get_by_role("table", name="Words, most given first (2 people)")
    words.get_by_role("row", name="1 benches 2").wait_for(timeout=PUSH_TIMEOUT_MS)
    shown = screen.get_by_role("table", name="Words, most given first (2 people)")
    shown.get_by_role("row", name="1 benches 2").wait_for(timeout=PUSH_TIMEOUT_MS)
    assert screen.locator(".app-cloud__word", has_text="benches").is_visible()
    assert page.evaluate("window.__notReloaded") is True

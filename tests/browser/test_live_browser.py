"""Live sessions in Chromium: a facilitator and a participant in two browser contexts.

The pages come from daphne run as a subprocess (``live_room`` in conftest.py), the
server we deploy, so the WebSocket is the real one.
"""

import uuid

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

PUSH_TIMEOUT_MS = 15_000


def _serious(violations):
    return [v for v in violations if "(serious)" in v or "(critical)" in v]


def test_participant_sees_the_facilitators_changes_without_reloading(live_room, axe_check):
    base, console, page = live_room
    session = live_room.session
    page.goto(live_room.url(f"/sessions/{session.pk}/"))
    # Connected: the "reconnecting" notice is hidden once the snapshot has arrived.
    page.wait_for_function(
        "document.querySelector('#live-connection').hidden", timeout=PUSH_TIMEOUT_MS
    )
    console.goto(live_room.url(f"/sessions/{session.pk}/run/"))
    assert _serious(axe_check(console)) == []
    console.get_by_role("button", name="Start").click()
    # The participant's page changes by itself: status, current item, announcement.
    page.locator('[data-live="status"]', has_text="Live now").wait_for(timeout=PUSH_TIMEOUT_MS)
    page.get_by_role("heading", name="Now: Welcome").wait_for(timeout=PUSH_TIMEOUT_MS)
    assert "Session live now: Welcome" in page.locator("#live-announcer").text_content()
    # What the participant is typing survives the push of someone else's statement.
    page.get_by_label("Your statement").fill("Half-written thought")
    console.goto(live_room.url(f"/sessions/{session.pk}/"))
    console.get_by_label("Your statement").fill("Benches by the bus stops")
    console.get_by_role("button", name="Send statement").click()
    page.locator("#statements li", has_text="Benches by the bus stops").wait_for(
        timeout=PUSH_TIMEOUT_MS
    )
    assert page.get_by_label("Your statement").input_value() == "Half-written thought"
    assert _serious(axe_check(page)) == []


def test_join_page_has_no_serious_accessibility_violation(live_room, axe_check):
    page = live_room.participant_page
    page.goto(live_room.url(f"/join/?code={live_room.event.join_code}"))
    assert page.get_by_label("Join code").is_visible()
    assert _serious(axe_check(page)) == []


def test_participant_without_javascript_posts_and_sees_the_state_on_reload(
    live_server, home_page, make_user, page_without_js
):
    from django.conf import settings

    from accounts.models import Role
    from deliberation import flow
    from deliberation.services import live_session_create
    from tests.browser.live_room import session_cookie

    session = live_session_create(title="Town hall", agenda=[{"title": "Welcome"}])
    member = make_user(role=Role.MEMBER, target=session)
    flow.session_start(session_id=session.pk)
    page, base = page_without_js, live_server.url
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session_cookie(member), "url": base}]
    )
    page.goto(f"{base}/sessions/{session.pk}/")
    assert page.get_by_role("heading", name="Now: Welcome").is_visible()
    text = f"Plain form {uuid.uuid4().hex[:6]}"
    page.get_by_label("Your statement").fill(text)
    page.get_by_role("button", name="Send statement").click()
    assert page.locator("#statements li", has_text=text).count() == 1
    assert session.statements.filter(text=text, author=member).exists()

"""Headless Chromium (Debian's ``chromium``) driven by Playwright, with axe-core.

Skipped, with the reason, where Chromium or the built assets are missing;
CI installs both, so there they always run.
"""

import os
import re
import shutil
import weakref
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
CSS = REPO / "build" / "static" / "css" / "main.css"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def _missing() -> str | None:
    if not CHROMIUM:
        return "Chromium is not installed (apt-get install chromium)"
    if not AXE.exists() or not CSS.exists():
        return "front-end assets are not built (npm ci && npm run build)"
    return None


@pytest.fixture(scope="module")
def browser():
    # Module scope: Playwright's sync API keeps an event loop running while it is
    # open, which would break the asyncio tests that run after these.
    reason = _missing()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"Browser tests must run in CI: {reason}")
        pytest.skip(reason)
    # Playwright's sync API runs its own event loop; let Django's ORM be used beside it.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


# Every wait ends: a page that never arrives fails its test instead of hanging the suite.
ACTION_TIMEOUT_MS = 15_000
AXE_TIMEOUT_MS = 60_000

# Contexts opened with scripts off, so that axe_check knows to run axe beside them.
_SCRIPTLESS = weakref.WeakSet()


def _new_page(browser, **options):
    context = browser.new_context(**options)
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    context.set_default_navigation_timeout(ACTION_TIMEOUT_MS)
    return context, context.new_page()


@pytest.fixture
def page(browser):
    context, page = _new_page(browser)
    yield page
    context.close()


@pytest.fixture
def page_without_js(browser):
    context, page = _new_page(browser, java_script_enabled=False)
    _SCRIPTLESS.add(context)
    yield page
    context.close()


# Copies each form control's live state (what was typed, ticked, chosen) into its
# attributes, so that the serialised page shows it. A synchronous evaluation, which
# Chromium runs even where the page's own scripts are off.
_FREEZE_FORM_STATE = """() => {
  for (const el of document.querySelectorAll('input, textarea, select')) {
    if (el.type === 'checkbox' || el.type === 'radio') el.toggleAttribute('checked', el.checked);
    else if (el.tagName === 'TEXTAREA') el.textContent = el.value;
    else if (el.tagName === 'SELECT')
      for (const o of el.options) o.toggleAttribute('selected', o.selected);
    else if (el.type !== 'file' && el.type !== 'password') el.setAttribute('value', el.value);
  }
}"""


def _run_axe(page):
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    # Promise.race: axe.run can wait forever (it schedules its work with setTimeout).
    return page.evaluate(
        """async ([tags, ms]) => await Promise.race([
          axe.run(document, {runOnly: {type: 'tag', values: tags}}),
          new Promise((_, fail) => setTimeout(() => fail(new Error('axe timed out')), ms)),
        ])""",
        [WCAG_AA, AXE_TIMEOUT_MS],
    )


def _run_axe_beside(page):
    """axe on a scripts-off page, run in a scripts-on twin showing the same document.

    Chromium runs no timers in a page whose scripts are disabled, and axe.run waits
    on setTimeout, so evaluating it there never returns (this hung the whole suite).
    The twin gets the page's serialised DOM at the page's own URL, so its styles load
    from the live server as they did; the site's own scripts are refused, so it shows
    exactly what a visitor without JavaScript sees.
    """
    page.evaluate(_FREEZE_FORM_STATE)
    html, url = page.content(), page.url
    context, twin = _new_page(page.context.browser)
    try:
        twin.route(
            url,
            lambda route: route.fulfill(
                status=200, content_type="text/html; charset=utf-8", body=html
            ),
        )
        twin.route(re.compile(r"\.m?js(\?.*)?$"), lambda route: route.abort())
        twin.goto(url)
        return _run_axe(twin)
    finally:
        context.close()


@pytest.fixture
def axe_check():
    """Run axe-core against WCAG 2.2 A and AA on the current page; return violations."""

    def check(page):
        # Evaluated through the DevTools protocol: an injected <script> tag would be
        # blocked by the site's Content-Security-Policy (script-src 'self').
        result = _run_axe_beside(page) if page.context in _SCRIPTLESS else _run_axe(page)
        return [
            f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"]
        ]

    return check


@pytest.fixture
def daphne_servers(transactional_db, tmp_path):
    """Start daphne subprocesses over what the test has saved so far: ``start(count)``.

    Returns the started ``live_server.DaphneProcess`` list; all are stopped afterwards.
    """
    from tests.browser.live_server import servers_start

    started = []

    def start(count: int = 1):
        servers = servers_start(tmp_path, count)
        started.extend(servers)
        return servers

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def live_seed():
    """Override in a test module to add to the room before its server starts:
    ``lambda room: ...`` gets the ``LiveRoom`` with its session and users, no pages yet."""
    return lambda room: None


@pytest.fixture
def live_room(home_page, make_user, browser, daphne_servers, live_seed):
    """A session with an agenda, its facilitator and a member, each signed in on a page
    of their own browser context, against a daphne started for the test."""
    from accounts.models import Role
    from deliberation.services import live_session_create
    from tests.browser.live_room import LiveRoom

    session = live_session_create(
        title="Town hall", agenda=[{"title": "Welcome", "timer_seconds": 300}, {"title": "Ideas"}]
    )
    room = LiveRoom(
        session=session,
        facilitator=make_user(role=Role.FACILITATOR, target=session),
        participant=make_user(role=Role.MEMBER, target=session),
        event=live_session_create(title="Community evening", open_event=True),
        make_user=make_user,
    )
    live_seed(room)
    cookies = room.cookies_make()
    room.base_url = daphne_servers(1)[0].url
    pages = []
    for who in ("facilitator", "participant"):
        context, page = _new_page(browser)
        room.sign_in(page, cookies[who])
        pages.append(page)
    room.facilitator_page, room.participant_page = pages

    def page_make():
        context, page = _new_page(browser)
        pages.append(page)
        return page

    room.page_make = page_make
    yield room
    for page in pages:
        page.context.close()

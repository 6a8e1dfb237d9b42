"""What the ``live_room`` fixture gives a browser test of a live session."""

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.test import Client

# Every wait for a push ends: a change that never arrives fails the test, not the suite.
PUSH_TIMEOUT_MS = 15_000


def session_cookie(user) -> str:
    """A signed-in session for ``user``, saved in the database the servers will read."""
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


@dataclass
class LiveRoom:
    session: object
    facilitator: object
    participant: object
    event: object  # an open community event, joined with its code
    base_url: str = ""
    facilitator_page: object = None
    participant_page: object = None
    # Cookies a seed made for more people (name -> cookie), signed in with page_open.
    cookies: dict = field(default_factory=dict)
    page_make: object = None  # the fixture's: a fresh browser context's page
    make_user: object = None  # the test's user factory, for seeds

    def __iter__(self):
        return iter((self.base_url, self.facilitator_page, self.participant_page))

    def cookies_make(self) -> dict[str, str]:
        return {
            "facilitator": session_cookie(self.facilitator),
            "participant": session_cookie(self.participant),
        }

    def sign_in(self, page, cookie: str) -> None:
        page.context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": self.base_url}]
        )

    def url(self, path: str) -> str:
        return f"{self.base_url}{path}"

    def member_add(self, who: str):
        """One more member of the session, signed in (call from a seed: before the server)."""
        from accounts.models import Role

        user = self.make_user(role=Role.MEMBER, target=self.session)
        self.cookies[who] = session_cookie(user)
        return user

    def page_open(self, who: str | None = None):
        """Another browser context: signed in as ``cookies[who]``, or nobody (the screen)."""
        page = self.page_make()
        if who is not None:
            self.sign_in(page, self.cookies[who])
        return page

    def live_open(self, page, path: str) -> None:
        """Go to a live page and wait until its socket's snapshot has been applied."""
        page.goto(self.url(path))
        page.locator("[data-live-state=connected]").wait_for(timeout=PUSH_TIMEOUT_MS)


def session_started(room):
    from deliberation import flow

    flow.session_start(session_id=room.session.pk)


def activity_add(room, kind, title, *, open_it=False, **kwargs):
    from deliberation.activities.services import activity_command, activity_create

    activity = activity_create(session_id=room.session.pk, kind=kind, title=title, **kwargs)
    if open_it:
        activity_command(
            session_id=room.session.pk, activity_id=activity.activity.pk, command="open"
        )
    return activity.activity


def screen_path(room):
    from deliberation.activities.screen import screen_token

    return f"/sessions/screen/{screen_token(room.session)}/"


def button_for(page, label, what):
    # A visually hidden span names what the button acts on: "Open : Where first?".
    return page.get_by_role("button", name=re.compile(rf"^{re.escape(label)}\W+{re.escape(what)}"))


def announced(page, text):
    page.locator("#live-announcer", has_text=text).wait_for(
        state="attached", timeout=PUSH_TIMEOUT_MS
    )

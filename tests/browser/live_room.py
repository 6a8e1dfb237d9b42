"""What the ``live_room`` fixture gives a browser test of a live session."""

from dataclasses import dataclass

from django.conf import settings
from django.test import Client


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

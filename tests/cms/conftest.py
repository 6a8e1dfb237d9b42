"""Two consultations and two assemblies, A and B, and staff signed in to the CMS."""

import pytest
from allauth.mfa.models import Authenticator

from tests.assembly.factories import AssemblyPageFactory
from tests.consultations.factories import make_consultation


@pytest.fixture
def page_pair(home_page):
    """``page_pair(kind)`` -> (A, B), two published pages of that kind under the same parent."""

    def make(kind):
        if kind == "consultation":
            return (
                make_consultation(home_page, title="Survey A", slug="survey-a"),
                make_consultation(home_page, title="Survey B", slug="survey-b"),
            )
        pages = []
        for name in ("A", "B"):
            page = AssemblyPageFactory(title=f"Assembly {name}", slug=f"assembly-{name.lower()}")
            page.save_revision().publish()
            pages.append(page)
        return tuple(pages)

    return make


@pytest.fixture
def staff_client(client, make_user):
    """``staff_client(role, target)``: the client signed in as that role, with a second factor."""

    def sign_in(role, target):
        user = make_user(role=role, target=target)
        Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={})
        client.force_login(user)
        client.user = user
        return client

    return sign_in

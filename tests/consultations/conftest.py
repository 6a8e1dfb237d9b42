import pytest
from allauth.mfa.models import Authenticator

from accounts.models import Role
from tests.consultations.factories import make_consultation


@pytest.fixture
def consultation(home_page):
    return make_consultation(home_page)


@pytest.fixture
def organiser(make_user, consultation):
    """The consultation's organiser, with two-factor set up (modules may define their own)."""
    user = make_user(role=Role.ORGANISER, target=consultation)
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={})
    return user

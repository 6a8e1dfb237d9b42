"""Fixtures shared by every app's tests.

Transactional tests empty every table afterwards, including rows made by
migrations, so groups, the page tree and the Site are built here, never assumed.
"""

import pytest
from django.core.cache import cache
from pytest_factoryboy import register

from tests.deliberation.factories import LiveSessionFactory, StatementFactory
from tests.factories import TEST_PASSWORD, UserFactory

register(LiveSessionFactory)
register(StatementFactory)


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def password():
    return TEST_PASSWORD


@pytest.fixture
def role_groups(db):
    from accounts.services import roles_ensure

    return roles_ensure()


@pytest.fixture
def home_page(db, role_groups):
    """A small page tree: root, home with the footer pages, and the default Site."""
    from home.services import site_setup

    return site_setup()


@pytest.fixture
def make_user(db):
    """Make a user holding ``role``, optionally on ``target``."""
    from accounts.services import role_grant

    def make(role=None, target=None, **kwargs):
        user = UserFactory(**kwargs)
        if role:
            role_grant(user=user, role=role, target=target)
        return user

    return make

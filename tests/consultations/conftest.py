import pytest

from tests.consultations.factories import make_consultation


@pytest.fixture
def consultation(home_page):
    return make_consultation(home_page)

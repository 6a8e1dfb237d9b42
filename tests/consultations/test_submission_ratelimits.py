"""Answering is rate-limited per person (account or browser session), not per address.

A room of residents on one Wi-Fi shares an address, so one person's limit never
stops their neighbour; a script that drops its cookies still meets the address limit.
Over a limit, the page comes back with 429, says how long to wait, keeps what was
typed and saves nothing.
"""

import pytest
from django.test import Client

from consultations.models import Response
from consultations.ratelimits import TOO_MANY
from tests.consultations.factories import BUDGET_BLOCK_ID, make_budget_consultation

pytestmark = pytest.mark.django_db
NAME = f"q-{BUDGET_BLOCK_ID}"
WAIT = TOO_MANY.split(":")[0]
ROOM = "203.0.113.7"


def _budget(prevention="25.0"):
    amounts = {"prevention": prevention, "adult-social-care": "45.0", "hospital": "30.0"}
    data = {f"{NAME}-line-{ref}": value for ref, value in amounts.items()}
    data |= {f"{NAME}-start-{ref}": v for ref, v in (("prevention", "20.0"),)}
    data[f"{NAME}-envelope"] = "100.0"
    return data


@pytest.fixture
def page(home_page):
    return make_budget_consultation(home_page)


@pytest.fixture
def limits(settings):
    def set_limits(**limits):
        settings.CONSULTATION_RATE_LIMITS = limits

    return set_limits


def _resident():
    return Client(REMOTE_ADDR=ROOM)


def test_saving_a_budget_too_often_is_refused_with_what_was_typed_kept(page, limits):
    limits(save="1/m/key")
    client = _resident()
    assert client.post(page.url + "step/0/", _budget()).status_code == 302
    again = client.post(page.url + "step/0/", _budget(prevention="22.5"))
    assert again.status_code == 429
    html = again.content.decode()
    assert WAIT in html and "wait 1 minute" in html
    assert f'name="{NAME}-line-prevention"' in html and 'value="22.5"' in html
    saved = client.session[f"consultation:{page.pk}"]["answers"][BUDGET_BLOCK_ID]
    assert "22.5" not in str(saved), "the refused page was saved"


def test_sending_too_often_is_refused_and_nothing_is_sent(page, limits):
    limits(send="1/m/key")
    client = _resident()
    client.post(page.url + "step/0/", _budget())
    # The first send lacks its final choice (an error, and one hit on the limit).
    assert client.post(page.url + "check/", {}).status_code == 200
    refused = client.post(page.url + "check/", {"publish": "no"})
    assert refused.status_code == 429 and WAIT in refused.content.decode()
    assert 'value="no" checked' in refused.content.decode()
    assert not Response.objects.filter(page=page, status="submitted").exists()


def test_neighbours_on_one_address_each_keep_their_own_limit(page, limits):
    limits(send="1/m/key")
    first, second = _resident(), _resident()
    for client in (first, second):
        client.post(page.url + "step/0/", _budget())
    assert first.post(page.url + "check/", {}).status_code == 200
    assert first.post(page.url + "check/", {"publish": "yes"}).status_code == 429
    assert second.post(page.url + "check/", {"publish": "yes"}).status_code == 302
    assert Response.objects.filter(page=page, status="submitted").count() == 1


def test_a_signed_in_person_is_counted_by_account_across_browsers(page, limits, make_user):
    limits(save="1/m/key")
    person = make_user()
    laptop, phone = _resident(), _resident()
    for client in (laptop, phone):
        client.force_login(person)
    assert laptop.post(page.url + "step/0/", _budget()).status_code == 302
    assert phone.post(page.url + "step/0/", _budget()).status_code == 429


def test_a_script_that_drops_its_cookies_meets_the_address_limit(page, limits):
    limits(address="2/m/key")
    codes = [_resident().post(page.url + "step/0/", _budget()).status_code for _ in range(3)]
    assert codes == [302, 302, 429]


def test_budget_buttons_that_save_nothing_are_not_counted(page, limits):
    limits(save="1/m/key")
    client = _resident()
    for _ in range(3):
        shown = client.post(page.url + "step/0/", {**_budget(), "budget_action": "balance"})
        assert shown.status_code == 200
    assert client.post(page.url + "step/0/", _budget()).status_code == 302

"""Quotas no panel can meet: the draw service and page name the smallest fix in words."""

import html

import pytest
from django.urls import reverse

from assembly import services
from assembly.models import CategoryValue
from assembly.services.errors import INFEASIBLE_QUOTAS
from tests.assembly.factories import (
    SMALL_SPEC,
    AssemblyPageFactory,
    organiser_of,
    pool_build,
    quotas_build,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def assembly(home_page):
    page = AssemblyPageFactory(panel_size=6)
    pool_build(page, quotas_build(page, SMALL_SPEC), 24, seed=3)
    # A minimum above the panel size, which once stopped the solver without an answer.
    CategoryValue.objects.filter(value="female").update(min_quota=14, max_quota=16)
    return page


def test_draw_prepare_refuses_infeasible_quotas_naming_each_change(assembly):
    with pytest.raises(services.InfeasibleQuotas) as caught:
        services.draw_prepare(assembly=assembly)
    [change] = caught.value.changes
    assert (change.feature, change.value, change.bound, change.old) == (
        "gender",
        "female",
        "min",
        14,
    )
    assert change.new <= 4  # the panel of 6 still needs 2 men
    assert caught.value.messages == [
        INFEASIBLE_QUOTAS.format(size=6),
        f'Lower the minimum for gender "female" from 14 to {change.new}: '
        + "; ".join(change.reasons)
        + ".",
    ]
    assert "its minimum of 14 alone is more than the panel of 6" in change.reasons
    assert not assembly.draws.exists()


def test_draws_page_shows_the_conflicting_quota_in_words(client, make_user, assembly):
    client.force_login(organiser_of(make_user, assembly))
    response = client.post(
        reverse("assembly:draws", args=[assembly.pk]), {"algorithm": "leximin", "m": 1000}
    )
    body = html.unescape(response.content.decode())
    assert "There is a problem" in body
    assert "No panel of 6 can meet these quotas." in body
    assert 'Lower the minimum for gender "female" from 14 to ' in body
    assert "its minimum of 14 alone is more than the panel of 6" in body
    assert "solver stopped" not in body
    assert not assembly.draws.exists()

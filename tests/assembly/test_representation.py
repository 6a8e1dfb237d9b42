"""Who volunteered, compared with the targets: exact for organisers, suppressed for others."""

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from accounts.models import Role
from assembly import selectors
from assembly.models import Answer, Draw, PanelMember
from tests.assembly.factories import (
    AssemblyPageFactory,
    VolunteerFactory,
    organiser_of,
    quotas_build,
)

pytestmark = pytest.mark.django_db

SPEC = {
    "gender": {"female": (1, 4), "male": (1, 4), "Prefer not to say": (0, 2)},
    "ethnicity": {"white": (1, 5), "other": (1, 4)},
}
# 40 volunteers: female 30, male 7, prefer not to say 3; white 35, other 5.
GENDERS = ["female"] * 30 + ["male"] * 7 + ["Prefer not to say"] * 3
ETHNICITIES = ["white"] * 35 + ["other"] * 5


@pytest.fixture
def assembly(home_page):
    page = AssemblyPageFactory(panel_size=6)
    values = quotas_build(page, SPEC)
    volunteers = []
    for i, (gender, ethnicity) in enumerate(zip(GENDERS, ETHNICITIES, strict=True)):
        volunteer = VolunteerFactory(assembly=page, pool_id=f"v{i:03d}")
        for name, value in (("gender", gender), ("ethnicity", ethnicity)):
            cv = values[name, value]
            Answer.objects.create(volunteer=volunteer, category=cv.category, value=cv)
        volunteers.append(volunteer)
    draw = Draw.objects.create(assembly=page, panel_size=6)
    for volunteer in volunteers[28:34]:  # 2 female, 4 male, all white
        PanelMember.objects.create(assembly=page, draw=draw, volunteer=volunteer)
    return page


def _rows(comparison):
    return {(r.category, r.value): r for r in comparison}


def test_organisers_see_exact_counts(assembly):
    rows = _rows(selectors.pool_vs_targets(assembly))
    assert rows["gender", "male"].pool == 7
    assert rows["gender", "Prefer not to say"].pool == 3
    assert rows["ethnicity", "other"].pool == 5
    assert rows["gender", "male"].panel == 4
    assert rows["gender", "female"].pool_percent == 75.0


def test_others_get_no_small_count_and_none_that_totals_give_away(assembly):
    comparison = selectors.pool_vs_targets(assembly, exact=False)
    rows = _rows(comparison)
    for row in comparison:
        assert row.pool is None or row.pool >= 10
        assert row.panel is None or row.panel == 0 or row.panel >= 10
        assert (row.pool is None) == (row.pool_percent is None)
    for category in ("gender", "ethnicity"):
        hidden = [r for r in comparison if r.category == category and r.pool is None]
        assert len(hidden) != 1, category  # one hidden cell = total minus the others
    assert rows["gender", "male"].pool is None and rows["gender", "Prefer not to say"].pool is None
    assert rows["ethnicity", "other"].pool is None and rows["ethnicity", "white"].pool is None


def test_representation_page_is_exact_for_organisers_and_suppressed_for_commissioners(
    client, make_user, assembly
):
    url = reverse("assembly:representation", args=[assembly.pk])
    client.force_login(organiser_of(make_user, assembly))
    body = client.get(url).content.decode()
    assert ">hidden<" not in body and ">7<" in body
    commissioner = make_user(role=Role.COMMISSIONER, target=assembly)
    Authenticator.objects.create(user=commissioner, type=Authenticator.Type.TOTP, data={})
    client.force_login(commissioner)
    response = client.get(url)
    body = response.content.decode()
    assert response.status_code == 200
    assert ">hidden<" in body and ">7<" not in body and ">3<" not in body
    assert "organisers see every count" in body
    client.force_login(make_user(role=Role.RESIDENT))
    assert client.get(url).status_code == 403


def test_empty_pool_has_zero_counts_for_everyone(home_page):
    page = AssemblyPageFactory()
    quotas_build(page, SPEC)
    for exact in (True, False):
        assert {r.pool for r in selectors.pool_vs_targets(page, exact=exact)} == {0}


def test_suppressed_figures_are_reused_until_the_pool_changes(assembly, monkeypatch):
    first = selectors.pool_vs_targets(assembly, exact=False)
    import common.suppression as suppression

    def fail(*args, **kwargs):
        raise AssertionError("protect() ran again on unchanged data")

    monkeypatch.setattr(suppression, "protect", fail)
    assert selectors.pool_vs_targets(assembly, exact=False) == first
    PanelMember.objects.filter(assembly=assembly).first().delete()
    with pytest.raises(AssertionError, match="ran again"):
        selectors.pool_vs_targets(assembly, exact=False)

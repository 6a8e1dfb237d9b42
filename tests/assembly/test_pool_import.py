import pytest

from assembly import services
from assembly.models import Answer, CategoryValue, PoolUpload, SelectionCategory, Volunteer
from audit.models import AccessLogEntry
from tests.assembly.factories import AssemblyPageFactory, VolunteerFactory

pytestmark = pytest.mark.django_db

CATEGORIES = "feature,value,min,max\nage,16-44,1,3\nage,45+,1,3\nage,Prefer not to say,0,2\n"
PEOPLE = (
    "id,name,email,age,address\n"
    "a1,Ann,ann@example.net,16-44,1 High St\n"
    "a2,Bob,bob@example.net,45+,2 High St\n"
    "a3,Cat,,Prefer not to say,3 High St\n"
)


@pytest.fixture
def assembly(home_page):
    return AssemblyPageFactory()


def _upload(assembly, people, categories=CATEGORIES, user=None):
    return services.pool_upload_create(
        assembly=assembly,
        people_csv=people,
        categories_csv=categories,
        options={"id_column": "id", "address_columns": ["address"]},
        user=user,
    )


def test_preview_lists_every_row_problem_and_import_saves_nothing(assembly, user):
    VolunteerFactory(assembly=assembly, pool_id="old1", email="old@example.net")
    people = (
        "id,name,email,age,address\n"
        "a1,Ann,ann@example.net,16-44,1 High St\n"
        "a1,Ann again,ann2@example.net,45+,1 High St\n"  # duplicate id
        "a3,Cat,ANN@example.net,45+,3 High St\n"  # duplicate contact
        "a4,Dan,dan@example.net,teenager,4 High St\n"  # unknown value
        "old1,Eve,eve@example.net,45+,5 High St\n"  # already in the pool
        "a6,Fay,not-an-email,45+,6 High St\n"  # bad email
    )
    upload = _upload(assembly, people, user=user)
    preview = services.upload_preview(upload)
    messages = [(p.row, p.message) for p in preview.problems]
    assert any(row == 3 and "'a1' is used again" in m for row, m in messages)
    assert any(row == 4 and "used again (first on row 2)" in m for row, m in messages)
    assert any(row == 5 and "'teenager'" in m for row, m in messages)
    assert any(row == 6 and "already in this assembly's pool" in m for row, m in messages)
    assert any(row == 7 and "not a valid email" in m for row, m in messages)
    with pytest.raises(services.PoolImportRejected):
        services.pool_import(upload=upload, user=user)
    assert Volunteer.objects.filter(assembly=assembly).count() == 1
    assert not SelectionCategory.objects.filter(assembly=assembly).exists()


def test_missing_category_column_is_reported(assembly):
    preview = services.pool_import_preview(
        assembly=assembly, people_csv="id,name\nx,Xan\n", categories_csv=CATEGORIES
    )
    assert [p.message for p in preview.problems] == ["The people file has no 'age' column."]


def test_import_saves_pool_categories_and_logs_it(assembly, user):
    upload = _upload(assembly, PEOPLE, user=user)
    assert services.pool_import(upload=upload, user=user) == 3
    assert sorted(assembly.volunteers.values_list("pool_id", flat=True)) == ["a1", "a2", "a3"]
    pnts = CategoryValue.objects.get(category__assembly=assembly, value="Prefer not to say")
    assert pnts.prefer_not_to_say and (pnts.min_quota, pnts.max_quota) == (0, 2)
    assert Answer.objects.filter(volunteer__assembly=assembly).count() == 3
    assert not PoolUpload.objects.exists()
    entry = AccessLogEntry.objects.get(action="import")
    assert entry.record_count == 3 and entry.user == user


def test_the_word_none_is_a_value_not_a_missing_cell(assembly, user):
    categories = CATEGORIES + "age,None,0,1\n"
    people = PEOPLE.replace("Prefer not to say", "None")
    services.pool_import(upload=_upload(assembly, people, categories), user=user)
    answer = Answer.objects.get(volunteer__pool_id="a3")
    assert answer.value.value == "None"


def test_quotas_proposed_from_target_shares_and_panel_size(assembly):
    from decimal import Decimal

    category = services.category_create(
        assembly=assembly, name="age", values=["16-29", "30-59", "60+"]
    )
    shares = {"16-29": "21", "30-59": "50", "60+": "29"}
    for v in category.values.all():
        if v.value in shares:
            v.target_share = Decimal(shares[v.value])
            v.save()
    proposals = {
        p.value.value: p for p in services.quotas_propose(assembly=assembly, panel_size=30)
    }
    # 30 x 21% = 6.3 -> 6..7; 30 x 50% = 15 -> exactly 15; 30 x 29% = 8.7 -> 8..9
    assert (proposals["16-29"].min, proposals["16-29"].max) == (6, 7)
    assert (proposals["30-59"].min, proposals["30-59"].max) == (15, 15)
    assert (proposals["60+"].min, proposals["60+"].max) == (8, 9)
    assert (proposals["Prefer not to say"].min, proposals["Prefer not to say"].max) == (0, 30)
    services.quotas_apply(proposals=list(proposals.values()))
    assert CategoryValue.objects.get(value="60+").max_quota == 9


def test_quota_shares_are_normalised_when_they_do_not_sum_to_100(assembly):
    from decimal import Decimal

    category = services.category_create(assembly=assembly, name="sex", values=["f", "m"])
    category.values.filter(value="f").update(target_share=Decimal("26"))
    category.values.filter(value="m").update(target_share=Decimal("24"))
    proposals = {
        p.value.value: p for p in services.quotas_propose(assembly=assembly, panel_size=10)
    }
    assert (proposals["f"].min, proposals["f"].max) == (5, 6)
    assert (proposals["m"].min, proposals["m"].max) == (4, 5)

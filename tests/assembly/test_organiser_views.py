import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assembly.models import CategoryValue, InvitationCode, PoolUpload, Volunteer
from audit.models import AccessLogEntry
from tests.assembly.factories import AssemblyPageFactory, organiser_of

pytestmark = pytest.mark.django_db

CATEGORIES = b"feature,value,min,max\nage,young,1,2\nage,old,1,2\n"


@pytest.fixture
def assembly(home_page):
    return AssemblyPageFactory(panel_size=3)


@pytest.fixture
def organiser_client(client, make_user, assembly):
    client.force_login(organiser_of(make_user, assembly))
    return client


def _upload(client, assembly, people: bytes):
    return client.post(
        reverse("assembly:pool_import", args=[assembly.pk]),
        {
            "people_file": SimpleUploadedFile("people.csv", people, "text/csv"),
            "categories_file": SimpleUploadedFile("categories.csv", CATEGORIES, "text/csv"),
            "id_column": "id",
            "address_columns": "",
        },
    )


def test_upload_with_bad_rows_previews_every_problem_and_saves_nothing(organiser_client, assembly):
    people = b"id,age\nx1,young\nx1,old\nx3,ancient\n"
    response = _upload(organiser_client, assembly, people)
    preview_url = response["Location"]
    body = organiser_client.get(preview_url).content.decode()
    assert "2 problems" in body and "&#x27;ancient&#x27;" in body
    assert "Import 0 volunteers" not in body
    organiser_client.post(preview_url, {"action": "confirm"})
    assert not Volunteer.objects.exists()
    assert not CategoryValue.objects.exists()


def test_good_upload_is_confirmed_and_imported(organiser_client, assembly):
    response = _upload(organiser_client, assembly, b"id,age\nx1,young\nx2,old\nx3,old\n")
    preview_url = response["Location"]
    assert "Import 3 volunteers" in organiser_client.get(preview_url).content.decode()
    response = organiser_client.post(preview_url, {"action": "confirm"})
    assert response.status_code == 302
    assert Volunteer.objects.filter(assembly=assembly).count() == 3
    assert not PoolUpload.objects.exists()


def test_upload_that_is_not_utf8_is_refused_next_to_the_field(organiser_client, assembly):
    response = _upload(organiser_client, assembly, "id,age\nx1,jünger\n".encode("latin-1"))
    assert response.status_code == 200
    assert "The file must be a CSV saved as UTF-8 text." in response.content.decode()


def test_quota_form_rejects_min_above_max_and_keeps_input(organiser_client, assembly):
    from assembly.services import category_create

    category = category_create(assembly=assembly, name="age", values=["young", "old"])
    young = category.values.get(value="young")
    data = {"action": "save"}
    for v in category.values.all():
        data |= {f"min_{v.pk}": "0", f"max_{v.pk}": "3", f"share_{v.pk}": ""}
    data[f"min_{young.pk}"] = "3"
    data[f"max_{young.pk}"] = "2"
    response = organiser_client.post(reverse("assembly:categories", args=[assembly.pk]), data)
    body = response.content.decode()
    assert "The minimum must not be above the maximum." in body
    young.refresh_from_db()
    assert young.min_quota == 0


def test_civic_lottery_sample_is_seeded_and_letters_export_is_logged(organiser_client, assembly):
    addresses = "address,postcode\n" + "".join(f"{i} Mill Road,CM2 {i}AB\n" for i in range(1, 21))
    response = organiser_client.post(
        reverse("assembly:invitations", args=[assembly.pk]),
        {
            "address_file": SimpleUploadedFile("a.csv", addresses.encode(), "text/csv"),
            "count": "5",
            "seed": "42",
        },
    )
    assert response.status_code == 302
    chosen = sorted(InvitationCode.objects.values_list("address", flat=True))
    assert len(chosen) == 5
    import random

    expected = sorted(f"{i + 1} Mill Road" for i in random.Random(42).sample(range(20), 5))
    assert chosen == expected
    export = organiser_client.get(reverse("assembly:invitations_export", args=[assembly.pk]))
    rows = list(csv.reader(io.StringIO(export.content.decode())))
    assert rows[0][0] == "code" and len(rows) == 6
    assert AccessLogEntry.objects.filter(action="export", record_count=5).exists()


def test_pool_preview_post_without_an_action_is_400_and_imports_nothing(organiser_client, assembly):
    from assembly.manage_forms import NO_ACTION

    response = _upload(organiser_client, assembly, b"id,age\nx1,young\nx2,old\n")
    preview_url = response["Location"]
    response = organiser_client.post(preview_url, {})
    assert response.status_code == 400
    assert NO_ACTION in response.content.decode()
    assert not Volunteer.objects.exists() and PoolUpload.objects.count() == 1


@pytest.mark.parametrize("action", [None, "", "drop"])
def test_categories_post_without_a_known_action_is_400(organiser_client, assembly, action):
    from assembly.manage_forms import NO_ACTION

    data = {"new-name": "age", "new-question": "Age?", "new-values": "young\nold"}
    if action is not None:
        data["action"] = action
    response = organiser_client.post(reverse("assembly:categories", args=[assembly.pk]), data)
    assert response.status_code == 400
    assert NO_ACTION in response.content.decode()
    assert not assembly.selection_categories.exists()

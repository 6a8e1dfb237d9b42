import pytest

from audit.models import AccessLogEntry
from audit.services import access_log_record

pytestmark = pytest.mark.django_db


def test_access_is_logged_and_survives_account_deletion(make_user, live_session):
    user = make_user()
    access_log_record(
        user=user, action="export", what="Volunteer pool", target=live_session, record_count=42
    )
    user.delete()
    entry = AccessLogEntry.objects.get()
    assert entry.user is None
    assert entry.user_label.endswith("@example.org")
    assert entry.record_count == 42


def test_only_superusers_can_read_the_log_in_the_cms(client, make_user, home_page):
    from allauth.mfa.models import Authenticator

    from accounts.models import Role

    organiser = make_user(role=Role.ORGANISER, target=home_page, is_staff=True)
    Authenticator.objects.create(user=organiser, type=Authenticator.Type.TOTP, data={})
    client.force_login(organiser)
    assert client.get("/cms/access_log/").status_code in (302, 403)
    organiser.is_superuser = True
    organiser.save()
    assert client.get("/cms/access_log/").status_code == 200


def test_a_request_entry_names_who_asked_and_the_page_they_asked_from(rf, make_user, home_page):
    from audit.models import AccessAction
    from audit.services import access_log_request_record

    request = rf.get("/assemblies/3/pool/")
    request.user = make_user()
    access_log_request_record(
        request, action=AccessAction.VIEW, what="pool", target=home_page, record_count=3, member=7
    )
    entry = AccessLogEntry.objects.get()
    assert (entry.user, entry.action, entry.record_count) == (request.user, "view", 3)
    assert entry.detail == {"path": "/assemblies/3/pool/", "member": 7}
    assert entry.object_id == home_page.pk


def test_an_action_outside_the_list_is_refused(make_user):
    with pytest.raises(ValueError):
        access_log_record(user=make_user(), action="peek", what="pool")
    assert not AccessLogEntry.objects.exists()


def test_the_log_imports_nothing_of_accounts_which_writes_to_it():
    import ast
    from pathlib import Path

    audit = Path(__file__).resolve().parents[2] / "site" / "audit"
    for path in audit.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            assert not [n for n in names if n.split(".")[0] == "accounts"], path

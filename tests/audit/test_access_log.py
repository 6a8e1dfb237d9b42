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

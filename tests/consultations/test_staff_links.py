import pytest

from accounts.models import Role

pytestmark = pytest.mark.django_db


def test_only_organisers_see_the_staff_links_on_a_consultation(client, consultation, make_user):
    client.force_login(make_user(role=Role.RESIDENT))
    assert "enter/" not in client.get(consultation.url).content.decode()
    organiser = make_user(role=Role.ORGANISER, target=consultation)
    from allauth.mfa.models import Authenticator

    Authenticator.objects.create(user=organiser, type=Authenticator.Type.TOTP, data={})
    client.force_login(organiser)
    html = client.get(consultation.url).content.decode()
    assert f"{consultation.url}enter/" in html and f"{consultation.url}import/" in html

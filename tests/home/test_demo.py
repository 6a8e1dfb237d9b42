import pytest
from django.core.management import call_command

from accounts.models import User

pytestmark = pytest.mark.django_db


def test_load_demo_is_idempotent_and_prints_a_login_per_role(capsys):
    call_command("load_demo")
    first = capsys.readouterr().out
    count = User.objects.count()
    call_command("load_demo")
    second = capsys.readouterr().out
    assert User.objects.count() == count
    for role in ("Resident", "Assembly member", "Facilitator", "Commissioner", "Organiser"):
        assert role in first and role in second
    assert first != second  # fresh passwords each time


def test_demo_logins_work(client):
    from home.demo import demo_load

    logins = {login.role: login for login in demo_load()}
    member = logins["Assembly member"]
    response = client.post("/accounts/login/", {"login": member.email, "password": member.password})
    assert response.status_code == 302
    assert client.get(member.lands_on).status_code == 200

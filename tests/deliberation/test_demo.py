"""The demo's live sessions: the assembly's first meeting ready to run, and an open event.

Loading the whole demo takes a while, so each test checks several things of one load.
"""

import uuid

import pytest
from django.urls import reverse

from assembly.models import AssemblyPage
from deliberation.activities.models import Activity, ActivityState
from deliberation.demo import demo_data
from deliberation.models import LiveSession, SessionStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def logins(home_page):
    from home.demo import demo_load

    return {login.role: login for login in demo_load()}


def _sign_in(client, login):
    response = client.post("/accounts/login/", {"login": login.email, "password": login.password})
    assert response.status_code == 302


def test_the_demo_loads_a_meeting_session_ready_to_run_and_an_open_event_once(logins):
    from home.demo import demo_load

    assembly = AssemblyPage.objects.get()
    session = assembly.meetings.order_by("starts_at").first().live_session
    assert session is not None and session.status == SessionStatus.DRAFT
    data = demo_data()
    agenda = [i.title for i in session.agenda.all()]
    assert agenda == [i["title"] for i in data["meeting"]["agenda"]] and len(agenda) >= 3
    activities = list(Activity.objects.filter(session=session))
    assert {a.kind for a in activities} == {"poll", "wordcloud", "questions", "queue"}
    assert all(a.state == ActivityState.DRAFT and a.agenda_item_id for a in activities)
    first_item = session.agenda.first()
    on_first = {a.kind for a in activities if a.agenda_item_id == first_item.pk}
    assert {"poll", "wordcloud"} <= on_first  # something to open as soon as it starts
    assert [p.options.count() for p in activities if p.config.get("mode") == "single"] == [4]

    event = LiveSession.objects.get(join_code=data["event"]["join_code"])
    assert event.open_event and event.status == SessionStatus.LIVE
    assert event.statements.count() == len(data["event"]["statements"])
    assert {a.kind for a in event.activities.all()} == {"poll", "wordcloud"}

    counts = (LiveSession.objects.count(), Activity.objects.count(), event.statements.count())
    demo_load()
    assert (LiveSession.objects.count(), Activity.objects.count(), event.statements.count()) == (
        counts
    )


def test_facilitator_member_and_guest_take_part_in_the_demo(client, logins):
    facilitator, member = logins["Facilitator"], logins["Assembly member"]
    _sign_in(client, facilitator)
    console = facilitator.lands_on
    assert client.get(console).status_code == 200
    client.post(console, {"action": "start", "action_id": str(uuid.uuid4())})
    session = LiveSession.objects.get(pk=int(console.strip("/").split("/")[1]))
    assert session.status == SessionStatus.LIVE
    cloud = Activity.objects.get(session=session, kind="wordcloud")
    client.post(
        reverse("deliberation:activity_console", args=[session.pk]),
        {"activity_action": "open", "activity_id": cloud.pk, "action_id": str(uuid.uuid4())},
    )
    cloud.refresh_from_db()
    assert cloud.state == ActivityState.OPEN

    client.logout()
    _sign_in(client, member)
    assert member.lands_on == session.get_absolute_url()
    assert cloud.title in client.get(member.lands_on).content.decode()

    client.logout()
    code = demo_data()["event"]["join_code"]
    response = client.post("/join/", {"code": code, "display_name": "Pat"})
    assert response.status_code == 302
    assert "Pat" in client.get(response["Location"]).content.decode()

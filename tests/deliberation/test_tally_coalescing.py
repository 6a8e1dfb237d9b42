"""Tally pushes are coalesced: many votes make few pushes, and the last one is exact."""

import asyncio
import json

import pytest
from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async

from deliberation.activities.models import Activity
from deliberation.activities.services import activity_command, activity_create
from deliberation.activities.tally import PERIOD, Coalescer
from deliberation.activities.votes import poll_vote
from deliberation.models import SessionEvent, SessionGuest
from tests.deliberation.activity_helpers import room


def test_the_first_ask_is_pushed_at_once_and_asks_within_a_period_share_one_push():
    clock = Coalescer(period=0.25)
    assert clock.request("poll", now=10.0) == 0.0
    assert clock.request("poll", now=10.0) is None  # already due
    clock.started("poll", now=10.0)
    assert clock.request("poll", now=10.1) == pytest.approx(0.15)
    for now in (10.12, 10.2, 10.24):
        assert clock.request("poll", now=now) is None
    clock.started("poll", now=10.25)
    assert clock.request("other", now=10.26) == 0.0  # each activity on its own clock
    assert clock.request("poll", now=11.0) == 0.0


def test_a_change_while_a_push_reads_the_tally_gets_a_push_of_its_own():
    clock = Coalescer(period=0.25)
    clock.request("poll", now=1.0)
    clock.started("poll", now=1.0)  # the push is reading now
    assert clock.request("poll", now=1.01) == pytest.approx(0.24)


@sync_to_async
def _setup(make_user, voters):
    session, *_ = room(make_user)
    activity = activity_create(
        session_id=session.pk,
        kind="poll",
        title="Park or library?",
        config={"options": ["Park", "Library"]},
        results="live",
    ).activity
    activity_command(session_id=session.pk, activity_id=activity.pk, command="open")
    guests = SessionGuest.objects.bulk_create(
        SessionGuest(session=session, display_name=f"Guest {n}") for n in range(voters)
    )
    return session, activity, [o.pk for o in activity.options.all()], guests


def _tallies(session):
    rows = SessionEvent.objects.filter(session=session, stream="everyone").order_by("seq")
    found = [json.loads(r.text) for r in rows]
    return [e["tally"] for e in found if e["type"] == "activity.tally"]


@pytest.mark.django_db(transaction=True)
async def test_fifty_votes_make_far_fewer_pushes_and_the_last_is_exact(make_user):
    session, activity, (park, library), guests = await _setup(make_user, 50)
    vote = database_sync_to_async(poll_vote)
    started = asyncio.get_running_loop().time()
    for n, guest in enumerate(guests):
        choice = park if n % 5 else library
        await vote(session_id=session.pk, activity_id=activity.pk, choices=[choice], guest=guest)
    elapsed = asyncio.get_running_loop().time() - started
    await asyncio.sleep(PERIOD * 3)  # the trailing push
    tallies = await sync_to_async(_tallies)(session)
    # At most one push a period (plus the first and the trailing one), however slow the
    # machine; on a quick one that is far fewer than one a vote.
    assert len(tallies) <= elapsed / PERIOD + 2
    assert len(tallies) < 50 or elapsed > 50 * PERIOD
    last = tallies[-1]
    assert [o["count"] for o in last["options"]] == [40, 10]
    assert last["voters"] == 50
    pushed = await Activity.objects.aget(pk=activity.pk)
    assert pushed.pushed_version == pushed.tally_version == 50

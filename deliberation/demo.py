"""Demo live sessions, from ``demo_data/sessions.toml``.

Two sessions: the assembly's first meeting, with an agenda and draft activities (a word
cloud, polls, questions to speakers, a speaking queue) ready for a facilitator to start;
and an open community event that anyone joins with its code. Idempotent: the meeting's
session is found through the meeting and the event by its join code, and a session that
exists keeps its agenda, activities and whatever happened in it since (an event from a
demo loaded before guests could join is only made open to them).
"""

import tomllib
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from assembly.selectors import assembly_meetings
from deliberation.activities.services import activity_create
from deliberation.agenda_file import agenda_parse
from deliberation.models import LiveSession, Statement
from deliberation.services import live_session_create, meeting_session_create

DATA_FILE = Path(__file__).parent / "demo_data" / "sessions.toml"


@dataclass(frozen=True)
class DemoSessions:
    meeting: LiveSession
    event: LiveSession


def demo_data() -> dict:
    with DATA_FILE.open("rb") as handle:
        return tomllib.load(handle)


def _activities_prepare(session: LiveSession, entries: list[dict]) -> None:
    """Each activity as a draft on the agenda item it names (1 is the first)."""
    items = list(session.agenda.all())
    for entry in entries:
        activity_create(
            session_id=session.pk,
            kind=entry["kind"],
            title=entry["title"],
            config=entry.get("config"),
            results=entry.get("results", "hidden"),
            moderation=entry.get("moderation", "post"),
            agenda_item_id=items[entry["item"] - 1].pk,
        )


def demo_meeting_session(assembly, data: dict) -> LiveSession:
    """The session of the assembly's meeting named in the data (1 is the first meeting)."""
    meeting = assembly_meetings(assembly=assembly)[data["meeting"] - 1]
    if meeting.live_session is not None:
        return meeting.live_session
    session = meeting_session_create(
        meeting=meeting, open_now=False, agenda=agenda_parse(data["agenda"])
    )
    _activities_prepare(session, data["activities"])
    return session


def demo_event(data: dict) -> LiveSession:
    """The open community event, found by its join code."""
    session = LiveSession.objects.filter(join_code=data["join_code"]).first()
    if session is not None:
        # A demo loaded before the event took guests made this session without it.
        LiveSession.objects.filter(pk=session.pk).update(title=data["title"], open_event=True)
        session.refresh_from_db()
        return session
    session = live_session_create(
        title=data["title"],
        open_event=True,
        open_now=data.get("status") == "live",
        agenda=agenda_parse(data["agenda"]),
    )
    session.join_code = data["join_code"]
    session.save(update_fields=["join_code"])
    _activities_prepare(session, data["activities"])
    for text in data["statements"]:
        Statement.objects.create(session=session, text=text, client_id=uuid.uuid4())
    return session


@transaction.atomic
def demo_sessions(*, assembly) -> DemoSessions:
    data = demo_data()
    return DemoSessions(
        meeting=demo_meeting_session(assembly, data["meeting"]), event=demo_event(data["event"])
    )

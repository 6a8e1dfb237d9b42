"""Demo live sessions."""

from deliberation.models import LiveSession, SessionStatus, Statement

DEMO_TITLE = "Caring Essex assembly: what would help unpaid carers?"
DEMO_STATEMENTS = [
    "Carers need a break that is planned, not only when there is a crisis.",
    "Information about what support exists is scattered across too many places.",
    "Neighbours and community groups could do more if they knew who needs help.",
]


def demo_sessions() -> LiveSession:
    session, _ = LiveSession.objects.get_or_create(
        title=DEMO_TITLE,
        defaults={"status": SessionStatus.OPEN, "join_code": "CARE26"},
    )
    if not session.statements.exists():
        import uuid

        for text in DEMO_STATEMENTS:
            Statement.objects.create(session=session, text=text, client_id=uuid.uuid4())
    return session

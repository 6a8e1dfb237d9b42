import json

from django.core.management.base import BaseCommand, CommandError

from deliberation.agenda_file import AgendaFileError, agenda_parse
from deliberation.services import live_session_create


class Command(BaseCommand):
    help = "Create a live session and print its id, join code and WebSocket path."

    def add_arguments(self, parser):
        parser.add_argument("--title", required=True)
        parser.add_argument("--open", action="store_true", help="Open it for statements now.")
        parser.add_argument("--json", action="store_true", help="Print one JSON object.")
        parser.add_argument(
            "--open-event",
            action="store_true",
            help="Anyone with the join code may join under a display name, without an account.",
        )
        parser.add_argument(
            "--agenda",
            metavar="FILE.json",
            help='A JSON list of items: {"title": ..., "description": ..., "timer_seconds": ...}.',
        )

    def handle(self, *args, **options):
        title = options["title"].strip()
        if not title:
            raise CommandError("--title must not be empty.")
        agenda = _agenda(options["agenda"]) if options["agenda"] else []
        session = live_session_create(
            title=title, open_now=options["open"], open_event=options["open_event"], agenda=agenda
        )
        data = {
            "id": session.pk,
            "title": session.title,
            "status": session.status,
            "join_code": session.join_code,
            "websocket_path": session.websocket_path,
            "agenda": [item.title for item in session.agenda.all()],
        }
        if options["json"]:
            self.stdout.write(json.dumps(data))
        else:
            for key, value in data.items():
                self.stdout.write(f"{key}: {value}")


def _agenda(path: str) -> list[dict]:
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except (OSError, ValueError) as exc:
        raise CommandError(f"--agenda: cannot read {path}: {exc}") from None
    try:
        return agenda_parse(data)
    except AgendaFileError as exc:
        raise CommandError(f"--agenda: {exc}") from None

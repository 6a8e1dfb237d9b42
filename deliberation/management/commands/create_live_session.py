import json

from django.core.management.base import BaseCommand, CommandError

from deliberation.services import live_session_create


class Command(BaseCommand):
    help = "Create a live session and print its id, join code and WebSocket path."

    def add_arguments(self, parser):
        parser.add_argument("--title", required=True)
        parser.add_argument("--open", action="store_true", help="Open it for statements now.")
        parser.add_argument("--json", action="store_true", help="Print one JSON object.")

    def handle(self, *args, **options):
        title = options["title"].strip()
        if not title:
            raise CommandError("--title must not be empty.")
        session = live_session_create(title=title, open_now=options["open"])
        data = {
            "id": session.pk,
            "title": session.title,
            "status": session.status,
            "join_code": session.join_code,
            "websocket_path": session.websocket_path,
        }
        if options["json"]:
            self.stdout.write(json.dumps(data))
        else:
            for key, value in data.items():
                self.stdout.write(f"{key}: {value}")

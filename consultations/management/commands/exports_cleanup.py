"""Delete generated export files older than the retention period."""

import datetime as dt

from django.core.management.base import BaseCommand

from consultations.export_retention import exports_cleanup, retention


class Command(BaseCommand):
    help = "Delete response export files older than CONSULTATION_EXPORT_RETENTION_DAYS (7)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, help="Keep files this many days instead of the setting."
        )

    def handle(self, *args, days=None, **options):
        if days is not None and days < 0:
            self.stderr.write("--days must be 0 or more.")
            raise SystemExit(2)
        keep = dt.timedelta(days=days) if days is not None else retention()
        deleted = exports_cleanup(keep=keep)
        self.stdout.write(f"Deleted {len(deleted)} export file(s) older than {keep.days} days.")

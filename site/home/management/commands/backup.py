"""``manage.py backup FOLDER``: the database and the uploads, with a manifest (home.backups)."""

from django.core.management.base import BaseCommand, CommandError

from home.backups import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Back up the database and the uploaded files into FOLDER (a new folder), with a "
        "manifest of every table's rows and every file's sha256 that `restore` checks."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="A new, empty folder for this backup.")

    def handle(self, *args, folder, **options):
        try:
            manifest = backup_create(folder)
        except BackupError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        rows = sum(t["rows"] for t in manifest["tables"].values())
        self.stdout.write(
            f"Backed up {rows} rows in {len(manifest['tables'])} tables and "
            f"{len(manifest['media'])} uploaded files to {folder}"
        )

"""``manage.py restore FOLDER``: restore a backup into an empty database, then check it."""

from django.core.management.base import BaseCommand, CommandError

from home.backups import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `backup` into a new, empty database and the uploads "
        "folder, then check every table and file against the backup's manifest "
        "(exit 1 if anything differs, 2 if the restore cannot start)."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="A folder written by `manage.py backup`.")

    def handle(self, *args, folder, **options):
        try:
            problems = backup_restore(folder)
        except BackupError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            raise CommandError(
                f"The restored site differs from the backup in {len(problems)} ways.",
                returncode=1,
            )
        self.stdout.write(f"Restored {folder}: every table and uploaded file matches the backup.")

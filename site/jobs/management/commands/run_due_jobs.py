from django.core.management.base import BaseCommand

from jobs.services import jobs_run_due
from jobs.workers import jobs_reap


class Command(BaseCommand):
    help = (
        "Recover jobs abandoned by a dead worker, then run queued jobs whose time has come "
        "(a fallback for a lost deferred task)."
    )

    def handle(self, *args, **options):
        reaped = jobs_reap()
        jobs = jobs_run_due()
        self.stdout.write(f"Recovered {len(reaped)} abandoned job(s). Ran {len(jobs)} due job(s).")

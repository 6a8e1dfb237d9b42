from django.core.management.base import BaseCommand

from jobs.services import jobs_run_due


class Command(BaseCommand):
    help = "Run queued jobs whose time has come (a fallback for a lost deferred task)."

    def handle(self, *args, **options):
        jobs = jobs_run_due()
        self.stdout.write(f"Ran {len(jobs)} due job(s).")

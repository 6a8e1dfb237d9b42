"""django-tasks' ``db_worker``, with a heartbeat thread beside its loop (see ``jobs.workers``).

Named like the original so the Procfile and ``make run`` keep their command; the
``jobs`` app is listed before ``django_tasks_db``, so Django picks this one.
"""

from django_tasks_db.management.commands.db_worker import Command as TasksWorkerCommand

from jobs.workers import HeartbeatThread


class Command(TasksWorkerCommand):
    help = "Run the database task worker, beating a heartbeat and recovering abandoned jobs"

    def handle(self, *args, **options):
        heartbeat = HeartbeatThread()
        heartbeat.start()
        try:
            return super().handle(*args, **options)
        finally:
            heartbeat.stop()

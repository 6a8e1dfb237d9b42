from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = "Background jobs"

    def ready(self) -> None:
        # Each app keeps its job kinds in ``<app>/jobs.py``; importing them registers the
        # handlers in every process (web, worker, management commands) once models load.
        autodiscover_modules("jobs")

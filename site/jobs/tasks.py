"""The django-tasks entry point that runs any registered job."""

from django_tasks import task


@task()
def run_job(job_id: str) -> None:
    from jobs.services import job_execute

    job_execute(job_id=job_id)

"""The background job that computes a theme run."""

from analysis.job_kinds import THEME_RUN_KIND
from analysis.models import ThemeRun
from analysis.services.runs import theme_run_compute
from jobs.registry import job_kind


def _run_owner(job):
    run = ThemeRun.objects.filter(pk=job.params.get("run_id")).first()
    return ((run.page or run.session) if run else None), "analysis.run_themes"


# A failed run is run again from its own page ("Run again"), which keeps its history.


@job_kind(THEME_RUN_KIND, owner=_run_owner)
def theme_run_job(job, progress):
    run = theme_run_compute(run_id=job.params["run_id"], progress=progress)
    return {"run_id": run.pk, "status": run.status, "url": f"/analysis/runs/{run.pk}/"}

"""The background job that computes a theme run."""

from analysis.job_kinds import THEME_RUN_KIND
from analysis.services.runs import theme_run_compute
from jobs.registry import job_kind


@job_kind(THEME_RUN_KIND)
def theme_run_job(job, progress):
    run = theme_run_compute(run_id=job.params["run_id"], progress=progress)
    return {"run_id": run.pk, "status": run.status, "url": f"/analysis/runs/{run.pk}/"}

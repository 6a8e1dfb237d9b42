"""The background job that computes a theme run."""

from jobs.registry import job_kind

THEME_RUN_KIND = "analysis.theme_run"


@job_kind(THEME_RUN_KIND)
def theme_run_job(job, progress):
    from analysis.services.runs import theme_run_compute

    run = theme_run_compute(run_id=job.params["run_id"], progress=progress)
    return {"run_id": run.pk, "status": run.status, "url": f"/analysis/runs/{run.pk}/"}

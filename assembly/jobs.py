"""Background jobs of assemblies: thin handlers that call the services doing the work."""

from assembly.job_kinds import DRAW_PREPARE_KIND, PANEL_DRAW_KIND, POOL_RETENTION_KIND
from assembly.services.draws import draw_prepare_run, panel_draw_run
from assembly.services.retention import pool_retention_run
from jobs.registry import job_kind


@job_kind(DRAW_PREPARE_KIND)
def draw_prepare_job(job, progress) -> dict:
    """Find the fairest lottery (the selection distribution) for a draw."""
    return draw_prepare_run(job, progress)


@job_kind(PANEL_DRAW_KIND)
def panel_draw_job(job, progress) -> dict:
    """Draw the panel from a prepared distribution."""
    return panel_draw_run(job, progress)


@job_kind(POOL_RETENTION_KIND)
def pool_retention_job(job, progress) -> dict:
    """Anonymise a volunteer pool once its retention date has passed."""
    return pool_retention_run(job, progress)

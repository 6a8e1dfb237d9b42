"""Background jobs of assemblies: thin handlers that call the services doing the work."""

from jobs.registry import job_kind

DRAW_PREPARE_KIND = "assembly.draw_prepare"
PANEL_DRAW_KIND = "assembly.panel_draw"
POOL_RETENTION_KIND = "assembly.pool_retention"


@job_kind(DRAW_PREPARE_KIND)
def draw_prepare_job(job, progress) -> dict:
    """Find the fairest lottery (the selection distribution) for a draw."""
    from assembly.services import draw_prepare_run

    return draw_prepare_run(job, progress)


@job_kind(PANEL_DRAW_KIND)
def panel_draw_job(job, progress) -> dict:
    """Draw the panel from a prepared distribution."""
    from assembly.services import panel_draw_run

    return panel_draw_run(job, progress)


@job_kind(POOL_RETENTION_KIND)
def pool_retention_job(job, progress) -> dict:
    """Anonymise a volunteer pool once its retention date has passed."""
    from assembly.services import pool_retention_run

    return pool_retention_run(job, progress)

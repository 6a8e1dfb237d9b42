"""Background jobs of assemblies: thin handlers that call the services doing the work."""

from assembly.job_kinds import DRAW_PREPARE_KIND, PANEL_DRAW_KIND, POOL_RETENTION_KIND
from assembly.models import AssemblyPage, Draw
from assembly.services.draws import draw_prepare_run, panel_draw_run
from assembly.services.retention import pool_retention_run
from jobs.registry import job_kind


def _draw_owner(job):
    draw = Draw.objects.filter(pk=job.params.get("draw_id")).select_related("assembly").first()
    return (draw.assembly if draw else None), "assembly.run_draw"


def _assembly_owner(job):
    return AssemblyPage.objects.filter(pk=job.params.get("assembly_id")).first(), "assembly.manage"


# A failed draw is started afresh from the draws page (a new draw, with its own record),
# never by running its job again; anonymising a pool is safe to run twice.


@job_kind(DRAW_PREPARE_KIND, owner=_draw_owner)
def draw_prepare_job(job, progress) -> dict:
    """Find the fairest lottery (the selection distribution) for a draw."""
    return draw_prepare_run(job, progress)


@job_kind(PANEL_DRAW_KIND, owner=_draw_owner)
def panel_draw_job(job, progress) -> dict:
    """Draw the panel from a prepared distribution."""
    return panel_draw_run(job, progress)


@job_kind(POOL_RETENTION_KIND, owner=_assembly_owner, retry=True)
def pool_retention_job(job, progress) -> dict:
    """Anonymise a volunteer pool once its retention date has passed."""
    return pool_retention_run(job, progress)

"""Background jobs of consultations: long exports and their cleanup, large imports, results."""

from consultations.export_retention import exports_cleanup_run
from consultations.exports import export_to_file
from consultations.import_services import response_import_check_run, response_import_save_run
from consultations.job_kinds import (
    EXPORT_CLEANUP_KIND,
    EXPORT_KIND,
    IMPORT_CHECK_KIND,
    IMPORT_SAVE_KIND,
    RESULTS_KIND,
)
from consultations.models import ConsultationPage, ResponseImport
from consultations.results_services import results_snapshot_refresh
from jobs.registry import job_kind


def _page_owner(job):
    """Organisers of the consultation the job works on."""
    page = ConsultationPage.objects.filter(pk=job.params.get("page_id")).first()
    return page, "consultations.manage"


def _import_owner(job):
    upload = ResponseImport.objects.filter(pk=job.params.get("import_id")).first()
    return (upload.page if upload else None), "consultations.manage"


@job_kind(EXPORT_KIND, owner=_page_owner, retry=True)
def export_job(job, progress) -> dict:
    """Write one export to ``MEDIA_ROOT/exports/<job id>.<ext>``; the result names the file."""
    return export_to_file(job=job, progress=progress)


@job_kind(IMPORT_CHECK_KIND, owner=_import_owner, retry=True)
def import_check_job(job, progress) -> dict:
    """Check every row of a large CSV of responses, listing every problem."""
    return response_import_check_run(import_id=job.params["import_id"], progress=progress)


@job_kind(IMPORT_SAVE_KIND, owner=_import_owner, retry=True)
def import_save_job(job, progress) -> dict:
    """Save a checked import, all rows or none."""
    return response_import_save_run(job=job, progress=progress)


@job_kind(EXPORT_CLEANUP_KIND)
def export_cleanup_job(job, progress) -> dict:
    """Delete export files past their retention period."""
    return exports_cleanup_run(now=job.started_at)


@job_kind(RESULTS_KIND, owner=_page_owner, retry=True)
def results_job(job, progress) -> dict:
    """Compute a consultation's results and store them as its snapshot."""

    page = ConsultationPage.objects.filter(pk=job.params["page_id"]).first()
    if page is None:
        return {"skipped": "The consultation no longer exists."}
    snapshot = results_snapshot_refresh(page, progress=progress)
    return {"responses": snapshot.responses, "computed_at": snapshot.computed_at.isoformat()}

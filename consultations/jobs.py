"""Background jobs of consultations: long exports, written to a file with progress."""

from jobs.registry import job_kind

EXPORT_KIND = "consultations.export"


@job_kind(EXPORT_KIND)
def export_job(job, progress) -> dict:
    """Write one export to ``MEDIA_ROOT/exports/<job id>.<ext>``; the result names the file."""
    from consultations.exports import export_to_file

    return export_to_file(job=job, progress=progress)

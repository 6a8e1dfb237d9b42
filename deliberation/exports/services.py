"""Making a session's export, and recording it in the access log as every export is."""

from dataclasses import dataclass

from django.utils import timezone

from audit.models import AccessAction
from audit.services import access_log_record
from deliberation.exports import files
from deliberation.exports.tables import session_tables
from deliberation.models import LiveSession

FORMATS = {
    "zip": ("CSV files in a zip", files.ZIP_TYPE, files.tables_zip),
    "xlsx": ("XLSX workbook", files.XLSX_TYPE, files.tables_xlsx),
}


@dataclass(frozen=True)
class SessionExport:
    filename: str
    content_type: str
    content: bytes
    record_count: int


def session_export_create(
    *, session: LiveSession, fmt: str, actor, path: str = ""
) -> SessionExport:
    """Everything about the session in ``fmt`` ("zip" or "xlsx"), logged with its actor.

    The caller has checked that ``actor`` runs the session; an unknown format raises
    ``ValueError`` before anything is read or logged.
    """
    if fmt not in FORMATS:
        raise ValueError(f"Unknown export format {fmt!r}")
    label, content_type, write = FORMATS[fmt]
    tables = session_tables(session)
    content = write(tables)
    count = sum(len(rows) for _header, rows in tables.values())
    access_log_record(
        user=actor,
        action=AccessAction.EXPORT,
        what=f"Live session export ({label})",
        target=session,
        record_count=count,
        detail={"path": path, "format": fmt, "tables": {k: len(v[1]) for k, v in tables.items()}},
    )
    stamp = timezone.localdate().isoformat()
    return SessionExport(f"session-{session.pk}-{stamp}.{fmt}", content_type, content, count)

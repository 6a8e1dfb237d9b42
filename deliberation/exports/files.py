"""The export's two shapes: a zip of CSV files, and one workbook with a sheet per table.

Every cell goes through ``common.spreadsheet_safety.neutralise`` here, the one place
the tables leave the server, so a participant who typed ``=HYPERLINK(...)`` as a word
or a question cannot make a facilitator's spreadsheet run it.
"""

import csv
import io
import re
import zipfile

from common.spreadsheet_safety import neutralise_row

ZIP_TYPE = "application/zip"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def csv_name(table: str) -> str:
    """``"Poll votes"`` becomes ``"poll_votes.csv"``."""
    return re.sub(r"[^a-z0-9]+", "_", table.lower()).strip("_") + ".csv"


def csv_text(header: list, rows: list) -> str:
    """One table as CSV, with a byte-order mark so spreadsheets read it as UTF-8."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerows(neutralise_row(r) for r in [header, *rows])
    return "\ufeff" + out.getvalue()


def tables_zip(tables: dict[str, tuple[list, list]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, (header, rows) in tables.items():
            archive.writestr(csv_name(name), csv_text(header, rows))
    return buffer.getvalue()


def tables_xlsx(tables: dict[str, tuple[list, list]]) -> bytes:
    # Only a workbook needs openpyxl: the zip, and every other request, never loads it.
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    for name, (header, rows) in tables.items():
        sheet = book.create_sheet(title=name[:31])  # Excel's limit on a sheet's name
        for row in [header, *rows]:
            sheet.append(neutralise_row(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()

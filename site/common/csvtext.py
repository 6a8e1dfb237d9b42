"""Reading a CSV file as text: the one way every upload and command reads one.

Bytes become text by their byte-order mark (UTF-8, UTF-16) or else as strict UTF-8,
so a Windows-1252 file is refused rather than silently misread. Line endings become
``\\n``. Every cell is a string, so an answer of "None" or "n/a" stays an answer, and
short rows are padded with empty cells. Limits on bytes, rows and columns stop a file
that is not what it claims before the work it would cost.

Failures raise :class:`CsvTextError` with a plain message and a ``kind``, so an app
can say it in its own words:

>>> read_table(decode(b"\\xef\\xbb\\xbfid,town\\r\\n1, Southend \\r\\n")).records()
[{'id': '1', 'town': 'Southend'}]
>>> try:
...     decode("town\\nCafé\\n".encode("cp1252"))
... except CsvTextError as exc:
...     exc.kind
'not_utf8'
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass

TOO_BIG = "The file is larger than {mb:g} MB. Split it into smaller files."
NOT_UTF8 = (
    "The file is not UTF-8 text. In Excel, use Save as and choose “CSV UTF-8 (comma delimited)”."
)
EMPTY = "The file is empty. It needs a header row."
NOT_CSV = "The file could not be read as CSV: {detail}"
TOO_WIDE = "The header row has {n:,} columns; at most {limit:,} are read."
TOO_MANY_ROWS = "The file has more than {limit:,} rows."
DUPLICATE_COLUMN = "The column “{column}” appears more than once."
LONG_ROW = "Line {line} has {n} cells but the header row has {width}."

# The longest mark first: UTF-32's little-endian mark begins with UTF-16's.
_MARKS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


class CsvTextError(ValueError):
    """The file as a whole cannot be read. ``kind`` names the reason for callers."""

    def __init__(self, kind: str, message: str, **details: object) -> None:
        super().__init__(message)
        self.kind = kind
        self.details = details


@dataclass(frozen=True)
class Table:
    """A header and its rows, every cell a string; row ``i`` is spreadsheet row ``i + 2``."""

    header: list[str]
    rows: list[list[str]]

    def records(self) -> list[dict[str, str]]:
        return [dict(zip(self.header, row, strict=True)) for row in self.rows]

    def column(self, name: str) -> list[str]:
        index = self.header.index(name)
        return [row[index] for row in self.rows]


def decode(data: bytes, *, max_bytes: int | None = None) -> str:
    """The file's text with ``\\n`` line endings; :class:`CsvTextError` if too big or not text."""
    if max_bytes is not None and len(data) > max_bytes:
        raise CsvTextError("too_big", TOO_BIG.format(mb=max_bytes / 2**20), limit=max_bytes)
    encoding = "utf-8"
    for mark, name in _MARKS:
        if data.startswith(mark):
            data, encoding = data[len(mark) :], name
            break
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        raise CsvTextError("not_utf8", NOT_UTF8) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_table(
    text: str,
    *,
    max_rows: int | None = None,
    max_columns: int | None = None,
    strip: bool = True,
) -> Table:
    """Parse CSV text; blank lines are skipped, header names always stripped.

    Raises :class:`CsvTextError` for an empty file, a header wider than ``max_columns``,
    a repeated column, a row longer than the header, more than ``max_rows`` rows or
    text the CSV reader refuses.
    """
    reader = csv.reader(io.StringIO(text), skipinitialspace=True, strict=True)
    try:
        lines = (row for row in reader if row)
        raw = next(lines, None)
        if raw is None:
            raise CsvTextError("empty", EMPTY)
        header = [name.strip() for name in raw]
        if max_columns is not None and len(header) > max_columns:
            message = TOO_WIDE.format(n=len(header), limit=max_columns)
            raise CsvTextError("too_wide", message, n=len(header), limit=max_columns)
        seen: set[str] = set()
        for name in header:
            if name in seen:
                raise CsvTextError("duplicate_column", DUPLICATE_COLUMN.format(column=name))
            seen.add(name)
        width, rows = len(header), list[list[str]]()
        for row in lines:
            if max_rows is not None and len(rows) >= max_rows:
                raise CsvTextError("too_many_rows", TOO_MANY_ROWS.format(limit=max_rows))
            if len(row) > width:
                message = LONG_ROW.format(line=reader.line_num, n=len(row), width=width)
                raise CsvTextError("long_row", message)
            cells = [cell.strip() for cell in row] if strip else row
            rows.append(cells + [""] * (width - len(row)))
    except csv.Error as exc:
        raise CsvTextError("not_csv", NOT_CSV.format(detail=str(exc).strip())) from None
    return Table(header, rows)

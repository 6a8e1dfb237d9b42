"""Reading a CSV of paper, phone and event responses, checked as answers are online.

One row per response and one column per question, named by the question's reference
(or its id when it has none). Matrix questions have one column per statement,
``reference:statement``; an "other, please say" text goes in ``reference:other``; a
budget has one column per line, ``reference:line`` (see ``import_budget``).
Every value is read as text, so an answer of "None" or "n/a" stays an answer.

Pure checking, no database: :mod:`consultations.import_services` stores the result,
runs large files in the background and saves the rows.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import pandas as pd

from common import csvtext
from common.text import text_clean
from consultations.import_budget import budget_columns, budget_problems
from consultations.import_cells import YES, CellError, column_name, raw_for
from consultations.questions import (
    ERR_REQUIRED,
    AnswerValue,
    QuestionSpec,
    answers_to_json,
    clean_questions,
)

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 10_000
# A consultation with every question kind has a few dozen columns; a header far wider
# is not a response file, and checking it would only list one problem per column.
MAX_COLUMNS = 1_000
# Enough to correct a file by; a count says how many more there are.
MAX_PROBLEMS_SHOWN = 200
PROGRESS_EVERY = 250
CHANNELS = ("online", "paper", "phone", "event")
SPECIAL_COLUMNS = ("id", "channel", "publish")

ERR_NOT_UTF8 = (
    "The file is not UTF-8 text. In Excel, use Save as and choose “CSV UTF-8 (comma delimited)”."
)
ERR_EMPTY = "The file is empty. It needs a header row and one row per response."
ERR_TOO_BIG = "The file is larger than 5 MB. Split it into smaller files."
ERR_TOO_MANY_ROWS = "The file has more than 10,000 rows; import at most 10,000 at a time."
ERR_TOO_WIDE = (
    "The header row has {n:,} columns; an import file has at most 1,000. "
    "Start from the template, which has one column per question."
)
ERR_NO_ROWS = "The file has a header row but no responses."
ERR_UNKNOWN_COLUMN = "Unknown column: no question has the reference “{column}”."
ERR_NO_CHANNEL_COLUMN = "Add a “channel” column (paper, phone, event or online)."
ERR_CHANNEL = "Channel must be paper, phone, event or online, not “{value}”."
ERR_PUBLISH = "Publish must be yes, no or empty, not “{value}”."
ERR_DUPLICATE_ID = "The id “{value}” is used again (first on row {first})."
ERR_MISSING = "This question must be answered, and the cell is empty."
ERR_ALREADY = "This file was already imported on {when}; importing it again would add nothing."
ERR_ONLINE_CLOSED = (
    "The consultation is closed, so a response cannot be “online”; use paper, phone or event."
)


class ImportFileError(ValueError):
    """The file as a whole cannot be read."""


@dataclass(frozen=True)
class RowProblem:
    row: int  # as a spreadsheet numbers it: the header is row 1
    column: str
    message: str


@dataclass
class ParsedRow:
    row: int
    channel: str
    publish: bool | None
    answers: dict[str, list[AnswerValue]]
    id: str = ""


@dataclass
class ImportPreview:
    rows: list[ParsedRow] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)

    @property
    def channels(self) -> dict[str, int]:
        return dict(Counter(r.channel for r in self.rows))


def file_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def template_columns(specs: Sequence[QuestionSpec]) -> list[str]:
    """The header row of a blank import file for these questions."""
    columns = ["id", "channel", "publish"]
    for spec in specs:
        name = column_name(spec)
        if spec.kind == "matrix":
            columns += [f"{name}:{row}" for row in spec.rows]
        elif spec.kind == "budget":
            columns += budget_columns(spec)
        else:
            columns.append(name)
        if spec.allow_other:
            columns.append(f"{name}:other")
    return columns


def read_csv(data: bytes) -> pd.DataFrame:
    """The file as a frame of stripped strings; raise :class:`ImportFileError` if unreadable."""
    try:
        # Controls, NUL and bidi overrides go before anything reads the text, so no
        # cell, header or problem message can carry one into the database.
        text = text_clean(csvtext.decode(data, max_bytes=MAX_BYTES))
        table = csvtext.read_table(text, max_rows=MAX_ROWS, max_columns=MAX_COLUMNS)
    except csvtext.CsvTextError as exc:
        raise ImportFileError(_file_message(exc)) from None
    if not table.rows:
        raise ImportFileError(ERR_NO_ROWS)
    return pd.DataFrame(table.rows, columns=table.header, dtype=str)


def _file_message(exc: csvtext.CsvTextError) -> str:
    """The import page's words for why a file cannot be read."""
    if exc.kind == "too_wide":
        return ERR_TOO_WIDE.format(n=exc.details["n"])
    fixed = {
        "too_big": ERR_TOO_BIG,
        "not_utf8": ERR_NOT_UTF8,
        "empty": ERR_EMPTY,
        "too_many_rows": ERR_TOO_MANY_ROWS,
    }
    return fixed.get(exc.kind) or str(exc)


def _known_columns(specs) -> dict[str, QuestionSpec]:
    known = {}
    for spec in specs:
        for name in {column_name(spec), spec.id}:
            known[name] = spec
            if spec.kind == "matrix":
                for row in spec.rows:
                    known[f"{name}:{row}"] = spec
            if spec.kind == "budget":
                suffixes = [c.partition(":")[2] for c in budget_columns(spec)]
                known.update({f"{name}:{suffix}": spec for suffix in suffixes})
            if spec.allow_other:
                known[f"{name}:other"] = spec
    return known


def _cells_by_reference(spec_columns, cells):
    """Cells keyed by the spec's preferred column name, whichever name the file used."""
    out = {}
    for column, value in cells.items():
        spec = spec_columns.get(column)
        if spec is None or not value:
            continue
        if column == spec.id or column.startswith(f"{spec.id}:"):
            column = column_name(spec) + column[len(spec.id) :]
        out[column] = value
    return out


def parse_responses(
    specs: Sequence[QuestionSpec],
    frame: pd.DataFrame,
    *,
    online_allowed: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> ImportPreview:
    """Check every row; list every problem with its row and column.

    ``progress(done, total)`` is called every :data:`PROGRESS_EVERY` rows.
    """
    preview = ImportPreview(columns=list(frame.columns))
    known = _known_columns(specs)
    for column in frame.columns:
        if column not in known and column not in SPECIAL_COLUMNS:
            preview.problems.append(RowProblem(1, column, ERR_UNKNOWN_COLUMN.format(column=column)))
    if "channel" not in frame.columns:
        preview.problems.append(RowProblem(1, "channel", ERR_NO_CHANNEL_COLUMN))
    first_seen: dict[str, int] = {}
    total = len(frame)
    for offset, record in enumerate(frame.to_dict("records")):
        row = offset + 2
        if progress is not None and offset % PROGRESS_EVERY == 0:
            progress(offset, total)
        problems = []
        row_id = record.get("id", "")
        if row_id:
            if row_id in first_seen:
                message = ERR_DUPLICATE_ID.format(value=row_id, first=first_seen[row_id])
                problems.append(RowProblem(row, "id", message))
            else:
                first_seen[row_id] = row
        channel = record.get("channel", "").casefold()
        if "channel" in frame.columns and channel not in CHANNELS:
            value = record.get("channel", "")
            problems.append(RowProblem(row, "channel", ERR_CHANNEL.format(value=value)))
        elif channel == "online" and not online_allowed:
            problems.append(RowProblem(row, "channel", ERR_ONLINE_CLOSED))
        publish_text = record.get("publish", "").casefold()
        publish = True if publish_text in YES else False if publish_text in ("no", "n") else None
        if publish_text and publish is None:
            value = record.get("publish", "")
            problems.append(RowProblem(row, "publish", ERR_PUBLISH.format(value=value)))
        cells = _cells_by_reference(known, record)
        raw: dict[str, list[str]] = {}
        bad_budgets = set()
        for spec in specs:
            if spec.kind == "budget":
                found = budget_problems(spec, cells)
                problems += [RowProblem(row, column, message) for column, message in found]
                if found:  # listed by line already: not checked again below
                    bad_budgets.add(column_name(spec))
            try:
                raw.update(raw_for(spec, cells))
            except CellError as exc:
                problems.append(RowProblem(row, column_name(spec), str(exc)))
        bad = {p.column for p in problems}
        bad |= bad_budgets
        checkable = [s for s in specs if column_name(s) not in bad]
        answers, errors = clean_questions(checkable, raw, all_specs=specs)
        for spec in checkable:
            if spec.id in errors:
                message = errors[spec.id]
                if message == ERR_REQUIRED:
                    message = ERR_MISSING
                else:
                    shown = cells.get(column_name(spec), "")
                    message = f"{message} (the cell says “{shown}”)." if shown else message
                problems.append(RowProblem(row, column_name(spec), message))
        preview.problems += problems
        if not problems:
            preview.rows.append(ParsedRow(row, channel, publish, answers, row_id))
    return preview


def rows_to_json(rows: Sequence[ParsedRow]) -> list[dict]:
    return [
        {
            "row": r.row,
            "channel": r.channel,
            "publish": r.publish,
            "id": r.id,
            "answers": answers_to_json(r.answers),
        }
        for r in rows
    ]


def problems_to_json(problems: Sequence[RowProblem]) -> list[dict]:
    return [{"row": p.row, "column": p.column, "message": p.message} for p in problems]

"""Where a run's texts come from: a consultation question, a live session or an uploaded CSV."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from analysis.models import SourceKind, ThemeRun
from common import csvtext

ENGINE_FILES = (
    "themes",
    "text_clean",
    "representation",
    "clustering",
    "terms",
    "labelling",
    "embeddings",
)
MAX_UPLOAD_ROWS = 100_000
ERR_CSV_COLUMN = "The file has no column called {column!r}."
CONSENT_YES = {"yes", "y", "true", "1", "agreed"}
# What of a live session a run may read, each with the prefix of its items' refs.
SESSION_TEXTS = {"statements": "s", "questions": "q", "words": "w"}


@dataclass(frozen=True)
class Item:
    ref: str
    text: str
    response_id: int | None = None
    statement_id: int | None = None
    publish_consent: bool = False


def engine_version() -> str:
    """A digest of the engine's source, so a run records exactly which code made it."""
    digest = hashlib.sha256()
    folder = Path(__file__).resolve().parent.parent
    for name in ENGINE_FILES:
        path = folder / f"{name}.py"
        if path.exists():
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def csv_items(
    text: str, *, text_column: str = "text", id_column: str = "", consent_column: str = ""
) -> list[Item]:
    """Rows of an uploaded CSV (read as text: "None" stays an answer).

    A row's words may be published only if ``consent_column`` is given and says yes.
    """
    # Raises CsvTextError (a ValueError) for a file that is not a table.
    table = csvtext.read_table(text, max_rows=MAX_UPLOAD_ROWS, strip=False)
    for column in filter(None, (text_column, id_column, consent_column)):
        if column not in table.header:
            raise ValueError(ERR_CSV_COLUMN.format(column=column))
    items = []
    for n, row in enumerate(table.records(), start=1):
        ref = row[id_column].strip() if id_column else ""
        consent = row[consent_column].strip().lower() if consent_column else ""
        items.append(
            Item(ref=f"u{ref or n}", text=row[text_column], publish_consent=consent in CONSENT_YES)
        )
    return items


def source_items(run: ThemeRun) -> list[Item]:
    """The texts a run analyses, read through the other apps' selectors."""
    if run.source_kind == SourceKind.QUESTION:
        from consultations.selectors import free_text

        return [
            Item(ref=f"r{t.response_id}", text=t.text, response_id=t.response_id)
            for t in free_text(run.page, run.question_id)
        ]
    if run.source_kind == SourceKind.SESSION:
        return session_items(run.session, run.parameters.get("session_texts", ["statements"]))
    return csv_items(
        run.uploaded_text,
        text_column=run.parameters.get("text_column", "text"),
        id_column=run.parameters.get("id_column", ""),
        consent_column=run.parameters.get("consent_column", ""),
    )


def session_items(session, parts) -> list[Item]:
    """A live session's texts of the kinds in ``parts`` (``SESSION_TEXTS``), each kind in turn.

    None of them carries consent to publication, so none is ever quoted publicly. A
    statement keeps its link (``statement_id``) so its author's erasure reaches the copy;
    questions and words are kept without their author when an account goes, as in the session.
    """
    # Loaded late, as each source's app is: a run of a consultation never loads deliberation.
    from deliberation.selectors import (
        visible_question_texts,
        visible_statement_texts,
        visible_word_texts,
    )

    readers = {
        "statements": visible_statement_texts,
        "questions": visible_question_texts,
        "words": visible_word_texts,
    }
    items = []
    for part in (p for p in SESSION_TEXTS if p in parts):
        prefix = SESSION_TEXTS[part]
        for pk, text in readers[part](session=session):
            linked = pk if part == "statements" else None
            items.append(Item(ref=f"{prefix}{pk}", text=text, statement_id=linked))
    return items


def input_hash(items: list[Item]) -> str:
    digest = hashlib.sha256()
    for item in items:
        digest.update(item.ref.encode() + b"\x1f" + item.text.encode() + b"\x1e")
    return digest.hexdigest()

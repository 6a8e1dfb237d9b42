"""Cluster the free-text answers of a CSV into themes; write ``id,theme_id,theme_label``.

Contract (see docs/DESIGN "Stable command-line contracts"): one output row per input row,
duplicates included; ``excluded`` for non-answers and ``other`` for outliers; nothing is
written to the database.
"""

from __future__ import annotations

import csv
import json
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from analysis.themes import EXCLUDED, OTHER, cluster_responses
from common import csvtext

ERROR_UNREADABLE = "Cannot read {path}: {error}"
ERROR_MISSING_COLUMN = "Column {column!r} is not in {path} (columns: {columns})"
ERROR_N_THEMES = "--n-themes must be 'auto' or a positive integer, not {value!r}"
ERROR_UNWRITABLE = "Cannot write {path}: {error}"
ERROR_REPRESENTATION = "--representation must be one of {choices}, not {value!r}"

# The three configurations the README documents: default, quality (for published reports), quick.
REPRESENTATIONS = ("static+tfidf", "transformer+tfidf", "tfidf")


def _n_themes(value: str):
    if value == "auto":
        return value
    if value.isdigit() and int(value) > 0:
        return int(value)
    raise CommandError(ERROR_N_THEMES.format(value=value))


def _representation(value: str) -> str:
    if value in REPRESENTATIONS:
        return value
    raise CommandError(ERROR_REPRESENTATION.format(choices=", ".join(REPRESENTATIONS), value=value))


class Command(BaseCommand):
    help = "Find themes in a CSV of free-text answers (writes nothing to the database)."

    def add_arguments(self, parser):
        parser.add_argument("--input", required=True, help="CSV with one answer per row")
        parser.add_argument("--text-column", default="text")
        parser.add_argument("--id-column", default="id")
        parser.add_argument("--n-themes", default="auto", help="'auto' or a number")
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument(
            "--representation",
            default=REPRESENTATIONS[0],
            help="static+tfidf (default), transformer+tfidf (quality: slow, for published "
            "reports) or tfidf (quick)",
        )
        parser.add_argument("--out", required=True, help="CSV to write: id,theme_id,theme_label")
        parser.add_argument("--json", action="store_true", help="print a JSON summary on stdout")

    def handle(self, *args, **options):
        n_themes = _n_themes(options["n_themes"])
        kind = _representation(options["representation"])
        path = options["input"]
        try:
            table = csvtext.read_table(csvtext.decode(Path(path).read_bytes()), strip=False)
        except (OSError, csvtext.CsvTextError) as exc:
            raise CommandError(ERROR_UNREADABLE.format(path=path, error=exc)) from exc
        for column in (options["text_column"], options["id_column"]):
            if column not in table.header:
                columns = ", ".join(table.header)
                raise CommandError(
                    ERROR_MISSING_COLUMN.format(column=column, path=path, columns=columns)
                )
        started = time.perf_counter()
        try:
            model = cluster_responses(
                table.column(options["text_column"]),
                n_themes=n_themes,
                random_state=options["seed"],
                representation=kind,
            )
        except (RuntimeError, ImportError) as exc:  # embedding backend not installed
            raise CommandError(str(exc)) from exc
        seconds = time.perf_counter() - started
        names = {theme.id: theme.label for theme in model.themes_}
        names.update({EXCLUDED: "excluded (no answer)", OTHER: "other"})
        try:
            with open(options["out"], "w", newline="", encoding="utf-8") as handle:
                writer = csv.writer(handle)
                writer.writerow(["id", "theme_id", "theme_label"])
                for row_id, theme_id in zip(
                    table.column(options["id_column"]), model.labels_, strict=True
                ):
                    writer.writerow([row_id, theme_id, names[theme_id]])
        except OSError as exc:
            raise CommandError(ERROR_UNWRITABLE.format(path=options["out"], error=exc)) from exc
        if options["json"]:
            summary = {
                "n_texts": len(table.rows),
                "n_themes": model.n_themes_,
                "representation": kind,
                "seconds": round(seconds, 3),
                "excluded": int((model.labels_ == EXCLUDED).sum()),
                "other": int((model.labels_ == OTHER).sum()),
                "themes": [
                    {"id": t.id, "label": t.label, "size": t.size, "top_terms": t.top_terms}
                    for t in model.themes_
                ],
            }
            self.stdout.write(json.dumps(summary))

"""Draw a panel from Sortition Foundation CSV files, without touching the database.

Contract (docs/DESIGN.md, "Stable command-line contracts")::

    manage.py select_panel --people PEOPLE.csv --categories CATEGORIES.csv --panel-size K
        [--algorithm leximin|maximin|nash|legacy] [--seed N] [--id-column COL]
        [--address-columns COL,COL] [--probabilities OUT.csv] [--panel OUT.csv] [--json]

Infeasible quotas exit with status 2 and list, on stderr, the smallest quota changes that
would fix them and why each is needed. With ``--json`` stdout carries exactly one JSON object
whatever happens: the summary, or ``{"error": ..., "conflicts": [...]}`` (``conflicts`` only
for infeasible quotas; each has feature, value, bound, current, suggested, reason, change).
Input and output paths are checked before the solver runs; outputs are written whole or not
at all.
"""

from __future__ import annotations

import csv
import json
import os
import sys
import tempfile
import time

from django.core.management.base import BaseCommand, CommandError

from assembly.pool_csv import PoolFileError, read_pool
from assembly.selection import (
    ALGORITHMS,
    InfeasibleQuotasError,
    SelectionError,
    draw_panel,
    errors,
    find_distribution,
)

NO_INPUT = "There is no {what} file at {path}."
INPUT_IS_FOLDER = "{path} is a folder, not the {what} file."
INPUT_UNREADABLE = "The {what} file {path} cannot be read: permission denied."
NO_OUTPUT_FOLDER = "Cannot write --{option} {path}: the folder {folder} does not exist."
OUTPUT_IS_FOLDER = "Cannot write --{option} {path}: it is a folder."
OUTPUT_DENIED = "Cannot write --{option} {path}: permission denied."
OUTPUT_FAILED = "Cannot write --{option} {path}: {reason}."
STDOUT_WITH_JSON = "--{option} - would mix CSV into the JSON on stdout: give a file name."


class InfeasibleQuotas(CommandError):
    """Exit status 2: no panel meets the quotas; ``changes`` is the smallest fix."""

    def __init__(self, message: str, changes):
        super().__init__(message, returncode=2)
        self.changes = changes


class Command(BaseCommand):
    help = "Find a fair lottery over quota-respecting panels and draw one (writes no data)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--people", required=True, help="people CSV: id + one column per category"
        )
        parser.add_argument(
            "--categories", required=True, help="categories CSV: feature,value,min,max"
        )
        parser.add_argument("--panel-size", type=int, required=True)
        parser.add_argument("--algorithm", choices=sorted(ALGORITHMS), default="leximin")
        parser.add_argument("--seed", type=int, default=0, help="seed of the draw (default 0)")
        parser.add_argument("--id-column", default="id")
        parser.add_argument(
            "--address-columns", default="", help="comma-separated; one person per address"
        )
        parser.add_argument("--probabilities", help="write id,probability for every pool member")
        parser.add_argument("--panel", help="write the drawn panel's ids")
        parser.add_argument("--json", action="store_true", help="print one JSON object on stdout")

    def handle(self, *args, **opts):
        try:
            summary = self.select(opts)
        except CommandError as exc:
            if opts["json"]:
                # Still exactly one JSON object on stdout; the message also goes to stderr.
                failure = {"error": str(exc)}
                if isinstance(exc, InfeasibleQuotas):
                    failure["conflicts"] = [c.to_dict() for c in exc.changes]
                self.stdout.write(json.dumps(failure))
            raise
        if opts["json"]:
            self.stdout.write(json.dumps(summary))
        else:
            self.stdout.write(
                f"{summary['algorithm']}: smallest probability {summary['min_probability']:.6f} "
                f"over {summary['pool_size']} volunteers in {summary['seconds']} s; panel (seed "
                f"{opts['seed']}): {', '.join(summary['panel'])}"
            )

    def select(self, opts) -> dict:
        check_input(opts["people"], "people")
        check_input(opts["categories"], "categories")
        for option in ("probabilities", "panel"):
            if opts[option]:
                check_output(opts[option], option, json_out=opts["json"])
        addresses = [c.strip() for c in opts["address_columns"].split(",") if c.strip()]
        try:
            pool = read_pool(
                opts["people"],
                opts["categories"],
                id_column=opts["id_column"],
                address_columns=addresses,
            )
        except PoolFileError as exc:
            raise CommandError(f"The input files have problems:\n{exc}") from exc
        start = time.perf_counter()
        try:
            distribution = find_distribution(
                pool.people,
                pool.quotas,
                opts["panel_size"],
                algorithm=opts["algorithm"],
                households=pool.households if addresses else None,
            )
        except InfeasibleQuotasError as exc:
            head = errors.INFEASIBLE_HEAD.format(size=opts["panel_size"])
            lines = [head] + [f"- {change}" for change in exc.changes]
            raise InfeasibleQuotas("\n".join(lines), exc.changes) from exc
        except SelectionError as exc:
            raise CommandError(str(exc)) from exc
        seconds = time.perf_counter() - start
        panel = draw_panel(distribution, opts["seed"])
        probs = distribution.person_probabilities
        if opts["probabilities"]:
            write_rows(
                opts["probabilities"],
                "probabilities",
                ["id", "probability"],
                [(p.id, repr(probs[p.id])) for p in pool.people],
            )
        if opts["panel"]:
            write_rows(opts["panel"], "panel", ["id"], [(pid,) for pid in panel])
        return {
            "algorithm": distribution.algorithm,
            "pool_size": len(pool.people),
            "panel_size": distribution.panel_size,
            "min_probability": distribution.min_probability,
            "max_probability": max(probs.values()),
            "seconds": round(seconds, 3),
            "seed": opts["seed"],
            "panels_in_support": len(distribution.panels),
            "groups": len(distribution.groups),
            "panel": list(panel),
        }


def check_input(path: str, what: str) -> None:
    """Refuse a missing, folder or unreadable input file with a plain message."""
    if os.path.isdir(path):
        raise CommandError(INPUT_IS_FOLDER.format(path=path, what=what))
    if not os.path.exists(path):
        raise CommandError(NO_INPUT.format(path=path, what=what))
    if not os.access(path, os.R_OK):
        raise CommandError(INPUT_UNREADABLE.format(path=path, what=what))


def check_output(path: str, option: str, *, json_out: bool) -> None:
    """Refuse an output path that cannot be written before the solver spends any time."""
    if path == "-":
        if json_out:
            raise CommandError(STDOUT_WITH_JSON.format(option=option))
        return
    folder = os.path.dirname(os.path.abspath(path))
    if os.path.isdir(path):
        raise CommandError(OUTPUT_IS_FOLDER.format(option=option, path=path))
    if not os.path.isdir(folder):
        raise CommandError(NO_OUTPUT_FOLDER.format(option=option, path=path, folder=folder))
    if not os.access(folder, os.W_OK | os.X_OK) or (
        os.path.exists(path) and not os.access(path, os.W_OK)
    ):
        raise CommandError(OUTPUT_DENIED.format(option=option, path=path))


def write_rows(path: str, option: str, header: list[str], rows) -> None:
    """Write a CSV file (``-`` for stdout) whole or not at all."""
    if path == "-":
        writer = csv.writer(sys.stdout)
        writer.writerow(header)
        writer.writerows(rows)
        return
    folder = os.path.dirname(os.path.abspath(path))
    try:
        # A temporary file renamed into place: a failure leaves no half-written file.
        fd, temporary = tempfile.mkstemp(dir=folder, prefix=".select_panel-", suffix=".csv")
        try:
            with os.fdopen(fd, "w", newline="", encoding="utf-8") as handle:
                writer = csv.writer(handle)
                writer.writerow(header)
                writer.writerows(rows)
            # mkstemp makes the file private; give it the mode a plain open() would.
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o666 & ~umask)
            os.replace(temporary, path)
        except BaseException:
            if os.path.exists(temporary):
                os.unlink(temporary)
            raise
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise CommandError(OUTPUT_FAILED.format(option=option, path=path, reason=reason)) from exc

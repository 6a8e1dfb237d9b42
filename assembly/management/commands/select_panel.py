"""Draw a panel from Sortition Foundation CSV files, without touching the database.

Contract (docs/DESIGN.md, "Stable command-line contracts")::

    manage.py select_panel --people PEOPLE.csv --categories CATEGORIES.csv --panel-size K
        [--algorithm leximin|maximin|nash|legacy] [--seed N] [--id-column COL]
        [--address-columns COL,COL] [--probabilities OUT.csv] [--panel OUT.csv] [--json]

Infeasible quotas exit with status 2 and name the quota changes that would fix them.
"""

from __future__ import annotations

import csv
import json
import sys
import time

from django.core.management.base import BaseCommand, CommandError

from assembly.pool_csv import PoolFileError, read_pool
from assembly.selection import (
    ALGORITHMS,
    InfeasibleQuotasError,
    SelectionError,
    draw_panel,
    find_distribution,
)


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
            raise CommandError(str(exc), returncode=2) from exc
        except SelectionError as exc:
            raise CommandError(str(exc)) from exc
        seconds = time.perf_counter() - start
        panel = draw_panel(distribution, opts["seed"])
        probs = distribution.person_probabilities
        if opts["probabilities"]:
            write_rows(
                opts["probabilities"],
                ["id", "probability"],
                [(p.id, repr(probs[p.id])) for p in pool.people],
            )
        if opts["panel"]:
            write_rows(opts["panel"], ["id"], [(pid,) for pid in panel])
        summary = {
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
        if opts["json"]:
            self.stdout.write(json.dumps(summary))
        else:
            self.stdout.write(
                f"{summary['algorithm']}: smallest probability {summary['min_probability']:.6f} "
                f"over {summary['pool_size']} volunteers in {summary['seconds']} s; panel (seed "
                f"{opts['seed']}): {', '.join(panel)}"
            )


def write_rows(path: str, header: list[str], rows) -> None:
    """Write a CSV file (``-`` for stdout)."""
    handle = sys.stdout if path == "-" else open(path, "w", newline="", encoding="utf-8")  # noqa: SIM115
    try:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    finally:
        if handle is not sys.stdout:
            handle.close()

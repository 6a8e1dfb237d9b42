"""Aggregate budget submissions from CSV; writes nothing to the database."""

import json
import sys
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from django.core.management.base import BaseCommand

from common import csvtext
from common.budget import budget_aggregate


class BadFile(Exception):
    pass


def _read(path):
    """Header and rows as text, read the one way every CSV in the project is read."""
    try:
        with open(path, "rb") as handle:
            table = csvtext.read_table(csvtext.decode(handle.read()))
    except OSError as error:
        raise BadFile(f"{path}: cannot read ({error})") from error
    except csvtext.CsvTextError as error:
        raise BadFile(f"{path}: {error}") from error
    return [table.header, *table.rows]


def _amount(text, where):
    if not text.strip():
        raise BadFile(f"{where}: an amount is missing (every line needs one)")
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        raise BadFile(f"{where}: {text!r} is not a number") from None
    if not value.is_finite():
        raise BadFile(f"{where}: {text!r} is not a number")
    if value < 0:
        raise BadFile(f"{where}: {text!r} is negative")
    return Fraction(value)


def _number(value):
    if value.denominator == 1:
        return str(value.numerator)
    return repr(float(value))


class Command(BaseCommand):
    help = "Aggregate budget allocations (A.csv: id, one column per line)."

    def add_arguments(self, parser):
        parser.add_argument("--allocations", required=True)
        parser.add_argument("--current")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        try:
            refs, matrix, scale, current = self._load(options)
            agg = budget_aggregate(refs, matrix, current=current)
        except (BadFile, ValueError) as error:
            sys.stderr.write(f"{error}\n")
            sys.exit(2)
        keys = ["mean", "median", "q1", "q3", "phantom_median"]
        shares = ["cut", "kept", "raised"] if current is not None else []
        lines = []
        for s in agg.lines:
            parts = [f'"line": {json.dumps(s.line)}']
            parts += [f'"{k}": {_number(getattr(s, k) / scale)}' for k in keys]
            for k in shares:
                v = getattr(s, k)
                parts.append(f'"{k}": {"null" if v is None else _number(v)}')
            lines.append("{" + ", ".join(parts) + "}")
        if options["json"]:
            env = _number(Fraction(agg.envelope) / scale)
            self.stdout.write(f'{{"envelope": {env}, "n": {agg.n}, "lines": [{", ".join(lines)}]}}')
            return
        self.stdout.write(f"envelope {float(agg.envelope / scale):g}  n {agg.n}")
        for s in agg.lines:
            figures = "  ".join(f"{k} {float(getattr(s, k) / scale):.4g}" for k in keys)
            self.stdout.write(f"{s.line:<24} {figures}")

    def _load(self, options):
        rows = _read(options["allocations"])
        header = [h.strip() for h in rows[0]]
        if not header or header[0] != "id" or len(header) < 2:
            raise BadFile("A.csv: the first column must be 'id', then one column per line")
        refs = header[1:]
        seen, values = set(), []
        for number, row in enumerate(rows[1:], start=2):
            if len(row) != len(header):
                raise BadFile(f"A.csv row {number}: expected {len(header)} columns")
            if row[0] in seen:
                raise BadFile(f"A.csv row {number}: duplicate id {row[0]!r}")
            seen.add(row[0])
            values.append([_amount(c, f"A.csv row {number}") for c in row[1:]])
        if not values:
            raise BadFile("A.csv: no submissions")
        scale = 1
        for row in values:
            for v in row:
                while (v * scale).denominator != 1:
                    scale *= 10
        matrix = [[int(v * scale) for v in row] for row in values]
        current = None
        if options["current"]:
            crows = _read(options["current"])
            current = {}
            for number, row in enumerate(crows[1:], start=2):
                if len(row) < 2 or row[0].strip() not in refs:
                    raise BadFile(f"C.csv row {number}: unknown line {row[0]!r}")
                amount = _amount(row[1], f"C.csv row {number}") * scale
                current[row[0].strip()] = amount
        return refs, matrix, scale, current

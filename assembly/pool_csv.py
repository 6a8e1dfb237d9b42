"""Read a volunteer pool in the Sortition Foundation's CSV formats.

The people file has an id column and one column per category; the categories file
has ``feature,value,min,max`` (or the older ``category,name,min,max``). Every cell
is read as text, so an answer such as "None" stays an answer. Nothing here touches
the database: callers get plain :mod:`assembly.selection` objects, or every row
problem at once so an import can be previewed and refused as a whole.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from assembly.selection import Person, Quota
from common import csvtext

#: A path, or an open text file (an upload already decoded by the form).
Source = str | Path | IO[str]

NO_COLUMN = "The {file} file has no {column!r} column."
NOT_WHOLE = "{column} must be a whole number of people, not {value!r}."
NEGATIVE = "{column} must not be negative ({value})."
MIN_ABOVE_MAX = "The minimum {min} is above the maximum {max} for {feature}={value}."
EMPTY_CELL = "The {column} cell is empty."
REPEATED_QUOTA = "{feature}={value} is listed again (first on row {first})."
REPEATED_ID = "The id {id!r} is used again (first on row {first})."
UNKNOWN_VALUE = "{feature} is {value!r}, which is not one of its values in the categories: {known}."
UNREADABLE = "The {file} file cannot be read as CSV: {error}."
EMPTY_FILE = "The {file} file has no rows."


@dataclass(frozen=True)
class RowProblem:
    """One problem in an input file. ``row`` counts the header as row 1."""

    file: str
    row: int
    message: str

    def __str__(self) -> str:
        return f"{self.file} file, row {self.row}: {self.message}"


@dataclass(frozen=True)
class PoolData:
    """A validated pool: people, quotas and household keys (empty if not asked for)."""

    people: list[Person]
    quotas: list[Quota]
    households: dict[str, str]


class PoolFileError(ValueError):
    """The files have problems; ``problems`` lists every one."""

    def __init__(self, problems: list[RowProblem]):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


def _read(source: Source, file: str) -> tuple[csvtext.Table | None, list[RowProblem]]:
    try:
        if isinstance(source, str | Path):
            text = csvtext.decode(Path(source).read_bytes())
        else:
            text = source.read()
        table = csvtext.read_table(text)
    except (csvtext.CsvTextError, OSError) as exc:
        return None, [RowProblem(file, 1, UNREADABLE.format(file=file, error=exc))]
    if not table.rows:
        return None, [RowProblem(file, 2, EMPTY_FILE.format(file=file))]
    return table, []


def read_categories(source: Source) -> tuple[list[Quota], list[RowProblem]]:
    """Quotas from a categories file, and its row problems."""
    table, problems = _read(source, "categories")
    if table is None:
        return [], problems
    names = ("feature", "value") if "feature" in table.header else ("category", "name")
    missing = [c for c in (*names, "min", "max") if c not in table.header]
    if missing:
        return [], [
            RowProblem("categories", 1, NO_COLUMN.format(file="categories", column=c))
            for c in missing
        ]
    quotas, first = [], {}
    for index, row in enumerate(table.records()):
        line = index + 2
        feature, value = row[names[0]], row[names[1]]
        bounds, ok = {}, True
        for column in (*names, "min", "max"):
            if row[column] == "":
                problems.append(RowProblem("categories", line, EMPTY_CELL.format(column=column)))
                ok = False
        for column in ("min", "max"):
            text = row[column]
            if text == "" or not ok:
                continue
            try:
                bounds[column] = int(text)
            except ValueError:
                problems.append(
                    RowProblem("categories", line, NOT_WHOLE.format(column=column, value=text))
                )
                ok = False
                continue
            if bounds[column] < 0:
                problems.append(
                    RowProblem("categories", line, NEGATIVE.format(column=column, value=text))
                )
                ok = False
        if not ok:
            continue
        if bounds["min"] > bounds["max"]:
            message = MIN_ABOVE_MAX.format(feature=feature, value=value, **bounds)
            problems.append(RowProblem("categories", line, message))
            continue
        key = (feature, value.casefold())
        if key in first:
            message = REPEATED_QUOTA.format(feature=feature, value=value, first=first[key])
            problems.append(RowProblem("categories", line, message))
            continue
        first[key] = line
        quotas.append(Quota(feature, value, bounds["min"], bounds["max"]))
    return quotas, problems


def read_people(
    source: Source,
    quotas: Sequence[Quota],
    *,
    id_column: str = "id",
    address_columns: Sequence[str] = (),
) -> tuple[list[Person], dict[str, str], list[RowProblem]]:
    """People (values spelled as in the categories) and household keys, with row problems."""
    table, problems = _read(source, "people")
    if table is None:
        return [], {}, problems
    values: dict[str, dict[str, str]] = {}
    for q in quotas:
        values.setdefault(q.feature, {})[q.value.casefold()] = q.value
    needed = [id_column, *values, *address_columns]
    missing = [c for c in needed if c not in table.header]
    if missing:
        return (
            [],
            {},
            [RowProblem("people", 1, NO_COLUMN.format(file="people", column=c)) for c in missing],
        )
    people, households, first = [], {}, {}
    for index, row in enumerate(table.records()):
        line, pid, ok = index + 2, row[id_column], True
        if pid == "":
            problems.append(RowProblem("people", line, EMPTY_CELL.format(column=id_column)))
            ok = False
        elif pid in first:
            problems.append(
                RowProblem("people", line, REPEATED_ID.format(id=pid, first=first[pid]))
            )
            ok = False
        else:
            first[pid] = line
        features = {}
        for feature, known in values.items():
            value = known.get(row[feature].casefold())
            if value is None:
                message = UNKNOWN_VALUE.format(
                    feature=feature, value=row[feature], known=", ".join(sorted(known.values()))
                )
                problems.append(RowProblem("people", line, message))
                ok = False
            features[feature] = value
        if ok:
            people.append(Person(pid, features))
            address = " | ".join(row[c].casefold() for c in address_columns)
            if address_columns and address.replace("|", "").strip():
                households[pid] = address
    return people, households, problems


def read_pool(
    people: Source,
    categories: Source,
    *,
    id_column: str = "id",
    address_columns: Sequence[str] = (),
) -> PoolData:
    """Read and validate both files; raise :class:`PoolFileError` listing every problem."""
    quotas, problems = read_categories(categories)
    persons, households, more = read_people(
        people, quotas, id_column=id_column, address_columns=address_columns
    )
    problems += more
    if problems:
        raise PoolFileError(problems)
    return PoolData(persons, quotas, households)

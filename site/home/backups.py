"""Backups that restore: the database and the uploads, with a manifest to check against.

django-dbbackup does the copying (SQLite's online backup API; PostgreSQL's pg_dump custom
format and pg_restore); this module makes one backup of both into a folder, records what
was in it (rows and a digest of every table, sha256 of every upload), and after a restore
checks the restored site against that record, so a backup is known to be whole.

The manifest and the dump see the same moment, so writes while the site runs cannot make
them disagree: on SQLite the manifest is read from the backup file itself; on PostgreSQL
the manifest's transaction exports its snapshot and pg_dump reads that snapshot
(``--snapshot``).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

from dbbackup.db.base import get_connector
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction

DATABASE_FILE = "database.dump"
MEDIA_FILE = "media.tar"
MANIFEST_FILE = "manifest.json"


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why."""


def _tables() -> list[tuple[str, str, str]]:
    """(model label, table, primary-key column) of every table the project owns."""
    out = []
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        out.append((model._meta.label, model._meta.db_table, model._meta.pk.column))
    return out


def database_manifest(cursor) -> dict[str, dict]:
    """Rows and a digest of every table's raw rows, read through a DB-API ``cursor``.

    Raw rows, not the ORM's values: the backup's side reads a SQLite file with the plain
    ``sqlite3`` module, and the restore's side must read the restored file the same way.
    """
    quote = connection.ops.quote_name
    tables = {}
    for label, table, pk in _tables():
        cursor.execute(f"SELECT * FROM {quote(table)} ORDER BY {quote(pk)}")  # noqa: S608
        digest, rows = hashlib.sha256(), 0
        while batch := cursor.fetchmany(2000):
            for row in batch:
                digest.update(json.dumps(list(row), default=str).encode() + b"\n")
            rows += len(batch)
        tables[label] = {"rows": rows, "sha256": digest.hexdigest()}
    return tables


def _sqlite_manifest(path) -> dict[str, dict]:
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
        return database_manifest(db.cursor())


def media_manifest(root: Path | None = None) -> dict[str, str]:
    """sha256 of every uploaded file, keyed by its path under MEDIA_ROOT."""
    root = Path(root or settings.MEDIA_ROOT)
    files = {}
    for path in sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []:
        files[path.relative_to(root).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return files


def _write(dump, target: Path) -> None:
    with open(target, "wb") as handle:
        dump.seek(0)
        shutil.copyfileobj(dump, handle)


def _dump_database(target: Path) -> dict[str, dict]:
    connector = get_connector("default")
    if connection.vendor == "sqlite":
        _write(connector.create_dump(), target)
        return _sqlite_manifest(target)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            connector.dump_suffix = f"--snapshot={snapshot}"
            tables = database_manifest(cursor)
        _write(connector.create_dump(), target)
    return tables


def backup_create(folder: Path) -> dict:
    """Write the database, the uploads and their manifest into ``folder`` (a new one)."""
    folder = Path(folder)
    if folder.exists() and any(folder.iterdir()):
        raise BackupError(f"{folder} is not empty: give a new folder for each backup.")
    folder.mkdir(parents=True, exist_ok=True)
    tables = _dump_database(folder / DATABASE_FILE)
    files = media_manifest()
    call_command("mediabackup", output_path=str(folder / MEDIA_FILE), verbosity=0)
    manifest = {
        "format": 1,
        "database_vendor": connection.vendor,
        "tables": tables,
        "media": files,
    }
    (folder / MANIFEST_FILE).write_text(json.dumps(manifest, indent=1, sort_keys=True))
    return manifest


def _database_is_empty() -> bool:
    return not connection.introspection.table_names()


def backup_restore(folder: Path) -> list[str]:
    """Restore a backup into an empty database and uploads folder; return any differences.

    An empty list means the restored site matches the manifest row for row and file
    for file. The database must be new and empty: restoring over live data would mix
    two sites' rows.
    """
    folder = Path(folder)
    try:
        manifest = json.loads((folder / MANIFEST_FILE).read_text())
    except (OSError, ValueError) as exc:
        raise BackupError(f"{folder} holds no readable {MANIFEST_FILE}: {exc}") from exc
    if manifest.get("database_vendor") != connection.vendor:
        raise BackupError(
            f"This backup is of a {manifest.get('database_vendor')} database; "
            f"the configured one is {connection.vendor}."
        )
    if not _database_is_empty():
        raise BackupError(
            "The database already has tables: restore into a new, empty database "
            "(for SQLite, a path with no file yet)."
        )
    connector = get_connector("default")
    with open(folder / DATABASE_FILE, "rb") as dump:
        connection.close()  # SQLite restores by writing the file this connection may hold
        connector.restore_dump(dump)
    connection.close()
    if (folder / MEDIA_FILE).exists():
        call_command(
            "mediarestore",
            input_path=str(folder / MEDIA_FILE),
            interactive=False,
            replace=True,
            verbosity=0,
        )
    return backup_differences(manifest)


def backup_differences(manifest: dict) -> list[str]:
    problems = []
    if connection.vendor == "sqlite":
        restored = _sqlite_manifest(connection.settings_dict["NAME"])
    else:
        with connection.cursor() as cursor:
            restored = database_manifest(cursor)
    for label, expected in manifest["tables"].items():
        found = restored.get(label)
        if found is None:
            problems.append(f"table {label} is missing")
        elif found["rows"] != expected["rows"]:
            problems.append(f"{label}: {found['rows']} rows, the backup had {expected['rows']}")
        elif found["sha256"] != expected["sha256"]:
            problems.append(f"{label}: the rows differ from the backup's")
    files = media_manifest()
    for name, digest in manifest["media"].items():
        if files.get(name) != digest:
            problems.append(f"upload {name} is {'different' if name in files else 'missing'}")
    return problems

"""``manage.py backup`` then ``restore`` into a fresh database gives back every row and upload.

The restore runs in a new process against a new, empty database (a new SQLite file, or a
new PostgreSQL database), as it would after losing the server, and checks every table's
rows and every file against the backup's manifest.
"""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from wagtail.documents.models import Document
from wagtail.models import Collection

from home.backups import MANIFEST_FILE, BackupError, backup_create, backup_restore

ROOT = Path(__file__).resolve().parents[2]
# Committed rows, so pg_dump (another process) sees them.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def fresh_site(tmp_path):
    """Environment for a process whose database is new and empty; dropped afterwards."""
    env = {
        **os.environ,
        "PYTHONPATH": "site",
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "CIVIC_VAR_DIR": str(tmp_path / "restored"),
    }
    name = None
    if connection.vendor == "postgresql":
        name = f"restore_check_{uuid.uuid4().hex[:10]}"
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
        base = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
        env["DATABASE_URL"] = f"{base}/{name}"
    else:
        env.pop("DATABASE_URL", None)
    yield env
    if name:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _manage(env, *args):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture
def site_with_uploads(settings, tmp_path, make_user):
    settings.MEDIA_ROOT = tmp_path / "media"
    if Collection.get_first_root_node() is None:  # an earlier transactional test flushed it
        Collection.add_root(name="Root")
    user = make_user(email="kept@example.org")
    doc = Document(title="Evidence pack")
    doc.file.save("evidence.txt", ContentFile(b"Care Act duties, page 1\n"), save=False)
    doc.save()
    return user, doc


def test_a_backup_restores_into_a_fresh_database_with_every_row_and_upload(
    site_with_uploads, tmp_path, fresh_site
):
    user, doc = site_with_uploads
    manifest = backup_create(tmp_path / "backup")
    assert manifest["tables"]["accounts.User"]["rows"] >= 1
    assert any(name.endswith("evidence.txt") for name in manifest["media"])

    restored = _manage(fresh_site, "restore", str(tmp_path / "backup"))
    assert restored.returncode == 0, restored.stderr
    assert "every table and uploaded file matches the backup" in restored.stdout

    check = _manage(
        fresh_site,
        "shell",
        "-v0",
        "-c",
        "from accounts.models import User; from wagtail.documents.models import Document; "
        f"print(User.objects.get(pk={user.pk}).email); "
        f"d = Document.objects.get(pk={doc.pk}); print(d.file.read().decode().strip())",
    )
    assert check.stdout.split("\n")[:2] == ["kept@example.org", "Care Act duties, page 1"]


def test_a_restore_that_differs_from_its_manifest_fails_and_says_where(
    site_with_uploads, tmp_path, fresh_site
):
    backup_create(tmp_path / "backup")
    path = tmp_path / "backup" / MANIFEST_FILE
    manifest = json.loads(path.read_text())
    manifest["tables"]["accounts.User"]["rows"] += 1
    path.write_text(json.dumps(manifest))
    restored = _manage(fresh_site, "restore", str(tmp_path / "backup"))
    assert restored.returncode == 1
    assert "accounts.User" in restored.stderr and "the backup had" in restored.stderr


def test_a_restore_refuses_a_database_that_already_has_tables(site_with_uploads, tmp_path):
    backup_create(tmp_path / "backup")
    # The test database is the one this test filled: restoring over it must be refused.
    with pytest.raises(BackupError, match="already has tables"):
        backup_restore(tmp_path / "backup")


def test_a_backup_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "file").write_text("x")
    result = _manage(
        {
            **os.environ,
            "PYTHONPATH": "site",
            "DJANGO_SETTINGS_MODULE": "config.settings.dev",
            "CIVIC_VAR_DIR": str(tmp_path / "var"),
        },
        "backup",
        str(tmp_path / "old"),
    )
    assert result.returncode == 2 and "is not empty" in result.stderr

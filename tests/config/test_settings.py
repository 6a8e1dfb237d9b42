"""The settings split: embedded defaults, services from URLs, production refuses half-set."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

REPO = Path(__file__).resolve().parents[2]


def _load(module: str, env: dict) -> subprocess.CompletedProcess:
    code = (
        "import django, json; from django.conf import settings; django.setup(); "
        "print(json.dumps({'db': settings.DATABASES['default']['ENGINE'], "
        "'layer': settings.CHANNEL_LAYERS['default']['BACKEND'], "
        "'cache': settings.CACHES['default']['BACKEND'], "
        "'tasks': settings.TASKS['default']['BACKEND'], 'debug': settings.DEBUG}))"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    clean.pop("REDIS_URL", None)
    clean.update({"DJANGO_SETTINGS_MODULE": module, "PYTHONPATH": f"{REPO}:{REPO / 'site'}"})
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", code], env=clean, capture_output=True, text=True, cwd=REPO
    )


def test_dev_settings_need_no_configuration(tmp_path):
    result = _load("config.settings.dev", {"CIVIC_VAR_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert '"db": "django.db.backends.sqlite3"' in result.stdout
    assert "InMemoryChannelLayer" in result.stdout
    assert "django_tasks_db" in result.stdout


def test_dev_sqlite_uses_wal_so_server_and_worker_do_not_lock_each_other():
    from config.settings.base import database_from_env

    db = database_from_env()
    if "sqlite" in db["ENGINE"]:
        assert "journal_mode=WAL" in db["OPTIONS"]["init_command"]


def test_service_urls_switch_to_postgres_and_redis(tmp_path):
    result = _load(
        "config.settings.dev",
        {
            "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/x",
            "REDIS_URL": "redis://127.0.0.1:6379/0",
        },
    )
    assert result.returncode == 0, result.stderr
    assert "postgresql" in result.stdout
    assert "RedisChannelLayer" in result.stdout
    assert "RedisCache" in result.stdout


@pytest.mark.parametrize(
    "missing",
    ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL"],
)
def test_production_refuses_to_start_without_required_setting(missing):
    env = {
        "DJANGO_SECRET_KEY": "x" * 50,
        "DJANGO_ALLOWED_HOSTS": "example.org",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/x",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "WAGTAILADMIN_BASE_URL": "https://example.org",
    }
    env.pop(missing)
    result = _load("config.settings.production", env)
    assert result.returncode != 0
    assert f"Set the {missing} environment variable" in result.stderr


def test_tests_use_inline_tasks_and_their_own_database_name():
    assert settings.TASKS["default"]["BACKEND"].endswith("ImmediateBackend")
    if os.environ.get("DATABASE_URL"):
        assert settings.DATABASES["default"]["TEST"]["NAME"].startswith("test_civic_")
        assert settings.CACHES["default"]["KEY_PREFIX"].startswith("test-")
        assert settings.CHANNEL_LAYERS["default"]["CONFIG"]["prefix"].startswith("test-")

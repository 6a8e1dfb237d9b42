"""Daphne as a subprocess over the test's own database, for browser and two-server tests.

pytest-django's live server speaks WSGI only, and daphne in a thread of the test
process timed out on the in-memory database, so each test that needs the ASGI server
starts it as a separate process, once its data is in place:

- on PostgreSQL, the servers use the test run's database, where a transactional
  test's rows are committed;
- on SQLite, the in-memory test database is copied to a file the servers open (what
  they change afterwards is not seen by the test process: assert through the pages).

Every wait is bounded, and the processes are ended when the test ends, passed or not.
"""

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection

REPO = Path(__file__).resolve().parents[2]
READY_TIMEOUT_S = 120  # Django and Wagtail start slowly on a busy 2-core machine
STOP_TIMEOUT_S = 10


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_database(tmp_path: Path) -> str:
    """The database name the servers open, holding everything the test has committed."""
    connection.ensure_connection()
    if connection.vendor != "sqlite":
        return connection.settings_dict["NAME"]
    target = tmp_path / "live.sqlite3"
    target.unlink(missing_ok=True)
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
    finally:
        copy.close()
    return str(target)


@dataclass
class DaphneProcess:
    database: str
    log_path: Path
    port: int = field(default_factory=_free_port)
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "DaphneProcess":
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(REPO / "site"), str(REPO)]),
            "DJANGO_SETTINGS_MODULE": "tests.browser.live_settings",
            "CIVIC_LIVE_DB": self.database,
            "CIVIC_TEST_RUN_ID": settings.RUN_ID,
            "DJANGO_ALLOW_ASYNC_UNSAFE": "",
        }
        command = [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(self.port)]
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(
                [*command, "tests.browser.live_asgi:application"],
                cwd=REPO,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self._ready_wait()
        return self

    def _ready_wait(self) -> None:
        deadline = time.monotonic() + READY_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"daphne exited with {self.process.returncode}:\n{self.log()}")
            try:
                with urllib.request.urlopen(f"{self.url}/static/css/main.css", timeout=5):  # noqa: S310 (http, ours)
                    return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.5)
        self.stop()
        raise RuntimeError(f"daphne not ready after {READY_TIMEOUT_S} s:\n{self.log()}")

    def log(self) -> str:
        text = self.log_path.read_text(encoding="utf-8", errors="replace")
        return text[-4000:]

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(STOP_TIMEOUT_S)


def servers_start(tmp_path: Path, count: int) -> list[DaphneProcess]:
    """``count`` daphne processes over one copy of the test database, all ready."""
    database = server_database(tmp_path)
    started = []
    try:
        for n in range(count):
            started.append(DaphneProcess(database, tmp_path / f"daphne-{n}.log").start())
    except BaseException:
        for server in started:
            server.stop()
        raise
    return started


def redis_unreachable() -> str | None:
    """Why the servers cannot share a Redis channel layer here, or None."""
    if not settings.REDIS_URL:
        return "REDIS_URL is not set (runs in the PostgreSQL and Redis pass)"
    import redis

    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        return f"Redis at REDIS_URL is unreachable: {exc}"
    return None

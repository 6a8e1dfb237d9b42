"""The platform served for a web benchmark: daphne, production settings, PostgreSQL, Redis.

``served()`` creates its own database, migrates it, collects static files, loads the demo,
starts daphne on a free loopback port, waits until it answers, and afterwards stops the
server and drops the database, even when the benchmark fails.

Needs PostgreSQL and Redis (``BENCH_DATABASE_URL`` / ``BENCH_REDIS_URL``, defaulting to
the local services).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PG = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432")
REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/3")
DB_NAME = f"bench_civic_{os.getpid()}"
HOST = "127.0.0.1"
HEADERS = {"X-Forwarded-Proto": "https"}  # as a TLS-terminating proxy would send


@dataclass(frozen=True)
class Served:
    port: int
    env: dict


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def bench_env() -> dict:
    env = dict(os.environ)
    env.update(
        {
            "PYTHONPATH": f"{REPO}:{REPO / 'site'}",
            "DJANGO_SETTINGS_MODULE": "bench.web.settings",
            "DJANGO_SECRET_KEY": "bench-" + "x" * 50,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": f"{PG}/{DB_NAME}",
            "REDIS_URL": REDIS,
            "CIVIC_KEY_PREFIX": f"bench{os.getpid()}",
            "WAGTAILADMIN_BASE_URL": "https://127.0.0.1",
            "CIVIC_VAR_DIR": str(REPO / "var" / "bench"),
        }
    )
    return env


def psql(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(sql)


def manage(env: dict, *args: str) -> None:
    subprocess.run(
        [sys.executable, str(REPO / "manage.py"), *args],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def manage_shell(env: dict, script: str) -> str:
    """Run Python in ``manage.py shell`` against the bench database; the last line printed."""
    out = subprocess.run(
        [sys.executable, str(REPO / "manage.py"), "shell", "-c", script],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return out.strip().splitlines()[-1]


def wait_for(port: int, seconds: float = 120) -> None:
    # Generous: on a shared, busy machine daphne and the app can take a minute to import.
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            request = urllib.request.Request(f"http://{HOST}:{port}/healthz", headers=HEADERS)
            urllib.request.urlopen(request, timeout=1)  # noqa: S310
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("the server did not start")


@contextmanager
def served(*, prepare: Callable[[dict], None] | None = None) -> Iterator[Served]:
    """Serve the platform with the demo loaded; ``prepare(env)`` runs before the server."""
    env = bench_env()
    psql(f'CREATE DATABASE "{DB_NAME}"')
    server = None
    try:
        manage(env, "migrate", "--no-input")
        manage(env, "collectstatic", "--no-input")
        manage(env, "load_demo")
        if prepare is not None:
            prepare(env)
        port = free_port()
        (REPO / "var").mkdir(exist_ok=True)
        server = subprocess.Popen(
            [sys.executable, "-m", "daphne", "-b", HOST, "-p", str(port)]
            + ["--proxy-headers", "config.asgi:application"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=open(REPO / "var" / "bench-server.log", "w"),  # noqa: SIM115
        )
        wait_for(port)
        yield Served(port=port, env=env)
    finally:
        if server:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        psql(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')

"""Home page throughput under the production settings and the ASGI server.

Serves the platform with daphne (production settings, PostgreSQL, Redis) and
measures requests per second and p95 latency for the home page with 20
concurrent keep-alive clients on loopback, as a ratio against a bare Django
view served by the same server in the same run.

    .venv/bin/python bench/home_page_bench.py [--seconds 15] [--clients 20]

Needs PostgreSQL and Redis (BENCH_DATABASE_URL / BENCH_REDIS_URL, defaulting to
the local services); it creates and drops its own database.
"""

import argparse
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "site")]

from bench.web.load import run_load  # noqa: E402

PG = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432")
REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/3")
DB_NAME = f"bench_civic_{os.getpid()}"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env() -> dict:
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


def _psql(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(sql)


def _manage(env, *args) -> None:
    subprocess.run(
        [sys.executable, str(REPO / "manage.py"), *args],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--clients", type=int, default=20)
    args = parser.parse_args()

    env = _env()
    _psql(f'CREATE DATABASE "{DB_NAME}"')
    server = None
    try:
        _manage(env, "migrate", "--no-input")
        _manage(env, "collectstatic", "--no-input")
        _manage(env, "load_demo")
        port = _free_port()
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "daphne",
                "-b",
                "127.0.0.1",
                "-p",
                str(port),
                "--proxy-headers",
                "config.asgi:application",
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=open(REPO / "var" / "bench-server.log", "w"),  # noqa: SIM115
        )
        _wait_for(port)
        headers = {"X-Forwarded-Proto": "https"}
        rows = []
        for label, path in (("bare Django view", "/bench/bare/"), ("home page", "/")):
            run_load("127.0.0.1", port, path, clients=args.clients, seconds=2, headers=headers)
            result = run_load(
                "127.0.0.1",
                port,
                path,
                clients=args.clients,
                seconds=args.seconds,
                headers=headers,
            )
            rows.append((label, result))
        base = rows[0][1]
        print(f"daphne, production settings, {args.clients} clients, {args.seconds:.0f} s each")
        print(
            f"{'endpoint':<18} {'200s':>7} {'other':>6} {'req/s':>8} {'p50 ms':>8} "
            f"{'p95 ms':>8} {'req/s ratio':>12} {'p95 ratio':>10}"
        )
        for label, r in rows:
            print(
                f"{label:<18} {r.ok:>7} {r.other:>6} {r.rps:>8.1f} "
                f"{1000 * r.percentile(50):>8.1f} {1000 * r.percentile(95):>8.1f} "
                f"{r.rps / base.rps:>12.3f} {r.percentile(95) / base.percentile(95):>10.2f}"
                + (f"  non-200: {r.statuses}" if r.statuses else "")
            )
    finally:
        if server:
            server.terminate()
            server.wait(timeout=10)
        _psql(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')


def _wait_for(port: int) -> None:
    for _ in range(100):
        try:
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}/healthz", headers={"X-Forwarded-Proto": "https"}
            )
            urllib.request.urlopen(request, timeout=1)  # noqa: S310
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("the server did not start")


if __name__ == "__main__":
    main()

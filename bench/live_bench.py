"""Fan-out of a facilitator's action to N participants, ours against the bare Channels app.

Loopback only and bounded: two daphne processes of ours (production settings,
PostgreSQL, the Redis channel layer) and two of the bare app of
``../shared/bench/live/`` on the same Redis. For each N the same client joins N open-event
guests (half on each server, a few hundred per client process), the facilitator
moves the agenda ``--rounds`` times (on the bare app: one relayed broadcast a round),
and it reports join time, push latency from the facilitator's send to each
participant (p50, p95, p99, max), pushes lost and recovered by ``resync``, and CPU and
memory per process, with our p99 as a ratio to the bare app's.

Run (a migrated database of its own; it adds a session and guests per N):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/civic_live_bench \\
    REDIS_URL=redis://127.0.0.1:6379/0 PYTHONPATH=site:. \\
    .venv/bin/python bench/live_bench.py --participants 100 500 1000 2000
Skips the baseline, saying so, when the bare app is not found.
"""

import argparse
import asyncio
import json
import math
import multiprocessing as mp
import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parents[1]
ROUND_TIMEOUT_S = 10
JOIN_TIMEOUT_S = 120
PER_WORKER = 400
SERVER_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "DJANGO_SECRET_KEY": "bench-only-not-secret",
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
    "DJANGO_SECURE_SSL_REDIRECT": "false",
    "CIVIC_KEY_PREFIX": "livebench",
    "DJANGO_LOG_LEVEL": "WARNING",
    "WAGTAILADMIN_BASE_URL": "http://127.0.0.1",
}


def _bare_dir() -> Path | None:
    for parent in (REPO.parent, REPO.parent.parent):
        candidate = parent / "shared" / "bench" / "live"
        if (candidate / "bare_asgi.py").exists():
            return candidate
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _server(module: str, pythonpath: str, extra: dict) -> dict:
    port = _free_port()
    env = {**os.environ, **SERVER_ENV, **extra, "PYTHONPATH": pythonpath}
    command = [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port)]
    # Daphne drops a handshake the app has not accepted within 5 s by default; ours
    # reads the database before accepting, so a room joining at once needs longer.
    command += ["--websocket_connect_timeout", str(JOIN_TIMEOUT_S), module]
    log = open(Path(os.environ.get("TMPDIR", "/tmp")) / f"live-bench-{port}.log", "wb")  # noqa: SIM115
    process = subprocess.Popen(command, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
    return {"port": port, "process": process, "log": log.name}


def _ready(servers, timeout=120):
    deadline = time.monotonic() + timeout
    for server in servers:
        while True:
            if server["process"].poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"a server on port {server['port']} did not start")
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", server["port"])) == 0:
                    break
            time.sleep(0.3)


def _seed(n: int, rounds: int):
    """An open event of ``n`` guests, its agenda "Start", "Round 1".., and a facilitator."""
    from django.conf import settings
    from django.test import Client

    from accounts.models import Role, User
    from accounts.services import role_grant, roles_ensure
    from deliberation.guests import guest_token
    from deliberation.models import SessionGuest
    from deliberation.services import live_session_create

    roles_ensure()
    agenda = [{"title": "Start"}] + [{"title": f"Round {r}"} for r in range(1, rounds + 1)]
    session = live_session_create(title=f"Bench {n}", open_now=True, open_event=True, agenda=agenda)
    facilitator = User.objects.create_user(username=f"bench-{uuid.uuid4().hex[:10]}")
    role_grant(user=facilitator, role=Role.FACILITATOR, target=session)
    client = Client()
    client.force_login(facilitator)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    guests = SessionGuest.objects.bulk_create(
        SessionGuest(session=session, display_name=f"Guest {i}") for i in range(n)
    )
    return session.pk, cookie, [guest_token(g) for g in guests]


def _cpu(processes) -> list[float]:
    return [sum(p.cpu_times()[:2]) for p in processes]


def _percentile(values, q):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(q / 100 * len(ordered)) - 1)]


async def _facilitate(url, headers, ours, rounds, arrived, n):
    import websockets

    sent = {}
    async with websockets.connect(
        url, origin="http://127.0.0.1", additional_headers=headers, max_queue=None
    ) as console:
        if ours:
            await asyncio.wait_for(console.recv(), 30)  # its snapshot
        drain = asyncio.ensure_future(_drain(console))
        for r in range(1, rounds + 1):
            sent[r] = time.time()
            if ours:
                message = {"type": "agenda.next", "action_id": str(uuid.uuid4())}
            else:
                message = {"type": "broadcast", "round": r, "t": sent[r]}
            await console.send(json.dumps(message))
            deadline = time.monotonic() + ROUND_TIMEOUT_S
            while arrived.value < r * n and time.monotonic() < deadline:
                await asyncio.sleep(0.02)
            await asyncio.sleep(0.3)  # late arrivals and resyncs settle before the next
        drain.cancel()
    return sent


async def _drain(socket):
    async for _ in socket:
        pass


def run_one(label, servers, ours, n, rounds, seed=None):
    from bench.live_load import worker_main

    if ours:
        session_id, cookie, tokens = seed
        path = f"/ws/sessions/{session_id}/"
    else:
        path, tokens, cookie = "/ws/", [None] * n, None
    people = []
    for i in range(n):
        port = servers[i % 2]["port"]
        query = f"?token={tokens[i]}" if ours else ""
        people.append((i, f"ws://127.0.0.1:{port}{path}{query}", {}))
    joined, arrived, stop = mp.Value("i", 0), mp.Value("i", 0), mp.Value("b", 0)
    results = mp.Queue()
    workers = []
    for w in range(max(1, math.ceil(n / PER_WORKER))):
        spec = {
            "origin": "http://127.0.0.1",
            "ours": ours,
            "participants": people[w :: max(1, math.ceil(n / PER_WORKER))],
        }
        worker = mp.Process(target=worker_main, args=(spec, joined, arrived, stop, results))
        worker.start()
        workers.append(worker)
    processes = [psutil.Process(s["process"].pid) for s in servers]
    clients = [psutil.Process(w.pid) for w in workers]
    started = time.monotonic()
    while joined.value < n and time.monotonic() - started < JOIN_TIMEOUT_S:
        time.sleep(0.1)
    join_wall = time.monotonic() - started
    print(f"{label} {n}: {joined.value} joined in {join_wall:.1f} s", flush=True)
    before, clock = _cpu(processes + clients), time.monotonic()
    url = f"ws://127.0.0.1:{servers[0]['port']}{path}"
    headers = {"Cookie": cookie} if ours else {}
    sent = asyncio.run(_facilitate(url, headers, ours, rounds, arrived, n))
    elapsed = time.monotonic() - clock
    after = _cpu(processes + clients)
    rss = [p.memory_info().rss / 2**20 for p in processes + clients]
    stop.value = 1
    people_results = []
    for _ in workers:
        people_results.extend(results.get(timeout=60))
    for worker in workers:
        worker.join(10)
        if worker.is_alive():
            worker.terminate()
    latencies = [
        (at - sent[r]) * 1000
        for p in people_results
        for r, at in p["received"].items()
        if r in sent
    ]
    joins = [p["join_s"] for p in people_results if p["join_s"] is not None]
    cpu = [(b - a) / elapsed * 100 for a, b in zip(before, after, strict=True)]
    return {
        "label": label,
        "n": n,
        "joined": len(joins),
        "join_wall_s": round(join_wall, 2),
        "join_p99_s": round(_percentile(joins, 99), 2),
        "p50": round(_percentile(latencies, 50)),
        "p95": round(_percentile(latencies, 95)),
        "p99": round(_percentile(latencies, 99)),
        "max": round(max(latencies, default=float("nan"))),
        "lost": n * rounds - len(latencies),
        "recovered": sum(p["recovered"] for p in people_results),
        "errors": sum(len(p["errors"]) for p in people_results),
        "server_cpu_pct": [round(c) for c in cpu[:2]],
        "server_rss_mb": [round(m) for m in rss[:2]],
        "client_cpu_pct": round(sum(cpu[2:])),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, nargs="+", default=[100, 500])
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL") or not os.environ.get("REDIS_URL"):
        raise SystemExit("Set DATABASE_URL (a migrated PostgreSQL database) and REDIS_URL.")
    os.environ.update(SERVER_ENV)
    import django

    django.setup()
    site_path = os.pathsep.join([str(REPO / "site"), str(REPO)])
    ours = [_server("config.asgi:application", site_path, {}) for _ in range(2)]
    bare_dir = _bare_dir()
    layer = {"LAYER": "channels_redis.core.RedisChannelLayer"}
    bare = (
        [_server("bare_asgi:application", str(bare_dir), layer) for _ in range(2)]
        if bare_dir
        else []
    )
    if not bare_dir:
        print("Baseline skipped: ../shared/bench/live/bare_asgi.py not found.")
    rows = []
    try:
        _ready(ours + bare)
        for n in args.participants:
            rows.append(run_one("ours", ours, True, n, args.rounds, _seed(n, args.rounds)))
            if bare:
                rows.append(run_one("bare", bare, False, n, args.rounds))
            for row in rows[-2:]:
                print(json.dumps(row), flush=True)
    finally:
        for server in ours + bare:
            server["process"].terminate()
            server["process"].wait(10)
    print(
        "\n| N | app | joined | join s | p50 ms | p95 ms | p99 ms | max ms | lost | "
        "resynced | server CPU % | server MB | p99 ratio |"
    )
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---:|")
    bare_p99 = {r["n"]: r["p99"] for r in rows if r["label"] == "bare"}
    for r in rows:
        ratio = (
            f"{r['p99'] / bare_p99[r['n']]:.2f}"
            if r["label"] == "ours" and bare_p99.get(r["n"])
            else ""
        )
        print(
            f"| {r['n']:,} | {r['label']} | {r['joined']} | {r['join_wall_s']} | {r['p50']} | "
            f"{r['p95']} | {r['p99']} | {r['max']} | {r['lost']} | {r['recovered']} | "
            f"{r['server_cpu_pct']} | {r['server_rss_mb']} | {ratio} |"
        )


if __name__ == "__main__":
    main()

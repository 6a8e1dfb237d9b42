"""A facilitator opens a poll to N participants and they all vote: ours against the bare app.

Loopback only and bounded: two daphne processes of ours (production settings,
PostgreSQL, the Redis channel layer, daphne's default handshake timeout) and two of
the bare app of ``../shared/bench/live/`` on the same Redis and layer. For each N the
same client joins N open-event guests (half on each server, a few hundred per client
process); each of ``--rounds`` rounds the facilitator opens a draft poll
(``activity.open``; participants see ``activity.changed``) and every participant
votes (``poll.vote`` with an ``action_id``) at a random moment within
``--vote-within`` seconds of seeing it. On the bare app a round is one relayed
broadcast, answered by a vote frame it ignores. It reports join time, push latency
from the facilitator's send to each participant (p50, p95, p99, max), votes sent,
acknowledged and stored (the database's rows for each poll must equal the acks:
none lost, none counted twice), how long the last vote took after the open, pushes
lost and recovered by ``resync``, and CPU and memory per process, with our p99 as a
ratio to the bare app's.

Run (a migrated database of its own; it adds a session, polls and guests per N):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/civic_live_bench \\
    REDIS_URL=redis://127.0.0.1:6379/9 PYTHONPATH=site:. \\
    .venv/bin/python bench/live_bench.py --participants 100 500 1000 2000
Give it a Redis database of its own: the test suite clears its cache before each test,
which flushes the whole database it is given, groups and all, so a bench sharing one
with someone's tests loses every push after the first flush. Skips the baseline,
saying so, when the bare app is not found.
"""

import argparse
import asyncio
import json
import math
import multiprocessing as mp
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parents[1]
# A round ends when every participant has the push and an answer to its vote, or after
# this long (votes are due within --vote-within seconds, at most 10).
ROUND_TIMEOUT_S = 25
JOIN_TIMEOUT_S = 300  # a room of 2,000 on this shared machine takes minutes to join
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
# daphne, with every thread's stack written to its log on SIGUSR1 (kill -USR1 <pid>), to
# see where a stalled server waits.
DAPHNE_WITH_DUMPS = (
    "import faulthandler, signal; faulthandler.register(signal.SIGUSR1, all_threads=True); "
    "from daphne.cli import CommandLineInterface; CommandLineInterface.entrypoint()"
)
POLL_OPTIONS = ["Park", "Library", "Bus routes", "Youth centre"]


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


def _server(module: str, pythonpath: str, extra: dict, connect_timeout: int | None) -> dict:
    port = _free_port()
    env = {**os.environ, **SERVER_ENV, **extra, "PYTHONPATH": pythonpath}
    command = [sys.executable, "-c", DAPHNE_WITH_DUMPS, "-b", "127.0.0.1", "-p", str(port)]
    if connect_timeout:
        command += ["--websocket_connect_timeout", str(connect_timeout)]
    command.append(module)
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
    """An open event of ``n`` guests, one draft poll a round, and a facilitator."""
    from django.conf import settings
    from django.test import Client

    from accounts.models import Role, User
    from accounts.services import role_grant, roles_ensure
    from deliberation.activities.services import activity_create
    from deliberation.guests import guest_token
    from deliberation.models import SessionGuest
    from deliberation.services import live_session_create

    roles_ensure()
    session = live_session_create(
        title=f"Bench {n}", open_now=True, open_event=True, agenda=[{"title": "Polls"}]
    )
    polls = [
        activity_create(
            session_id=session.pk,
            kind="poll",
            title=f"Round {r}",
            config={"mode": "single", "options": POLL_OPTIONS},
        ).activity.pk
        for r in range(1, rounds + 1)
    ]
    facilitator = User.objects.create_user(username=f"bench-{uuid.uuid4().hex[:10]}")
    role_grant(user=facilitator, role=Role.FACILITATOR, target=session)
    client = Client()
    client.force_login(facilitator)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    guests = SessionGuest.objects.bulk_create(
        SessionGuest(session=session, display_name=f"Guest {i}") for i in range(n)
    )
    return {
        "session": session.pk,
        "cookie": cookie,
        "tokens": [guest_token(g) for g in guests],
        "polls": polls,
    }


def _stored_votes(polls: list[int]) -> dict:
    """What the database holds for each poll: rows, distinct voters, and the tally's voters."""
    from deliberation.activities.models import Activity, PollVote
    from deliberation.activities.selectors import tally_payload

    found = {}
    for activity in Activity.objects.filter(pk__in=polls):
        rows = PollVote.objects.filter(activity=activity)
        tally = tally_payload(activity, staff=True)["tally"]
        found[activity.pk] = {
            "rows": rows.count(),
            "voters": rows.values("voter").distinct().count(),
            "tally": tally["voters"],
        }
    return found


def _cpu(processes) -> list[float]:
    return [sum(p.cpu_times()[:2]) for p in processes]


def _percentile(values, q):
    """The q-th percentile (nearest rank), rounded; None when nothing was measured."""
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, math.ceil(q / 100 * len(ordered)) - 1)])


async def _facilitate(url, headers, polls, rounds, shared, n):
    """Each round: open the poll (or relay a broadcast), wait for the pushes and votes."""
    import websockets

    sent = {}
    ours = bool(polls)
    async with websockets.connect(
        url, origin="http://127.0.0.1", additional_headers=headers, max_queue=None
    ) as console:
        if ours:
            await asyncio.wait_for(console.recv(), 30)  # its snapshot
        drain = asyncio.ensure_future(_drain(console))
        for r in range(1, rounds + 1):
            sent[r] = time.time()
            if ours:
                message = {
                    "type": "activity.open",
                    "activity_id": polls[r - 1],
                    "action_id": str(uuid.uuid4()),
                }
            else:
                message = {"type": "broadcast", "round": r, "t": sent[r]}
            await console.send(json.dumps(message))
            deadline = time.monotonic() + ROUND_TIMEOUT_S
            answered = shared["acked"] if ours else shared["sent"]
            while time.monotonic() < deadline and (
                shared["arrived"].value < r * n or answered.value + shared["failed"].value < r * n
            ):
                await asyncio.sleep(0.02)
            await asyncio.sleep(0.5)  # late arrivals, resyncs and tallies settle
        drain.cancel()
    return sent


async def _drain(socket):
    async for _ in socket:
        pass


def run_one(label, servers, n, rounds, vote_within, address_base, seed=None):
    from bench.live_load import worker_main

    ours = seed is not None
    if ours:
        path = f"/ws/sessions/{seed['session']}/"
        urls = [
            f"ws://127.0.0.1:{servers[i % 2]['port']}{path}?token={seed['tokens'][i]}"
            for i in range(n)
        ]
        polls = seed["polls"]
    else:
        path, polls = "/ws/", []
        urls = [f"ws://127.0.0.1:{servers[i % 2]['port']}{path}" for i in range(n)]
    people = list(enumerate(urls))
    shared = {k: mp.Value("i", 0) for k in ("joined", "arrived", "sent", "acked", "failed")}
    stop = mp.Value("b", 0)
    results = mp.Queue()
    workers = []
    count = max(1, math.ceil(n / PER_WORKER))
    for w in range(count):
        spec = {
            "origin": "http://127.0.0.1",
            "ours": ours,
            "polls": {p: r for r, p in enumerate(polls, 1)},
            "vote_within": vote_within,
            "address_base": address_base,
            "participants": people[w::count],
        }
        worker = mp.Process(target=worker_main, args=(spec, shared, stop, results))
        worker.start()
        workers.append(worker)
    processes = [psutil.Process(s["process"].pid) for s in servers]
    clients = [psutil.Process(w.pid) for w in workers]
    started = time.monotonic()
    while shared["joined"].value < n and time.monotonic() - started < JOIN_TIMEOUT_S:
        time.sleep(0.1)
    join_wall = time.monotonic() - started
    print(f"{label} {n}: {shared['joined'].value} joined in {join_wall:.1f} s", flush=True)
    before, clock = _cpu(processes + clients), time.monotonic()
    url = f"ws://127.0.0.1:{servers[0]['port']}{path}"
    headers = {"Cookie": seed["cookie"]} if ours else {}
    sent = asyncio.run(_facilitate(url, headers, polls, rounds, shared, n))
    elapsed = time.monotonic() - clock
    after = _cpu(processes + clients)
    rss = [p.memory_info().rss / 2**20 for p in processes + clients]
    stop.value = 1
    people_results = []
    for _ in workers:
        people_results.extend(results.get(timeout=90))
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
    votes = [(r, v) for p in people_results for r, v in p["votes"].items()]
    acked = [(r, v) for r, v in votes if v["ack"] is not None]
    row = {
        "label": label,
        "n": n,
        "joined": len(joins),
        "join_wall_s": round(join_wall, 2),
        "join_max_s": round(max(joins, default=0), 2),
        "p50": _percentile(latencies, 50),
        "p95": _percentile(latencies, 95),
        "p99": _percentile(latencies, 99),
        "max": _percentile(latencies, 100),
        "lost": n * rounds - len(latencies),
        "arrived_per_round": [
            sum(1 for p in people_results if r in p["received"]) for r in range(1, rounds + 1)
        ],
        "recovered": sum(p["recovered"] for p in people_results),
        "errors": sum(len(p["errors"]) for p in people_results),
        "error_kinds": sorted({e for p in people_results for e in p["errors"]})[:5],
        "votes_sent": len(votes),
        "server_cpu_pct": [round(c) for c in cpu[:2]],
        "server_rss_mb": [round(m) for m in rss[:2]],
        "client_cpu_pct": round(sum(cpu[2:])),
    }
    if ours:
        stored = _stored_votes(polls)
        acks_by_poll = {p: sum(1 for r, _ in acked if polls[r - 1] == p) for p in polls}
        row.update(
            {
                "votes_acked": len(acked),
                "vote_errors": sorted({v["error"] for _, v in votes if v["error"]}),
                "votes_stored": sum(s["rows"] for s in stored.values()),
                "stored_equals_acked": all(
                    s["rows"] == s["voters"] == s["tally"] == acks_by_poll[p]
                    for p, s in stored.items()
                ),
                "ack_p99_ms": _percentile([(v["ack"] - v["sent"]) * 1000 for _, v in acked], 99),
                "last_vote_s": round(
                    max((v["ack"] - sent[r] for r, v in acked), default=float("nan")), 2
                ),
            }
        )
    return row


def _table(rows):
    print(
        "\n| N | app | joined | join s | p50 ms | p95 ms | p99 ms | max ms | lost | resynced "
        "| votes sent / acked / stored | last vote s | server CPU % | server MB | p99 ratio |"
    )
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---|---|---:|")
    bare_p99 = {(r["n"], r["attempt"]): r["p99"] for r in rows if r["label"] == "bare"}
    for r in rows:
        ratio = ""
        if r["label"] == "ours" and bare_p99.get((r["n"], r["attempt"])):
            ratio = f"{r['p99'] / bare_p99[(r['n'], r['attempt'])]:.2f}"
        votes = (
            f"{r['votes_sent']} / {r['votes_acked']} / {r['votes_stored']}"
            if r["label"] == "ours"
            else f"{r['votes_sent']} (ignored)"
        )
        print(
            f"| {r['n']:,} | {r['label']} | {r['joined']} | {r['join_wall_s']} | {r['p50']} | "
            f"{r['p95']} | {r['p99']} | {r['max']} | {r['lost']} | {r['recovered']} | {votes} | "
            f"{r.get('last_vote_s', '')} | {r['server_cpu_pct']} | {r['server_rss_mb']} | "
            f"{ratio} |"
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, nargs="+", default=[100, 500])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=1, help="runs of each size")
    parser.add_argument(
        "--vote-within", type=float, default=5.0, help="seconds; at most 10 (the acceptance)"
    )
    parser.add_argument(
        "--connect-timeout",
        type=int,
        default=None,
        help="daphne's --websocket_connect_timeout (default: daphne's own, 5 s)",
    )
    args = parser.parse_args()
    # A bounded run stopped by ``timeout`` still stops its servers (the ``finally`` below).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if not os.environ.get("DATABASE_URL") or not os.environ.get("REDIS_URL"):
        raise SystemExit("Set DATABASE_URL (a migrated PostgreSQL database) and REDIS_URL.")
    if not 0 <= args.vote_within <= 10 or not 1 <= args.rounds <= 10:
        raise SystemExit("--vote-within is 0-10 s and --rounds 1-10 (the contribution limit).")
    os.environ.update(SERVER_ENV)
    import django

    django.setup()
    site_path = os.pathsep.join([str(REPO / "site"), str(REPO)])
    timeout = args.connect_timeout
    ours = [_server("config.asgi:application", site_path, {}, timeout) for _ in range(2)]
    bare_dir = _bare_dir()
    bare_path = os.pathsep.join([str(bare_dir), str(REPO / "bench")]) if bare_dir else ""
    layer = {"LAYER": "channels_redis.core.RedisChannelLayer"}
    bare = (
        [_server("bare_layer:application", bare_path, layer, timeout) for _ in range(2)]
        if bare_dir
        else []
    )
    if not bare_dir:
        print("Baseline skipped: ../shared/bench/live/bare_asgi.py not found.")
    rows = []
    address_base = 0  # fresh loopback addresses per run, under the per-address limit
    try:
        _ready(ours + bare)
        for n in args.participants:
            for attempt in range(1, args.repeat + 1):
                seed = _seed(n, args.rounds)
                pair = [run_one("ours", ours, n, args.rounds, args.vote_within, address_base, seed)]
                address_base += n
                if bare:
                    pair.append(
                        run_one("bare", bare, n, args.rounds, args.vote_within, address_base)
                    )
                    address_base += n
                for row in pair:
                    row["attempt"] = attempt
                    print(json.dumps(row), flush=True)
                rows.extend(pair)
    finally:
        for server in ours + bare:
            server["process"].terminate()
            server["process"].wait(10)
    _table(rows)


if __name__ == "__main__":
    main()

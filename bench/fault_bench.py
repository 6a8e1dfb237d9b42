"""Submissions while servers and the task worker are killed: is every acknowledged one kept once?

Serves the platform as the other web benchmarks do (daphne, production settings,
PostgreSQL, Redis, the demo loaded), but with **two** daphne processes and a task worker.
``--clients`` residents (default 200) answer the demo survey for ``--seconds`` (default
60), each starting on one of the two servers. Half-way, server A is killed with SIGKILL
and started again; at 30 % the task worker is killed and started again at 40 %. A resident
whose request fails (connection refused or cut) retries the same POST, up to five times,
on the other server, as a browser's resubmit would: their session is shared through the
database and Redis, and the final submit is idempotent by its submission key.

At the end it compares the submissions acknowledged (a 302 to ``done/<key>/`` received)
with those stored (each key once), waits for the jobs the submissions queued (results
refreshes) and reports the jobs recovered from the killed worker, the error rate and the
POST latency (p50, p95) against the same run's first, undisturbed 20 %.

    .venv/bin/python bench/fault_bench.py [--seconds 60] [--clients 200]
"""

import argparse
import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "site")]

from bench.consultation_submit_bench import TOKEN_RE, Session, _forms  # noqa: E402
from bench.web.load import LoadResult  # noqa: E402
from bench.web.server import (  # noqa: E402
    DB_NAME,
    HOST,
    bench_env,
    free_port,
    manage,
    manage_shell,
    psql,
    wait_for,
)

RETRIES = 5
FAILURES = (OSError, asyncio.IncompleteReadError, ValueError, IndexError)


class Processes:
    """Two daphne servers and a task worker that the benchmark can kill and restart."""

    def __init__(self, env: dict):
        self.env, self.ports = env, [free_port(), free_port()]
        self.servers: list[subprocess.Popen | None] = [None, None]
        self.worker: subprocess.Popen | None = None
        self.log = open(REPO / "var" / "bench-fault.log", "w")  # noqa: SIM115

    def start_server(self, i: int) -> None:
        self.servers[i] = subprocess.Popen(
            [sys.executable, "-m", "daphne", "-b", HOST, "-p", str(self.ports[i])]
            + ["--proxy-headers", "config.asgi:application"],
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=self.log,
        )
        wait_for(self.ports[i])

    def start_worker(self) -> None:
        self.worker = subprocess.Popen(
            [sys.executable, str(REPO / "manage.py"), "db_worker", "--queue-name", "*"]
            + ["--no-reload", "--no-startup-delay"],
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=self.log,
        )

    @staticmethod
    def kill(process: subprocess.Popen | None) -> None:
        if process and process.poll() is None:
            process.send_signal(signal.SIGKILL)
            process.wait()

    def stop(self) -> None:
        for process in [*self.servers, self.worker]:
            if process and process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    self.kill(process)
        self.log.close()


class Resident:
    """One resident's browser: a session whose requests fall over to the other server."""

    def __init__(self, ports: list[int], first: int, stats: dict):
        self.ports, self.at, self.stats = ports, first, stats
        self.session = Session(HOST, ports[first])

    def _switch(self) -> None:
        self.at = 1 - self.at
        cookies = self.session.cookies
        self.session = Session(HOST, self.ports[self.at])
        self.session.cookies = cookies

    async def request(self, method: str, path: str, fields=None):
        for attempt in range(RETRIES + 1):
            start = time.perf_counter()
            try:
                reply = await asyncio.wait_for(self.session.request(method, path, fields), 30)
            except (*FAILURES, TimeoutError):
                self.stats["errors"] += 1
                if attempt == RETRIES:
                    raise
                self._switch()
                await asyncio.sleep(0.2)
                continue
            phase = "before" if time.perf_counter() < self.stats["calm_until"] else "during"
            self.stats[phase].latencies.append(time.perf_counter() - start)
            self.stats["requests"] += 1
            return reply
        raise AssertionError("unreachable")


async def _resident(i: int, data: dict, ports: list[int], deadline: float, stats: dict):
    resident = Resident(ports, i % 2, stats)
    url, n = data["url"], i * 7
    try:
        status, _, body = await resident.request("GET", url + "step/0/")
        token = TOKEN_RE.search(body).group(1).decode()
        while time.perf_counter() < deadline:
            form = data["forms"][n % len(data["forms"])]
            n += 1
            for step, fields in zip(data["steps"], form, strict=True):
                await resident.request(
                    "POST", f"{url}step/{step}/", [*fields, ["csrfmiddlewaretoken", token]]
                )
            final = [["csrfmiddlewaretoken", token], ["publish", "yes"]]
            status, headers, _ = await resident.request("POST", f"{url}check/", final)
            location = headers.get("location", "")
            if status == 302 and "/done/" in location:
                stats["acknowledged"].add(location.rstrip("/").rsplit("/", 1)[-1])
            else:
                stats["not_acknowledged"] += 1
    except FAILURES + (TimeoutError, AttributeError):
        stats["gave_up"] += 1


async def _faults(processes: Processes, seconds: float, began: float, events: list):
    async def at(fraction: float):
        await asyncio.sleep(max(0.0, began + seconds * fraction - time.perf_counter()))

    await at(0.3)
    Processes.kill(processes.worker)
    events.append(f"{time.perf_counter() - began:5.1f} s  task worker killed (SIGKILL)")
    await at(0.4)
    processes.start_worker()
    events.append(f"{time.perf_counter() - began:5.1f} s  task worker started again")
    await at(0.5)
    Processes.kill(processes.servers[0])
    events.append(f"{time.perf_counter() - began:5.1f} s  server A killed (SIGKILL)")
    await asyncio.sleep(1)
    await asyncio.to_thread(processes.start_server, 0)
    events.append(f"{time.perf_counter() - began:5.1f} s  server A answering again")


def _run(data: dict, processes: Processes, clients: int, seconds: float) -> tuple[dict, list]:
    stats = {
        "acknowledged": set(),
        "not_acknowledged": 0,
        "gave_up": 0,
        "errors": 0,
        "requests": 0,
        "before": LoadResult(),
        "during": LoadResult(),
    }
    events: list[str] = []

    async def main():
        began = time.perf_counter()
        stats["calm_until"] = began + seconds * 0.2
        deadline = began + seconds
        await asyncio.gather(
            _faults(processes, seconds, began, events),
            *(_resident(i, data, processes.ports, deadline, stats) for i in range(clients)),
        )

    asyncio.run(main())
    return stats, events


STORED_SCRIPT = """
import json, time
from django.utils import timezone
from consultations.models import Response
from jobs.models import Job
deadline = time.monotonic() + {wait}
pending = Job.objects.filter(status__in=["queued", "running"])
while time.monotonic() < deadline and pending.exclude(run_after__gt=timezone.now()).exists():
    time.sleep(1)
submitted = Response.objects.filter(status="submitted")
keys = [str(k) for k in submitted.values_list("submission_key", flat=True)]
states = ["queued", "running", "succeeded", "failed"]
jobs = {{s: Job.objects.filter(status=s).count() for s in states}}
jobs["recovered"] = Job.objects.filter(status="succeeded", attempts__gt=1).count()
print(json.dumps({{"keys": keys, "jobs": jobs}}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--job-wait", type=float, default=90, help="seconds to wait for jobs")
    args = parser.parse_args()

    env = bench_env()
    # Beat often and call a worker dead after 10 s, so recovery shows within the run.
    env.update({"CIVIC_JOBS_BEAT_SECONDS": "2", "CIVIC_JOBS_STALE_SECONDS": "10"})
    (REPO / "var").mkdir(exist_ok=True)
    psql(f'CREATE DATABASE "{DB_NAME}"')
    processes = Processes(env)
    try:
        manage(env, "migrate", "--no-input")
        manage(env, "collectstatic", "--no-input")
        manage(env, "load_demo")
        data = _forms(env)
        before = set(json.loads(manage_shell(env, STORED_SCRIPT.format(wait=0)))["keys"])
        processes.start_server(0)
        processes.start_server(1)
        processes.start_worker()
        stats, events = _run(data, processes, args.clients, args.seconds)
        after = json.loads(manage_shell(env, STORED_SCRIPT.format(wait=args.job_wait)))
    finally:
        processes.stop()
        psql(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
    _report(args, stats, events, set(after["keys"]) - before, after["jobs"])


def _report(args, stats: dict, events: list, stored: set, jobs: dict) -> None:
    acked = stats["acknowledged"]
    calm, faulty = stats["before"], stats["during"]
    total = stats["requests"] + stats["errors"]
    print(
        f"2 daphne processes + 1 task worker, production settings, PostgreSQL + Redis, "
        f"{args.clients} residents, {args.seconds:.0f} s"
    )
    for event in events:
        print("  " + event)
    print(f"submissions acknowledged           {len(acked):>7}")
    print(f"submissions stored                 {len(stored):>7}")
    print(f"acknowledged but not stored (lost) {len(acked - stored):>7}")
    print(f"stored but never acknowledged      {len(stored - acked):>7}")
    print(f"residents who gave up (5 retries)  {stats['gave_up']:>7}")
    print(f"requests failed and retried        {stats['errors']:>7} of {total} ")
    print(f"  error rate                       {stats['errors'] / max(1, total):>7.2%}")
    print(
        f"request latency p50 / p95 ms: calm first 20 % {1000 * calm.percentile(50):.0f} / "
        f"{1000 * calm.percentile(95):.0f}; after {1000 * faulty.percentile(50):.0f} / "
        f"{1000 * faulty.percentile(95):.0f} (p95 ratio "
        f"{faulty.percentile(95) / calm.percentile(95):.2f})"
    )
    print(
        f"jobs: {jobs['succeeded']} succeeded ({jobs['recovered']} after a retry or recovery), "
        f"{jobs['failed']} failed, {jobs['queued']} queued, {jobs['running']} running"
    )
    print(
        "verdict: "
        + (
            "every acknowledged submission stored once"
            if acked <= stored
            else "LOST acknowledged submissions"
        )
    )


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    main()

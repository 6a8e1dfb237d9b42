"""Residents' form journeys through the ASGI server, against a bare POST in the same run.

Shared by ``bench/consultation_submit_bench.py`` and ``bench/budget_submit_bench.py``:
each client is one resident's browser (one keep-alive connection, its own cookies),
posting a consultation's pages (``step/<n>/``, answered 302) and then ``check/`` (the
submission, answered 302 to ``done/``). Only journeys whose POSTs all succeed count.
The baseline posts the first page's fields to a bare view through the same middleware.

``forms`` data, as the benches build it in the server's own shell:
``{"url": page path, "steps": [step numbers], "forms": [[fields of each step], ...]}``.
"""

import argparse
import asyncio
import json
import time
from urllib.parse import urlparse

from bench.web.client import Session, count_status, form_start
from bench.web.load import LoadResult, run_load
from bench.web.server import HEADERS, HOST, manage_shell, served
from bench.web.submits import submits_only


async def _bare_client(host, port, url, body, deadline, result: LoadResult):
    session = Session(host, port)
    token = await form_start(session, url)
    fields = [*body, ["csrfmiddlewaretoken", token]]
    while time.perf_counter() < deadline:
        start = time.perf_counter()
        status, _, _ = await session.request("POST", "/bench/bare-post/", fields)
        count_status(result, status, 200, start)


async def _journey_client(host, port, data, offset, deadline, stats):
    session = Session(host, port)
    url = data["url"]
    token = await form_start(session, url)
    n = offset
    while time.perf_counter() < deadline:
        form = data["forms"][n % len(data["forms"])]
        n += 1
        began = time.perf_counter()
        ok = True
        for step, fields in zip(data["steps"], form, strict=True):
            start = time.perf_counter()
            status, _, _ = await session.request(
                "POST", f"{url}step/{step}/", [*fields, ["csrfmiddlewaretoken", token]]
            )
            if not count_status(stats["step"], status, 302, start):
                ok = False
                break
        if not ok:
            stats["journey"].other += 1
            continue
        start = time.perf_counter()
        # The submission key is held in the resident's session (check-your-answers), so
        # the final POST carries only the CSRF token and the resident's choices.
        final = [["csrfmiddlewaretoken", token], ["publish", "yes"]]
        status, headers, _ = await session.request("POST", f"{url}check/", final)
        done = status == 302 and "/done/" in headers.get("location", "")
        count_status(stats["check"], status if done or status != 302 else -1, 302, start)
        if done:
            stats["journey"].ok += 1
            stats["journey"].latencies.append(time.perf_counter() - began)
        else:
            stats["journey"].other += 1


def _run(clients, make_client, seconds):
    async def main():
        deadline = time.perf_counter() + seconds
        start = time.perf_counter()
        await asyncio.gather(*(make_client(i, deadline) for i in range(clients)))
        return time.perf_counter() - start

    return asyncio.run(main())


def bare_posts(port, data, clients, seconds) -> LoadResult:
    """The baseline: the first page's fields posted to a view that does no work."""
    result = LoadResult()
    body = data["forms"][0][0]
    result.seconds = _run(
        clients,
        lambda i, deadline: _bare_client(HOST, port, data["url"], body, deadline, result),
        seconds,
    )
    return result


def journeys(port, data, clients, seconds) -> dict[str, LoadResult]:
    """Whole journeys; results for page steps, final submits and whole journeys."""
    stats = {name: LoadResult() for name in ("step", "check", "journey")}
    elapsed = _run(
        clients,
        lambda i, deadline: _journey_client(HOST, port, data, i * 7, deadline, stats),
        seconds,
    )
    for result in stats.values():
        result.seconds = elapsed
    return stats


def journeys_report(title: str, bare: LoadResult, stats: dict[str, LoadResult], saved: int):
    """Print the table: each measure's rate and p95, and both as ratios to the bare POST."""
    step, check, journey = stats["step"], stats["check"], stats["journey"]
    steps_each = round(step.ok / check.ok) if check.ok else 0
    posts = LoadResult(
        ok=step.ok + check.ok,
        other=step.other + check.other,
        latencies=step.latencies + check.latencies,
        seconds=step.seconds,
    )

    print(title)
    print(
        f"{'measure':<34} {'done':>6} {'failed':>6} {'per s':>8} {'p50 ms':>8} {'p95 ms':>8} "
        f"{'rate ratio':>11} {'p95 ratio':>10}"
    )
    rows = [
        ("bare POST view (baseline)", bare),
        (f"form POSTs ({steps_each + 1} a journey)", posts),
        ("  of which page steps", step),
        ("  of which final check/ submit", check),
        ("submissions (whole journeys)", journey),
    ]
    for label, r in rows:
        _row(label, r, bare)
    print(f"responses saved in the database during the run: {saved} (counted: {journey.ok})")


def _row(label: str, r: LoadResult, bare: LoadResult) -> None:
    print(
        f"{label:<34} {r.ok:>6} {r.other:>6} {r.rps:>8.1f} {1000 * r.percentile(50):>8.1f} "
        f"{1000 * r.percentile(95):>8.1f} {r.rps / bare.rps:>11.3f} "
        f"{r.percentile(95) / bare.percentile(95):>10.2f}"
        + (f"  other statuses: {r.statuses}" if r.statuses else "")
    )


def _forms(env, script: str) -> dict:
    data = json.loads(manage_shell(env, script))
    data["url"] = urlparse(data["url"]).path
    return data


def _submitted(env) -> int:
    script = (
        "from consultations.models import Response; "
        "print(Response.objects.filter(status='submitted').count())"
    )
    return int(manage_shell(env, script))


def journeys_main(doc: str, forms_script: str) -> None:
    """Serve the demo, warm up, then time bare POSTs and whole journeys in one run.

    ``forms_script`` runs in the server's Django shell and prints the ``forms`` data.
    """
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument(
        "--submit-sessions", type=int, default=25, help="answered residents per client"
    )
    args = parser.parse_args()

    with served() as server:
        port, env = server.port, server.env
        data = _forms(env, forms_script)
        run_load(HOST, port, "/bench/bare/", clients=args.clients, seconds=2, headers=HEADERS)
        bare_posts(port, data, args.clients, 2)
        journeys(port, data, args.clients, 2)
        before = _submitted(env)
        bare = bare_posts(port, data, args.clients, args.seconds)
        stats = journeys(port, data, args.clients, args.seconds)
        saved = _submitted(env) - before
        submits = submits_only(port, data, args.clients, args.seconds, args.submit_sessions)
        bare_again = bare_posts(port, data, args.clients, args.seconds)
    title = (
        f"daphne, production settings, PostgreSQL + Redis, {args.clients} clients, "
        f"{args.seconds:.0f} s each"
    )
    journeys_report(title, bare, stats, saved)
    print("submit-only phase (every page already answered), then a bare POST phase:")
    for label, r in (("bare POST view (again)", bare_again), ("final check/ submit only", submits)):
        _row(label, r, bare_again)

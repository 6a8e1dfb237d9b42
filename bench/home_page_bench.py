"""Home page throughput under the production settings and the ASGI server.

Serves the platform with daphne (production settings, PostgreSQL, Redis) and
measures requests per second and p95 latency for the home page with 20
concurrent keep-alive clients on loopback, as a ratio against a bare Django
view served by the same server in the same run.

    .venv/bin/python bench/home_page_bench.py [--seconds 15] [--clients 20]

Needs PostgreSQL and Redis (BENCH_DATABASE_URL / BENCH_REDIS_URL, defaulting to
the local services); it creates and drops its own database (see bench/web/server.py).
"""

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "site")]

from bench.web.load import run_load  # noqa: E402
from bench.web.server import HEADERS, HOST, served  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--clients", type=int, default=20)
    args = parser.parse_args()

    with served() as server:
        rows = []
        for label, path in (("bare Django view", "/bench/bare/"), ("home page", "/")):
            run_load(HOST, server.port, path, clients=args.clients, seconds=2, headers=HEADERS)
            result = run_load(
                HOST,
                server.port,
                path,
                clients=args.clients,
                seconds=args.seconds,
                headers=HEADERS,
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


if __name__ == "__main__":
    main()

"""Queries and a cProfile of the home page, a survey step (GET, POST) and the final submit.

Runs in one process with the benchmark's settings (production settings, PostgreSQL,
Redis) against its own database with the demo loaded, through Django's test client:

    .venv/bin/python bench/page_profile.py [--repeat 30] [--top 25]

Prints the number of queries each request makes (once warm) and the functions that
take the most time over ``--repeat`` requests of each kind.
"""

import argparse
import cProfile
import io
import json
import os
import pstats
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "site")]

from bench.consultation_submit_bench import FORMS_SCRIPT  # noqa: E402
from bench.web.server import DB_NAME, bench_env, manage, manage_shell, psql  # noqa: E402


def _client():
    from django.test import Client

    return Client(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")


def _journey(client, data, form, *, submit=True):
    url = data["url"]
    for step, fields in zip(data["steps"], form, strict=True):
        body = {}
        for key, value in fields:
            body.setdefault(key, []).append(value)
        response = client.post(f"{url}step/{step}/", body, secure=True)
        assert response.status_code == 302, response.status_code
    if submit:
        response = client.post(f"{url}check/", {"publish": "yes"}, secure=True)
        assert response.status_code == 302 and "/done/" in response["Location"], response


def _caller() -> str:
    """The innermost frame of our own code or of Wagtail that made a query."""
    import traceback

    frames = traceback.extract_stack()[:-3]
    ours = [f for f in frames if "/site-packages/" not in f.filename or "/wagtail/" in f.filename]
    ours = [f for f in ours if "bench/" not in f.filename] or frames
    f = ours[-1]
    return f"{Path(f.filename).name}:{f.lineno}:{f.name}"


def _measure(label, make_request, repeat, top):
    from django.db import connection

    make_request()  # warm
    queries = []

    def record(execute, sql, params, many, context):
        queries.append({"sql": sql, "where": _caller()})
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        make_request()
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(repeat):
        make_request()
    profile.disable()
    out = io.StringIO()
    if dump := os.environ.get("PROFILE_DUMP"):
        profile.dump_stats(f"{dump}.{label.replace(' ', '_').replace('/', '')}.prof")
    stats = pstats.Stats(profile, stream=out)
    total = stats.total_tt / repeat  # type: ignore[attr-defined]
    print(f"== {label}: {len(queries)} queries, {1000 * total:.1f} ms a request (profiled)")
    if os.environ.get("SHOW_SQL"):
        for q in queries:
            print("   ", q["where"], "|", q["sql"][:160])
    stats.sort_stats(os.environ.get("PROFILE_SORT", "cumulative")).print_stats(top)
    print("\n".join(out.getvalue().splitlines()[8:]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    env = bench_env()
    psql(f'CREATE DATABASE "{DB_NAME}"')
    try:
        manage(env, "migrate", "--no-input")
        manage(env, "collectstatic", "--no-input")
        manage(env, "load_demo")
        data = json.loads(manage_shell(env, FORMS_SCRIPT))
        os.environ.update(env)
        import django

        django.setup()
        from urllib.parse import urlparse

        data["url"] = urlparse(data["url"]).path
        client = _client()
        forms = iter(data["forms"] * 10)

        _measure("home page", lambda: client.get("/", secure=True), args.repeat, args.top)
        url = data["url"]
        _measure(
            "survey step GET",
            lambda: client.get(f"{url}step/{data['steps'][1]}/", secure=True),
            args.repeat,
            args.top,
        )

        def step_post():
            body = {}
            for key, value in data["forms"][0][0]:
                body.setdefault(key, []).append(value)
            response = client.post(f"{url}step/{data['steps'][0]}/", body, secure=True)
            assert response.status_code == 302

        _measure("survey step POST", step_post, args.repeat, args.top)

        # The final submit alone: each request gets a session whose steps are done.
        ready = []

        def prepare():
            c = _client()
            _journey(c, data, next(forms), submit=False)
            ready.append(c)

        for _ in range(args.repeat + 2):
            prepare()

        def submit():
            c = ready.pop()
            response = c.post(f"{url}check/", {"publish": "yes"}, secure=True)
            assert response.status_code == 302 and "/done/" in response["Location"]

        _measure("final check/ submit POST", submit, args.repeat, args.top)
    finally:
        from django.db import connections

        connections.close_all()
        psql(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')


if __name__ == "__main__":
    main()

"""Time and peak memory to compute a consultation's results page and stream its CSV export.

On a temporary test database (the test settings: in-memory SQLite unless ``DATABASE_URL``
is set), bulk-creates synthetic submitted responses to a consultation with every question
kind, then measures (a) the full suppressed results set through
``consultations.results_views.page_results_compute`` (fed by ``answers_frame``) and (b)
streaming the response CSV through ``consultations.exports.responses_csv``. Each figure is
timed on a plain run; peak memory comes from a second, traced run (tracemalloc slows
Python). Run: ``.venv/bin/python bench/consultation_results_bench.py [--sizes 10000 100000]``.
"""

import argparse
import os
import resource
import sys
import time
import tracemalloc
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "site")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

import numpy as np  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

BATCH = 5000
P, C, H = "Prevention", "Community services", "Hospitals"


def _page():
    from home.services import site_setup
    from tests.consultations.factories import make_consultation

    return make_consultation(site_setup())


def _answers(r, page, rng) -> list:
    """One synthetic person's answers to every question of the factory consultation."""
    from consultations.models import Answer

    out = []

    def add(q, value, number=None, row=""):
        out.append(
            Answer(response=r, page=page, question_id=q, value=str(value), number=number, row=row)
        )

    add("q-carer", rng.choice(["Yes", "No"]))
    for option in ("GP", "Day centre", "Respite care"):
        if rng.random() < 0.4:
            add("q-used", option)
    if rng.random() < 0.05:
        add("q-used", "Other")
        add("q-used", "A carers' group", row="other")
    scale = int(rng.integers(1, 6))
    add("q-scale", scale, float(scale))
    for rank, option in enumerate(rng.permutation([P, C, H]), start=1):
        add("q-rank", option, float(rank))
    for row in ("find information", "get a break"):
        add("q-matrix", rng.choice(["Easy", "Hard"]), row=row)
    add("q-town", "Chelmsford")
    hours = int(rng.integers(0, 80))
    add("q-hours", hours, float(hours))
    add("q-age", rng.choice(["Under 40", "40 to 64", "65 or over", "Prefer not to say"]))
    add("q-consent", "yes")
    return out


def responses_add(page, n: int, seed: int) -> int:
    """Bulk-create ``n`` submitted responses with answers to every question; return rows."""
    from consultations.models import Answer, Response, ResponseStatus

    rng = np.random.default_rng(seed)
    now = timezone.now()
    channels = rng.choice(["online", "paper", "phone", "event"], size=n, p=[0.7, 0.2, 0.07, 0.03])
    rows = 0
    for start in range(0, n, BATCH):
        size = min(BATCH, n - start)
        made = Response.objects.bulk_create(
            Response(
                page=page,
                status=ResponseStatus.SUBMITTED,
                channel=channels[start + i],
                submission_key=uuid.uuid4(),
                submitted_at=now,
            )
            for i in range(size)
        )
        answers = [a for r in made for a in _answers(r, page, rng)]
        Answer.objects.bulk_create(answers, batch_size=BATCH)
        rows += len(answers)
    return rows


def _results(page):
    from consultations.results_views import page_results_compute

    return page_results_compute(page)


def _csv(page) -> int:
    from consultations.exports import responses_csv

    return sum(len(line.encode()) for line in responses_csv(page, demographics=True))


def measure(func, page) -> tuple[float, float, object]:
    start = time.perf_counter()
    out = func(page)
    seconds = time.perf_counter() - start
    tracemalloc.start()
    func(page)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return seconds, peak / 2**20, out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    args = parser.parse_args()
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        page = _page()
        rows, made, table = 0, 0, []
        for n in sorted(args.sizes):
            start = time.perf_counter()
            rows += responses_add(page, n - made, seed=n)
            made = n
            build = time.perf_counter() - start
            rs_s, rs_mib, data = measure(_results, page)
            csv_s, csv_mib, size = measure(_csv, page)
            assert data.respondents == n, data.respondents
            table.append((n, rows, build, rs_s, rs_mib, csv_s, csv_mib, size / 2**20))
            print(
                f"{n:>8} responses {rows:>9} answer rows (built in {build:.0f} s): "
                f"results {rs_s:7.2f} s peak {rs_mib:7.1f} MiB | "
                f"CSV {csv_s:7.2f} s peak {csv_mib:6.1f} MiB, {size / 2**20:.1f} MiB written",
                flush=True,
            )
        if len(table) >= 2:
            a, b = table[0], table[-1]
            print(
                f"ratio {b[0]}/{a[0]}: results {b[3] / a[3]:.2f}x time, {b[4] / a[4]:.2f}x memory; "
                f"CSV {b[5] / a[5]:.2f}x time, {b[6] / a[6]:.2f}x memory"
            )
        print(
            f"process max RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB"
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()

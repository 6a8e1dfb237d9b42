"""Consultation results as stored snapshots, refreshed by a background job.

Computing every figure of a consultation (tables plus secondary suppression, thousands
of small LPs) takes about a minute for a few hundred responses, far too long for a web
request. So a ``consultations.results`` job computes them and stores a
:class:`~consultations.models.ResultsSnapshot`; pages show the newest snapshot with the
time it was made, and ask for a new one when responses or questions have changed since.
Small consultations (fewer than ``CONSULTATION_RESULTS_INLINE_UNDER`` responses) are
quick, so they are still computed in the request.
"""

from __future__ import annotations

import logging
import pickle
from dataclasses import dataclass
from datetime import datetime, timedelta

import pandas as pd
from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q
from django.utils import timezone

from consultations.budget import budget_exercise
from consultations.job_kinds import RESULTS_KIND
from consultations.models import ResultsSnapshot
from consultations.result_dimensions import CHANNEL, Dimension, dimensions_add
from consultations.results import TOTAL, Question, ResultsSet, results_set
from consultations.results.budget_shifts import ROUND, USER
from consultations.selectors import RESULT_KIND, answers_frame, result_questions, submitted
from jobs.models import Job, JobStatus
from jobs.services import job_run_now, job_start

logger = logging.getLogger("civic.consultations")

# Bump when PageResults (or anything it holds) changes shape, so older snapshots are
# recomputed rather than unpickled into the new code.
SNAPSHOT_FORMAT = 3
INLINE_UNDER = 50
# Responses often arrive in bursts: one refresh a few minutes after the first of them
# takes in the rest too.
REFRESH_DELAY = timedelta(minutes=3)
REFRESH_MARGIN_SECONDS = 10
# A job "running" for longer than this has died with its worker; do not wait for it.
RUNNING_GIVEN_UP_AFTER = timedelta(minutes=30)


@dataclass
class PageResults:
    specs: list
    dimensions: dict[str, Dimension]
    results: ResultsSet | None
    respondents: int | None  # None when hidden
    threshold: int
    # How many responses the figures count, shown or not: only for saying truly why
    # ``respondents`` is hidden ("fewer than the threshold", or not).
    counted: int = 0


@dataclass
class ShownResults:
    """What a page shows: the figures (None while the first are calculated) and their age."""

    data: PageResults | None
    computed_at: datetime | None
    stale: bool

    @property
    def calculating(self) -> bool:
        return self.data is None


def page_results_compute(page) -> PageResults:
    """Every suppressed figure of ``page``, protected together (the slow part)."""
    specs = page.specs()
    shown = [s for s in specs if s.kind in RESULT_KIND or s.kind in ("matrix", "budget")]
    summarised = [s for s in shown if not s.is_demographic]
    threshold = page.suppression_threshold
    frame = answers_frame(page, question_ids=[s.id for s in shown])
    frame["number"] = pd.to_numeric(frame["number"], errors="coerce")
    dims = dimensions_add(frame, specs)
    rounds = page.round_choices
    if rounds:
        # Every figure can be shown for one round; a derived dimension, not "who we heard from".
        dims[ROUND] = Dimension(
            ROUND, "Round", tuple(r for r, _ in rounds), dict(rounds), derived=True
        )
    else:
        frame = frame.drop(columns=[ROUND, USER])
    budgets = [
        Question(s.id, "budget", exercise=budget_exercise(s), rounds=tuple(r for r, _ in rounds))
        for s in summarised
        if s.kind == "budget"
    ]
    if frame.empty:
        return PageResults(specs, dims, None, None, threshold, 0)
    targets = {
        s.id: dict(s.population_shares) for s in specs if s.is_demographic and s.population_shares
    }
    results = results_set(
        frame,
        questions=result_questions(summarised) + budgets,
        demographics={d.id: d.options for d in dims.values()},
        targets=targets,
        threshold=threshold,
    )
    # Derived dimensions are protected with the rest but are not "who we heard from".
    results.representation = {
        d: table for d, table in results.representation.items() if not dims[d].derived
    }
    total = results.representation[CHANNEL].loc[TOTAL]
    respondents = None if total["suppressed"] else int(total["count"])
    counted = int(frame["response_id"].nunique())
    return PageResults(specs, dims, results, respondents, threshold, counted)


def results_stamp(page) -> tuple[str, int]:
    """What the figures depend on now, as a string, and the number of submitted responses.

    The count is in the stamp so that a deleted response makes the figures stale too.
    """
    stats = submitted(page).aggregate(n=Count("pk"), last=Max("pk"), at=Max("submitted_at"))
    at = stats["at"].timestamp() if stats["at"] else 0
    stamp = (
        f"v{SNAPSHOT_FORMAT}:{page.latest_revision_id}:{page.suppression_threshold}:"
        f"{stats['n']}:{stats['last']}:{at}"
    )
    return stamp, stats["n"]


def snapshot_results(snapshot: ResultsSnapshot) -> PageResults | None:
    """The snapshot's figures, or None when they no longer load (made by older code)."""
    if not hasattr(snapshot, "_results"):
        try:
            snapshot._results = pickle.loads(bytes(snapshot.data))  # noqa: S301 - our own data
        except Exception:
            logger.warning("Results snapshot of page %s does not load", snapshot.page_id)
            snapshot._results = None
    return snapshot._results


def results_snapshot_refresh(page, *, progress=None) -> ResultsSnapshot:
    """Compute and store the page's figures, unless the stored ones are already current."""
    stamp, count = results_stamp(page)
    current = ResultsSnapshot.objects.filter(page=page, stamp=stamp).first()
    if current is not None and snapshot_results(current) is not None:
        return current
    as_of = timezone.now()  # the responses are read from here on
    if progress:
        progress(0, 1, f"Calculating results from {count:,} responses")
    data = page_results_compute(page)
    try:
        with transaction.atomic():
            snapshot = ResultsSnapshot.objects.select_for_update().filter(page=page).first()
            if snapshot is not None and snapshot.computed_at > as_of:
                return snapshot  # a refresh that started later finished first: keep it
            snapshot = snapshot or ResultsSnapshot(page=page)
            snapshot.stamp = stamp
            snapshot.threshold = data.threshold
            snapshot.responses = count
            snapshot.computed_at = as_of
            snapshot.data = pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL)
            snapshot.save()
    except IntegrityError:  # a concurrent refresh stored the page's first snapshot
        return ResultsSnapshot.objects.get(page=page)
    snapshot._results = data
    if progress:
        progress(1, 1, "Results ready")
    return snapshot


def _refresh_jobs(page):
    cutoff = timezone.now() - RUNNING_GIVEN_UP_AFTER
    return Job.objects.filter(kind=RESULTS_KIND, params__page_id=page.pk).filter(
        Q(status=JobStatus.QUEUED) | Q(status=JobStatus.RUNNING, started_at__gte=cutoff)
    )


def _job_title(page) -> str:
    return f"Results of {page.title}"[:200]


def results_refresh_start(page) -> Job:
    """Ask for new figures now, unless a refresh is already waiting or running.

    A refresh put off until later (after a response) is brought forward instead.
    """
    job = _refresh_jobs(page).order_by("created_at").first()
    if job is None:
        return job_start(kind=RESULTS_KIND, title=_job_title(page), params={"page_id": page.pk})
    if job.status == JobStatus.QUEUED and job.run_after and job.run_after > timezone.now():
        cache.delete(_refresh_queued_key(page))  # it no longer waits for later responses
        job_run_now(job=job)
    return job


def results_refresh_schedule(page, *, now=None) -> Job:
    """Refresh the figures a few minutes from now (after a response), unless one is waiting.

    A refresh that is already running may have read the responses before this one, so
    it does not count.
    """
    job = _refresh_jobs(page).filter(status=JobStatus.QUEUED).first()
    if job is not None:
        return job
    return job_start(
        kind=RESULTS_KIND,
        title=_job_title(page),
        params={"page_id": page.pk},
        run_after=(now or timezone.now()) + REFRESH_DELAY,
    )


def results_refresh_soon(page) -> None:
    """Schedule a refresh after a response, skipping the job lookup while one is known to wait.

    A queued refresh cannot start before its ``run_after``, so until shortly before then
    every further response is covered by it; the cache remembers that, per page.
    """
    key = _refresh_queued_key(page)
    if cache.get(key):
        return
    job = results_refresh_schedule(page)
    if job.status == JobStatus.QUEUED and job.run_after is not None:
        seconds = (job.run_after - timezone.now()).total_seconds() - REFRESH_MARGIN_SECONDS
        if seconds > 0:
            cache.set(key, True, seconds)


def _refresh_queued_key(page) -> str:
    return f"consultations:refresh-queued:{page.pk}"


def inline_under() -> int:
    return getattr(settings, "CONSULTATION_RESULTS_INLINE_UNDER", INLINE_UNDER)


def results_current(page) -> ShownResults:
    """The figures to show now: current ones, or the last ones while new ones are made.

    Never computes in the request for a large consultation: it starts a refresh job and
    shows the stale figures, or none yet. Stale figures made under a lower threshold than
    today's are never shown.
    """
    stamp, count = results_stamp(page)
    snapshot = ResultsSnapshot.objects.filter(page=page).first()
    if snapshot is not None and snapshot.stamp == stamp:
        data = snapshot_results(snapshot)
        if data is not None:
            return ShownResults(data, snapshot.computed_at, stale=False)
    if count < inline_under():
        snapshot = results_snapshot_refresh(page)
        return ShownResults(snapshot_results(snapshot), snapshot.computed_at, stale=False)
    results_refresh_start(page)
    if snapshot is not None and snapshot.threshold >= page.suppression_threshold:
        data = snapshot_results(snapshot)
        if data is not None:
            return ShownResults(data, snapshot.computed_at, stale=True)
    return ShownResults(None, None, stale=True)

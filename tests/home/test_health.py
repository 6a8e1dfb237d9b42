"""``/health/`` answers 200 only when the database, cache and task worker are healthy."""

from datetime import timedelta

import pytest
from django.utils import timezone

from jobs.models import WorkerHeartbeat
from jobs.workers import STALE_AFTER, worker_beat

pytestmark = pytest.mark.django_db(transaction=True)


def _health(client):
    response = client.get("/health/?format=json")
    return response.status_code, response.json()


def test_health_fails_and_names_the_worker_when_none_has_started(client):
    status, body = _health(client)
    assert status == 500
    assert body["TaskWorker()"] == "Unavailable: No task worker has started"
    assert body["Database(alias='default')"] == "OK"


def test_health_passes_while_a_worker_beats(client):
    worker_beat(name="worker-host:99")
    status, body = _health(client)
    assert status == 200, body
    assert set(body.values()) == {"OK"}


def test_health_fails_once_the_worker_stops_beating(client):
    worker_beat(name="worker-host:99")
    WorkerHeartbeat.objects.update(beat_at=timezone.now() - STALE_AFTER - timedelta(seconds=1))
    status, body = _health(client)
    assert status == 500 and "No task worker has beaten since" in body["TaskWorker()"]


def test_health_is_never_cached(client):
    worker_beat(name="worker-host:99")
    response = client.get("/health/?format=json")
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]

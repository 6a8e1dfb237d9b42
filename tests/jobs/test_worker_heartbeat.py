"""The task worker beats from a thread beside django-tasks' loop."""

import time

import pytest
from django.core.management import get_commands

from jobs.models import WorkerHeartbeat
from jobs.workers import HeartbeatThread


def test_the_db_worker_command_is_ours_so_it_beats():
    assert get_commands()["db_worker"] == "jobs"


@pytest.mark.django_db(transaction=True)
def test_the_heartbeat_thread_beats_at_once_and_keeps_beating():
    thread = HeartbeatThread(name="test-host:7", interval=0.05)
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while not WorkerHeartbeat.objects.filter(name="test-host:7").exists():
            assert time.monotonic() < deadline, "no heartbeat within 10 s"
            time.sleep(0.02)
        first = WorkerHeartbeat.objects.get(name="test-host:7").beat_at
        while WorkerHeartbeat.objects.get(name="test-host:7").beat_at == first:
            assert time.monotonic() < deadline, "the heartbeat did not beat again"
            time.sleep(0.02)
    finally:
        thread.stop()
        thread.join(timeout=5)
    assert not thread.is_alive()
    beat = WorkerHeartbeat.objects.get(name="test-host:7")
    assert (beat.host, beat.pid) == ("test-host", 7) and beat.started_at <= beat.beat_at

"""The task worker's health, for the load balancer's health endpoint (``home.health``)."""

import dataclasses

from django.utils import timezone
from health_check.base import HealthCheck
from health_check.exceptions import ServiceUnavailable

from jobs.workers import STALE_AFTER, latest_heartbeat


@dataclasses.dataclass
class TaskWorker(HealthCheck):
    """At least one task worker beat recently: queued jobs will run."""

    def run(self) -> None:
        beat = latest_heartbeat()
        if beat is None:
            raise ServiceUnavailable("No task worker has started")
        if beat.beat_at < timezone.now() - STALE_AFTER:
            raise ServiceUnavailable(
                f"No task worker has beaten since {beat.beat_at:%Y-%m-%d %H:%M:%S} UTC"
            )

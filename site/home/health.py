"""``/health/``: what a load balancer asks before sending a process traffic.

django-health-check runs the checks: the database, the cache (Redis in production),
the channel layer's Redis where one is configured, and the task worker's heartbeat.
It answers 200 when all pass and 500 with each failure named otherwise, as HTML,
text or JSON (``?format=json``). ``/healthz`` stays the cheap liveness probe.
"""

from django.conf import settings
from health_check.checks import Cache, Database
from health_check.contrib.redis import Redis
from health_check.views import HealthCheckView
from redis.asyncio import Redis as RedisClient

from jobs.health import TaskWorker


def health_checks() -> list:
    """The checks, as django-health-check takes them: a class, or a class and its options."""
    checks: list = [Database, Cache, TaskWorker]
    if settings.REDIS_URL:
        url = settings.REDIS_URL
        checks.append((Redis, {"client_factory": lambda: RedisClient.from_url(url)}))
    return checks


class HealthView(HealthCheckView):
    def get_checks(self):
        # Built per request, so a test or a settings change picks up the Redis URL.
        self.checks = health_checks()
        return super().get_checks()

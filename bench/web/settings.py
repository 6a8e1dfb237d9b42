"""Production settings plus a bare view to compare against (benchmarks only)."""

from config.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.web.urls"

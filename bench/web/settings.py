"""Production settings plus a bare view to compare against (benchmarks only)."""

from config.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.web.urls"

# Each bench client stands for a stream of residents on one connection and one address,
# so the per-person and per-address answer limits are raised far out of reach; they are
# still counted on every POST, so their cost stays in the figures.
CONSULTATION_RATE_LIMITS = {
    "save": "1000000/m/key",
    "send": "1000000/m/key",
    "address": "1000000/m/key",
}

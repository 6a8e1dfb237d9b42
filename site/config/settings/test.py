"""Test settings: embedded defaults, or PostgreSQL and Redis when their URLs are set.

Each test run gets its own database name and Redis key prefix so that two runs
on one machine never collide.
"""

import os
import uuid

from .base import *  # noqa: F403
from .base import cache_from_env, channel_layers_from_env

RUN_ID = os.environ.get("CIVIC_TEST_RUN_ID") or uuid.uuid4().hex[:10]

DEBUG = False
SECRET_KEY = "test-only-key"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

if os.environ.get("DATABASE_URL"):
    DATABASES["default"]["TEST"] = {"NAME": f"test_civic_{RUN_ID}"}  # noqa: F405
    # No pool in tests: pooled connections held by consumer threads would stop
    # the test database being dropped at the end.
    DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
    DATABASES["default"].get("OPTIONS", {}).pop("pool", None)  # noqa: F405
else:
    DATABASES["default"] = {  # noqa: F405
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": ":memory:",
        "TEST": {"NAME": ":memory:"},
    }

CACHES = {"default": cache_from_env(f"test-{RUN_ID}")}
CHANNEL_LAYERS = channel_layers_from_env(f"test-{RUN_ID}")
# Built assets when present (browser tests need the real CSS to check contrast).
STATICFILES_DIRS = [d for d in STATICFILES_DIRS if d.exists()]  # noqa: F405
WAGTAILADMIN_BASE_URL = "http://testserver"
MIDDLEWARE = [m for m in MIDDLEWARE if "whitenoise" not in m]  # noqa: F405

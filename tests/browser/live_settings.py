"""Settings of the daphne subprocesses that browser and two-server tests start.

The test settings, pointed at the database the test prepared (``CIVIC_LIVE_DB``):
the test run's own PostgreSQL database, or a SQLite file copied from the in-memory
test database. ``CIVIC_TEST_RUN_ID`` gives them the test run's Redis key prefix, so
that two servers and the test share one channel layer when ``REDIS_URL`` is set.
"""

import os

from config.settings.test import *  # noqa: F403
from config.settings.test import DATABASES

_NAME = os.environ["CIVIC_LIVE_DB"]

if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"] = {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": _NAME,
        # Two servers may share the file: WAL and a busy timeout, as in the embedded setup.
        "OPTIONS": {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=10000;",
            "transaction_mode": "IMMEDIATE",
        },
    }
else:
    DATABASES["default"]["NAME"] = _NAME

"""Every response and log line of a request carries one request id; production logs JSON."""

import json
import logging
import subprocess
import sys

import pytest

from config.request_id import HEADER, RequestIdFilter, current_request_id


@pytest.mark.django_db
def test_each_response_gets_a_fresh_request_id(client):
    first = client.get("/healthz")[HEADER]
    second = client.get("/healthz")[HEADER]
    assert len(first) == 32 and first != second


@pytest.mark.django_db
def test_a_proxys_plain_request_id_is_kept_and_a_strange_one_replaced(client):
    assert client.get("/healthz", HTTP_X_REQUEST_ID="lb-0123456789")[HEADER] == "lb-0123456789"
    replaced = client.get("/healthz", HTTP_X_REQUEST_ID="<script>\n")[HEADER]
    assert replaced != "<script>\n" and len(replaced) == 32


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__()
        self.addFilter(RequestIdFilter())
        self.ids: list[str] = []

    def emit(self, record):
        self.ids.append(record.request_id)


@pytest.mark.django_db
def test_log_lines_during_a_request_carry_its_id(client):
    handler = _Collect()
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.WARNING)
    try:
        response = client.get("/no-such-page-here/")  # Django logs "Not Found" as it answers
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    assert response.status_code == 404
    assert handler.ids and set(handler.ids) == {response[HEADER]}
    assert current_request_id() == "-"  # reset once the request is over


def test_production_logs_are_json_lines_with_the_request_id():
    code = (
        "import logging, logging.config; from django.conf import settings; "
        "logging.config.dictConfig(settings.LOGGING); "
        "logging.getLogger('civic').warning('draw %s done', 7)"
    )
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "x" * 50,
        "DJANGO_ALLOWED_HOSTS": "example.org",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "WAGTAILADMIN_BASE_URL": "https://example.org",
        "PYTHONPATH": "site",
    }
    out = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); " + code],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    line = json.loads(out.stderr.strip().splitlines()[-1])
    assert line["message"] == "draw 7 done" and line["level"] == "WARNING"
    assert line["request_id"] == "-" and line["logger"] == "civic" and "time" in line

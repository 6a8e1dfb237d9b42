"""A request id on every request's log lines and response, to follow one request through logs.

A proxy's ``X-Request-ID`` is kept when it is a plain token (so the proxy's and our logs
join up); otherwise, or when absent, a fresh one is made. The id lives in a context
variable, so it follows the request into sync views run in a thread by asgiref.
"""

import contextvars
import logging
import re
import uuid

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django.core.signals import request_finished

HEADER = "X-Request-ID"
_ACCEPTED = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
_current: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")


def current_request_id() -> str:
    return _current.get()


def _id_for(request) -> str:
    given = request.headers.get(HEADER, "")
    return given if _ACCEPTED.match(given) else uuid.uuid4().hex


class RequestIdMiddleware:
    """Sets the request id for the request's duration and returns it in ``X-Request-ID``."""

    sync_capable = True
    async_capable = True

    def __init__(self, get_response):
        self.get_response = get_response
        if iscoroutinefunction(get_response):
            markcoroutinefunction(self)

    # Not reset on the way out: Django logs a request's 404 or 500 after the middleware
    # has returned, and that line needs the id too. ``request_finished`` clears it.

    def __call__(self, request):
        if iscoroutinefunction(self):
            return self._acall(request)
        _current.set(_id_for(request))
        response = self.get_response(request)
        response[HEADER] = _current.get()
        return response

    async def _acall(self, request):
        _current.set(_id_for(request))
        response = await self.get_response(request)
        response[HEADER] = _current.get()
        return response


def _clear(**kwargs) -> None:
    _current.set("-")


request_finished.connect(_clear, dispatch_uid="request_id_clear")


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every record ("-" outside a request, e.g. in the worker)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _current.get()
        return True

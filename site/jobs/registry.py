"""Job kinds: a name each, mapped to the function that does the work.

A job function takes ``(job, progress)`` and returns a JSON-able result;
``progress(done, total, message)`` records how far it has got.
"""

from collections.abc import Callable

_KINDS: dict[str, Callable] = {}


def job_kind(name: str):
    """Register a function as the handler of job kind ``name``."""

    def decorator(func: Callable) -> Callable:
        _KINDS[name] = func
        return func

    return decorator


def handler_for(name: str) -> Callable:
    try:
        return _KINDS[name]
    except KeyError:
        raise LookupError(f"No job kind called {name!r} is registered.") from None


def registered_kinds() -> list[str]:
    return sorted(_KINDS)

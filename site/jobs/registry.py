"""Job kinds: a name each, mapped to the function that does the work.

A job function takes ``(job, progress)`` and returns a JSON-able result;
``progress(done, total, message)`` records how far it has got.
"""

from collections.abc import Callable

_KINDS: dict[str, Callable] = {}
_ATTEMPTS: dict[str, int] = {}
DEFAULT_ATTEMPTS = 3


def job_kind(name: str, *, attempts: int = DEFAULT_ATTEMPTS):
    """Register a function as the handler of job kind ``name``.

    A run that raises, or whose worker dies, is tried again up to ``attempts`` runs in
    all, so a handler must be safe to run twice (each of ours is: see its service).
    """

    def decorator(func: Callable) -> Callable:
        _KINDS[name] = func
        _ATTEMPTS[name] = attempts
        return func

    return decorator


def attempts_for(name: str) -> int:
    return _ATTEMPTS.get(name, DEFAULT_ATTEMPTS)


def handler_for(name: str) -> Callable:
    try:
        return _KINDS[name]
    except KeyError:
        raise LookupError(f"No job kind called {name!r} is registered.") from None


def registered_kinds() -> list[str]:
    return sorted(_KINDS)

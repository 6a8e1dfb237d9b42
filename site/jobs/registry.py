"""Job kinds: a name each, mapped to the function that does the work.

A job function takes ``(job, progress)`` and returns a JSON-able result;
``progress(done, total, message)`` records how far it has got.

A kind may also name its owner, ``owner(job) -> (object, permission)``: the people
holding that permission on that object see the job when it fails and may try it
again if the kind allows (``retry``). A job whose kind names no owner (the dated
clean-ups) is shown to superusers only.
"""

from collections.abc import Callable

_KINDS: dict[str, Callable] = {}
_ATTEMPTS: dict[str, int] = {}
_OWNERS: dict[str, Callable] = {}
_RETRY: set[str] = set()
DEFAULT_ATTEMPTS = 3


def job_kind(
    name: str, *, attempts: int = DEFAULT_ATTEMPTS, owner: Callable | None = None, retry=False
):
    """Register a function as the handler of job kind ``name``.

    A run that raises, or whose worker dies, is tried again up to ``attempts`` runs in
    all, so a handler must be safe to run twice (each of ours is: see its service).
    ``retry`` lets the owner start a failed job again by hand.
    """

    def decorator(func: Callable) -> Callable:
        _KINDS[name] = func
        _ATTEMPTS[name] = attempts
        if owner is not None:
            _OWNERS[name] = owner
        if retry:
            _RETRY.add(name)
        return func

    return decorator


def owner_for(name: str) -> Callable | None:
    return _OWNERS.get(name)


def may_retry(name: str) -> bool:
    return name in _RETRY


def attempts_for(name: str) -> int:
    return _ATTEMPTS.get(name, DEFAULT_ATTEMPTS)


def handler_for(name: str) -> Callable:
    try:
        return _KINDS[name]
    except KeyError:
        raise LookupError(f"No job kind called {name!r} is registered.") from None


def registered_kinds() -> list[str]:
    return sorted(_KINDS)

"""The agenda file of ``create_live_session --agenda``: checked whole before anything is saved.

Pure: it takes the parsed JSON and returns the items ``live_session_create`` takes,
or raises ``AgendaFileError`` naming the first item and field that is wrong.
"""

MAX_ITEMS = 100
MAX_TITLE = 200  # AgendaItem.title
MAX_DESCRIPTION = 2000  # AgendaItem.description
MAX_TIMER_SECONDS = 24 * 60 * 60
FIELDS = {"title", "description", "timer_seconds"}


class AgendaFileError(ValueError):
    pass


def _item(n: int, item) -> dict:
    if not isinstance(item, dict):
        raise AgendaFileError(f"item {n} must be an object with a title.")
    unknown = sorted(set(item) - FIELDS)
    if unknown:
        raise AgendaFileError(
            f"item {n} has unknown field(s) {', '.join(unknown)}; use {', '.join(sorted(FIELDS))}."
        )
    title = item.get("title")
    if not isinstance(title, str) or not title.strip():
        raise AgendaFileError(f"item {n} needs a title (text).")
    if len(title.strip()) > MAX_TITLE:
        raise AgendaFileError(f"item {n}'s title is over {MAX_TITLE} characters.")
    description = item.get("description", "")
    if not isinstance(description, str) or len(description.strip()) > MAX_DESCRIPTION:
        raise AgendaFileError(f"item {n}'s description must be text of at most {MAX_DESCRIPTION}.")
    seconds = item.get("timer_seconds")
    # bool is an int in Python, and "true" seconds would be a surprise.
    if seconds is not None and (
        isinstance(seconds, bool)
        or not isinstance(seconds, int)
        or not 0 < seconds <= MAX_TIMER_SECONDS
    ):
        raise AgendaFileError(
            f"item {n}'s timer_seconds must be a whole number from 1 to {MAX_TIMER_SECONDS}."
        )
    return {"title": title.strip(), "description": description.strip(), "timer_seconds": seconds}


def agenda_parse(data) -> list[dict]:
    """The agenda items of a parsed agenda file, in order."""
    if not isinstance(data, list):
        raise AgendaFileError("the file must hold a JSON list of items.")
    if len(data) > MAX_ITEMS:
        raise AgendaFileError(f"at most {MAX_ITEMS} items.")
    return [_item(n, item) for n, item in enumerate(data, 1)]

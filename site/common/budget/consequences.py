"""The consequence text a resident sees for a line's amount."""

from __future__ import annotations

from common.budget.model import Line


def consequence_for(line: Line, value: int) -> str | None:
    """The first of the line's consequence texts whose range holds ``value``.

    Ranges are ``[lower, upper)``; the organiser lists them in order, so the
    first match wins and an open-ended catch-all may come last.

    >>> from common.budget.model import Consequence, Line
    >>> line = Line("day", "Day centres", 50, 0, 100, consequences=(
    ...     Consequence("Day centres close.", upper=30), Consequence("Day centres stay open.")))
    >>> consequence_for(line, 20)
    'Day centres close.'
    >>> consequence_for(line, 30)
    'Day centres stay open.'
    """
    for consequence in line.consequences:
        if consequence.covers(value):
            return consequence.text
    return None

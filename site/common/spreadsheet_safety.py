"""Neutralise spreadsheet formula injection in exported cells.

Pure and shared by every export (CSV, XLSX). Follows the OWASP "CSV Injection" guidance:
a text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a
leading apostrophe so that a spreadsheet shows it as text instead of running it. The
full-width forms of the four signs are treated the same, as some spreadsheet locales
read them as formula signs. Numbers, dates, booleans and ``None`` pass through untouched,
so a negative number stored as a number stays a number.

Examples
--------
>>> neutralise('=HYPERLINK("http://x","y")')
'\\'=HYPERLINK("http://x","y")'
>>> neutralise(-2)
-2
>>> neutralise_row(["ok", "+1", 3.5])
['ok', "'+1", 3.5]
"""

from collections.abc import Iterable
from typing import Any

import pandas as pd

__all__ = ["FORMULA_PREFIXES", "neutralise", "neutralise_frame", "neutralise_row"]

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def neutralise(value: Any) -> Any:
    """Return ``value`` with a leading ``'`` if it is text a spreadsheet would run."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def neutralise_row(values: Iterable[Any]) -> list[Any]:
    """Neutralise every cell of one exported row."""
    return [neutralise(v) for v in values]


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Neutralise every text cell of a frame, vectorised per column (for large exports)."""
    out = frame.copy()
    for column in out.columns:
        values = out[column]
        if values.dtype == object or pd.api.types.is_string_dtype(values.dtype):
            text = values.map(lambda v: isinstance(v, str))
            risky = text & values.where(text, "").astype(str).str.startswith(FORMULA_PREFIXES)
            if risky.any():
                values = values.astype(object)
                values[risky] = "'" + values[risky].astype(str)
                out[column] = values
    return out

"""What the home page lists from each app: one open consultation, assembly or live session.

A plain record, so that the apps below the home page can make them without importing it.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class OpenItem:
    kind: str
    title: str
    url: str
    summary: str = ""
    status: str = ""

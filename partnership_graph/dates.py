"""The one way a date a person types is read: by the CLI's ``--on``, the web pages and the API.

Only ``YYYY-MM-DD`` (ISO 8601's calendar date, ASCII digits) is a date here. Python's
``date.fromisoformat`` also takes ``20250101`` and ``2025-W01-1``, and pydantic takes
``2025-01-01T00:00``; each surface accepting its own set made the same link work on a page and
fail in the API. Every surface now asks ``parse_date`` and gives its message.
"""

from __future__ import annotations

import re
from datetime import date

__all__ = ["DateError", "parse_date"]

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class DateError(ValueError):
    """Text that is not a YYYY-MM-DD date; the message says so, quoting the text."""


def parse_date(text: str) -> date:
    """The date ``text`` names, written YYYY-MM-DD (surrounding spaces ignored).

    >>> parse_date("2027-04-01")
    datetime.date(2027, 4, 1)
    >>> parse_date("20270401")
    Traceback (most recent call last):
    ...
    partnership_graph.dates.DateError: '20270401' is not a date; write it as YYYY-MM-DD, e.g. 2027-04-01
    """
    stripped = text.strip()
    if _ISO_DATE.fullmatch(stripped):
        try:
            return date.fromisoformat(stripped)
        except ValueError as e:
            raise DateError(f"{text!r} is not a date: {e}") from None
    raise DateError(f"{text!r} is not a date; write it as YYYY-MM-DD, e.g. 2027-04-01")

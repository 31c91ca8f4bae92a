"""Today as the product saw it, for tests that check the product's default date.

A test that reads ``date.today()`` itself and compares it with the date the product printed fails
when midnight falls between the two reads (a run crossing midnight UTC: the page said 2026-12-08,
the test expected 2026-12-07). ``Today`` reads the date just before and just after the product
runs, so the product's date can be checked exactly against the one or two days it may have used.
"""

from __future__ import annotations

from datetime import date


class Today:
    """The days ``date.today()`` gave around the product's work: one, or two across midnight.

    Check the date the product stated with :meth:`said`, then compare the rest of its output with
    that date::

        with Today() as today:
            rows = who_leads(store, "DA", "Oldham")
        day = today.said(rows.as_at)
    """

    def __init__(self) -> None:
        self.days: tuple[str, ...] = ()

    def __enter__(self) -> Today:
        self.days = (date.today().isoformat(),)
        return self

    def __exit__(self, *exc: object) -> None:
        after = date.today().isoformat()
        if after not in self.days:
            self.days += (after,)

    def said(self, day: str) -> str:
        """``day``, once checked to be today while the product ran: the date to compare the rest with."""
        assert day in self.days, f"the product's date {day!r} is not today ({' or '.join(self.days)})"
        return day

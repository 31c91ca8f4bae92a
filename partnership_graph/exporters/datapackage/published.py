"""Counts published elsewhere, to hold the register against: one small table, one file.

``partnership_graph/data/published_counts.csv`` has one row per body kind for which a national
count has been published (safeguarding children partnerships, safeguarding adults boards, MAPPA
areas, local criminal justice boards, youth justice services), each with its source. Pointing the
package at another table (the bundled register's own figures, say) is a change of ``PATH`` only.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from importlib import resources

__all__ = ["PATH", "PublishedCount", "published_counts"]

#: The table, inside the ``partnership_graph`` package.
PATH = ("data", "published_counts.csv")


@dataclass(frozen=True)
class PublishedCount:
    kind: str
    published_count: int
    approximate: bool
    as_of: str
    source_title: str
    source_url: str
    notes: str


def published_counts() -> dict[str, PublishedCount]:
    """Body kind -> the published count for it (read from ``PATH``)."""
    text = resources.files("partnership_graph").joinpath(*PATH).read_text(encoding="utf-8")
    out: dict[str, PublishedCount] = {}
    for row in csv.DictReader(io.StringIO(text)):
        out[row["kind"]] = PublishedCount(row["kind"], int(row["published_count"]),
                                          row["approximate"].strip().lower() == "true", row["as_of"],
                                          row["source_title"], row["source_url"], row["notes"])
    return out

"""What is in the graph: nodes by label and kind, relationships by type."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from ._common import Row, Rows
from .reader import reader

if TYPE_CHECKING:
    from ..stores.base import Store
    from .reader import Overlay

__all__ = ["StatsRow", "stats"]


class StatsRow(Row):
    element: str   # "node" or "relationship"
    label: str     # node label or relationship type
    kind: str      # node kind ("" for labels without kinds and for relationships)
    count: int


def stats(store: Store, *, on: date | None = None, scenario: Overlay | None = None) -> Rows[StatsRow]:
    """Counts by label and kind of what counts on ``on`` (default today), sorted by element, label, kind."""
    rd = reader(store, on=on, scenario=scenario)
    counts = rd.counts()
    rows = ([StatsRow(element="node", label=lb, kind=k, count=n) for (lb, k), n in counts.nodes.items()]
            + [StatsRow(element="relationship", label=t, kind="", count=n) for t, n in counts.relationships.items()])
    return Rows(sorted(rows, key=lambda r: (r.element, r.label, r.kind)), rd.on)

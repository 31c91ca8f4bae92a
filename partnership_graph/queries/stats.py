"""What is in the graph: nodes by label and kind (with how many are derived), relationships by type.

``stats --on DATE`` is the national count per kind as at a date; docs/queries.md sets the counts of
the register's kinds beside the published ones and explains each difference.
"""

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
    derived: int = 0  # of ``count``, the bodies we infer (DERIVED: no published arrangement found)


def stats(store: Store, *, on: date | None = None, scenario: Overlay | None = None) -> Rows[StatsRow]:
    """Counts by label and kind of what counts on ``on`` (default today), sorted by element, label, kind."""
    rd = reader(store, on=on, scenario=scenario)
    counts = rd.counts()
    rows = ([StatsRow(element="node", label=lb, kind=k, count=n, derived=counts.derived.get((lb, k), 0))
             for (lb, k), n in counts.nodes.items()]
            + [StatsRow(element="relationship", label=t, kind="", count=n) for t, n in counts.relationships.items()])
    return Rows(sorted(rows, key=lambda r: (r.element, r.label, r.kind)), rd.on)

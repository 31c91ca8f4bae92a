"""One read interface for every question, as at a date, which both stores implement.

The questions (who leads, gaps, overlaps, coterminosity, accountability, the listings) are
written once, over the facts a ``Reader`` gives them; they never ask which store they have.
``reader(store, on=...)`` picks the implementation, the only place the store's engine matters:

- ``NxReader`` walks the networkx projection as at the date (``stores.dated.as_at``; the dated
  projection and its reader are kept per date by the store, ``Store.cache``, so one command pays
  for them once). The embedded store,
  a ``ProjectionStore`` (a scenario overlay, another store's graph in memory) and any store
  without Cypher are read this way.
- ``CypherReader`` asks Neo4j, where the graph work happens (footprints aggregated from COVERS
  and PART_OF, scope narrowing, the area filter), with every matched node and relationship held
  to the dated rule by one predicate, ``at()``, and the LAD shares of an area written once,
  ``lad_shares_of()``.

The dated rule (``stores.dated``): an element counts on DATE when ``valid_from <= DATE <
valid_to``, a missing bound being open; dates are ISO text in both stores and compare as text.
Parity tests hold the two readers equal on dated data.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, LiteralString

from ..stores.dated import iso
from .protocol import DATE_KEYS as DATE_KEYS
from .protocol import MARK_KEYS as MARK_KEYS
from .protocol import CypherStore as CypherStore
from .protocol import Overlay as Overlay
from .protocol import Reader as Reader
from .protocol import at as at
from .protocol import dated_graph as dated_graph
from .protocol import footprint_of as footprint_of
from .protocol import lad_shares_of as lad_shares_of

if TYPE_CHECKING:
    import networkx as nx

    from ..stores.base import Store

__all__ = ["DATE_KEYS", "MARK_KEYS", "CypherStore", "Overlay", "Reader", "at", "data_from", "dated_graph",
           "footprint_of", "lad_shares_of", "reader", "refuse_before_data"]

def reader(store: Store, *, on: date | str | None = None, scenario: Overlay | None = None) -> Reader:
    """The reader for ``store`` as at ``on`` (``None``: today).

    With ``scenario``, the store's projection is overlaid with it and read with networkx (for
    Neo4j too), so a scenario never writes to a store.
    """
    day = iso(on)
    refuse_before_data(store, day)
    if scenario is not None:
        from .reader_nx import NxReader
        from .view import view_graph

        return NxReader(view_graph(store.graph(), on=day, overlay=scenario), day)
    if isinstance(store, CypherStore):
        from .reader_cypher import CypherReader

        return CypherReader(store, day)
    from .reader_nx import NxReader

    g = store.graph()
    dated = dated_graph(g, day, store.cache)
    if dated is g:
        return NxReader(dated, day)
    # a dated projection is never written to, so its reader (with the footprints and name indexes
    # it has worked out) serves every question asked of that date: a protocol draft asks ~20.
    # Kept by the store, per date and projection (the reader holds the projection, so its id is
    # not reused while the entry lives).
    return store.cache.get(g, "reader", (day, id(dated)), lambda: NxReader(dated, day))


# -- no answer before the data begins ----------------------------------------------------------------
DATA_FROM_READ: LiteralString = "MATCH (s:Source {id: $id}) RETURN s.date AS day"


def data_from(store: Store) -> str | None:
    """The earliest date the store's bundled data describes (``loaders.dates``), or None."""
    from ..loaders.dates import DATA_FROM

    if isinstance(store, CypherStore):
        rows = store.read(DATA_FROM_READ, id=DATA_FROM)
        return str(rows[0]["day"]) if rows and rows[0]["day"] else None
    attrs = store.graph().nodes.get(f"Source:{DATA_FROM}")
    return str(attrs["date"]) if attrs and attrs.get("date") else None


def refuse_before_data(store: Store, day: str) -> None:
    """Raise ``QueryError`` (exit 2) for a date before the earliest the data describes truthfully,
    so no answer shows a body before it existed."""
    first = data_from(store)
    if first is not None and day < first:
        from ..errors import QueryError

        raise QueryError(f"{day} is before {first}, the earliest date the bundled data describes: its councils and "
                         f"health bodies (the 2024 lookups) all exist only from {first}, so an answer for {day} "
                         f"would show bodies before they existed. Ask about {first} or later (--on {first}).")

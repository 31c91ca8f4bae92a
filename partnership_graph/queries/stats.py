"""What is in the graph: nodes by label and kind, relationships by type."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from ._common import Row, is_neo4j

if TYPE_CHECKING:
    from ..stores.base import Store

__all__ = ["StatsRow", "stats"]


class StatsRow(Row):
    element: str   # "node" or "relationship"
    label: str     # node label or relationship type
    kind: str      # node kind ("" for labels without kinds and for relationships)
    count: int


CYPHER_NODES = "MATCH (n) RETURN labels(n)[0] AS label, coalesce(n.kind, '') AS kind, count(*) AS count"
CYPHER_RELS = "MATCH ()-[r]->() RETURN type(r) AS label, count(*) AS count"


def stats(store: Store) -> list[StatsRow]:
    """Counts by label and kind, sorted by element, label, kind."""
    rows = _via_cypher(store) if is_neo4j(store) else _via_networkx(store)
    return sorted(rows, key=lambda r: (r.element, r.label, r.kind))


def _via_networkx(store: Store) -> list[StatsRow]:
    g = store.graph()
    nodes = Counter((a.get("label", ""), str(a.get("kind", ""))) for _, a in g.nodes(data=True))
    rels = Counter(a.get("type", "") for _, _, a in g.edges(data=True))
    return ([StatsRow(element="node", label=lb, kind=k, count=n) for (lb, k), n in nodes.items()]
            + [StatsRow(element="relationship", label=t, kind="", count=n) for t, n in rels.items()])


def _via_cypher(store: Store) -> list[StatsRow]:
    nodes = store.read(CYPHER_NODES)  # type: ignore[attr-defined]
    rels = store.read(CYPHER_RELS)  # type: ignore[attr-defined]
    return ([StatsRow(element="node", label=r["label"], kind=r["kind"], count=r["count"]) for r in nodes]
            + [StatsRow(element="relationship", label=r["label"], kind="", count=r["count"]) for r in rels])

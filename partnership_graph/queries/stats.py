"""What is in the graph: nodes by label and kind, relationships by type."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, LiteralString

from ..graphmodel.vocab import RelType
from ._common import Row, is_neo4j

if TYPE_CHECKING:
    from ..stores.base import Store

__all__ = ["StatsRow", "stats"]


class StatsRow(Row):
    element: str   # "node" or "relationship"
    label: str     # node label or relationship type
    kind: str      # node kind ("" for labels without kinds and for relationships)
    count: int


# Only our labels and relationship types, as the networkx projection reads them, so a database
# shared with other data gives the same counts as the projection.
CYPHER_NODES: LiteralString = """\
MATCH (n) WHERE n:Area OR n:Body OR n:Issue OR n:Source
RETURN [l IN labels(n) WHERE l IN ['Area', 'Body', 'Issue', 'Source']][0] AS label,
       coalesce(toString(n.kind), '') AS kind, count(*) AS count"""
CYPHER_RELS: LiteralString = """\
MATCH (a)-[r]->(b)
WHERE type(r) IN $types AND (a:Area OR a:Body OR a:Issue OR a:Source) AND (b:Area OR b:Body OR b:Issue OR b:Source)
RETURN type(r) AS label, count(*) AS count"""


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
    rels = store.read(CYPHER_RELS, types=RelType.values())  # type: ignore[attr-defined]
    return ([StatsRow(element="node", label=r["label"], kind=r["kind"], count=r["count"]) for r in nodes]
            + [StatsRow(element="relationship", label=r["label"], kind="", count=r["count"]) for r in rels])

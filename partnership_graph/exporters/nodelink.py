"""JSON export: the networkx node-link form of the projection, lossless and readable anywhere.

``nx.node_link_data`` with field names that cannot collide with our attributes: a body's ``id``,
a relationship's ``key`` (its merge key) and ``source`` (the document citing it) are attributes,
so the node's graph key travels as ``node_key``, the edge's as ``edge_key`` and its ends as
``from`` and ``to``. Lists (an issue's synonyms) stay lists. Read it back with ``read_json``
(networkx's own ``node_link_graph`` cannot: it passes the attribute ``key`` to ``add_edge``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._io import write_atomic

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["FIELDS", "json_bytes", "read_json", "write_json"]

FIELDS: dict[str, str] = {"edges": "edges", "name": "node_key", "key": "edge_key", "source": "from",
                          "target": "to"}
FORMAT = "partnership-graph/node-link"


def json_data(g: nx.MultiDiGraph[str]) -> dict[str, Any]:
    import networkx as nx

    data: dict[str, Any] = nx.node_link_data(g, **FIELDS)
    data["graph"] = {"format": FORMAT, **data.get("graph", {})}
    return data


def json_bytes(g: nx.MultiDiGraph[str]) -> bytes:
    """Pretty-printed UTF-8 JSON, keys sorted, so two exports of the same graph are equal bytes."""
    return (json.dumps(json_data(g), indent=1, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")


def write_json(g: nx.MultiDiGraph[str], path: str | Path) -> Path:
    return write_atomic(path, json_bytes(g))


def read_json(path: str | Path) -> nx.MultiDiGraph[str]:
    """A graph written by ``write_json``, as the same MultiDiGraph (graph attributes aside)."""
    import networkx as nx

    data = json.loads(Path(path).read_text(encoding="utf-8"))
    g: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    for node in data["nodes"]:
        attrs = dict(node)
        g.add_nodes_from([(attrs.pop(FIELDS["name"]), attrs)])
    for edge in data[FIELDS["edges"]]:
        attrs = dict(edge)
        u, v, k = attrs.pop(FIELDS["source"]), attrs.pop(FIELDS["target"]), attrs.pop(FIELDS["key"])
        g.add_edges_from([(u, v, k, attrs)])  # type: ignore[list-item]  # stubs omit keyed 4-tuples
    return g

"""One sanitiser for the XML graph formats (GraphML and GEXF), and the scalar rule CSV shares.

networkx writes attributes as they come, and both formats break on what our projection holds
(PITFALLS.md, "networkx GraphML and GEXF writers"):

- ``None`` crashes the GEXF writer (networkx #1490): such values are dropped.
- Neither format has list or dict types (networkx #5024, #3663), and GEXF reads a list back as
  dynamic (value, start, end) triples (#3572): lists and dicts become JSON strings.
- A key holding values of several types gives invalid GEXF and mistyped GraphML: every key gets
  one type over all nodes (or all edges): bool, int, float (int and float mixed) or string.
- Reserved keys misbehave (#8339): the GEXF writer takes ``id``, ``label``, ``pid``, ``start``,
  ``end`` from node data, and ``id``, ``label``, ``weight``, ``type``, ``start``, ``end`` and
  ``key`` from edge data, as XML attributes instead of data. They are renamed:
  ``label`` -> ``node_label``, ``id`` -> ``node_id``, edge ``type`` -> ``rel_type``, edge ``key``
  (the merge key) -> ``merge_key``, the others with a ``node_`` / ``edge_`` prefix.
- Edge keys of the projection (``LEADS|scope|``) are not XML ids (GraphML edge ids are
  NMTOKENs): edges get ``e0``, ``e1``... in sorted order.
- Exports are byte-reproducible whatever store they come from: nodes are written sorted by key,
  edges by (from, to, key), and each element's attributes sorted by name, so the writers declare
  and write them in the same order every time.

numpy scalars (networkx #683) are turned into Python ones on the way.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..errors import ExportError

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["NODE_RENAMES", "EDGE_RENAMES", "flat_graph", "scalar"]

NODE_RENAMES: dict[str, str] = {
    "id": "node_id", "label": "node_label", "pid": "node_pid", "start": "node_start", "end": "node_end",
    "viz": "node_viz", "parents": "node_parents", "slices": "node_slices", "spells": "node_spells",
}
EDGE_RENAMES: dict[str, str] = {
    "id": "edge_id", "label": "edge_label", "pid": "edge_pid", "start": "edge_start", "end": "edge_end",
    "type": "rel_type", "key": "merge_key", "weight": "edge_weight", "viz": "edge_viz",
    "slices": "edge_slices", "spells": "edge_spells", "networkx_key": "edge_networkx_key",
}

Scalar = str | int | float | bool


def scalar(value: Any) -> Scalar | None:
    """A value as one XML-friendly scalar: None stays None, lists and dicts become JSON text."""
    if value is None:
        return None
    if hasattr(value, "item") and not isinstance(value, (str, bytes, list, dict, tuple)):
        value = value.item()  # numpy scalar
    if isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ExportError(f"cannot export the non-finite number {value!r}")
        return value
    if isinstance(value, (list, tuple, set, frozenset, dict)):
        items = sorted(value) if isinstance(value, (set, frozenset)) else value
        return json.dumps(items, ensure_ascii=False, sort_keys=True, default=str)
    return str(value)


def _rename(key: str, renames: Mapping[str, str], taken: set[str]) -> str:
    new = renames.get(key, key)
    while new != key and new in taken:
        new += "_"
    return new


def _kind(values: list[Scalar]) -> type:
    kinds = {type(v) for v in values}
    if kinds == {bool}:
        return bool
    if kinds <= {int}:
        return int
    if kinds <= {int, float}:
        return float
    return str


def _as(kind: type, value: Scalar) -> Scalar:
    if kind is str:
        if isinstance(value, bool):
            return "true" if value else "false"
        return str(value)
    if kind is float:
        return float(value)
    return value


def _flatten(items: list[dict[str, Any]], renames: Mapping[str, str]) -> list[dict[str, Scalar]]:
    """Drop None, make scalars, rename reserved keys, then give every key one type."""
    # The common cases (a str key not to rename; a str, int or bool value; a value already of its
    # key's type) skip the calls: the national graph's 130,000 values went through them all.
    flat: list[dict[str, Scalar]] = []
    for attrs in items:
        row: dict[str, Scalar] = {}
        for k, v in attrs.items():
            t = type(v)
            s = v if t is str or t is int or t is bool else scalar(v)
            if s is not None:
                row[k if type(k) is str and k not in renames else _rename(str(k), renames, set(attrs))] = s
        flat.append(row)
    by_key: dict[str, list[Scalar]] = {}
    for row in flat:
        for k, v in row.items():
            by_key.setdefault(k, []).append(v)
    kinds = {k: _kind(vs) for k, vs in by_key.items()}
    return [{k: v if type(v) is kinds[k] else _as(kinds[k], v) for k, v in sorted(row.items())} for row in flat]


def flat_graph(g: nx.MultiDiGraph[str]) -> nx.MultiDiGraph[str]:
    """A copy of ``g`` that GraphML and GEXF writers turn into valid files.

    Node keys are kept (``Area:E08000004``, valid XML ids); edge keys become ``e0``, ``e1``... and
    the relationship's type and merge key are kept as ``rel_type`` and ``merge_key``.
    """
    from ..stores.embedded import _to_graph

    node_keys = sorted(g.nodes)
    node_attrs = _flatten([dict(g.nodes[n]) for n in node_keys], NODE_RENAMES)
    edges = sorted(g.edges(keys=True, data=True), key=lambda e: (e[0], e[1], str(e[2])))
    edge_attrs = _flatten([dict(a) for _, _, _, a in edges], EDGE_RENAMES)
    # the graph add_nodes_from / add_edges_from would build, written straight into networkx's
    # dicts by the store's builder (the attribute dicts are _flatten's, fresh)
    return _to_graph({"nodes": zip(node_keys, node_attrs),
                      "edges": ((u, v, f"e{i}", a) for i, ((u, v, _, _), a) in enumerate(zip(edges, edge_attrs)))})

"""GEXF export through networkx, for Gephi; the written file is valid against the official XSD.

GEXF 1.3 is the default: Gephi (0.10) reports 1.2draft as deprecated, and only 1.3 lets Gephi keep
two relationships between the same two bodies (a council that FUNDS a CSP and is a MEMBER_OF it):
Gephi merges parallel edges unless they differ in the ``kind`` XML attribute of ``<edge>``. Every
edge's ``kind`` is its relationship type (PITFALLS.md, "GEXF for Gephi"), with ``(statutory)`` on a
claim the law makes, so a statutory lead and a local claim of the same body and issue stay two
edges. Where one type still links a pair twice (a dated move: a district PART_OF one ICB before
1 April 2026 and again after), each of those edges' kinds also names its dates
(``PART_OF 2024-04-01..2026-04-01``), so ``kind`` is unique per pair and Gephi keeps every edge.

networkx's writer needs these fixes, made on its XML tree before it is serialised (see the
schema notes in tests/exporters/schemas/README.md):

1. it always writes a ``name`` attribute on ``<graph>``, which neither the 1.2draft nor the 1.3
   schema defines: removed;
2. for version 1.3 it declares the XSI namespace as ``http://w3.org/2001/XMLSchema-instance``
   (no ``www.``), which turns ``xsi:schemaLocation`` into an unknown attribute: corrected;
3. it puts an edge attribute named ``kind`` among the data, not on ``<edge>``: we set the XML
   attribute ourselves (1.3 only; 1.2draft has no edge kinds);
4. it stamps ``<meta lastmodifieddate>`` with today's date and its own version as creator, so two
   exports of the same graph differ: the creator is ``partnership-graph`` and the date is written
   only when asked (``modified``), so exports are byte-reproducible;
5. values and keys go through the one sanitiser (``_sanitise.flat_graph``): no ``None``, one type
   per key, scalars only, no reserved keys, nodes and edges in sorted order.

6. for a multigraph it writes each edge's networkx key as an attribute ``networkx_key``, an
   internal of the library that means nothing to a Gephi user: the attribute and its values are
   removed (our edges keep their own ids and ``kind``).

Timeline (``timeline=True``, the export's ``--all-dates``): an element with ``valid_from`` /
``valid_to`` gets GEXF ``start`` / ``end`` (ISO dates) and the graph becomes
``mode="dynamic" timeformat="date"``, so Gephi's timeline plays the changes. Without it (the graph
as at one date) the graph is ``mode="static"``: its dates stay ordinary attributes.
Our ``valid_to`` is exclusive (the first day an arrangement no longer holds) and is written as it
is: GEXF intervals are closed, so on that one day Gephi shows both what ends and what starts. An
element without dates is present at all times.

Colours and sizes: every node gets ``<viz:color>`` and ``<viz:size>`` and every edge
``<viz:color>`` and ``<viz:thickness>`` from the HTML page's legend (``html.NODE_STYLES``,
``html.EDGE_STYLES``), so Gephi opens the file in the colours the page and its legend use, not grey.
The viz elements are in the viz namespace (``http://gexf.net/1.3/viz``), as Gephi and networkx
write and read them; the published XSDs misplace them in the main namespace (see
tests/exporters/schemas/README.md), so the tests validate with that one defect bridged.
The GEXF ``label`` of a node is its name (of an edge, its relationship type), as Gephi shows it.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from ._io import write_atomic
from ._sanitise import flat_graph

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["DEFAULT_GEXF_VERSION", "GEXF_VERSIONS", "XSI", "gexf_bytes", "write_gexf"]

GEXF_VERSIONS = ("1.2draft", "1.3")
DEFAULT_GEXF_VERSION = "1.3"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
CREATOR = "partnership-graph"
GexfVersion = Literal["1.2draft", "1.3"]


def gexf_bytes(g: nx.MultiDiGraph[str], version: GexfVersion = "1.3", *,
               modified: date | None = None, timeline: bool = True) -> bytes:
    """The GEXF document for ``g`` (UTF-8), valid against the official schema of ``version``.

    ``modified`` writes that date as ``<meta lastmodifieddate>``; without it the file carries no
    date, and the same graph always gives the same bytes. ``timeline`` writes elements' dates as
    GEXF ``start`` / ``end`` (a dynamic graph); without it the graph is static.
    """
    from networkx.readwrite.gexf import GEXFWriter

    flat = flat_graph(g)
    for key, attrs in flat.nodes(data=True):
        attrs["label"] = str(attrs.get("name", attrs.get("title", attrs.get("node_id", ""))))
        if timeline:
            _timeline(attrs)
        attrs["viz"] = _node_viz(key, attrs)
    kinds = edge_kinds(flat)
    for _, _, key, attrs in flat.edges(keys=True, data=True):
        attrs["id"] = key   # the XML id (e0, e1...): the kind below is set by it
        attrs["label"] = str(attrs.get("rel_type", ""))
        if timeline:
            _timeline(attrs)
        attrs["viz"] = _edge_viz(str(attrs.get("rel_type", "")))
    writer = GEXFWriter(encoding="utf-8", prettyprint=True, version=version)
    writer.add_graph(flat)
    _drop_networkx_key(writer.xml)
    writer.xml.set("xmlns:xsi", XSI)
    for graph_element in writer.xml.iter("graph"):
        graph_element.attrib.pop("name", None)
    for meta in writer.xml.iter("meta"):
        meta.attrib.pop("lastmodifieddate", None)
        if modified is not None:
            meta.set("lastmodifieddate", modified.isoformat())
        for creator in meta.iter("creator"):
            creator.text = CREATOR
    if version == "1.3":
        for edge in writer.xml.iter("edge"):
            kind = kinds.get(edge.get("id", ""))
            if kind:
                edge.set("kind", kind)
    return (f'<?xml version="1.0" encoding="utf-8"?>\n{writer}').encode("utf-8")


def edge_kinds(flat: nx.MultiDiGraph[str]) -> dict[str, str]:
    """Edge key -> GEXF ``kind``, unique among the edges of each (source, target) pair."""
    kinds: dict[str, str] = {}
    by_pair: dict[tuple[str, str, str], list[str]] = {}
    for u, v, key, attrs in flat.edges(keys=True, data=True):
        kind = str(attrs.get("rel_type", ""))
        if attrs.get("statutory") is True:
            kind += " (statutory)"
        kinds[key] = kind
        by_pair.setdefault((u, v, kind), []).append(key)
    for (u, v, kind), keys in by_pair.items():
        if len(keys) < 2:
            continue
        seen: dict[str, int] = {}
        for key in keys:
            attrs = flat.edges[u, v, key]
            span = f"{str(attrs.get('valid_from') or '')[:10]}..{str(attrs.get('valid_to') or '')[:10]}"
            named = f"{kind} {span}" if span != ".." else kind
            seen[named] = seen.get(named, 0) + 1
            kinds[key] = named if seen[named] == 1 else f"{named} #{seen[named]}"
    return kinds


def _rgb(colour: str) -> dict[str, int | float]:
    return {"r": int(colour[1:3], 16), "g": int(colour[3:5], 16), "b": int(colour[5:7], 16), "a": 1.0}


# GEXF's node shapes are disc, square, triangle, diamond (and image); the page's others map to them
_GEXF_SHAPES = {"square": "square", "triangle": "triangle", "triangleDown": "triangle", "diamond": "diamond"}


def _node_viz(key: str, attrs: dict[str, object]) -> dict[str, object]:
    """The legend's colour, size and shape of a node (the HTML page's ``NODE_STYLES``)."""
    from .html import NODE_STYLES, NODE_SIZES

    label = str(attrs.get("node_type") or attrs.get("node_label") or key.split(":", 1)[0])
    group = label if label != "Body" else str(attrs.get("kind", "other"))
    colour, shape, _ = NODE_STYLES.get(group, NODE_STYLES["other"])
    return {"color": _rgb(colour), "size": float(NODE_SIZES.get(label, NODE_SIZES["Body"])),
            "shape": _GEXF_SHAPES.get(shape, "disc")}


def _edge_viz(rel_type: str) -> dict[str, object]:
    from .html import EDGE_STYLES

    colour, _, width, _ = EDGE_STYLES.get(rel_type, ("#999999", False, 1, rel_type))
    return {"color": _rgb(colour), "thickness": float(width)}


def _drop_networkx_key(root: Any) -> None:
    """Remove the ``networkx_key`` attribute networkx's writer adds to a multigraph's edges."""
    ids = set()
    for graph in root.iter("graph"):
        for attributes in graph.findall("attributes"):
            for attribute in attributes.findall("attribute"):
                if attribute.get("title") == "networkx_key":
                    ids.add(attribute.get("id"))
                    attributes.remove(attribute)
            if len(attributes) == 0:
                graph.remove(attributes)
    for values in root.iter("attvalues"):
        for value in values.findall("attvalue"):
            if value.get("for") in ids:
                values.remove(value)


def _timeline(attrs: dict[str, object]) -> None:
    """GEXF ``start`` / ``end`` from our ``valid_from`` / ``valid_to`` (ISO dates), when present."""
    for ours, theirs in (("valid_from", "start"), ("valid_to", "end")):
        value = attrs.get(ours)
        if value:
            attrs[theirs] = str(value)[:10]


def write_gexf(g: nx.MultiDiGraph[str], path: str | Path, version: GexfVersion = "1.3", *,
               modified: date | None = None, timeline: bool = True) -> Path:
    return write_atomic(path, gexf_bytes(g, version, modified=modified, timeline=timeline))

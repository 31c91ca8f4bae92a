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

Speed (issue 18; ``python -m benchmarks.bench_gexf``): nodes and edges are nearly all of the
national document's 220,000 elements, and networkx's writer made an ElementTree element of each,
indented the tree and serialised it in pure Python (1.5-2.0 s a national export; now 0.45-0.55 s).
``_Writer`` keeps networkx's writer for the frame of the document (meta, the attribute
declarations and their ids, the graph's mode) and writes the nodes and edges itself, as text, in
the form networkx's writer and ElementTree gave them (the same XML attributes in the same order,
ids, escaping, indentation, non-ASCII as character references), spliced in where its tree holds
an empty ``<nodes />`` and ``<edges />``. The bytes are the same as before (compared for the
national graph as at a day and with all dates, in both versions, and for hostile names); a test
compares them with networkx's own writer's, others validate them and read them back.

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

import re
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from ..stores.base import paused_gc
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
    with paused_gc():  # the sanitised copy's 23,000 dicts and networkx's elements: no cycles to find
        return _gexf_bytes(g, version, modified=modified, timeline=timeline)


def _gexf_bytes(g: nx.MultiDiGraph[str], version: GexfVersion, *,
                modified: date | None, timeline: bool) -> bytes:
    flat = _prepared(g, timeline)
    writer = _writer_class()(version, edge_kinds(flat) if version == "1.3" else {})
    writer.add_graph(flat)
    _fix(writer.xml, modified)
    text = str(writer)  # networkx indents and serialises the rest of the tree (ASCII: non-ASCII as &#...;)
    if writer.uses_viz:
        # ElementTree declares the prefix of the viz elements on the root, before its attributes
        # (the prefix networkx registers); the viz elements are in the text now, not in its tree
        assert text.startswith("<gexf ")
        text = f'<gexf xmlns:viz="{_attrib(writer.NS_VIZ)}" {text[len("<gexf "):]}'
    for name, lines in writer.lines.items():
        if lines:
            # the one empty <nodes /> or <edges /> (markup in a value is escaped, so this text can
            # only be the element)
            before, found, after = text.partition(f"<{name} />")
            assert found, f"networkx's writer left no <{name} /> for the text"
            text = f"{before}<{name}>\n{''.join(lines)}    </{name}>{after}"
    # ElementTree wrote non-ASCII characters as character references: the nodes' and edges' text too
    return f'<?xml version="1.0" encoding="utf-8"?>\n{text}'.encode("ascii", "xmlcharrefreplace")


def _prepared(g: nx.MultiDiGraph[str], timeline: bool) -> nx.MultiDiGraph[str]:
    """The sanitised copy of ``g`` with the GEXF ``label``, ``viz``, ``id`` and dates networkx writes."""
    flat = flat_graph(g)
    for key, attrs in flat.nodes(data=True):
        attrs["label"] = str(attrs.get("name", attrs.get("title", attrs.get("node_id", ""))))
        if timeline:
            _timeline(attrs)
        attrs["viz"] = _node_viz(key, attrs)
    for _, _, key, attrs in flat.edges(keys=True, data=True):
        attrs["id"] = key   # the XML id (e0, e1...): the kind is set by it
        attrs["label"] = str(attrs.get("rel_type", ""))
        if timeline:
            _timeline(attrs)
        attrs["viz"] = _edge_viz(str(attrs.get("rel_type", "")))
    return flat


def _fix(root: Any, modified: date | None) -> None:
    """Fixes 1, 2, 4 and 6 of the module's docstring, on networkx's tree."""
    _drop_networkx_key(root)
    root.set("xmlns:xsi", XSI)
    for graph_element in root.iter("graph"):
        graph_element.attrib.pop("name", None)
    for meta in root.iter("meta"):
        meta.attrib.pop("lastmodifieddate", None)
        if modified is not None:
            meta.set("lastmodifieddate", modified.isoformat())
        for creator in meta.iter("creator"):
            creator.text = CREATOR


_ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"),
            ("\r", "&#13;"), ("\n", "&#10;"), ("\t", "&#09;"))
_NEEDS_ESCAPE = re.compile("[&<>\"\r\n\t]").search


def _attrib(text: str) -> str:
    """An attribute value escaped as ElementTree escapes it (``xml.etree.ElementTree._escape_attrib``)."""
    if _NEEDS_ESCAPE(text) is None:
        return text
    for char, reference in _ESCAPES:
        text = text.replace(char, reference)
    return text


# what networkx's writer takes from node and edge data as XML attributes or elements, not as
# attvalues (the sanitiser renames its other reserved keys: pid, parents, spells, weight, type...)
_XML_ATTRIBUTES = frozenset({"id", "label", "start", "end", "viz"})


def _writer_class() -> type[Any]:
    """networkx's GEXF writer, writing nodes and edges as text (networkx is imported only when used)."""
    from xml.etree.ElementTree import SubElement

    import networkx as nx
    from networkx.readwrite.gexf import GEXFWriter

    class _Writer(GEXFWriter):
        """``add_nodes`` and ``add_edges`` as networkx's (3.2-3.6) for the sanitised graph, as
        text, not elements: the same XML attributes in the same order, the same children
        (``viz``, then ``attvalues``), escaping and indentation.

        The sanitiser leaves no data networkx's writer would take as its own but ``label`` and
        the ``id``, ``start``, ``end`` and ``viz`` we set (the others are renamed), and only
        scalars of one type per key (finite numbers: no ``INF`` or ``NaN`` to spell as networkx
        does). ``kind`` (1.3) is an edge's last XML attribute, where the tree fix used to set it.
        Attribute ids come from networkx's ``get_attr_id`` in networkx's order, with the
        ``networkx_key`` it declared for a multigraph's key (``_drop_networkx_key`` removes it).
        """

        def __init__(self, version: str, kinds: dict[str, str]) -> None:
            super().__init__(encoding="utf-8", prettyprint=True, version=version)
            self.kinds = kinds
            self.lines: dict[str, list[str]] = {"nodes": [], "edges": []}
            self.ids: dict[tuple[str, str], str] = {}
            self.uses_viz = False

        def add_nodes(self, G: nx.Graph[Any], graph_element: Any) -> None:
            SubElement(graph_element, "nodes")   # the placeholder the text replaces
            default = G.graph.get("node_default", {})
            for node, data in G.nodes(data=True):
                tag = f'      <node id="{_attrib(str(node))}" label="{_attrib(str(data.get("label", node)))}"'
                self._element(tag, data, [], "node", default, self.lines["nodes"])

        def add_edges(self, G: nx.Graph[Any], graph_element: Any) -> None:
            assert isinstance(G, nx.MultiDiGraph)  # flat_graph's
            SubElement(graph_element, "edges")
            default = G.graph.get("edge_default", {})
            for u, v, key, data in G.edges(keys=True, data=True):
                edge_id = str(data["id"])
                tag = f'      <edge source="{_attrib(str(u))}" target="{_attrib(str(v))}" id="{_attrib(edge_id)}"'
                if "label" in data:
                    tag += f' label="{_attrib(str(data["label"]))}"'
                # networkx wrote the multigraph's key as the last attvalue (``networkx_key``, removed)
                self._element(tag, data, [("networkx_key", key)], "edge", default, self.lines["edges"])

        def _element(self, tag: str, data: dict[str, Any], extra: list[tuple[str, object]], cls: str,
                     default: dict[str, Any], lines: list[str]) -> None:
            """The element's text: ``start`` / ``end`` and ``kind`` after ``tag``, then the viz
            elements and the attvalues (those of ``extra`` declared, not written)."""
            for end in ("start", "end"):
                if end in data:
                    tag += f' {end}="{_attrib(str(data[end]))}"'
                    self.alter_graph_mode_timeformat(data[end])
            kind = self.kinds.get(str(data["id"])) if cls == "edge" else None
            if kind:
                tag += f' kind="{_attrib(kind)}"'
            children = _viz_lines(data.get("viz") or {})
            self.uses_viz = self.uses_viz or bool(children)
            values = []
            for k, value in data.items():
                if k not in _XML_ATTRIBUTES:
                    values.append(f'          <attvalue for="{self._attr_id(cls, k, value, default)}" '
                                  f'value="{_attrib(str(value).lower() if isinstance(value, bool) else str(value))}" />\n')
            for k, value in extra:
                self._attr_id(cls, k, value, default)
            if values:
                children += ["        <attvalues>\n", *values, "        </attvalues>\n"]
            elif extra:  # networkx's <attvalues> held only the networkx_key
                children.append("        <attvalues />\n")
            if children:
                lines.extend((tag, ">\n", *children, f"      </{cls}>\n"))
            else:
                lines.extend((tag, " />\n"))

        def _attr_id(self, cls: str, title: str, value: object, default: dict[str, Any]) -> str:
            """The id networkx's ``add_attributes`` gives (declaring it first) a static attribute."""
            attr_id = self.ids.get((cls, title))
            if attr_id is None:
                attr_id = self.ids[cls, title] = self.get_attr_id(  # type: ignore[no-untyped-call]
                    title, self.xml_type[type(value)], cls, default, "static")
            return attr_id

    return _Writer


def _viz_lines(viz: dict[str, Any]) -> list[str]:
    """The ``<viz:...>`` elements as networkx's ``add_viz`` writes them (GEXF 1.2 and 1.3)."""
    lines = []
    color = viz.get("color")
    if color is not None:
        lines.append(f'        <viz:color r="{color.get("r")}" g="{color.get("g")}" b="{color.get("b")}"'
                     f' a="{color.get("a", 1.0)}" />\n')
    for name in ("size", "thickness"):
        if viz.get(name) is not None:
            lines.append(f'        <viz:{name} value="{viz[name]}" />\n')
    shape = viz.get("shape")
    if shape is not None:
        shape = str(shape)
        lines.append(f'        <viz:shape value="image" uri="{_attrib(shape)}" />\n' if shape.startswith("http")
                     else f'        <viz:shape value="{_attrib(shape)}" />\n')
    position = viz.get("position")
    if position is not None:
        lines.append(f'        <viz:position x="{position.get("x")}" y="{position.get("y")}" z="{position.get("z")}" />\n')
    return lines


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

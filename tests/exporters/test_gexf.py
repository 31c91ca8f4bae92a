"""GEXF: valid against the official 1.2draft and 1.3 schemas, and read back with the same counts.

GEXF 1.3 is the default, with every edge's relationship type as its ``kind`` XML attribute: Gephi
keeps two edges between the same pair of nodes only when their kinds differ, so on the national
data (where a county council both FUNDS and is a MEMBER_OF a district CSP) no two edges may share
(source, target, kind). Dated elements carry ``start`` / ``end`` for Gephi's timeline.

The check is not loosened: the schemas are the published bytes (hash-checked below), and what
networkx's writer gets wrong (a ``name`` on ``<graph>``; for 1.3, the XSI namespace without
``www.``) is fixed in our exporter. The one defect of the published schemas, viz elements
declared in the main namespace instead of the viz namespace Gephi reads them from, is bridged in
``_schemas.validate_gexf`` (the elements are moved, then checked: where they appear and their values).
Every node carries the HTML legend's colour and size, so Gephi opens the file in those colours.
"""

from __future__ import annotations

import hashlib
import re
import xml.etree.ElementTree as ET
from collections import Counter
from datetime import date
from pathlib import Path

import networkx as nx
import pytest

from partnership_graph.exporters import export
from partnership_graph.stores.dated import as_at
from partnership_graph.exporters.gexf import GEXF_VERSIONS, gexf_bytes, write_gexf
from partnership_graph.exporters.select import select
from partnership_graph.graphmodel import Body, Covers, MemberOf
from partnership_graph.stores.embedded import EmbeddedStore

from ..queries._small_graphs import ALPHA, BETA, body, document, member, store_of

from ._schemas import HERE, gexf_is_valid, validate_gexf
from .conftest import IMG_NAME, SCRIPT_NAME


@pytest.mark.parametrize("version", GEXF_VERSIONS)
def test_the_whole_graph_validates_and_reads_back(example_store: EmbeddedStore, tmp_path: Path,
                                                  version: str) -> None:
    g = example_store.graph()
    path = write_gexf(g, tmp_path / "graph.gexf", version=version)  # type: ignore[arg-type]
    validate_gexf(path, version)
    back = nx.read_gexf(path, version=version)
    assert (back.number_of_nodes(), back.number_of_edges()) == (g.number_of_nodes(), g.number_of_edges())
    assert set(back.nodes) == set(g.nodes)


@pytest.mark.parametrize("version", GEXF_VERSIONS)
def test_networkx_output_is_fixed_not_the_check_loosened(example_store: EmbeddedStore, version: str) -> None:
    text = gexf_bytes(select(example_store, "Oldham").graph, version).decode()  # type: ignore[arg-type]
    assert re.search(r"<graph [^>]*name=", text) is None
    assert 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"' in text
    assert "networkx_key" not in text                      # networkx's multigraph key: an internal


@pytest.mark.parametrize("version", GEXF_VERSIONS)
def test_the_validator_rejects_networkx_output_unfixed(example_store: EmbeddedStore, version: str) -> None:
    # What networkx writes before our fixes (a ``name`` on ``<graph>``) is invalid: the check bites.
    g = select(example_store, "Oldham").graph
    fixed = gexf_bytes(g, version)  # type: ignore[arg-type]
    assert gexf_is_valid(fixed, version)
    assert not gexf_is_valid(fixed.replace(b"<graph ", b'<graph name="x" ', 1), version)


def test_values_and_labels_read_back(hostile_store: EmbeddedStore, tmp_path: Path) -> None:
    path = write_gexf(select(hostile_store, "Oldham").graph, tmp_path / "oldham.gexf")
    validate_gexf(path, "1.3")
    back = nx.read_gexf(path)
    oldham = back.nodes["Area:E08000004"]
    assert (oldham["label"], oldham["population"], oldham["upper_tier"]) == ("Oldham", 246130, True)
    assert back.nodes["Body:hostile-img"]["label"] == IMG_NAME
    assert back.nodes["Body:hostile-script"]["name"] == SCRIPT_NAME
    rel_types = {e["rel_type"] for _, _, e in back.edges(data=True)}
    assert {"LEADS", "MEMBER_OF", "COVERS", "PART_OF", "ACCOUNTABLE_TO"} <= rel_types


def test_bundled_schemas_are_the_published_bytes() -> None:
    readme = (HERE / "README.md").read_text()
    listed = dict(re.findall(r"\| `([\w./-]+\.xsd)` \|[^\n]*`([0-9a-f]{64})` \|", readme))
    files = sorted(p.relative_to(HERE).as_posix() for p in HERE.rglob("*.xsd"))
    assert sorted(listed) == files
    for name, digest in listed.items():
        assert hashlib.sha256((HERE / name).read_bytes()).hexdigest() == digest, name


GEXF13 = "{http://gexf.net/1.3}"


def _edges(path: Path) -> list[ET.Element]:
    return list(ET.parse(path).getroot().iter(f"{GEXF13}edge"))


def test_national_export_is_gexf_13_and_keeps_every_relationship(example_store: EmbeddedStore,
                                                                  tmp_path: Path) -> None:
    """The acceptance check: the whole national graph through ``export``, the default format."""
    g = example_store.graph()
    # every dated element (the timeline's export): the 2024 lookups and the dated changes to 2028
    result = export(example_store, "gexf", tmp_path / "national.gexf", all_dates=True)
    path = result.paths[0]
    assert b'version="1.3"' in path.read_bytes()[:400]
    validate_gexf(path, "1.3")
    edges = _edges(path)
    assert len(edges) == g.number_of_edges() == result.edges > 17000
    # without --all-dates the file is the graph as at today, with fewer relationships
    today = export(example_store, "gexf", tmp_path / "today.gexf")
    assert today.edges == as_at(g, None).number_of_edges() < result.edges
    assert all(e.get("kind") for e in edges)
    # what the store holds, relationship by relationship, is what the file holds
    stored = Counter((u, v, a["type"]) for u, v, a in g.edges(data=True))
    written = Counter((e.get("source"), e.get("target"), e.get("label")) for e in edges)
    assert written == stored
    # Gephi's rule: parallel edges survive only with different kinds. The national data has them
    # (Nottinghamshire County Council FUNDS and is a MEMBER_OF district CSPs)...
    pairs = Counter((e.get("source"), e.get("target")) for e in edges)
    assert pairs[("Body:council:nottinghamshire", "Body:csp:mansfield")] == 2
    # ...and one relationship type links some pairs twice: a dated move (Hart PART_OF its ICB
    # before and after 1 April 2026) and a local claim beside a statutory one (Oldham council
    # LEADS Prevent by law and in the example). Their kinds still differ, so Gephi keeps them all.
    repeats = {k for k, n in stored.items() if n > 1}
    assert ("Area:E07000089", "Area:E54000042", "PART_OF") in repeats
    assert ("Body:council:oldham", "Issue:prevent", "LEADS") in repeats
    kinds = Counter((e.get("source"), e.get("target"), e.get("kind")) for e in edges)
    assert max(kinds.values()) == 1
    oldham_prevent = sorted(e.get("kind") for e in edges
                            if (e.get("source"), e.get("target")) == ("Body:council:oldham", "Issue:prevent"))
    assert oldham_prevent == ["LEADS", "LEADS (statutory)"]
    hart = sorted(e.get("kind") for e in edges if (e.get("source"), e.get("target")) == ("Area:E07000089",
                                                                                         "Area:E54000042"))
    assert len(hart) == 2 and all(k.startswith("PART_OF ") and ".." in k for k in hart)
    back = nx.read_gexf(path)
    assert back.number_of_edges() == g.number_of_edges()
    assert Counter((u, v, a["rel_type"]) for u, v, a in back.edges(data=True)) == stored


def test_1_2draft_has_no_edge_kind(example_store: EmbeddedStore) -> None:
    text = gexf_bytes(select(example_store, "Oldham").graph, "1.2draft").decode()
    assert " kind=" not in text.split("<edges>")[1]


def test_exports_are_byte_reproducible_and_undated_unless_asked(example_store: EmbeddedStore) -> None:
    g = select(example_store, "Oldham").graph
    shuffled: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    shuffled.add_nodes_from(reversed([(n, dict(reversed(list(a.items())))) for n, a in g.nodes(data=True)]))
    shuffled.add_edges_from(reversed([(u, v, k, dict(reversed(list(a.items()))))
                                      for u, v, k, a in g.edges(keys=True, data=True)]))
    first = gexf_bytes(g)
    assert gexf_bytes(g) == first == gexf_bytes(shuffled)
    assert b"lastmodifieddate" not in first and b"NetworkX" not in first
    stamped = gexf_bytes(g, modified=date(2026, 11, 29))
    assert b'lastmodifieddate="2026-11-29"' in stamped
    assert stamped.replace(b' lastmodifieddate="2026-11-29"', b"") == first


def test_dated_elements_play_on_gephis_timeline(tmp_path: Path) -> None:
    """A body that starts in 2027 and a membership that ends in 2028: start/end on those only."""
    new = Body(id="csp:new", name="New CSP", kind="csp", valid_from=date(2027, 4, 1))  # type: ignore[arg-type]
    store = store_of(tmp_path, document(
        [body("csp:alpha", "csp", ALPHA), body("council:beta", "council", BETA), (new, [])],
        memberships=[member("council:beta", "csp:alpha"),
                     MemberOf(start="council:beta", end="csp:new", role="member",  # type: ignore[arg-type]
                              valid_from=date(2027, 4, 1), valid_to=date(2028, 5, 8))],
        covers=[Covers(start="csp:new", end=BETA, valid_from=date(2027, 4, 1))]))
    path = write_gexf(store.graph(), tmp_path / "timeline.gexf")
    validate_gexf(path, "1.3")
    graph = ET.parse(path).getroot().find(f"{GEXF13}graph")
    assert graph is not None
    assert (graph.get("mode"), graph.get("timeformat")) == ("dynamic", "date")
    nodes = {n.get("id"): (n.get("start"), n.get("end")) for n in graph.iter(f"{GEXF13}node")}
    assert nodes["Body:csp:new"] == ("2027-04-01", None)
    assert nodes["Body:csp:alpha"] == (None, None)     # undated: present at all times
    spans = {(e.get("source"), e.get("target"), e.get("kind")): (e.get("start"), e.get("end"))
             for e in graph.iter(f"{GEXF13}edge")}
    assert spans[("Body:council:beta", "Body:csp:new", "MEMBER_OF")] == ("2027-04-01", "2028-05-08")
    assert spans[("Body:council:beta", "Body:csp:alpha", "MEMBER_OF")] == (None, None)
    assert spans[("Body:csp:new", f"Area:{BETA}", "COVERS")] == ("2027-04-01", None)
    back = nx.read_gexf(path)
    assert back.nodes["Body:csp:new"]["start"] == "2027-04-01"


VIZ13 = "{http://gexf.net/1.3/viz}"


def test_every_node_and_edge_has_the_legends_colour_and_no_internal_attribute(example_store: EmbeddedStore,
                                                                               tmp_path: Path) -> None:
    from partnership_graph.exporters.html import EDGE_STYLES, NODE_SIZES, NODE_STYLES

    result = export(example_store, "gexf", tmp_path / "gm.gexf", area="Greater Manchester")
    path = result.paths[0]
    validate_gexf(path, "1.3")
    root = ET.parse(path).getroot()
    graph = root.find(f"{GEXF13}graph")
    assert graph is not None and graph.get("mode") == "static"   # as at one date: no timeline
    titles = {a.get("id"): a.get("title") for a in root.iter(f"{GEXF13}attribute")}
    assert "networkx_key" not in titles.values() and not {"key", "merge_key", "datasets"} & set(titles.values())

    def value(element: ET.Element, title: str) -> str | None:
        for v in element.iter(f"{GEXF13}attvalue"):
            if titles[v.get("for")] == title:
                return v.get("value")
        return None

    def hex_of(element: ET.Element) -> str:
        c = element.find(f"{VIZ13}color")
        assert c is not None, element.get("id")
        return "#{:02x}{:02x}{:02x}".format(int(c.get("r", "")), int(c.get("g", "")), int(c.get("b", "")))

    nodes = list(root.iter(f"{GEXF13}node"))
    assert len(nodes) == result.nodes > 50
    for node in nodes:
        label = value(node, "node_type")
        group = label if label != "Body" else value(node, "kind")
        assert hex_of(node) == NODE_STYLES[str(group)][0], node.get("id")
        size = node.find(f"{VIZ13}size")
        assert size is not None and float(size.get("value", "")) == NODE_SIZES[str(label)]
    for edge in root.iter(f"{GEXF13}edge"):
        assert hex_of(edge) == EDGE_STYLES[edge.get("label", "")][0]
    # a Gephi user's reader (networkx) sees the colours too
    back = nx.read_gexf(path)
    assert all("viz" in a and "color" in a["viz"] for _, a in back.nodes(data=True))


def test_a_dated_graph_is_dynamic_only_with_the_timeline(example_store: EmbeddedStore, tmp_path: Path) -> None:
    today = export(example_store, "gexf", tmp_path / "today.gexf", area="Surrey")
    assert b'mode="static"' in today.paths[0].read_bytes() and b" start=" not in today.paths[0].read_bytes()
    timeline = export(example_store, "gexf", tmp_path / "all.gexf", area="Surrey", all_dates=True)
    text = timeline.paths[0].read_bytes()
    assert b'mode="dynamic"' in text and b'start="2027-04-01"' in text  # Surrey's unitaries (data/changes)


@pytest.mark.parametrize("timeline", [True, False])
@pytest.mark.parametrize("version", GEXF_VERSIONS)
def test_nodes_and_edges_written_as_text_are_what_networkx_writes(hostile_store: EmbeddedStore, version: str,
                                                                  timeline: bool) -> None:
    """``gexf_bytes`` writes nodes and edges as text (issue 18: networkx's element tree took most
    of a national export's time); networkx's own writer, given the same graph and the same fixes,
    writes the very same bytes. The graph: Oldham with the hostile names and all its dates, plus
    values ElementTree escapes or spells as references (CR, LF, tab, quotes, non-ASCII), a bool,
    a float and an edge with no attribute of its own but its type."""
    from networkx.readwrite.gexf import GEXFWriter

    from partnership_graph.exporters.gexf import _fix, _prepared, edge_kinds

    g = nx.MultiDiGraph(select(hostile_store, "Oldham", all_dates=True).graph)
    g.add_node("Body:odd", name="Ynys Môn – “quoted” \"and\" 'single'", kind="other", ratio=0.25)
    g.add_edge("Body:odd", "Area:E08000004", key="COVERS||", type="COVERS",
               evidence="line one\r\nline two\ttabbed & <marked> ’", share=0.5, statutory=False,
               valid_from="2026-04-01")
    g.add_edge("Body:odd", "Body:hostile-img", key="MEMBER_OF||", type="MEMBER_OF")
    modified = date(2026, 12, 8)
    flat = _prepared(g, timeline)
    writer = GEXFWriter(encoding="utf-8", prettyprint=True, version=version)
    writer.add_graph(flat)
    _fix(writer.xml, modified)
    if version == "1.3":
        kinds = edge_kinds(flat)
        for edge in writer.xml.iter("edge"):
            edge.set("kind", kinds[edge.get("id", "")])
    expected = f'<?xml version="1.0" encoding="utf-8"?>\n{writer}'.encode("utf-8")
    written = gexf_bytes(g, version, modified=modified, timeline=timeline)  # type: ignore[arg-type]
    assert b"line one&#13;&#10;line two&#09;tabbed &amp; &lt;marked&gt; &#8217;" in written
    assert written == expected

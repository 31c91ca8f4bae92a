"""GraphML: valid against the GraphML 1.0 schema, and read back by networkx unchanged in count."""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from partnership_graph.exporters.graphml import write_graphml
from partnership_graph.exporters.select import select
from partnership_graph.stores.embedded import EmbeddedStore

from ._schemas import graphml_schema
from .conftest import IMG_NAME, SCRIPT_NAME


def test_the_whole_graph_validates_and_reads_back(example_store: EmbeddedStore, tmp_path: Path) -> None:
    g = example_store.graph()
    path = write_graphml(g, tmp_path / "graph.graphml")
    graphml_schema().validate(str(path))
    back = nx.read_graphml(path, force_multigraph=True)
    assert (back.number_of_nodes(), back.number_of_edges()) == (g.number_of_nodes(), g.number_of_edges())
    assert set(back.nodes) == set(g.nodes)


def test_values_keep_their_types(example_store: EmbeddedStore, tmp_path: Path) -> None:
    g = select(example_store, "Oldham").graph
    back = nx.read_graphml(write_graphml(g, tmp_path / "oldham.graphml"), force_multigraph=True)
    oldham = back.nodes["Area:E08000004"]
    assert (oldham["population"], oldham["upper_tier"], oldham["node_label"]) == (246130, True, "Area")
    assert back.nodes["Issue:domestic-abuse"]["synonyms"].startswith('["DA"')
    member = next(e for u, v, e in back.edges(data=True)
                  if (u, v) == ("Body:council:oldham", "Body:csp:oldham") and e["rel_type"] == "MEMBER_OF")
    assert (member["statutory"], member["role"]) == (True, "responsible_authority")


def test_hostile_names_survive_as_text(hostile_store: EmbeddedStore, tmp_path: Path) -> None:
    path = write_graphml(select(hostile_store, "Oldham").graph, tmp_path / "hostile.graphml")
    graphml_schema().validate(str(path))
    back = nx.read_graphml(path, force_multigraph=True)
    assert back.nodes["Body:hostile-img"]["name"] == IMG_NAME
    assert back.nodes["Body:hostile-script"]["name"] == SCRIPT_NAME


def test_the_validator_rejects_what_the_schema_forbids(example_store: EmbeddedStore) -> None:
    # libxml2 validates the same bytes the exporter writes; an element the schema does not know,
    # or a key with a type GraphML has no name for, must fail (the check is not a formality).
    good = b'<graphml xmlns="http://graphml.graphdrawing.org/xmlns"><graph edgedefault="directed"/></graphml>'
    assert graphml_schema().is_valid(good)
    assert not graphml_schema().is_valid(good.replace(b"<graph ", b"<grap "))
    assert not graphml_schema().is_valid(good.replace(b"<graph ", b'<key id="k" for="node" attr.type="date"/><graph '))

"""JSON (node-link): lossless, and readable back into the same graph."""

from __future__ import annotations

import json
from pathlib import Path

from partnership_graph.exporters.nodelink import read_json, write_json
from partnership_graph.exporters.select import select
from partnership_graph.stores.embedded import EmbeddedStore

from .conftest import SCRIPT_NAME


def test_the_graph_reads_back_identical(example_store: EmbeddedStore, tmp_path: Path) -> None:
    g = example_store.graph()
    back = read_json(write_json(g, tmp_path / "graph.json"))
    assert sorted(back.nodes(data=True)) == sorted(g.nodes(data=True))
    assert sorted(back.edges(keys=True, data=True)) == sorted(g.edges(keys=True, data=True))


def test_attributes_named_like_node_link_fields_are_kept(example_store: EmbeddedStore, tmp_path: Path) -> None:
    # A body's ``id``, a relationship's ``key`` and ``source`` are attributes, not the link fields.
    data = json.loads(write_json(select(example_store, "Oldham").graph, tmp_path / "o.json").read_text())
    csp = next(n for n in data["nodes"] if n["node_key"] == "Body:csp:oldham")
    assert csp["id"] == "csp:oldham"
    lead = next(e for e in data["edges"] if e["from"] == "Body:csp:oldham" and e["type"] == "LEADS")
    assert (lead["key"], lead["edge_key"], lead["source"]) == ("|", "LEADS||", "illustrative")


def test_the_same_graph_gives_the_same_bytes(hostile_store: EmbeddedStore, tmp_path: Path) -> None:
    g = select(hostile_store, "Oldham").graph
    first = write_json(g, tmp_path / "a.json").read_bytes()
    assert first == write_json(g, tmp_path / "b.json").read_bytes()
    names = {n["node_key"]: n.get("name") for n in json.loads(first)["nodes"]}
    assert names["Body:hostile-script"] == SCRIPT_NAME

"""The one sanitiser the GraphML and GEXF exports share."""

from __future__ import annotations

import math

import networkx as nx
import pytest

from partnership_graph.errors import ExportError
from partnership_graph.exporters._sanitise import flat_graph, scalar


def messy_graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    g.add_node("Body:a", label="Body", id="a", name="A", notes=None, synonyms=["x", "y"], n=1, flag=True)
    g.add_node("Body:b", label="Body", id="b", name="B", n=2.5, flag="maybe", meta={"k": 1})
    g.add_edge("Body:a", "Body:b", key="MEMBER_OF|", type="MEMBER_OF", key_="ignored", start="s", weight=3)
    g.edges["Body:a", "Body:b", "MEMBER_OF|"]["key"] = ""
    return g


def test_none_values_are_dropped() -> None:
    assert "notes" not in flat_graph(messy_graph()).nodes["Body:a"]


def test_lists_and_dicts_become_json_text() -> None:
    f = flat_graph(messy_graph())
    assert f.nodes["Body:a"]["synonyms"] == '["x", "y"]'
    assert f.nodes["Body:b"]["meta"] == '{"k": 1}'


def test_every_key_gets_one_type() -> None:
    f = flat_graph(messy_graph())
    assert (f.nodes["Body:a"]["n"], f.nodes["Body:b"]["n"]) == (1.0, 2.5)       # int + float -> float
    assert (f.nodes["Body:a"]["flag"], f.nodes["Body:b"]["flag"]) == ("true", "maybe")  # bool + str -> str


def test_reserved_keys_are_renamed() -> None:
    f = flat_graph(messy_graph())
    node = f.nodes["Body:a"]
    assert {"node_label", "node_id"} <= set(node) and not {"label", "id"} & set(node)
    (_, _, key, edge), = f.edges(keys=True, data=True)
    assert key == "e0"
    assert edge == {"rel_type": "MEMBER_OF", "merge_key": "", "key_": "ignored", "edge_start": "s", "edge_weight": 3}


@pytest.mark.parametrize("bad", [math.inf, -math.inf, math.nan])
def test_non_finite_numbers_are_refused(bad: float) -> None:
    with pytest.raises(ExportError):
        scalar(bad)

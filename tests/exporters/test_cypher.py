"""Cypher script: escaped literals, constant labels, and the same graph as the store once run."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import networkx as nx

import pytest

from partnership_graph.errors import ExportError
from partnership_graph.exporters.cypher import cypher_script, literal, statements
from partnership_graph.exporters.select import select
from partnership_graph.stores.embedded import EmbeddedStore

from .conftest import IMG_NAME, SCRIPT_NAME

if TYPE_CHECKING:
    from neo4j import Driver

    from partnership_graph.stores.neo4j import Neo4jStore


@pytest.mark.parametrize(("value", "text"), [
    ("plain", "'plain'"),
    ("O'Brien", r"'O\'Brien'"),
    ("back\\slash", r"'back\\slash'"),
    ("\\'", r"'\\\''"),
    ('say "hi"', "'say \"hi\"'"),
    ("two\nlines\r\t", r"'two\nlines\r\t'"),
    ("\x00\x1f\u2028", r"'\u0000\u001f\u2028'"),
    ("}) DETACH DELETE n //", "'}) DETACH DELETE n //'"),
    (True, "true"), (7, "7"), (0.5, "0.5"), (1e20, "1e20"), (1e-05, "1e-05"),
    (["DA", "D'V"], r"['DA', 'D\'V']"),
])
def test_literals_are_escaped(value: object, text: str) -> None:
    assert literal(value) == text


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), {"a": 1}, None])
def test_values_cypher_cannot_hold_are_refused(bad: object) -> None:
    with pytest.raises(ExportError):
        literal(bad)


def test_a_literal_never_ends_early() -> None:
    # Whatever the value, the statement splitter (which honours quotes and escapes) sees one literal.
    for value in (IMG_NAME, SCRIPT_NAME, "';' ; MATCH (n) DETACH DELETE n; '", "\\';"):
        assert statements(f"RETURN {literal(value)} AS v;") == [f"RETURN {literal(value)} AS v"]


def test_labels_and_types_come_from_the_vocabulary(hostile_store: EmbeddedStore) -> None:
    script = cypher_script(select(hostile_store, "Oldham").graph)
    assert "`" not in script
    g = select(hostile_store, "Oldham").graph
    g.nodes["Body:csp:oldham"]["label"] = "Body:Evil"
    with pytest.raises(ExportError, match="node label"):
        cypher_script(g)


def test_the_script_is_constraints_then_batched_merges(example_store: EmbeddedStore) -> None:
    g = example_store.graph()
    parts = statements(cypher_script(g))
    # five constraints: Area, Body, Issue, Source and the Dataset registry's name
    assert all(p.startswith("CREATE CONSTRAINT") and "IF NOT EXISTS" in p for p in parts[:5])
    assert all(p.startswith("UNWIND [") for p in parts[5:])
    assert sum(p.count("props:") for p in parts) == g.number_of_nodes() + g.number_of_edges()  # each once


def every_kind_of_element(g: nx.MultiDiGraph[str]) -> nx.MultiDiGraph[str]:
    """A small part of ``g`` with every node label, every relationship type between every pair of
    labels, every property key of each, and every hostile node with all its relationships.

    Neo4j parses literal-heavy statements slowly (the national script, ~45 statements of 500
    literal rows, took 145 s to run), so the round trip runs on this part; the national script's
    shape is checked without a server above.
    """
    keep_edges: dict[tuple[str, str, str, frozenset[str]], tuple[str, str, Any]] = {}
    keep_nodes: dict[tuple[str, frozenset[str]], str] = {}
    for key, attrs in g.nodes(data=True):
        keep_nodes.setdefault((attrs["label"], frozenset(attrs)), key)
        if key.startswith("Body:hostile-"):
            keep_nodes[("hostile", frozenset({key}))] = key
    for u, v, k, attrs in g.edges(keys=True, data=True):
        shape = (g.nodes[u]["label"], attrs["type"], g.nodes[v]["label"], frozenset(attrs))
        if u.startswith("Body:hostile-") or v.startswith("Body:hostile-"):
            shape = (u, v, str(k), frozenset())
        keep_edges.setdefault(shape, (u, v, k))
    part: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    nodes = set(keep_nodes.values()) | {n for u, v, _ in keep_edges.values() for n in (u, v)}
    part.add_nodes_from((n, g.nodes[n]) for n in nodes)
    part.add_edges_from((u, v, k, g.edges[u, v, k]) for u, v, k in keep_edges.values())
    return part


@pytest.mark.neo4j
def test_the_script_recreates_the_graph_in_neo4j(hostile_store: EmbeddedStore, neo4j_store: Neo4jStore,
                                                 neo4j_driver: Driver) -> None:
    national = hostile_store.graph()
    g = every_kind_of_element(national)
    shapes = {(national.nodes[u]["label"], a["type"], national.nodes[v]["label"]) for u, v, a in national.edges(data=True)}
    assert {(g.nodes[u]["label"], a["type"], g.nodes[v]["label"]) for u, v, a in g.edges(data=True)} == shapes
    assert {a["label"] for _, a in g.nodes(data=True)} == {a["label"] for _, a in national.nodes(data=True)}
    assert g.number_of_nodes() < national.number_of_nodes() // 10
    script = cypher_script(g)
    with neo4j_driver.session() as session:
        for statement in statements(script):
            session.run(statement).consume()  # type: ignore[arg-type]  # the script is the data here
        counts = session.run("MATCH (n) RETURN count(n) AS n").single()
        rels = session.run("MATCH ()-[r]->() RETURN count(r) AS n").single()
    assert counts is not None and rels is not None
    assert (counts["n"], rels["n"]) == (g.number_of_nodes(), g.number_of_edges())
    back = neo4j_store.graph()
    assert sorted(back.nodes(data=True)) == sorted(g.nodes(data=True))
    assert sorted(back.edges(keys=True, data=True)) == sorted(g.edges(keys=True, data=True))
    assert back.nodes["Body:hostile-script"]["name"] == SCRIPT_NAME
    # Running it again changes nothing: every statement MERGEs on the same keys.
    with neo4j_driver.session() as session:
        for statement in statements(script)[4:]:
            session.run(statement).consume()  # type: ignore[arg-type]
        again = session.run("MATCH (n) RETURN count(n) AS n").single()
        again_rels = session.run("MATCH ()-[r]->() RETURN count(r) AS n").single()
    assert again is not None and again_rels is not None
    assert (again["n"], again_rels["n"]) == (g.number_of_nodes(), g.number_of_edges())

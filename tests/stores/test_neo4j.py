"""Neo4jStore against a real server: same projection as the embedded store, idempotent reloads,
all-or-nothing loads (a bad last batch, a dropped connection, a terminated transaction), hostile
names stored verbatim, one-line errors that never show the password, and the CLI on `--store neo4j`.

Tests marked ``neo4j`` get their server from ``tests/conftest.py`` (NEO4J_URI, or a throwaway
tools/neo4j-local server); the others need no server at all.
"""

from __future__ import annotations

import logging
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx
import pytest
from click.testing import CliRunner, Result

from partnership_graph.cli import cli
from partnership_graph.config import Secret, Settings
from partnership_graph.errors import StoreError
from partnership_graph.graphmodel import Body, BodyKind, Claim, ClaimType, Covers, GraphDocument, Issue, MemberOf
from partnership_graph.stores.base import LoadSummary
from partnership_graph.stores.embedded import EmbeddedStore
from partnership_graph.stores import neo4j as neo4j_module
from partnership_graph.stores.neo4j import Batch, Neo4jStore

from ..conftest import (
    NEO4J_LOCAL, NEO4J_TEST_HOME, NEO4J_TEST_PORT, TEST_SERVER_GC, Neo4jHolding, Neo4jServer, clear_neo4j,
    neo4j_unavailable,
)

if TYPE_CHECKING:
    from neo4j import Driver

neo4j = pytest.mark.neo4j
WRONG_PASSWORD = "not-the-password-4711"


# -- helpers ----------------------------------------------------------------------------------
def assert_same_graph(actual: nx.MultiDiGraph, expected: nx.MultiDiGraph) -> None:
    """Node for node and edge for edge, attributes included, in the same order."""
    assert list(actual.nodes) == list(expected.nodes)
    for key, attrs in expected.nodes(data=True):
        assert actual.nodes[key] == attrs, key
    actual_edges = list(actual.edges(keys=True, data=True))
    expected_edges = list(expected.edges(keys=True, data=True))
    assert [e[:3] for e in actual_edges] == [e[:3] for e in expected_edges]
    for got, want in zip(actual_edges, expected_edges):
        assert got == want, want[:3]


def counts(summary: LoadSummary) -> tuple[int, ...]:
    return (summary.nodes_created, summary.nodes_changed, summary.nodes_unchanged,
            summary.relationships_created, summary.relationships_changed, summary.relationships_unchanged)


def fresh_graph(server: Neo4jServer) -> nx.MultiDiGraph:
    """What the database holds now, read through a new store (no cached projection)."""
    with Neo4jStore.connect(server.settings()) as store:
        return store.graph()


def db_counts(driver: Driver) -> tuple[int, int]:
    records, _, _ = driver.execute_query(
        "CALL () { MATCH (n) WHERE NOT n:Dataset RETURN count(n) AS nodes } CALL () { MATCH ()-[r]->() RETURN count(r) AS rels } "
        "RETURN nodes, rels")
    return records[0]["nodes"], records[0]["rels"]


def embedded_loaded(path: Path, *docs: GraphDocument) -> tuple[EmbeddedStore, list[LoadSummary]]:
    store = EmbeddedStore(path)
    return store, [store.load(doc) for doc in docs]


def loader_connections(driver: Driver) -> list[str]:
    """Bolt connections opened by partnership-graph (its driver sets the user agent)."""
    records, _, _ = driver.execute_query(
        "CALL dbms.listConnections() YIELD connectionId, userAgent "
        "WHERE userAgent STARTS WITH 'partnership-graph/' RETURN connectionId")
    return [r["connectionId"] for r in records]


def loader_transactions(driver: Driver) -> list[dict[str, str]]:
    """The open transactions of partnership-graph connections, with their connection ids."""
    records, _, _ = driver.execute_query(
        "SHOW TRANSACTIONS YIELD transactionId, connectionId WHERE connectionId IN $ids "
        "RETURN transactionId, connectionId", ids=loader_connections(driver))
    return [r.data() for r in records]


def kill_loader_connections(driver: Driver) -> int:
    """Close, from the server side, the connection that carries the load's open transaction."""
    ids = [t["connectionId"] for t in loader_transactions(driver)]
    for connection_id in ids:
        driver.execute_query("CALL dbms.killConnection($id)", id=connection_id)
    return len(ids)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def poison_last_batch(monkeypatch: pytest.MonkeyPatch, change: Callable[[dict[str, Any]], None]) -> None:
    """Let ``plan`` run as usual, then spoil the last row of the last batch the load will run."""
    real_plan = neo4j_module.plan

    def plan(doc: GraphDocument, batch_size: int = neo4j_module.DEFAULT_BATCH_SIZE) -> list[Batch]:
        batches = real_plan(doc, batch_size)
        change(batches[-1].rows[-1])
        return batches

    monkeypatch.setattr(neo4j_module, "plan", plan)


# -- query text -------------------------------------------------------------------------------
def test_the_allow_lists_are_exactly_the_vocabulary() -> None:
    from partnership_graph.graphmodel import Area, Label, RelType, Relationship

    assert set(neo4j_module.LABELS) == set(Label.values())
    assert set(neo4j_module.REL_TYPES) == set(RelType.values())
    assert neo4j_module.KEY_PROPERTY["Area"] == "code" and "code" in Area.model_fields
    ends = {(cls.start_label.value, cls.end_label.value) for cls in Relationship.__subclasses__()}
    assert {label for pair in ends for label in pair} <= set(neo4j_module.LABELS)


@pytest.mark.parametrize("word", ["Area) DETACH DELETE n //", "Person", "area", "Area`", ""])
def test_a_label_outside_the_vocabulary_never_reaches_query_text(word: str) -> None:
    with pytest.raises(StoreError, match="refusing to write unknown node label"):
        neo4j_module.node_query(word)
    with pytest.raises(StoreError, match="refusing to write unknown node label"):
        neo4j_module.relationship_query(word, "COVERS", "Area")


def test_a_relationship_type_outside_the_vocabulary_never_reaches_query_text() -> None:
    with pytest.raises(StoreError, match="refusing to write unknown relationship type"):
        neo4j_module.relationship_query("Body", "COVERS]->() DETACH DELETE n //", "Area")


def test_every_value_travels_as_a_parameter(example_doc: GraphDocument) -> None:
    batches = neo4j_module.plan(example_doc, batch_size=1000)
    names = {b.name for b in example_doc.bodies}
    for batch in batches:
        for query in (batch.query, batch.fresh_query):
            assert query is not None and "$rows" in query and not any(name in query for name in names)
    assert len({b.query for b in batches}) <= 2 * (len(neo4j_module.LABELS) + 2 * len(neo4j_module.REL_TYPES))


# -- connecting -------------------------------------------------------------------------------
def test_missing_password_is_a_store_error() -> None:
    settings = Settings(store="neo4j", neo4j_uri="bolt://127.0.0.1:7687", neo4j_password=Secret(None))
    with pytest.raises(StoreError, match=r"^no Neo4j password: set NEO4J_PASSWORD"):
        Neo4jStore.connect(settings)


def test_unreachable_port_is_a_one_line_store_error() -> None:
    port = free_port()
    settings = Settings(store="neo4j", neo4j_uri=f"bolt://127.0.0.1:{port}", neo4j_password=Secret(WRONG_PASSWORD))
    with pytest.raises(StoreError) as caught:
        Neo4jStore.connect(settings)
    assert str(caught.value) == (f"cannot reach Neo4j at bolt://127.0.0.1:{port} (is it running? start one with "
                                 "tools/neo4j-local/neo4j-local start)")


def test_invalid_uri_is_a_store_error() -> None:
    settings = Settings(store="neo4j", neo4j_uri="http://127.0.0.1:7474", neo4j_password=Secret(WRONG_PASSWORD))
    with pytest.raises(StoreError, match=r"^invalid Neo4j URI 'http://127.0.0.1:7474'") as caught:
        Neo4jStore.connect(settings)
    assert "\n" not in str(caught.value) and WRONG_PASSWORD not in str(caught.value)


def test_location_never_shows_credentials_in_the_uri() -> None:
    assert neo4j_module._public_uri("bolt://neo4j:s3cret@db.example:7687") == "bolt://db.example:7687"
    assert neo4j_module._public_uri("neo4j+s://db.example") == "neo4j+s://db.example"


@neo4j
def test_wrong_password_is_a_one_line_store_error_without_the_password(neo4j_server: Neo4jServer) -> None:
    # One wrong attempt only: after three in a row the server refuses every login for ~5 s.
    with pytest.raises(StoreError) as caught:
        Neo4jStore.connect(neo4j_server.settings(neo4j_password=Secret(WRONG_PASSWORD)))
    message = str(caught.value)
    assert message == (f"Neo4j at {neo4j_server.uri} refused the credentials for user 'neo4j' "
                       "(check NEO4J_USER / NEO4J_PASSWORD)")
    assert WRONG_PASSWORD not in message and neo4j_server.password not in message


@neo4j
def test_repeated_wrong_passwords_say_the_server_is_rate_limiting(neo4j_server: Neo4jServer) -> None:
    # Three failures in a row make Neo4j refuse every login for ~5 s; wait that out at the end
    # so that later tests can log in.
    messages = []
    for attempt in range(4):
        with pytest.raises(StoreError) as caught:
            Neo4jStore.connect(neo4j_server.settings(neo4j_password=Secret(f"{WRONG_PASSWORD}-{attempt}")))
        messages.append(str(caught.value))
    assert messages[-1] == (f"Neo4j at {neo4j_server.uri} is refusing logins for a few seconds after repeated "
                            "wrong passwords (check NEO4J_USER / NEO4J_PASSWORD, then try again)")
    assert not any(WRONG_PASSWORD in m or "\n" in m for m in messages)
    time.sleep(6)
    Neo4jStore.connect(neo4j_server.settings()).close()


@neo4j
def test_an_unknown_database_is_a_one_line_store_error(neo4j_server: Neo4jServer) -> None:
    with Neo4jStore.connect(neo4j_server.settings(neo4j_database="no-such-db")) as store:
        with pytest.raises(StoreError) as caught:
            store.read("RETURN 1 AS one")
    assert str(caught.value) == f"Neo4j at {neo4j_server.uri} has no database 'no-such-db' (check NEO4J_DATABASE)"


@neo4j
def test_store_repr_and_location_do_not_show_the_password(neo4j_store: Neo4jStore, neo4j_server: Neo4jServer) -> None:
    assert neo4j_store.location == neo4j_server.uri
    assert neo4j_server.password not in repr(neo4j_store) + neo4j_store.location
    assert neo4j_server.password not in repr(neo4j_server.settings())


# -- loading ----------------------------------------------------------------------------------
@neo4j
def test_loading_skeleton_and_example_projects_the_same_graph_as_the_embedded_store(
        neo4j_store: Neo4jStore, example_doc: GraphDocument, db_path: Path) -> None:
    summary = neo4j_store.load(example_doc)
    embedded, (embedded_summary,) = embedded_loaded(db_path, example_doc)
    assert counts(summary) == counts(embedded_summary)
    assert summary.nodes_created == len(list(example_doc.nodes()))
    assert_same_graph(neo4j_store.graph(), embedded.graph())


@neo4j
def test_reloading_changes_nothing(neo4j_store: Neo4jStore, neo4j_driver: Driver, example_doc: GraphDocument,
                                   neo4j_server: Neo4jServer) -> None:
    neo4j_store.load(example_doc)
    before_counts, before_graph = db_counts(neo4j_driver), fresh_graph(neo4j_server)
    again = neo4j_store.load(example_doc)
    assert (again.nodes_created, again.nodes_changed, again.relationships_created, again.relationships_changed) \
        == (0, 0, 0, 0)
    assert again.nodes_unchanged == before_counts[0] and again.relationships_unchanged == before_counts[1]
    assert not again.changed_anything
    assert db_counts(neo4j_driver) == before_counts
    assert_same_graph(fresh_graph(neo4j_server), before_graph)


@neo4j
def test_summaries_match_the_embedded_store_over_a_sequence_of_loads(
        neo4j_store: Neo4jStore, skeleton: GraphDocument, example_doc: GraphDocument, db_path: Path) -> None:
    body, cover, membership = example_doc.bodies[0], example_doc.covers[0], example_doc.memberships[0]
    edited = example_doc.overlay(
        bodies=[body.model_copy(update={"name": body.name + " (renamed)", "source": None})],
        covers=[cover.model_copy(update={"share": 0.5, "share_basis": "stated"})],
        memberships=[membership.model_copy(update={"evidence": "minutes of 1 May"})],
    )
    sequence = [skeleton, example_doc, edited, edited, example_doc]
    embedded, embedded_summaries = embedded_loaded(db_path, *sequence)
    neo4j_summaries = [neo4j_store.load(doc) for doc in sequence]
    assert [counts(s) for s in neo4j_summaries] == [counts(s) for s in embedded_summaries]
    assert counts(neo4j_summaries[2])[1] == 1 and counts(neo4j_summaries[2])[4] == 2  # the edits show
    assert_same_graph(neo4j_store.graph(), embedded.graph())


@neo4j
def test_a_load_into_an_empty_store_creates_exactly_what_merging_would(
        neo4j_store: Neo4jStore, neo4j_server: Neo4jServer, neo4j_driver: Driver, example_doc: GraphDocument) -> None:
    """The first load CREATEs (nothing to compare with); the graph, the summary and what a reload
    then finds are those of the MERGE path, row for row."""
    merged = neo4j_store.load(example_doc, create_when_empty=False)
    assert merged.extra["created_fresh"] is False
    merged_graph = fresh_graph(neo4j_server)
    clear_neo4j(neo4j_driver)
    created = neo4j_store.load(example_doc)
    assert created.extra["created_fresh"] is True
    assert counts(created) == counts(merged) and created.nodes_created > 2000
    assert_same_graph(fresh_graph(neo4j_server), merged_graph)
    again = neo4j_store.load(example_doc)   # the store now holds elements: merged, and nothing changes
    assert again.extra["created_fresh"] is False and not again.changed_anything
    assert again.nodes_unchanged == created.nodes_created


@neo4j
def test_a_failed_load_into_an_empty_store_leaves_it_empty(
        neo4j_store: Neo4jStore, neo4j_driver: Driver, example_doc: GraphDocument,
        monkeypatch: pytest.MonkeyPatch) -> None:
    poison_last_batch(monkeypatch, lambda row: row.update(end="no-such-node"))
    with pytest.raises(StoreError, match=r"1 relationship row\(s\) found no matching start or end node"):
        neo4j_store.load(example_doc, batch_size=500)
    assert db_counts(neo4j_driver) == (0, 0)


@neo4j
def test_uniqueness_constraints_are_created_once(neo4j_store: Neo4jStore, neo4j_server: Neo4jServer,
                                                 skeleton: GraphDocument) -> None:
    neo4j_store.load(skeleton)
    with Neo4jStore.connect(neo4j_server.settings()) as other:
        other.ensure_constraints()
        rows = other.read("SHOW CONSTRAINTS YIELD name, type, labelsOrTypes, properties "
                          "RETURN name, type, labelsOrTypes, properties ORDER BY name")
    ours = [r for r in rows if r["name"] in {"area_code", "body_id", "issue_id", "source_id"}]
    assert [(r["labelsOrTypes"], r["properties"], r["type"]) for r in ours] == [
        (["Area"], ["code"], "UNIQUENESS"), (["Body"], ["id"], "UNIQUENESS"),
        (["Issue"], ["id"], "UNIQUENESS"), (["Source"], ["id"], "UNIQUENESS")]


@neo4j
def test_lists_are_stored_as_neo4j_lists(neo4j_store: Neo4jStore, example_doc: GraphDocument) -> None:
    neo4j_store.load(example_doc)
    rows = neo4j_store.read("MATCH (i:Issue {id: 'domestic-abuse'}) RETURN i.synonyms AS synonyms, "
                            "valueType(i.synonyms) AS type")
    assert rows[0]["type"].startswith("LIST<STRING")
    expected = next(i for i in example_doc.issues if i.id == "domestic-abuse").synonyms
    assert rows[0]["synonyms"] == list(expected) and "DA" in rows[0]["synonyms"]


@neo4j
def test_nothing_is_visible_to_others_until_the_load_commits(neo4j_store: Neo4jStore, neo4j_driver: Driver,
                                                             example_doc: GraphDocument) -> None:
    seen: list[tuple[int, int]] = []
    summary = neo4j_store.load(example_doc, batch_size=1000, on_batch=lambda done, total: seen.append(
        db_counts(neo4j_driver)))
    assert summary.extra["batches"] == len(seen) > 10
    assert set(seen) == {(0, 0)}
    assert db_counts(neo4j_driver) == (summary.nodes_created, summary.relationships_created)


# -- all or nothing ---------------------------------------------------------------------------
_SKELETON_SEEN: dict[tuple[Any, ...], tuple[nx.MultiDiGraph, tuple[int, int]]] = {}


@pytest.fixture
def skeleton_loaded(neo4j_holding: Neo4jHolding, skeleton: GraphDocument, neo4j_server: Neo4jServer,
                    neo4j_driver: Driver) -> tuple[nx.MultiDiGraph, tuple[int, int]]:
    """The skeleton in the database, and what it looked like before the test's failed load.

    Held for the session (``neo4j_holding``): a failed load leaves it as it was, which is what
    these tests assert, so the next one finds it loaded; a test whose load completes forgets it.
    """
    neo4j_holding.hold("skeleton", lambda: [skeleton])
    seen = neo4j_holding.fingerprint
    assert seen is not None
    if seen not in _SKELETON_SEEN:
        _SKELETON_SEEN.clear()
        _SKELETON_SEEN[seen] = fresh_graph(neo4j_server), db_counts(neo4j_driver)
    return _SKELETON_SEEN[seen]


@pytest.fixture
def skeleton_store(skeleton_loaded: tuple[nx.MultiDiGraph, tuple[int, int]],
                   neo4j_server: Neo4jServer) -> Iterator[Neo4jStore]:
    """A store on the held skeleton (not emptied first, unlike ``neo4j_store``)."""
    with Neo4jStore.connect(neo4j_server.settings()) as store:
        yield store


def assert_unchanged(server: Neo4jServer, driver: Driver, before: tuple[nx.MultiDiGraph, tuple[int, int]]) -> None:
    assert db_counts(driver) == before[1]
    assert_same_graph(fresh_graph(server), before[0])


@neo4j
def test_a_value_neo4j_rejects_in_the_last_batch_rolls_back_the_whole_load(
        skeleton_store: Neo4jStore, neo4j_server: Neo4jServer, neo4j_driver: Driver, example_doc: GraphDocument,
        skeleton_loaded: tuple[nx.MultiDiGraph, tuple[int, int]], monkeypatch: pytest.MonkeyPatch) -> None:
    # A map is not a valid property value: the server itself refuses the row.
    poison_last_batch(monkeypatch, lambda row: row["props"].update(evidence={"nested": "map"}))
    progress: list[tuple[int, int]] = []
    with pytest.raises(StoreError) as caught:
        skeleton_store.load(example_doc, batch_size=500, on_batch=lambda done, total: progress.append((done, total)))
    done, total = progress[-1]
    assert done == total - 1 > 15  # every batch but the last had been written
    message = str(caught.value)
    assert message.startswith(f"Neo4j at {neo4j_server.uri} rejected the load (Neo.ClientError.")
    assert message.endswith("; nothing was changed") and "\n" not in message
    assert_unchanged(neo4j_server, neo4j_driver, skeleton_loaded)


@neo4j
def test_a_relationship_to_a_missing_node_in_the_last_batch_rolls_back_the_whole_load(
        skeleton_store: Neo4jStore, neo4j_server: Neo4jServer, neo4j_driver: Driver, example_doc: GraphDocument,
        skeleton_loaded: tuple[nx.MultiDiGraph, tuple[int, int]], monkeypatch: pytest.MonkeyPatch) -> None:
    poison_last_batch(monkeypatch, lambda row: row.update(end="no-such-node"))
    with pytest.raises(StoreError, match=r"1 relationship row\(s\) found no matching start or end node in the "
                                         r"database; nothing was changed$"):
        skeleton_store.load(example_doc, batch_size=500)
    assert_unchanged(neo4j_server, neo4j_driver, skeleton_loaded)


@neo4j
def test_a_connection_dropped_on_every_attempt_rolls_back_the_whole_load(
        neo4j_server: Neo4jServer, neo4j_driver: Driver, example_doc: GraphDocument,
        skeleton_loaded: tuple[nx.MultiDiGraph, tuple[int, int]]) -> None:
    kills: list[int] = []

    def drop_connection(done: int, total: int) -> None:
        if done == 5:  # mid-load: 5 of ~22 statements written, in the open transaction
            kills.append(kill_loader_connections(neo4j_driver))

    with Neo4jStore.connect(neo4j_server.settings(), max_retry_seconds=2.0) as store:
        with pytest.raises(StoreError) as caught:
            store.load(example_doc, batch_size=500, on_batch=drop_connection)
    assert len(kills) >= 2 and set(kills) == {1}  # the driver retried, and lost the connection each time
    assert str(caught.value) == (f"lost the connection to Neo4j at {neo4j_server.uri} while trying to load the "
                                 "graph, and retrying did not help; nothing was changed")
    assert_unchanged(neo4j_server, neo4j_driver, skeleton_loaded)


@neo4j
def test_a_connection_dropped_once_is_retried_and_the_load_completes(
        neo4j_holding: Neo4jHolding, neo4j_server: Neo4jServer, neo4j_driver: Driver, skeleton: GraphDocument, example_doc: GraphDocument,
        skeleton_loaded: tuple[nx.MultiDiGraph, tuple[int, int]], db_path: Path) -> None:
    progress: list[int] = []

    def drop_once(done: int, total: int) -> None:
        progress.append(done)
        if done == 5 and progress.count(5) == 1:
            assert kill_loader_connections(neo4j_driver) == 1

    neo4j_holding.forget()  # this load completes: the database no longer holds the skeleton alone
    with Neo4jStore.connect(neo4j_server.settings()) as store:
        summary = store.load(example_doc, batch_size=500, on_batch=drop_once)
    assert progress.count(1) == 2 and progress[-1] == summary.extra["batches"]  # ran twice, finished once
    embedded, (_, embedded_summary) = embedded_loaded(db_path, skeleton, example_doc)
    assert counts(summary) == counts(embedded_summary)  # the retry did not count anything twice
    assert_same_graph(fresh_graph(neo4j_server), embedded.graph())


@neo4j
def test_a_transaction_terminated_mid_load_rolls_back_the_whole_load(
        skeleton_store: Neo4jStore, neo4j_server: Neo4jServer, neo4j_driver: Driver, example_doc: GraphDocument,
        skeleton_loaded: tuple[nx.MultiDiGraph, tuple[int, int]]) -> None:
    def terminate(done: int, total: int) -> None:
        if done == 5:
            transactions = loader_transactions(neo4j_driver)
            assert len(transactions) == 1
            neo4j_driver.execute_query("TERMINATE TRANSACTION $id", id=transactions[0]["transactionId"])

    with pytest.raises(StoreError) as caught:
        skeleton_store.load(example_doc, batch_size=500, on_batch=terminate)
    assert str(caught.value) == (f"the transaction was terminated on the Neo4j server at {neo4j_server.uri} "
                                 "while trying to load the graph; nothing was changed")
    assert_unchanged(neo4j_server, neo4j_driver, skeleton_loaded)


# -- hostile names ----------------------------------------------------------------------------
HOSTILE = [
    "O'Brien's \"Safer\" Partnership",
    "Back`tick` Board`) DETACH DELETE n //",
    "Line one\nLine two\r\nLine three",
    "}) DETACH DELETE n //",
    "'}) MATCH (n) DETACH DELETE n //",
    "\\'; MATCH (x) SET x.pwned = true // $rows {props} ${key}",
    "Ynys Môn ŵ 🚓 \u2028 tab\there",
]


@neo4j
def test_hostile_names_are_stored_verbatim_and_nothing_else_changes(
        neo4j_store: Neo4jStore, neo4j_server: Neo4jServer, neo4j_driver: Driver, skeleton: GraphDocument,
        db_path: Path) -> None:
    neo4j_store.load(skeleton)
    before = fresh_graph(neo4j_server)
    lad = next(a.code for a in skeleton.areas if a.kind == "LAD")
    council = next(b.id for b in skeleton.bodies if b.kind == "council")
    bodies = [Body(id=f"hostile-{i}", name=name, kind=BodyKind.OTHER, notes=name) for i, name in enumerate(HOSTILE)]
    issue = Issue(id="hostile-issue", name=HOSTILE[3], synonyms=tuple(HOSTILE), description=HOSTILE[1])
    doc = skeleton.overlay(
        bodies=bodies, issues=[issue],
        covers=[Covers(start=b.id, end=lad) for b in bodies],
        memberships=[MemberOf(start=council, end=b.id, evidence=b.name) for b in bodies],
        claims=[Claim(start=b.id, end="hostile-issue", claim=ClaimType.LEADS, evidence=b.name, scope=lad) for b in bodies],
    )
    neo4j_store.load(doc)

    rows = neo4j_store.read("MATCH (b:Body) WHERE b.id STARTS WITH $prefix RETURN b.id AS id, b.name AS name, "
                            "b.notes AS notes ORDER BY b.id", prefix="hostile-")
    assert [(r["name"], r["notes"]) for r in rows] == [(b.name, b.name) for b in bodies]
    issue_rows = neo4j_store.read("MATCH (i:Issue {id: 'hostile-issue'}) RETURN i.name AS name, "
                                  "i.synonyms AS synonyms, i.description AS description")
    assert issue_rows == [{"name": issue.name, "synonyms": list(issue.synonyms), "description": issue.description}]

    after = fresh_graph(neo4j_server)
    new_nodes = {f"Body:{b.id}" for b in bodies} | {"Issue:hostile-issue"}
    untouched = after.copy()
    untouched.remove_nodes_from(new_nodes)
    untouched.remove_edges_from([(u, v, k) for u, v, k in after.edges(keys=True)
                                 if u in new_nodes or v in new_nodes])
    assert_same_graph(untouched, before)  # no property, node or relationship of the skeleton moved
    assert not neo4j_store.read("MATCH (x) WHERE x.pwned IS NOT NULL RETURN x")
    embedded, _ = embedded_loaded(db_path, skeleton, doc)  # the same loads (datasets record the history)
    assert_same_graph(after, embedded.graph())
    assert [b.id for b in find_bodies_by_id(neo4j_store, "detach delete")] == ["hostile-1", "hostile-3",
                                                                                      "hostile-4"]


def find_bodies_by_id(store: Any, text: str) -> list[Any]:
    from partnership_graph.queries.bodies import find_bodies

    return sorted(find_bodies(store, text), key=lambda r: r.id)


# -- notifications ----------------------------------------------------------------------------
@neo4j
def test_loads_and_queries_raise_no_server_warnings_or_deprecations(
        neo4j_store: Neo4jStore, example_doc: GraphDocument, caplog: pytest.LogCaptureFixture) -> None:
    from partnership_graph.queries import areas, bodies, issues, stats
    from partnership_graph.queries._common import area_index, body_index, issue_index

    caplog.set_level(logging.INFO, logger="neo4j.notifications")
    neo4j_store.load(example_doc)
    neo4j_store.load(example_doc)
    neo4j_store.graph()
    stats.stats(neo4j_store)
    areas.find_areas(neo4j_store, "york", "CSP")
    bodies.find_bodies(neo4j_store, "safe", "csp", "Oldham")
    issues.issue_tree(neo4j_store)
    area_index(neo4j_store), issue_index(neo4j_store), body_index(neo4j_store)
    warnings = [r.getMessage() for r in caplog.records
                if r.name == "neo4j.notifications" and r.levelno >= logging.WARNING]
    assert warnings == []
    # The check can see a deprecation: the importing-WITH subquery form is deprecated in 5.26.
    neo4j_store.read("UNWIND [1] AS x CALL { WITH x RETURN x AS y } RETURN y")
    assert any("deprecated" in r.getMessage().lower() for r in caplog.records
               if r.name == "neo4j.notifications" and r.levelno >= logging.WARNING)


# -- the CLI on --store neo4j -----------------------------------------------------------------
CLI_COMMANDS: list[list[str]] = [
    ["stats"],
    ["stats", "--format", "csv"],
    ["areas", "oldham"],
    ["areas", "--kind", "pfa", "--format", "csv"],
    ["area", "Oldham"],
    ["area", "csp:Dorset", "--format", "json"],
    ["bodies", "--area", "Oldham"],
    ["bodies", "safeguarding", "--kind", "safeguarding_children", "--format", "csv"],
    ["body", "csp:oldham"],
    ["body", "Oldham Community Safety Partnership", "--format", "json"],
    ["issues"],
    ["issues", "--format", "json"],
]


def run_cli(args: list[str], env: dict[str, str | None]) -> Result:
    return CliRunner().invoke(cli, args, env=env, catch_exceptions=False)


@neo4j
def test_every_command_works_on_neo4j_and_prints_what_the_embedded_store_prints(
        neo4j_server: Neo4jServer, neo4j_driver: Driver, tmp_path: Path) -> None:
    from partnership_graph.loaders.bundled import EXAMPLE_DATASET

    clear_neo4j(neo4j_driver)
    neo4j_env = {**neo4j_server.cli_env(), "PARTNERSHIP_GRAPH_DB": None}
    embedded_env = {**neo4j_server.cli_env(), "PARTNERSHIP_GRAPH_DB": str(tmp_path / "graph.json")}
    outputs: list[Result] = []

    out = str(tmp_path / "demo-out")
    demo_neo4j = run_cli(["--store", "neo4j", "demo", "--out", out], neo4j_env)
    demo_embedded = run_cli(["demo", "--out", out], embedded_env)
    assert demo_neo4j.exit_code == 0, demo_neo4j.output
    assert f"Loaded into the neo4j store at {neo4j_server.uri}" in demo_neo4j.stderr
    assert demo_neo4j.stdout == demo_embedded.stdout
    outputs += [demo_neo4j]

    load = run_cli(["--store", "neo4j", "load", str(EXAMPLE_DATASET)], neo4j_env)
    load_embedded = run_cli(["load", str(EXAMPLE_DATASET)], embedded_env)
    assert load.exit_code == 0, load.output
    assert load.stdout.splitlines()[0] == f"Loaded {EXAMPLE_DATASET} into the neo4j store at {neo4j_server.uri}"
    summary, summary_embedded = (re.sub(r" \([0-9.]+ s\)$", "", r.stdout.splitlines()[1])
                                 for r in (load, load_embedded))
    assert summary == summary_embedded
    assert re.fullmatch(r"nodes: 0 created, 0 changed, \d+ unchanged; relationships: 0 created, 0 changed, "
                        r"\d+ unchanged", summary)
    outputs += [load]

    for args in CLI_COMMANDS:
        on_neo4j = run_cli(["--store", "neo4j", *args], neo4j_env)
        on_embedded = run_cli(args, embedded_env)
        assert on_neo4j.exit_code == 0, (args, on_neo4j.output)
        assert on_neo4j.stdout == on_embedded.stdout, args
        assert on_neo4j.stdout.strip(), args
        outputs.append(on_neo4j)
    for result in outputs:
        assert neo4j_server.password not in result.output


def test_unreachable_neo4j_prints_one_line_and_exits_1() -> None:
    port = free_port()
    env = {"NEO4J_URI": f"bolt://127.0.0.1:{port}", "NEO4J_PASSWORD": WRONG_PASSWORD, "PARTNERSHIP_GRAPH_STORE": None}
    result = CliRunner().invoke(cli, ["--store", "neo4j", "stats"], env=env)
    assert result.exit_code == 1
    assert result.stderr == (f"Error: cannot reach Neo4j at bolt://127.0.0.1:{port} (is it running? start one "
                             "with tools/neo4j-local/neo4j-local start)\n")
    assert result.stdout == "" and WRONG_PASSWORD not in result.output


def test_unreachable_neo4j_in_a_real_process_prints_one_line_and_no_traceback(tmp_path: Path) -> None:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "PARTNERSHIP_GRAPH_"))}
    env.update(NEO4J_URI=f"bolt://127.0.0.1:{port}", NEO4J_PASSWORD=WRONG_PASSWORD)
    done = subprocess.run([sys.executable, "-c", "from partnership_graph.cli import main; main()",
                           "--store", "neo4j", "areas", "oldham"],
                          env=env, capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.splitlines() == [f"Error: cannot reach Neo4j at bolt://127.0.0.1:{port} (is it running? "
                                        "start one with tools/neo4j-local/neo4j-local start)"]
    assert done.stdout == "" and WRONG_PASSWORD not in done.stderr


DRIVER_IMPORTS = """
import sys
from partnership_graph.config import Secret, Settings
from partnership_graph.errors import StoreError
from partnership_graph.stores.neo4j import Neo4jStore
{first}
try:
    Neo4jStore.connect(Settings(store="neo4j", neo4j_uri=sys.argv[1], neo4j_password=Secret("x")))
except StoreError as e:
    print(e)
import neo4j._optional_deps as deps
print(sorted(m for m in ("pandas", "numpy") if m in sys.modules), deps.pd is not None, deps.np is not None)
import pandas
print(pandas.DataFrame({{"a": [1]}}).shape)
"""


def test_a_neo4j_command_does_not_load_pandas_for_the_driver_unless_the_process_has_it() -> None:
    """The driver imports pandas and numpy when installed (for ``to_df``, which we never call): 1.5 s of
    each command's start-up. ``connect`` imports the driver without them; a process that has pandas
    already keeps the driver's pandas support; and pandas stays importable afterwards."""
    uri = f"bolt://127.0.0.1:{free_port()}"
    lines = {}
    for first in ("", "import pandas"):
        done = subprocess.run([sys.executable, "-c", DRIVER_IMPORTS.format(first=first), uri],
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        lines[first] = done.stdout.splitlines()
    assert lines[""] == [f"cannot reach Neo4j at {uri} (is it running? start one with tools/neo4j-local/neo4j-local "
                         "start)", "[] False False", "(1, 1)"]
    assert lines["import pandas"][1:] == ["['numpy', 'pandas'] True True", "(1, 1)"]


@neo4j
def test_wrong_password_on_the_cli_prints_one_line_without_the_password(neo4j_server: Neo4jServer) -> None:
    env = {**neo4j_server.cli_env(), "NEO4J_PASSWORD": WRONG_PASSWORD}
    result = CliRunner().invoke(cli, ["--store", "neo4j", "stats"], env=env)
    assert result.exit_code == 1
    assert result.stderr == (f"Error: Neo4j at {neo4j_server.uri} refused the credentials for user 'neo4j' "
                             "(check NEO4J_USER / NEO4J_PASSWORD)\n")
    assert WRONG_PASSWORD not in result.output and neo4j_server.password not in result.output


# -- tools/neo4j-local's collector ------------------------------------------------------------------
def test_neo4j_local_refuses_a_collector_it_does_not_know(tmp_path: Path) -> None:
    env = {**os.environ, "NEO4J_LOCAL_GC": "zgc-please", "NEO4J_LOCAL_HOME": str(tmp_path)}
    done = subprocess.run([str(NEO4J_LOCAL), "status"], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr.strip() == "neo4j-local: NEO4J_LOCAL_GC='zgc-please' is not one of g1, serial, parallel"


def test_the_test_server_runs_the_collector_the_suite_chose(neo4j_server: Neo4jServer) -> None:
    if neo4j_server.uri != f"bolt://127.0.0.1:{NEO4J_TEST_PORT}":   # .ci/run unsets NEO4J_URI
        neo4j_unavailable("the server is not the suite's tools/neo4j-local one (NEO4J_URI names another)")
    pid = int((NEO4J_TEST_HOME / "run" / "neo4j.pid").read_text().split()[0])
    flags = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    chosen = {"g1": b"-XX:+UseG1GC", "serial": b"-XX:+UseSerialGC", "parallel": b"-XX:+UseParallelGC"}
    assert chosen[TEST_SERVER_GC] in flags
    assert [f for f in flags if f in chosen.values()] == [chosen[TEST_SERVER_GC]]   # one collector only

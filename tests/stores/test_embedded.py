"""The embedded store: idempotent, atomic, locked, and loud about files it cannot read."""

from __future__ import annotations

import errno
import json
import multiprocessing
import os
from pathlib import Path

import pytest

from partnership_graph.errors import StoreBusy, StoreError
from partnership_graph.graphmodel import Body, Covers, GraphDocument
from partnership_graph.stores.embedded import EmbeddedStore


def test_loading_the_same_data_twice_changes_nothing(db_path: Path, example_doc: GraphDocument) -> None:
    store = EmbeddedStore(db_path)
    first = store.load(example_doc)
    before = db_path.read_bytes()
    g1 = store.graph()
    counts = (g1.number_of_nodes(), g1.number_of_edges())
    again = store.load(example_doc)
    assert db_path.read_bytes() == before
    g2 = EmbeddedStore(db_path).graph()
    assert (g2.number_of_nodes(), g2.number_of_edges()) == counts
    assert dict(g2.nodes(data=True)) == dict(g1.nodes(data=True))
    assert sorted(g2.edges(keys=True, data=True)) == sorted(g1.edges(keys=True, data=True))
    assert first.nodes_created == counts[0] and first.relationships_created == counts[1]
    assert (again.nodes_created, again.nodes_changed, again.relationships_created,
            again.relationships_changed) == (0, 0, 0, 0)
    assert again.nodes_unchanged == counts[0]


def test_the_projection_holds_every_node_and_relationship(example_store: EmbeddedStore,
                                                          example_doc: GraphDocument) -> None:
    g = example_store.graph()
    counts = example_doc.counts()
    assert g.number_of_nodes() == sum(counts[k] for k in ("areas", "bodies", "issues", "sources"))
    assert g.number_of_edges() == sum(v for k, v in counts.items()
                                      if k not in ("areas", "bodies", "issues", "sources"))
    oldham = g.nodes["Area:E08000004"]
    assert (oldham["name"], oldham["kind"], oldham["population"]) == ("Oldham", "LAD", 246130)  # ONS MYE2 mid-2023


def small_doc(skeleton: GraphDocument, name: str) -> GraphDocument:
    return skeleton.overlay(bodies=[Body(id=f"team-{name}", name=f"Team {name}", kind="team")],
                            covers=[Covers(start=f"team-{name}", end="E08000004")])


def test_a_write_that_fails_leaves_the_previous_graph(db_path: Path, skeleton: GraphDocument,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    store = EmbeddedStore(db_path)
    store.load(skeleton)
    before = db_path.read_bytes()

    def full_disk(*args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(StoreError, match="No space left on device; the previous graph is unchanged"):
        store.load(small_doc(skeleton, "a"))
    monkeypatch.undo()
    assert db_path.read_bytes() == before
    assert sorted(p.name for p in db_path.parent.iterdir()) == ["graph.json", "graph.json.lock"]
    store.load(small_doc(skeleton, "a"))
    assert "Body:team-a" in EmbeddedStore(db_path).graph()


def test_a_second_writer_waits_then_is_told_the_store_is_busy(db_path: Path, skeleton: GraphDocument) -> None:
    from filelock import FileLock

    with FileLock(str(db_path) + ".lock"):
        with pytest.raises(StoreBusy, match="is busy: another partnership-graph process is writing"):
            EmbeddedStore(db_path, lock_timeout=0.2).load(skeleton)
    assert not db_path.exists()


@pytest.mark.parametrize("content, message", [
    (b"{not json", r"is not a readable partnership-graph store \(invalid JSON\)"),
    (b'{"hello": 1}', "is not a partnership-graph store"),
    (json.dumps({"format": "partnership-graph/embedded", "version": 99}).encode(), "has store version 99"),
])
def test_a_file_that_is_not_a_store_is_refused_and_left_alone(db_path: Path, skeleton: GraphDocument,
                                                              content: bytes, message: str) -> None:
    db_path.write_bytes(content)
    with pytest.raises(StoreError, match=message):
        EmbeddedStore(db_path).load(skeleton)
    assert db_path.read_bytes() == content


def _load_in_process(path: str, name: str) -> None:
    from partnership_graph.national import national_skeleton

    EmbeddedStore(path).load(small_doc(national_skeleton(), name))


def test_concurrent_writers_all_land(db_path: Path) -> None:
    names = [f"w{i}" for i in range(4)]
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_load_in_process, args=(str(db_path), n)) for n in names]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    g = EmbeddedStore(db_path).graph()
    assert all(f"Body:team-{n}" in g for n in names)


def test_a_later_dataset_does_not_revert_an_earlier_one(db_path: Path, skeleton: GraphDocument,
                                                        tmp_path: Path) -> None:
    from partnership_graph.loaders.dataset import load_dataset

    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    (a / "bodies.csv").write_text("id,name,kind\ncsp:oldham,Safer Oldham Partnership,csp\n")
    (a / "memberships.csv").write_text("member,body,role\ncouncil:oldham,csp:oldham,chair\n")
    (b / "bodies.csv").write_text("id,name,kind\nmy-team,My team,team\n")
    store = EmbeddedStore(db_path)
    store.load(load_dataset(a, skeleton))
    summary = store.load(load_dataset(b, skeleton))
    assert (summary.nodes_created, summary.nodes_changed, summary.relationships_changed) == (1, 0, 0)
    g = EmbeddedStore(db_path).graph()
    assert g.nodes["Body:csp:oldham"]["name"] == "Safer Oldham Partnership"
    assert g.edges["Body:council:oldham", "Body:csp:oldham", "MEMBER_OF|"]["role"] == "chair"
    assert "Body:my-team" in g


def test_the_projection_is_what_networkx_builds_from_the_same_rows(example_store: EmbeddedStore) -> None:
    """``_to_graph`` writes networkx's adjacency dicts directly; it must equal networkx's own
    ``add_nodes_from``/``add_edges_from`` over the store file's rows, order and attributes included."""
    import networkx as nx

    data = json.loads(example_store.path.read_bytes())
    reference: nx.MultiDiGraph = nx.MultiDiGraph()
    reference.add_nodes_from((k, a) for k, a in data["nodes"])
    reference.add_edges_from((u, v, k, a) for u, v, k, a in data["edges"])
    g = example_store.graph()
    assert g.number_of_edges() > 10_000
    assert list(g.nodes(data=True)) == list(reference.nodes(data=True))
    assert list(g.edges(keys=True, data=True)) == list(reference.edges(keys=True, data=True))
    assert list(g.pred["Body:csp:oldham"].items()) == list(reference.pred["Body:csp:oldham"].items())
    assert all(g._succ[u][v] is g._pred[v][u] for u, v in g.edges())  # noqa: SLF001 - one key dict, as networkx shares it


def test_the_graph_as_at_a_date_keeps_exactly_what_valid_on_counts(example_store: EmbeddedStore) -> None:
    """``as_at`` inlines the rule of ``valid_on`` for speed: element by element, on dates either side of
    the bundled changes, they must agree (and a dated element's attributes are copies)."""
    from partnership_graph.stores.dated import as_at, valid_on

    g = example_store.graph()
    dated = [a for _, a in g.nodes(data=True) if "valid_from" in a or "valid_to" in a]
    assert len(dated) > 100  # the bundled changes date hundreds of elements
    for day in ("2024-06-01", "2025-04-01", "2026-12-07", "2028-06-01"):
        view = as_at(g, day)
        kept = {n for n, a in g.nodes(data=True) if valid_on(a, day)}
        assert set(view.nodes) == kept and 0 < len(kept) < g.number_of_nodes()
        edges = {(u, v, k) for u, v, k, a in g.edges(keys=True, data=True)
                 if valid_on(a, day) and u in kept and v in kept}
        assert set(view.edges(keys=True)) == edges
        u, v, k = next(iter(edges))
        assert view.edges[u, v, k] == g.edges[u, v, k] and view.edges[u, v, k] is not g.edges[u, v, k]

"""A store's cache of what its readers derive from its projection (``stores.cache``): kept per
kind and key, bounded, shared by threads, and started afresh when the store gives a new projection."""

from __future__ import annotations

import threading
from pathlib import Path

import networkx as nx
import pytest

from partnership_graph.queries.reader import reader
from partnership_graph.stores.cache import ProjectionCache
from partnership_graph.stores.embedded import EmbeddedStore

from ..queries._dated_graph import AFTER, BETWEEN, SHIRE, _body, dated_document


def test_an_entry_is_made_once_and_kept_within_its_bound() -> None:
    cache, g = ProjectionCache(per_kind=2), nx.MultiDiGraph()
    made: list[str] = []
    for key in ("a", "b", "a", "c", "a", "b"):
        cache.get(g, "k", key, lambda key=key: made.append(key) or key)  # type: ignore[func-returns-value]
    # "a" stays (used last but one each time), "b" was dropped for "c" and is made again
    assert made == ["a", "b", "c", "b"] and cache.sizes() == {"k": 2}


def test_a_new_projection_starts_afresh() -> None:
    cache, g1, g2 = ProjectionCache(), nx.MultiDiGraph(), nx.MultiDiGraph()
    assert cache.get(g1, "k", 1, lambda: "of g1") == "of g1"
    assert cache.get(g2, "k", 1, lambda: "of g2") == "of g2"
    assert cache.get(g1, "k", 1, lambda: "of g1 again") == "of g1 again"


def test_threads_asking_at_once_share_one_entry() -> None:
    cache, g = ProjectionCache(), nx.MultiDiGraph()
    start = threading.Barrier(8)
    got: list[object] = []

    def ask() -> None:
        start.wait()
        got.append(cache.get(g, "k", "day", object))

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(got) == 8 and all(x is got[0] for x in got)


def test_stores_on_the_same_bytes_share_their_readers_and_a_reload_drops_them(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "dated.json")
    store.load(dated_document())
    first = reader(store, on=BETWEEN)
    assert reader(store, on=BETWEEN) is first and reader(store, on=AFTER) is not first
    other = EmbeddedStore(tmp_path / "dated.json")                 # the same file, another store
    assert reader(other, on=BETWEEN) is first and other.graph() is store.graph()
    copy = tmp_path / "copy.json"
    copy.write_bytes((tmp_path / "dated.json").read_bytes())       # the same bytes elsewhere
    assert EmbeddedStore(copy).graph() is store.graph()
    assert nx.is_frozen(store.graph())                             # shared, so nobody may change it
    with pytest.raises(nx.NetworkXError):
        store.graph().add_node("Body:x")
    doc = dated_document()
    team, covers = _body("team:new", "team", SHIRE)
    store.load(doc.model_copy(update={"bodies": [*doc.bodies, team], "covers": [*doc.covers, *covers]}))  # new bytes
    assert reader(store, on=BETWEEN) is not first
    # one content is kept (_SHARED.capacity): the old bytes' copy is read afresh, to the same graph
    again = reader(EmbeddedStore(copy), on=BETWEEN)
    assert again is not first and nx.utils.graphs_equal(again.graph(), first.graph())

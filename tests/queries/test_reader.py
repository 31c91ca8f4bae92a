"""The read interface: one reader per store and date, the dated projection cached, in-memory
stores (``ProjectionStore``) and overlays read like any store, never written to."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from partnership_graph.queries.reader import Reader, at, dated_graph, footprint_of, lad_shares_of, reader
from partnership_graph.queries.reader_nx import NxReader
from partnership_graph.queries.who_leads import who_leads
from partnership_graph.stores.dated import ProjectionStore, as_at
from partnership_graph.stores.embedded import _SHARED, EmbeddedStore

from ._dated_graph import AFTER, BEFORE, BETWEEN, DELTA, REORG, SHIRE, _body, dated_document
from ._small_graphs import document

if TYPE_CHECKING:
    import networkx as nx


def _store(tmp_path: Path) -> EmbeddedStore:
    store = EmbeddedStore(tmp_path / "graph.json")
    store.load(dated_document())
    return store


def test_the_embedded_store_is_read_with_networkx_as_at_the_date(tmp_path: Path) -> None:
    store = _store(tmp_path)
    rd = reader(store, on=BETWEEN)
    assert isinstance(rd, NxReader) and isinstance(rd, Reader) and rd.on == "2027-06-01"
    assert "Body:csp:delta" in rd.graph() and "Body:csp:delta-north" not in rd.graph()
    assert rd.lad_shares("E22000903") == {}                       # Delta North CSP area has ended
    assert rd.lad_shares("E22000906") == {DELTA: 1.0}
    assert reader(store, on=BEFORE).lad_shares("E22000903") == {DELTA: 0.5}


def test_the_dated_projection_is_cut_once_per_store_and_date(tmp_path: Path) -> None:
    store = _store(tmp_path)
    g = store.graph()
    first = dated_graph(g, BETWEEN, store.cache)
    assert dated_graph(g, BETWEEN, store.cache) is first           # kept by the store that owns g
    assert dated_graph(g, AFTER, store.cache) is not first
    assert dated_graph(first, BETWEEN) is first                    # already as at that date
    assert dated_graph(g, BETWEEN) is not first                    # no store's cache: cut afresh
    assert reader(store, on=BETWEEN).graph() is first              # the readers read the kept cut
    edges = {k for _, _, k in first.edges(keys=True)}
    assert edges == {k for _, _, k in as_at(g, BETWEEN).edges(keys=True)} and edges < {k for _, _, k in g.edges(keys=True)}


def test_one_reader_serves_a_date_and_goes_with_its_graph(tmp_path: Path) -> None:
    import gc
    import weakref

    store = _store(tmp_path)
    first = reader(store, on=BETWEEN)
    assert reader(store, on=BETWEEN) is first                      # footprints and indexes kept
    assert reader(store, on=AFTER) is not first
    held = weakref.ref(store.graph())
    projection = weakref.ref(first.graph())
    del store, first
    gc.collect()
    # the last few contents read stay for the next store on the same bytes (stores.embedded), and
    # no more: once as many other contents have been read, nothing keeps the graph or its cuts alive
    assert held() is not None
    doc = dated_document()
    for i in range(_SHARED.capacity):
        team, covers = _body(f"team:other-{i}", "team", SHIRE)
        other = EmbeddedStore(tmp_path / f"other-{i}.json")
        other.load(doc.model_copy(update={"bodies": [*doc.bodies, team], "covers": [*doc.covers, *covers]}))
        assert reader(other, on=BETWEEN).graph() is not None
    del other
    # a test worker freezes what is alive every 50 tests (conftest): a projection an earlier test
    # left in the shared entry may be frozen, and the collector never frees frozen objects
    gc.unfreeze()
    gc.collect()
    assert held() is None and projection() is None


def test_an_undated_graph_is_its_own_projection(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "undated.json")
    store.load(document())
    g = store.graph()
    assert dated_graph(g, BEFORE) is g and dated_graph(g, BEFORE, store.cache) is g


def test_a_projection_store_reads_like_the_embedded_store(tmp_path: Path) -> None:
    store = _store(tmp_path)
    in_memory = ProjectionStore(store.graph())
    for on in (BEFORE, BETWEEN):
        assert who_leads(in_memory, "DA", "Delta", on=on) == who_leads(store, "DA", "Delta", on=on)


def test_an_overlay_answers_as_if_applied_and_writes_nothing(tmp_path: Path) -> None:
    store = _store(tmp_path)
    before = (tmp_path / "graph.json").read_bytes()

    def end_council_lead(g: nx.MultiDiGraph[str]) -> nx.MultiDiGraph[str]:
        out = g.copy()
        for u, v, k, a in out.edges(keys=True, data=True):
            if u == "Body:council:delta" and a.get("type") == "LEADS":
                out.edges[u, v, k]["valid_to"] = REORG.isoformat()
        return out

    plain = [r.body_id for r in who_leads(store, "DA", "Delta", on=BETWEEN)]
    overlaid = [r.body_id for r in who_leads(store, "DA", "Delta", on=BETWEEN, scenario=end_council_lead)]
    assert plain == ["council:delta", "csp:delta"] and overlaid == ["csp:delta"]
    assert [r.body_id for r in who_leads(store, "DA", "Delta", on=BETWEEN)] == plain
    assert (tmp_path / "graph.json").read_bytes() == before


def test_the_cypher_rule_and_share_block_are_written_once() -> None:
    rule = at("n")
    assert rule == ("(n[$valid_from] IS NULL OR n[$valid_from] <= $on) AND "
                    "(n[$valid_to] IS NULL OR $on < n[$valid_to])")
    assert at("a", "b") == at("a") + " AND " + at("b")
    assert at("l", "p") in lad_shares_of("x")
    assert lad_shares_of("x", "cv") in footprint_of("b") and at("cv", "x") in footprint_of("b")
    # no query module spells the rule or the share block out again
    queries = Path(__file__).resolve().parents[2] / "partnership_graph" / "queries"
    for path in queries.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"\w\.valid_(from|to)|\[\$valid_(from|to)\]", text) or path.name == "protocol.py", path.name
        assert "-[p:PART_OF]->" not in text or path.name == "protocol.py", path.name

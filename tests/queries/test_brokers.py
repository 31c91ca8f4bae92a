"""brokers: betweenness over the undirected membership graph, the same code for both stores."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from partnership_graph.errors import QueryError
from partnership_graph.queries.brokers import brokers
from partnership_graph.stores.embedded import EmbeddedStore
from tests._today import Today

from ._small_graphs import ALPHA, BETA, DELTA, SHIRE, body, document, dump, member, store_of


@pytest.fixture
def boards(tmp_path: Path) -> EmbeddedStore:
    """Two boards joined only by the county council, which sits on both; a national body on one."""
    return store_of(tmp_path, document(
        [body("csp:alpha", "csp", ALPHA), body("csp:beta", "csp", BETA), body("council:shire", "council", SHIRE),
         body("council:alpha", "council", ALPHA), body("council:beta", "council", BETA),
         body("csp:delta", "csp", DELTA), body("dwp", "national_body")],
        memberships=[member("council:shire", "csp:alpha"), member("council:shire", "csp:beta"),
                     member("council:alpha", "csp:alpha"), member("council:beta", "csp:beta"),
                     member("dwp", "csp:beta", "member")]))


def test_betweenness_counts_the_pairs_of_bodies_a_body_lies_between(boards: EmbeddedStore) -> None:
    # council:alpha - csp:alpha - council:shire - csp:beta - {council:beta, dwp}; csp:delta alone.
    # Normalised over the (7-1)(7-2)/2 = 15 pairs of other bodies.
    rows = brokers(boards, top=None)
    assert dump(rows, "rank", "id", "betweenness", "degree", "member_of", "members") == [
        (1, "csp:beta", 0.466667, 3, 0, 3),     # 7 pairs: {csp:alpha, council:alpha, council:shire} x {council:beta, dwp}, and council:beta-dwp
        (2, "council:shire", 0.4, 2, 2, 0),     # 6 pairs: {council:alpha, csp:alpha} x {csp:beta, council:beta, dwp}
        (3, "csp:alpha", 0.266667, 2, 0, 2),    # 4 pairs: council:alpha x the other 4
        (4, "council:alpha", 0.0, 1, 1, 0),
        (5, "council:beta", 0.0, 1, 1, 0),
        (6, "dwp", 0.0, 1, 1, 0),
        (7, "csp:delta", 0.0, 0, 0, 0),
    ]
    assert [r.id for r in brokers(boards, top=2)] == ["csp:beta", "council:shire"]


def test_area_keeps_bodies_touching_it_and_footprintless_partners(boards: EmbeddedStore) -> None:
    rows = brokers(boards, area="Beta", top=None)
    assert {r.id for r in rows} == {"csp:beta", "council:shire", "council:beta", "dwp"}
    assert rows[0].id == "csp:beta"


def test_sampling_is_repeatable_with_the_fixed_seed(boards: EmbeddedStore) -> None:
    assert brokers(boards, top=None, sample=3) == brokers(boards, top=None, sample=3)


def test_unknown_area_is_a_query_error(boards: EmbeddedStore) -> None:
    with pytest.raises(QueryError, match="did you mean"):
        brokers(boards, area="Bete")


def test_example_probation_is_the_national_broker(example_store: EmbeddedStore) -> None:
    # One national Probation Service body is a responsible authority of every CSP that exists
    # today, and a member of the 156 youth justice services, 42 MAPPA areas, 42 LCJBs (the bundled
    # register: data/register/justice) and 6 Welsh RSBs. On 7 December 2026 there are 299 CSPs: the 2024 lookup's
    # 314, less the 20 legacy district CSPs that ended 2019-2023 (Bournemouth, Poole, Suffolk
    # Coastal, Waveney, the Northamptonshire, Buckinghamshire and Cumbrian districts), plus the 7
    # CSPs that replaced them (BCP, East Suffolk, North and West Northamptonshire, Buckinghamshire,
    # Cumberland, Westmorland and Furness), less 2 where a joint Welsh partnership serves two CSP
    # areas (Conwy and Denbighshire, Gwynedd and Anglesey); the Surrey, Norfolk and Hampshire
    # changes of 2027-28 are not yet in force. The Metropolitan Police and the North East and North
    # Cumbria ICB sit once on each joint partnership, board and service of several of their councils
    # (London's joint partnerships, the Teeswide board, the South Tees service...).
    top = brokers(example_store, top=3, on=date(2026, 12, 7))   # the counts' date: 1 April 2027 changes them
    assert top.as_at == "2026-12-07"
    assert dump(top, "id", "degree") == [("probation:probation-service", 299 + 156 + 42 + 42 + 6),
                                         ("police:metropolitan-police", 156),
                                         ("icb:north-east-and-north-cumbria", 63)]
    assert top[0].betweenness == pytest.approx(0.942426, abs=1e-6)  # computed, not a rule: pins the scores
    # (0.945123 before the 22 Welsh councils became members of their three fire and rescue authorities,
    # 0.943085 before the register of published arrangements)


def test_scores_are_networkx_exact_betweenness_for_every_national_body(example_store: EmbeddedStore) -> None:
    """igraph computes the scores; networkx's own exact betweenness is the reference, body by body."""
    import networkx as nx

    from partnership_graph.queries.brokers import membership_graph

    from partnership_graph.queries.reader import reader

    # brokers answers as at today, so the reference is the projection on the date it answered for
    with Today() as today:
        rows = brokers(example_store, top=None)
    today.said(rows.as_at)
    reference = nx.betweenness_centrality(membership_graph(reader(example_store, on=rows.as_at).graph()),
                                          normalized=True)
    assert len(rows) == len(reference) > 1300
    assert {r.id: r.betweenness for r in rows} == {b: round(s, 6) for b, s in reference.items()}
    assert sum(r.betweenness > 0 for r in rows) > 400   # not a table of zeros


def _graphs() -> st.SearchStrategy[tuple[int, list[tuple[int, int]]]]:
    """Small undirected simple graphs: several components, dense cores joined at cut vertices,
    trees hanging off them, single links and isolated nodes, so every path of the block
    decomposition is taken."""
    @st.composite
    def build(draw: st.DrawFn) -> tuple[int, list[tuple[int, int]]]:
        n = draw(st.integers(0, 24))
        edges: set[tuple[int, int]] = set()
        for v in range(1, n):
            if draw(st.integers(0, 3)):   # mostly attached to an earlier node: trees and cut vertices
                edges.add((draw(st.integers(0, v - 1)), v))
        extra = draw(st.lists(st.tuples(st.integers(0, max(n - 1, 0)), st.integers(0, max(n - 1, 0))), max_size=30))
        edges |= {(min(a, b), max(a, b)) for a, b in extra if a != b}
        return n, sorted(edges)
    return build()


@settings(max_examples=settings.default.max_examples * 3)  # profile: 300 in ci, 75 in dev
@given(_graphs())
def test_block_betweenness_is_networkx_exact_betweenness(graph: tuple[int, list[tuple[int, int]]]) -> None:
    """The block decomposition against networkx's plain Brandes, unrounded, on graphs built to
    have cut vertices, bridges, several components and isolated nodes."""
    import networkx as nx

    from partnership_graph.queries._betweenness import raw_betweenness

    n, edges = graph
    g: nx.Graph[int] = nx.Graph()
    g.add_nodes_from(range(n))
    g.add_edges_from(edges)
    reference = nx.betweenness_centrality(g, normalized=False)
    assert raw_betweenness(n, edges) == pytest.approx([reference[v] for v in range(n)], rel=1e-9, abs=1e-9)


def test_block_betweenness_on_known_shapes() -> None:
    """Shapes whose scores are known by hand: a path, a star, a cycle, two triangles sharing a
    vertex (its only path between the halves)."""
    from partnership_graph.queries._betweenness import raw_betweenness

    assert raw_betweenness(4, [(0, 1), (1, 2), (2, 3)]) == [0, 2, 2, 0]            # path a-b-c-d
    assert raw_betweenness(5, [(0, 1), (0, 2), (0, 3), (0, 4)]) == [6, 0, 0, 0, 0]  # star: C(4,2) pairs
    assert raw_betweenness(4, [(0, 1), (1, 2), (2, 3), (0, 3)]) == [0.5] * 4       # square: half of one pair each
    # bow tie: 2 is the only way between {0, 1} and {3, 4}: 4 pairs
    assert raw_betweenness(5, [(0, 1), (0, 2), (1, 2), (2, 3), (2, 4), (3, 4)]) == [0, 0, 4, 0, 0]
    assert raw_betweenness(2, [(0, 1)]) == [0, 0]

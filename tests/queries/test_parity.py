"""Parity: every set-based query gives identical rows from its Cypher twin (run by Neo4j) and its
networkx twin (run over the embedded store), for the national skeleton plus the LGA example.

The table of arguments covers names in any case, codes, kinds, Welsh areas, areas split between
footprints, text that matches nothing, and areas whose LADs are reached through PART_OF.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest

from partnership_graph.errors import QueryError
from partnership_graph.queries import areas, bodies, issues, stats
from partnership_graph.queries._common import is_neo4j
from partnership_graph.stores.embedded import EmbeddedStore
from tests._today import Today

if TYPE_CHECKING:
    from partnership_graph.graphmodel import GraphDocument
    from partnership_graph.stores.neo4j import Neo4jStore

pytestmark = pytest.mark.neo4j


@pytest.fixture
def stores(neo4j_example: Neo4jStore, example_store: EmbeddedStore,
           monkeypatch: pytest.MonkeyPatch) -> tuple[Neo4jStore, EmbeddedStore]:
    """Both stores; on Neo4j the queries may not fall back to the networkx projection."""
    assert is_neo4j(neo4j_example) and not is_neo4j(example_store)

    def no_projection() -> None:
        raise AssertionError("a set-based query read the networkx projection instead of running Cypher")

    monkeypatch.setattr(neo4j_example, "graph", no_projection)
    return neo4j_example, example_store


def both(query: Callable[..., list[Any]], stores: tuple[Neo4jStore, EmbeddedStore],
         *args: Any) -> tuple[list[Any], list[Any]]:
    on_neo4j, on_embedded = stores
    return query(on_neo4j, *args), query(on_embedded, *args)


AREA_ARGS = [
    (None, None),
    ("oldham", None),
    ("OLDHAM", None),
    ("  Oldham  ", None),
    ("e08000004", None),           # Oldham's GSS code, in the wrong case
    ("york", None),
    ("york", "CSP"),
    ("north", "PFA"),
    (None, "LAD"),
    (None, "SICBL"),
    (None, "CTRY"),
    ("rhondda", None),             # Welsh areas
    ("W06000001", None),
    ("bedfordshire", "LAD"),
    ("sussex", "CTYUA"),
    ("no such place", None),
    ("", "ICB"),
]


def test_the_listing_cases_are_mostly_answers(example_store: EmbeddedStore) -> None:
    """At least 80% of each listing's parity cases find something; the empty ones are named."""
    for query, cases, empty in ((areas.find_areas, AREA_ARGS, [("no such place", None)]),
                                (bodies.find_bodies, BODY_ARGS, [("nothing matches this", None, None)])):
        assert [args for args in cases if not query(example_store, *args)] == empty
        assert len(cases) - len(empty) >= 0.8 * len(cases)


@pytest.mark.parametrize(("text", "kind"), AREA_ARGS)
def test_find_areas_twins_agree(stores: tuple[Neo4jStore, EmbeddedStore], text: str | None,
                                kind: str | None) -> None:
    on_neo4j, on_embedded = both(areas.find_areas, stores, text, kind)
    assert on_neo4j == on_embedded
    if text not in ("no such place",):
        assert on_neo4j


BODY_ARGS = [
    (None, None, None),
    ("safeguarding", None, None),
    ("OLDHAM", None, None),
    (None, "csp", None),
    (None, "csp", "Oldham"),
    (None, None, "Oldham"),
    (None, None, "csp:Oldham"),
    (None, None, "North Yorkshire"),       # a county whose districts became one unitary
    (None, None, "Surrey"),
    (None, None, "Central Bedfordshire"),
    ("police", None, "Greater Manchester"),
    (None, "hwb", "Cornwall"),
    (None, None, "Cardiff"),               # Wales
    (None, "health", "E54000008"),         # an ICB (Cheshire and Merseyside)
    (None, None, "E12000002"),             # a region (North West)
    (None, None, "E92000001"),             # England: no LAD is directly part of it
    ("ldt", "team", None),
    ("nothing matches this", None, None),
]


@pytest.mark.parametrize(("text", "kind", "area"), BODY_ARGS)
def test_find_bodies_twins_agree(stores: tuple[Neo4jStore, EmbeddedStore], text: str | None,
                                 kind: str | None, area: str | None) -> None:
    on_neo4j, on_embedded = both(bodies.find_bodies, stores, text, kind, area)
    assert on_neo4j == on_embedded


def test_find_bodies_touching_oldham_include_its_csp_on_both_stores(
        stores: tuple[Neo4jStore, EmbeddedStore]) -> None:
    on_neo4j, on_embedded = both(bodies.find_bodies, stores, None, "csp", "Oldham")
    assert [r.id for r in on_neo4j] == [r.id for r in on_embedded] == ["csp:oldham"]


def test_issue_tree_twins_agree(stores: tuple[Neo4jStore, EmbeddedStore]) -> None:
    on_neo4j, on_embedded = both(issues.issue_tree, stores)
    assert on_neo4j == on_embedded
    assert any(r.parent for r in on_neo4j) and any(r.synonyms for r in on_neo4j)


def test_stats_twins_agree(stores: tuple[Neo4jStore, EmbeddedStore], example_doc: GraphDocument) -> None:
    with Today() as today:
        on_neo4j, on_embedded = both(stats.stats, stores)
    assert on_neo4j == on_embedded
    # stats answers as at today: the document's nodes in force today (the dated rule), fewer than
    # all it holds (legacy CSPs that ended, the 2027-28 reorganisations that have not started)
    day = today.said(on_neo4j.as_at)
    in_force = [n for n in example_doc.nodes()
                if (getattr(n, "valid_from", None) is None or str(getattr(n, "valid_from")) <= day)
                and (getattr(n, "valid_to", None) is None or day < str(getattr(n, "valid_to")))]
    assert sum(r.count for r in on_neo4j if r.element == "node") == len(in_force) < len(list(example_doc.nodes()))


def test_networkx_twins_over_the_neo4j_projection_agree_too(neo4j_example: Neo4jStore,
                                                            example_store: EmbeddedStore) -> None:
    # The graph algorithms run over the projection on both stores; the details read one record.
    assert areas.area_detail(neo4j_example, "Oldham") == areas.area_detail(example_store, "Oldham")
    assert bodies.body_detail(neo4j_example, "csp:oldham") == bodies.body_detail(example_store, "csp:oldham")
    from partnership_graph.queries.reader_nx import NxReader
    from partnership_graph.stores.dated import iso

    day = iso(None)
    assert NxReader(neo4j_example.graph(), day).counts() == NxReader(example_store.graph(), day).counts()


# Detail views: on Neo4j one indexed Cypher read (the stores fixture forbids the projection), on
# the embedded store the networkx projection. Bodies with claims, links, both-way memberships,
# accountability, many footprints and none; areas of every kind; names in any case and prefixes.
DETAIL_BODIES = ["csp:oldham", "council:nottinghamshire", "probation:probation-service", "police:surrey",
                 "csg:nottinghamshire", "surrey-da-pooled-fund", "north-yorkshire-ldt-selby", "hwb:central-bedfordshire",
                 "icb:north-east-and-north-cumbria", "dwp", "  csp:oldham  "]
DETAIL_AREAS = ["Oldham", "oldham", "E08000004", "e22000366", "pfa:Greater Manchester", "Nottinghamshire",
                "E92000001", "W06000001", "Rhondda", "E54000008", "csp:Oldham", "Greater Manch"]


@pytest.mark.parametrize("body", DETAIL_BODIES)
def test_body_detail_twins_agree(stores: tuple[Neo4jStore, EmbeddedStore], body: str) -> None:
    on_neo4j, on_embedded = (bodies.body_detail(s, body) for s in stores)
    assert on_neo4j == on_embedded
    assert on_neo4j.memberships or on_neo4j.accountability or on_neo4j.claims or on_neo4j.links


@pytest.mark.parametrize("area", DETAIL_AREAS)
def test_area_detail_twins_agree(stores: tuple[Neo4jStore, EmbeddedStore], area: str) -> None:
    on_neo4j, on_embedded = (areas.area_detail(s, area) for s in stores)
    assert on_neo4j == on_embedded
    assert on_neo4j.part_of or on_neo4j.contains


def test_a_body_named_by_its_name_and_the_same_mistakes(stores: tuple[Neo4jStore, EmbeddedStore],
                                                       example_store: EmbeddedStore) -> None:
    name = bodies.body_detail(example_store, "csp:oldham").name
    assert bodies.body_detail(stores[0], name.upper()) == bodies.body_detail(example_store, "csp:oldham")
    for wrong, hint in (("csp:oldam", "did you mean 'csp:oldham'"), ("Oldam", "unknown body 'Oldam'")):
        messages = []
        for store in stores:
            with pytest.raises(QueryError) as raised:
                bodies.body_detail(store, wrong)
            messages.append(str(raised.value))
        assert messages[0] == messages[1] and hint in messages[0]

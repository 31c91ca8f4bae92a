"""Parity on dated data: every query, asked on dates before, between and after the changes of
``_dated_graph``, gives identical rows from the Cypher reader (Neo4j) and the networkx reader
(embedded store), and none of these answers is empty. The answers differ between dates where the
data says they must (the questions are really asked as at a date, on both stores).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from partnership_graph.errors import QueryError
from partnership_graph.queries.accountability import accountability, accountability_unscrutinised
from partnership_graph.queries.areas import area_detail, find_areas
from partnership_graph.queries.bodies import body_detail, find_bodies
from partnership_graph.queries.brokers import brokers
from partnership_graph.queries.coterminosity import coterminosity, coterminosity_summary
from partnership_graph.queries.gaps import gaps
from partnership_graph.queries.issues import issue_tree
from partnership_graph.queries.overlaps import overlaps
from partnership_graph.queries.stats import stats
from partnership_graph.queries.who_leads import who_leads
from partnership_graph.stores.embedded import EmbeddedStore
from tests._today import Today

from ..conftest import Neo4jHolding, lent
from ._dated_graph import AFTER, BEFORE, BETWEEN, CSP_DELTA, DATES, GAMMA, dated_document

if TYPE_CHECKING:

    from partnership_graph.stores.neo4j import Neo4jStore

Case = tuple[Callable[..., Any], tuple[Any, ...]]

# Queries that read the networkx projection on both stores on purpose (graph algorithm, details).
PROJECTION_READERS = {brokers, area_detail, body_detail}

CASES: list[Case] = [
    (who_leads, ("DA", "Delta")), (who_leads, ("DA", "Shire")), (who_leads, ("DA", None)),
    (who_leads, ("county lines", "Gamma")), (who_leads, ("county lines", None)), (who_leads, ("VAWG", None)),
    (gaps, ()), (gaps, ("Delta",)), (gaps, ("Shire", None, ["DA", "county lines"])), (gaps, (None, "exploitation")),
    (overlaps, ()), (overlaps, ("Delta",)), (overlaps, (None, "VAWG")),
    (coterminosity, ("csp,icb",)), (coterminosity, ("csp,icb", "Gamma")), (coterminosity, ("csp,utla,pfa,lad",)),
    (coterminosity, ("csp,council,hwb",)),
    (coterminosity_summary, ("csp,icb,pfa",)), (coterminosity_summary, ("csp,icb", "Delta")),
    (accountability, ("police:shire",)), (accountability, ("csp:alpha",)),
    (accountability_unscrutinised, ()), (accountability_unscrutinised, ("csp",)),
    (brokers, (None, None)), (brokers, ("Delta", None)),
    (find_areas, ("delta", None)), (find_areas, (None, "CSP")),
    (find_bodies, (None, "csp", None)), (find_bodies, (None, None, "Gamma")), (find_bodies, ("delta", None, None)),
    (issue_tree, ()), (stats, ()),
    (area_detail, ("Gamma",)), (body_detail, ("police:shire",)),
]


def _name(case: Case) -> str:
    f, args = case
    return f"{f.__name__}({', '.join(repr(a) for a in args)})"


@pytest.fixture(scope="module")
def embedded(tmp_path_factory: pytest.TempPathFactory) -> EmbeddedStore:
    store = EmbeddedStore(Path(tmp_path_factory.mktemp("dated")) / "graph.json")
    store.load(dated_document())
    return store


@pytest.fixture
def neo4j_dated(neo4j_holding: Neo4jHolding, request: pytest.FixtureRequest) -> Iterator[Neo4jStore]:
    """Neo4j holding the dated document (loaded once while the session's database holds it)."""
    with lent(neo4j_holding, "dated", lambda: [dated_document()], request.node.nodeid) as store:
        yield store


def _nonempty(answer: Any) -> bool:
    return bool(answer) if isinstance(answer, list) else answer is not None


@pytest.mark.neo4j
@pytest.mark.parametrize("on", DATES, ids=str)
@pytest.mark.parametrize("case", CASES, ids=_name)
def test_both_stores_give_the_same_non_empty_answer_on_a_date(
        case: Case, on: date, embedded: EmbeddedStore, neo4j_dated: Neo4jStore,
        monkeypatch: pytest.MonkeyPatch) -> None:
    f, args = case
    expected = f(embedded, *args, on=on)
    assert _nonempty(expected), _name(case)
    if f not in PROJECTION_READERS:

        def no_projection() -> None:
            raise AssertionError("a set-based query read the networkx projection instead of running Cypher")

        monkeypatch.setattr(neo4j_dated, "graph", no_projection)
    got = f(neo4j_dated, *args, on=on)
    assert got == expected, _name(case)
    assert getattr(got, "as_at", None) == getattr(expected, "as_at", None) == on.isoformat()


@pytest.mark.neo4j
@pytest.mark.parametrize("on", [BETWEEN, AFTER], ids=str)
def test_a_chain_of_accountability_stops_at_a_line_that_has_ended(on: date, embedded: EmbeddedStore,
                                                                  neo4j_dated: Neo4jStore) -> None:
    chain = accountability(embedded, "csp:gamma", on=on)
    assert accountability(neo4j_dated, "csp:gamma", on=on) == chain
    reached = [(r.body_id, r.accountable_to_id) for r in chain]
    if on == BETWEEN:
        assert reached == [("csp:gamma", "council:shire"), ("csp:gamma", "hwb:shire"), ("hwb:shire", "council:shire")]
    else:
        assert reached == [("csp:gamma", "council:shire")]


@pytest.mark.neo4j
def test_an_area_that_has_ended_does_not_resolve_on_either_store(embedded: EmbeddedStore,
                                                                 neo4j_dated: Neo4jStore) -> None:
    messages = []
    for store in (embedded, neo4j_dated):
        with pytest.raises(QueryError) as e:
            who_leads(store, "DA", "Delta North CSP area", on=AFTER)
        messages.append(str(e.value))
        assert who_leads(store, "DA", "Delta North CSP area", on=BEFORE)
    assert messages[0] == messages[1] and "as at 2028-06-01" in messages[0]


# -- the answers change when the data says they do (embedded store; parity covers Neo4j) ------------
def test_who_leads_follows_the_csp_reorganisation(embedded: EmbeddedStore) -> None:
    def leads(on: date) -> list[str]:
        return [r.body_id for r in who_leads(embedded, "DA", "Delta", on=on) if r.role == "lead"]

    assert leads(BEFORE) == ["council:delta", "csp:delta-north", "csp:delta-south"]
    assert leads(BETWEEN) == leads(AFTER) == ["council:delta", "csp:delta"]
    # the strategy group's VAWG lead ends with the reorganisation: before, it leads DA in Beta and Gamma
    assert {r.body_id for r in who_leads(embedded, "DA", "Shire", on=BEFORE)} >= {"csg:shire"}
    assert "csg:shire" not in {r.body_id for r in who_leads(embedded, "DA", "Shire", on=BETWEEN)}


def test_gaps_open_and_close_with_memberships_and_bodies(embedded: EmbeddedStore) -> None:
    def statutory(on: date) -> set[tuple[str | None, str | None]]:
        return {(r.body_id, r.missing) for r in gaps(embedded, on=on) if r.gap == "statutory"}

    assert ("csp:alpha", "probation") in statutory(BEFORE)        # probation joins on 1 January 2026
    assert ("csp:alpha", "probation") not in statutory(BETWEEN)
    assert ("csp:delta-north", "council") in statutory(BEFORE)    # the legacy CSPs end on 1 April 2027
    assert not any(b in ("csp:delta-north", "csp:delta-south") for b, _ in statutory(BETWEEN))
    assert ("csp:delta", "fire") in statutory(BETWEEN)


def test_coterminosity_follows_the_footprints(embedded: EmbeddedStore) -> None:
    def relations(on: date) -> dict[tuple[str, str], str]:
        return {(r.code_a, r.code_b): r.relation for r in coterminosity(embedded, "csp,icb", on=on)}

    assert relations(BEFORE)[("E22000902", "E54000901")] == "straddles"   # Gamma split between ICBs
    assert relations(BETWEEN)[("E22000902", "E54000901")] == "within"     # Beta only, inside North ICB
    assert relations(BETWEEN)[(CSP_DELTA, "E54000902")] == "equal"
    assert CSP_DELTA not in {a for a, _ in relations(BEFORE)}


def test_accountability_follows_the_end_of_the_pcc(embedded: EmbeddedStore) -> None:
    assert [r.accountable_to_id for r in accountability(embedded, "police:shire", on=BETWEEN)] == ["pcc:shire"]
    assert [r.accountable_to_id for r in accountability(embedded, "police:shire", on=AFTER)] == ["mayor:shire"]


def test_area_detail_shows_the_lad_moving_between_csps(embedded: EmbeddedStore) -> None:
    def csps(on: date) -> list[str]:
        return [p.code for p in area_detail(embedded, GAMMA, on=on).part_of if p.kind == "CSP"]

    assert csps(BEFORE) == ["E22000902"]
    assert csps(BETWEEN) == ["E22000905"]
    assert area_detail(embedded, GAMMA, on=BETWEEN).as_at == BETWEEN.isoformat()


def test_without_a_date_the_answer_is_as_at_today(embedded: EmbeddedStore) -> None:
    with Today() as today:
        rows = who_leads(embedded, "DA", "Delta")
    today.said(rows.as_at)

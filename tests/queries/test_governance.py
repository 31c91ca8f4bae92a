"""Issue 21 acceptance, tried as a new user would, on the embedded store and on Neo4j alike.

Each answer is asked of both stores (the national skeleton with the LGA example, loaded once into
Neo4j for this module) and must be the same; the expected facts come from the bundled rows (fire
orders, the Welsh extent table, the change register), not from the code under test.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

import pytest

from partnership_graph.errors import QueryError
from partnership_graph.loaders import statutes as st
from partnership_graph.loaders.fire import FIRE_SCRUTINY
from partnership_graph.queries.accountability import accountability, accountability_unscrutinised
from partnership_graph.queries.areas import area_detail
from partnership_graph.queries.bodies import find_bodies
from partnership_graph.queries.gaps import gaps
from partnership_graph.queries.issues import issue_tree
from partnership_graph.queries.overlaps import overlaps
from partnership_graph.queries.who_leads import who_leads
from partnership_graph.stores.embedded import EmbeddedStore


if TYPE_CHECKING:

    from partnership_graph.stores.neo4j import Neo4jStore

TODAY = date(2026, 12, 7)   # the compile date of the register rows: answers as at it do not drift


@pytest.fixture
def stores(neo4j_example: Neo4jStore, example_store: EmbeddedStore) -> tuple[Any, Any]:
    return example_store, neo4j_example


def same(stores: tuple[Any, Any], question: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """The answer of both stores, which must agree."""
    embedded, neo4j = (question(s, *args, **kwargs) for s in stores)
    assert embedded == neo4j
    return embedded


def rows_of(file: Any) -> list[dict[str, str]]:
    with open(file, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_no_fire_authority_today_was_abolished_and_pfcc_fire_is_scrutinised(stores: tuple[Any, Any]) -> None:
    rows = rows_of(FIRE_SCRUTINY)
    abolished = {r["name"] for r in rows if r["row_type"] == "abolished_fra" or r["valid_to"]}
    fire = same(stores, find_bodies, kind="fire_authority", on=TODAY)
    assert len(fire) == 35 and not abolished & {b.name for b in fire}
    held = {r["name"] for r in rows if r["row_type"] in ("pfcc_fra", "mayoral_fra", "fire_commissioner")
            and not r["valid_to"]}
    assert held <= {b.name for b in fire}
    loose = same(stores, accountability_unscrutinised, on=TODAY)
    assert not {r.name for r in loose} & held
    assert not [r for r in loose if r.kind == "psb"]
    chain = same(stores, accountability, "fire:essex", on=TODAY)
    assert [(r.accountable_to_id, r.accountable_to_name, r.mechanism) for r in chain if r.depth == 1] == [
        ("pcp:essex", "Essex Police, Fire and Crime Panel", "scrutiny")]


def test_prevent_cites_the_duty_and_names_district_councils(stores: tuple[Any, Any]) -> None:
    oldham = same(stores, who_leads, "Prevent", "Oldham", on=TODAY)
    assert {r.source for r in oldham if r.role == "lead" and r.statutory} == {st.CTSA_S26}
    assert [r.source for r in oldham if r.body_id.startswith("channel:")] == [st.CTSA_S36]
    mansfield = same(stores, who_leads, "Prevent", "Mansfield", on=TODAY)
    leads = {r.body_id: r for r in mansfield if r.role == "lead"}
    assert leads["council:mansfield"].source == st.CTSA_S26 and leads["council:mansfield"].statutory
    assert "council:nottinghamshire" in leads


def test_domestic_abuse_in_cardiff_is_led_under_the_welsh_act(stores: tuple[Any, Any]) -> None:
    rows = same(stores, who_leads, "DA", "Cardiff", on=TODAY)
    leads = {(r.body_id, r.source) for r in rows if r.role == "lead"}
    assert leads == {("council:cardiff", st.VAWDASV_S5), ("lhb:cardiff-and-vale", st.VAWDASV_S5)}
    assert not [r for r in rows if r.source in (st.DAA_S57, st.DAA_S58)]
    assert same(stores, gaps, "Cardiff", None, ["VAWG"], on=TODAY) == []
    # joint leads under one section are not an overlap
    assert same(stores, overlaps, "Cardiff", on=TODAY) == []
    # an English-only issue in Wales is answered by the Welsh duty, through the broader issue, in words
    refuges = [r for r in same(stores, who_leads, "safe accommodation", "Cardiff", on=TODAY) if r.role == "lead"]
    assert {r.source for r in refuges} == {st.VAWDASV_S5}
    assert all(r.inherited and r.held_through and r.held_through.startswith("held only through a broader issue")
               for r in refuges)


def test_west_surrey_has_a_fire_member_after_reorganisation(stores: tuple[Any, Any]) -> None:
    rows = same(stores, gaps, "West Surrey", on=date(2027, 6, 1))
    assert not [r for r in rows if r.gap == "statutory" and r.missing == "fire"]
    fire = [b for b in same(stores, find_bodies, kind="fire_authority", area="West Surrey", on=date(2027, 6, 1))]
    assert [(b.id, b.derived) for b in fire] == [("fire:surrey-assumed-successor", True)]
    assert "assumed" in fire[0].name and "no source found" in (fire[0].derived_reason or "")


def test_no_answer_before_the_data_begins(stores: tuple[Any, Any]) -> None:
    for s in stores:
        with pytest.raises(QueryError, match="2023-04-01"):
            find_bodies(s, area="Leeds", on=date(2019, 1, 1))
        with pytest.raises(QueryError, match="2023-04-01"):
            who_leads(s, "DA", "Leeds", on=date(2015, 1, 1))
    first = same(stores, find_bodies, kind="pcc", area="Leeds", on=date(2023, 4, 1))
    assert [b.name for b in first] == ["Mayor of West Yorkshire (PCC functions)"]


def test_areas_are_placed_in_their_footprints_with_exact_shares(stores: tuple[Any, Any]) -> None:
    west = same(stores, area_detail, "West Surrey", on=date(2027, 6, 1))
    within = {(p.kind, p.name): (p.share, p.relation) for p in west.part_of}
    assert within[("PFA", "Surrey")] == (1.0, "within")
    assert within[("FRA", "Surrey")] == (1.0, "within")
    assert within[("ICB", "NHS Surrey and Sussex Integrated Care Board")] == (1.0, "within")
    vale = same(stores, area_detail, "Vale of White Horse", on=TODAY)
    icbs = [p.share for p in vale.part_of if p.kind == "ICB"]
    assert len(icbs) == 2 and sum(icbs) == 1.0 and math.fsum(icbs) == 1.0
    # a police force area, an ICB and a CSP are placed too
    for name, kind in (("Surrey", "PFA"), ("NHS Surrey and Sussex Integrated Care Board", "ICB"), ("Oldham", "CSP")):
        d = same(stores, area_detail, f"{kind.lower()}:{name}", on=TODAY)
        assert d.area.kind == kind and d.part_of and all(0 < p.share <= 1 for p in d.part_of)
    # an area not on the date says when it ended (with successors) or when it starts
    for s in stores:
        with pytest.raises(QueryError, match=r"starts on 2027-04-01"):
            area_detail(s, "West Surrey", on=TODAY)
        with pytest.raises(QueryError, match=r"E10000030\) ended on 2027-04-01.*East Surrey \(E06999001\)"):
            area_detail(s, "E10000030", on=date(2027, 6, 1))


def test_decided_but_not_made_is_marked_with_its_notes(stores: tuple[Any, Any]) -> None:
    lgr = rows_of(FIRE_SCRUTINY.parent.parent.parent / "changes" / "lgr_decisions.csv")
    hants = next(r for r in lgr if r["new_authority_name"].startswith("North Hampshire"))
    assert hants["status"] == "decided" and "judicial review" in hants["instrument"]
    found = same(stores, find_bodies, kind="council", area="North Hampshire", on=date(2028, 6, 1))
    council = next(b for b in found if b.id == "council:north-hampshire")
    assert council.status == "decided" and "judicial review" in (council.status_note or "")
    # Surrey's order is made: its councils carry no mark
    surrey = next(b for b in same(stores, find_bodies, kind="council", area="West Surrey", on=date(2027, 6, 1))
                  if b.id == "council:west-surrey")
    assert surrey.status is None
    leads = same(stores, who_leads, "SV", "North Hampshire", on=date(2028, 6, 1))
    assert any(r.status == "decided" for r in leads if r.body_id.startswith("csp:"))


def test_issues_show_every_parent_with_its_section(stores: tuple[Any, Any]) -> None:
    tree = {r.id: r for r in same(stores, issue_tree, on=TODAY)}
    da = tree["domestic-abuse"]
    assert da.parents == ["serious-violence", "violence-against-women-and-girls"]
    assert dict(zip(da.parents, da.parent_sources))["serious-violence"] == st.PCSCA_S13
    assert tree["child-sexual-exploitation"].parents == ["child-exploitation", "safeguarding-children"]

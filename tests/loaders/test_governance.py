"""Issue 21, the skeleton: fire as the orders made it, Wales as Wales, shared duties cited to the
section that creates them, start dates and the date the data begins. Each fact is read from the
bundled rows (fire_scrutiny.csv, the mySociety council list), not written into the test."""

from __future__ import annotations

import csv
from collections import defaultdict
from datetime import date

import pytest

from partnership_graph.graphmodel import GraphDocument
from partnership_graph.loaders import statutes as st
from partnership_graph.loaders.bundled import ons_table
from partnership_graph.loaders.dates import DATA_FROM
from partnership_graph.loaders.fire import FIRE_SCRUTINY, HOLDERS, panel_name
from partnership_graph.loaders.skeleton import _SkeletonBuilder
from partnership_graph.loaders.wales import ENGLISH_ONLY, VAWDASV_ISSUES, check_extent



def fire_rows() -> list[dict[str, str]]:
    with open(FIRE_SCRUTINY, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_the_bundled_register_tables_are_the_ones_copied_byte_for_byte() -> None:
    """Each bundled register table (the fire rows among them) is the file copied from the shared
    register: its SHA-256 is the one SHA256SUMS recorded at the copy, so an edit shows here."""
    import hashlib

    register = FIRE_SCRUTINY.parents[1]
    recorded = dict(reversed(line.split("  ", 1)) for line in
                    (register / "SHA256SUMS").read_text(encoding="utf-8").splitlines() if not line.startswith("#"))
    tables = {p.relative_to(register).as_posix() for p in register.rglob("*.csv")}
    assert set(recorded) == tables and "justice/fire_scrutiny.csv" in tables
    for name, digest in recorded.items():
        assert hashlib.sha256((register / name).read_bytes()).hexdigest() == digest, name


def test_fire_authorities_are_named_and_dated_as_their_orders(skeleton: GraphDocument) -> None:
    bodies = {b.name: b for b in skeleton.bodies if b.kind == "fire_authority"}
    rows = fire_rows()
    holders = [r for r in rows if r["row_type"] in HOLDERS]
    abolished = [r for r in rows if r["row_type"] == "abolished_fra"]
    assert len(holders) == 11 and len(abolished) == 7
    for r in holders:
        b = bodies[r["name"]]
        assert str(b.valid_from) == r["valid_from"] and str(b.valid_to or "") == r["valid_to"], r["name"]
    for r in abolished:  # each abolished authority ends on the day its order took effect
        b = bodies[r["name"]]
        assert str(b.valid_to) == r["valid_to"] and b.valid_from is None, r["name"]
    # today's authority of each of those FRA areas is the current holder row, and no abolished name
    covering = defaultdict(set)
    for c in skeleton.covers:
        if c.start.startswith("fire:") and c.valid_to is None:
            covering[c.end].add(c.start)
    today = {b.id: b for b in skeleton.bodies if b.kind == "fire_authority" and b.valid_to is None}
    for r in holders:
        if not r["valid_to"]:
            names = {today[i].name for i in covering[r["fra_code"]] if i in today}
            assert names == {r["name"]}, r["fra_code"]
    assert not {r["name"] for r in abolished} & {b.name for b in today.values()}


def test_panels_scrutinise_the_commissioners_and_mayors_fire_functions(skeleton: GraphDocument) -> None:
    names = {b.id: b.name for b in skeleton.bodies}
    lines = {(a.start, a.end): a for a in skeleton.accountability}
    by_name = {b.name: b.id for b in skeleton.bodies}
    for r in fire_rows():
        if r["row_type"] in ("pfcc_fra", "mayoral_fra"):
            fire = by_name[r["name"]]
            panel = [end for (start, end) in lines if start == fire and end.startswith("pcp:")]
            assert len(panel) == 1, r["name"]
            assert names[panel[0]] == panel_name(r["scrutiny_body"])
            assert lines[(fire, panel[0])].mechanism == "scrutiny"
            assert str(lines[(fire, panel[0])].valid_to or "") == r["valid_to"]
    lfc = by_name["London Fire Commissioner"]
    assert names[next(e for (s, e) in lines if s == lfc and e.startswith("scrutiny:"))] == \
        "London Assembly Fire, Resilience and Emergency Planning Committee"
    assert (lfc, "council:greater-london-authority") in lines


def test_welsh_fire_authorities_have_their_councils(skeleton: GraphDocument) -> None:
    members = defaultdict(set)
    for m in skeleton.memberships:
        members[m.end].add(m.start)
    council_of = {b.id: c.end for b in skeleton.bodies if b.kind == "council" for c in skeleton.covers
                  if c.start == b.id}
    by_name = {b.name: b.id for b in skeleton.bodies}
    for r in fire_rows():
        if r["row_type"] == "welsh_fra":
            fire = by_name[r["name"]]
            assert {council_of[m] for m in members[fire] if m in council_of} == set(r["codes"].split(";"))


def test_north_yorkshires_pfcc_held_the_links_until_the_mayor(skeleton: GraphDocument) -> None:
    """The PFCC (2018-2024) is a CSP member and a serious violence duty holder until 7 May 2024, so
    the answers between the data's first day and then have a fire member."""
    pfcc = "fire:north-yorkshire-pfcc"
    ends = {m.valid_to for m in skeleton.memberships if m.start == pfcc}
    assert ends == {date(2024, 5, 7)}
    assert any(c.start == pfcc and c.end == "serious-violence" and c.valid_to == date(2024, 5, 7)
               for c in skeleton.claims)


def test_wales_duty_and_scrutiny(skeleton: GraphDocument) -> None:
    claims = {(c.start, c.end): c for c in skeleton.claims if c.source == st.VAWDASV_S5}
    welsh_councils = {b.id for b in skeleton.bodies if b.council_type == "welsh_principal"}
    assert len(welsh_councils) == 22
    for council in welsh_councils:
        for issue in VAWDASV_ISSUES:
            assert (council, issue) in claims and claims[(council, issue)].claim == "LEADS"
    assert {s for (s, _) in claims if s.startswith("lhb:")} == {b.id for b in skeleton.bodies if b.id.startswith("lhb:")}
    # every PSB answers to each member council's overview and scrutiny committee (s.35)
    psbs = {b.id for b in skeleton.bodies if b.kind == "psb"}
    scrutinised = {a.start for a in skeleton.accountability if a.source == st.WFGWA_S35 and a.mechanism == "scrutiny"}
    assert len(psbs) == 13 and psbs == scrutinised
    assert {a.start for a in skeleton.accountability if a.source == st.SSWWA_S132} == {
        b.id for b in skeleton.bodies if b.kind == "regional_safeguarding_board"}


def test_no_english_only_duty_reaches_a_welsh_body(skeleton: GraphDocument) -> None:
    welsh_lads = {a.code for a in skeleton.areas if a.kind == "LAD" and a.code.startswith("W")}
    children = defaultdict(set)
    for e in skeleton.area_part_of:
        children[e.end].add(e.start)
    reach = defaultdict(set)
    for c in skeleton.covers:
        reach[c.start] |= ({c.end} if c.end in welsh_lads else children[c.end]) & welsh_lads
    wrong = [c for c in skeleton.claims if c.source in ENGLISH_ONLY and reach[c.start]]
    assert not wrong


def test_the_extent_check_refuses_an_english_duty_on_a_welsh_body() -> None:
    from partnership_graph.graphmodel import Claim
    from partnership_graph.loaders.geography import build_geography

    areas, part_of = build_geography()
    b = _SkeletonBuilder(areas, part_of)
    b.build()
    b.claims[("council:cardiff", "LEADS", "domestic-abuse-safe-accommodation")] = Claim(
        start="council:cardiff", end="domestic-abuse-safe-accommodation", claim="LEADS", source=st.DAA_S57,
        statutory=True)
    with pytest.raises(ValueError, match="English-only duties on Welsh bodies"):
        check_extent(b)


def test_prevent_and_the_community_trigger_name_every_body_the_law_does(skeleton: GraphDocument) -> None:
    leads = {(c.start, c.end, c.claim): c for c in skeleton.claims if c.statutory}
    councils = [b for b in skeleton.bodies if b.kind == "council" and b.valid_to is None]
    districts = [b for b in councils if b.council_type == "district"]
    assert len(districts) > 100
    for b in councils:  # every council Schedule 6 names, districts included, leads Prevent (s.26)
        assert leads[(b.id, "prevent", "LEADS")].source == st.CTSA_S26
    forces = [b.id for b in skeleton.bodies if b.kind == "police_force"]
    assert all(leads[(f, "prevent", "HOLDS_DUTY")].source == st.CTSA_S26 for f in forces)
    # the community trigger: the district or unitary council of each LAD, never a county council
    lad_councils = {c.start for c in skeleton.covers for a in skeleton.areas
                    if a.code == c.end and a.kind == "LAD" and c.start.startswith("council:")}
    trigger = {s for (s, i, t) in leads if i == "asb-case-review" and t == "LEADS"}
    assert lad_councils <= trigger
    assert not {b.id for b in councils if b.council_type == "county"} & trigger
    assert set(forces) <= trigger
    assert all(leads[(s, "asb-case-review", "LEADS")].source == st.ASBCPA_S104 for s in trigger)


def test_county_strategy_groups_city_and_mopac_citations(skeleton: GraphDocument) -> None:
    csgs = {b.id for b in skeleton.bodies if b.kind == "csg"}
    assert {b.source for b in skeleton.bodies if b.kind == "csg"} == {st.CSG_REGS_2007}
    reporting = {a.start for a in skeleton.accountability if a.source == st.CSG_REGS_2007 and a.end.startswith("pcc:")}
    assert reporting == csgs and len(csgs) == 21
    plans = {c.start: c.source for c in skeleton.claims if c.end == "police-and-crime-plan" and c.statutory}
    assert plans["pcc:london-city-of"] == st.PA96_CITY and plans["pcc:metropolitan-police"] == st.PRSRA_S6
    assert plans["pcc:kent"] == st.PRSRA_S5


def test_start_dates_and_the_first_day_the_data_describes(skeleton: GraphDocument) -> None:
    starts = {r["gss-code"]: r["start-date"] for r in ons_table("local_authorities_mysociety.csv")
              if r["current-authority"] == "True" and r["start-date"]}
    councils = {c.end: c.start for c in skeleton.covers if c.start.startswith("council:") and c.valid_to is None}
    bodies = {b.id: b for b in skeleton.bodies}
    dated = [code for code in starts if code in councils]
    assert len(dated) > 20
    for code in dated:
        assert str(bodies[councils[code]].valid_from) == starts[code]
    first = max(starts[c] for c in dated)
    source = next(s for s in skeleton.sources if s.id == DATA_FROM)
    assert source.date == first == "2023-04-01"
    assert bodies["icb:greater-manchester"].valid_from == date(2022, 7, 1)
    assert bodies["pcc:west-yorkshire"].valid_from == date(2021, 5, 10)

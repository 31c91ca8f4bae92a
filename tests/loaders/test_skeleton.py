"""The national skeleton: one statutory body per footprint, with the members the statutes name."""

from __future__ import annotations

import re
from collections import Counter, defaultdict

import pytest

from partnership_graph.graphmodel import AreaKind, GraphDocument


@pytest.fixture(scope="module")
def skeleton() -> GraphDocument:
    """These tests pin the 2024 lookups as published: the skeleton before the dated changes
    (partnership_graph/changes; tests/changes pins what they change)."""
    from partnership_graph.loaders.skeleton import lookup_skeleton

    return lookup_skeleton()


def members_of(doc: GraphDocument) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = defaultdict(dict)
    for m in doc.memberships:
        out[m.end][m.start] = m.role
    return out


def test_one_body_per_footprint(skeleton: GraphDocument) -> None:
    areas = Counter(a.kind for a in skeleton.areas)
    bodies = Counter(b.kind for b in skeleton.bodies)
    assert bodies["csp"] == areas["CSP"] == 314
    assert bodies["police_force"] == bodies["pcc"] == areas["PFA"] == 43
    # 47 fire areas; in 12 of them the county (or unitary) council is the fire and rescue
    # authority, the same body rather than a second one; beside the 35 authorities of today, the 7
    # authorities the orders abolished and North Yorkshire's PFCC (2018-2024) end on their dates
    current = Counter(b.kind for b in skeleton.bodies if b.valid_to is None)
    assert areas["FRA"] == 47 and current["fire_authority"] == 35 and bodies["fire_authority"] == 35 + 7 + 1
    assert bodies["health"] == areas["ICB"] + areas["LHB"] == 49
    # a council per LAD and per county, and the Greater London Authority (DA Act 2021 tier one)
    assert bodies["council"] == areas["LAD"] + areas["CTYUA"] + 1 == 340
    # HWB, SCP and SAB for each English upper tier: 21 counties + 132 English unitary-level LADs
    english_upper = sum(1 for a in skeleton.areas if a.upper_tier and a.code.startswith("E"))
    assert english_upper == 153
    assert bodies["hwb"] == bodies["healthwatch"] == 153
    # safeguarding partnerships and boards follow the register, joint ones over several councils
    # (tests/loaders/test_register.py)
    # the City of London has a police authority board, not a police and crime panel
    assert bodies["police_and_crime_panel"] == 42


def test_ids_are_unique_and_follow_the_documented_scheme(skeleton: GraphDocument) -> None:
    ids = [b.id for b in skeleton.bodies]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z]+:[a-z0-9]+(-[a-z0-9]+)*", i) for i in ids)
    names = {b.id: b.name for b in skeleton.bodies}
    assert names["csp:oldham"] == "Oldham Community Safety Partnership"
    assert names["icb:greater-manchester"] == "NHS Greater Manchester Integrated Care Board"
    assert names["police:devon-and-cornwall"] == "Devon & Cornwall Police"
    assert names["pcc:greater-manchester"] == "Mayor of Greater Manchester (PCC functions)"


def test_every_csp_has_its_five_responsible_authority_kinds(skeleton: GraphDocument) -> None:
    kinds = {b.id: b.kind for b in skeleton.bodies}
    members = members_of(skeleton)
    fire_councils = {c.start for c in skeleton.covers if c.end.startswith("E31") and kinds[c.start] == "council"}
    assert len(fire_councils) == 12 and "council:surrey" in fire_councils
    for b in skeleton.bodies:
        if b.kind != "csp":
            continue
        ra = {kinds[m] for m, role in members[b.id].items() if role == "responsible_authority"}
        if any(m in fire_councils for m in members[b.id]):
            ra.add("fire_authority")  # the county council is the fire and rescue authority
        assert ra == {"council", "police_force", "fire_authority", "probation", "health"}, b.id


def test_two_tier_csp_has_district_and_county_councils(skeleton: GraphDocument) -> None:
    # Guildford (E07000209) is a Surrey district, and Guildford is split between two ICBs
    members = members_of(skeleton)["csp:guildford"]
    assert {"council:guildford", "council:surrey"} <= set(members)
    assert {"icb:frimley", "icb:surrey-heartlands"} <= set(members)


def test_safeguarding_children_partnership_has_the_three_partners(skeleton: GraphDocument) -> None:
    members = members_of(skeleton)["scp:oldham"]
    assert members == {"council:oldham": "safeguarding_partner",
                       "police:greater-manchester": "safeguarding_partner",
                       "icb:greater-manchester": "safeguarding_partner"}


def test_police_answer_to_the_pcc_who_answers_to_the_panel(skeleton: GraphDocument) -> None:
    acc = {(a.start, a.end): a.mechanism for a in skeleton.accountability}
    assert acc[("police:surrey", "pcc:surrey")] == "holds_to_account"
    assert acc[("pcc:surrey", "pcp:surrey")] == "scrutiny"


def test_every_skeleton_claim_and_body_cites_a_source(skeleton: GraphDocument) -> None:
    sources = {s.id for s in skeleton.sources}
    assert all(b.source in sources for b in skeleton.bodies)
    assert all(r.source in sources for r in skeleton.relationships() if r.rel_type != "PART_OF" or r.start_label == "Area")
    # statutory claims cite an Act section with its legislation.gov.uk address
    by_id = {s.id: s for s in skeleton.sources}
    for c in skeleton.claims:
        if c.statutory:
            src = by_id[c.source]
            assert src.url and src.url.startswith("https://www.legislation.gov.uk/"), c
            assert "section" in src.title.lower() or "schedule" in src.title.lower(), src.title


def test_county_strategy_groups_gather_the_csps_of_each_county(skeleton: GraphDocument) -> None:
    members = members_of(skeleton)
    counties = [a for a in skeleton.areas if a.kind == AreaKind.CTYUA]
    assert sum(1 for b in skeleton.bodies if b.kind == "csg") == len(counties) == 21
    # Nottinghamshire's districts form 5 CSPs (South Nottinghamshire joins three of them)
    csps = {m for m in members["csg:nottinghamshire"] if m.startswith("csp:")}
    assert "csp:south-nottinghamshire" in csps and "csp:mansfield" in csps


# -- issue 11: statutory leads, the missing bodies, Wales, accountability -------------------------
def _leads(skeleton: GraphDocument) -> dict[tuple[str, str], tuple[str, bool]]:
    return {(c.start, c.end): (c.source, c.statutory) for c in skeleton.claims if c.claim == "LEADS"}


def test_statutory_leads_cite_their_sections(skeleton: GraphDocument) -> None:
    leads = _leads(skeleton)
    assert leads[("scp:birmingham", "safeguarding-children")] == ("ca-2004-s16e", True)
    assert leads[("sab:birmingham", "safeguarding-adults")] == ("care-act-2014-s43", True)
    assert leads[("csp:birmingham", "crime-and-disorder")] == ("cda-1998-s5-6", True)
    assert leads[("csp:birmingham", "domestic-homicide-reviews")] == ("dvcva-2004-s9", True)
    assert leads[("yjs:birmingham", "youth-justice")] == ("cda-1998-s39", True)
    assert leads[("council:birmingham", "prevent")] == ("ctsa-2015-s26", True)  # the Prevent duty, not Channel
    assert leads[("council:birmingham", "domestic-abuse-safe-accommodation")] == ("daa-2021-s57", True)
    assert leads[("pcc:west-midlands", "victims-services")] == ("asbcpa-2014-s143", True)
    # in London the tier one authority is the GLA, not the boroughs
    assert leads[("council:greater-london-authority", "domestic-abuse-safe-accommodation")][1]
    assert ("council:camden", "domestic-abuse-safe-accommodation") not in leads
    # the CSP's serious violence strategy dates from the 2023 commencement
    sv = [c for c in skeleton.claims if c.start == "csp:birmingham" and c.end == "serious-violence"]
    assert [str(c.valid_from) for c in sv] == ["2023-01-31"]
    # Welsh regional safeguarding boards lead both, under the Welsh Act
    assert leads[("rsb:cardiff-and-vale", "safeguarding-children")] == ("sswwa-2014-s134", True)
    assert leads[("rsb:cardiff-and-vale", "safeguarding-adults")] == ("sswwa-2014-s134", True)


def test_serious_violence_duty_holders_are_not_leads(skeleton: GraphDocument) -> None:
    holders = {c.start for c in skeleton.claims if c.claim == "HOLDS_DUTY" and c.end == "serious-violence"}
    assert {"police:west-midlands", "council:birmingham", "fire:west-midlands", "probation:probation-service",
            "icb:birmingham-and-solihull", "yjs:birmingham", "lhb:cardiff-and-vale"} <= holders
    assert not any(c.statutory and c.claim == "LEADS" and c.end == "serious-violence" and not c.start.startswith("csp:")
                   for c in skeleton.claims)


def test_the_missing_bodies_with_their_statutes(skeleton: GraphDocument) -> None:
    kinds = Counter(b.kind for b in skeleton.bodies)
    english_upper = sum(1 for a in skeleton.areas if a.upper_tier and a.code.startswith("E"))
    london = sum(1 for e in skeleton.area_part_of if e.end == "E12000007")
    assert london == 33
    # tier one authorities: the English upper tiers outside London and the GLA (their boards, joint
    # ones and dates are in tests/loaders/test_register.py)
    tier_one = {c.start for c in skeleton.claims if c.end == "domestic-abuse-safe-accommodation" and c.claim == "LEADS"}
    assert len(tier_one) == english_upper - london + 1 == 121
    assert kinds["channel_panel"] == 175                                         # every upper tier, E&W
    assert kinds["violence_reduction_unit"] == 20
    assert kinds["regional_safeguarding_board"] == 6 and kinds["psb"] == 13
    # what the register does not cover is derived: safeguarding boards and youth justice services
    # where no row covers a council on a date, and the Channel panels (not in the register)
    derived = {b.kind for b in skeleton.bodies if b.derived}
    assert derived == {"safeguarding_children", "safeguarding_adults", "youth_justice", "channel_panel"}
    assert all(b.derived_reason for b in skeleton.bodies if b.derived)
    vru = {b.id: b for b in skeleton.bodies}["vru:cleveland"]
    assert vru.name.startswith("Cleveland Unit for the Reduction of Violence") and str(vru.valid_from) == "2022-01-01"
    assert "year only" in (vru.notes or "")


def _current(rel: object, on: str) -> bool:
    start, end = getattr(rel, "valid_from"), getattr(rel, "valid_to")
    return (start is None or str(start) <= on) and (end is None or on < str(end))


def test_every_welsh_council_is_in_one_rsb_and_one_psb_today(skeleton: GraphDocument) -> None:
    import datetime

    today = datetime.date.today().isoformat()
    welsh = {a.code for a in skeleton.areas if a.kind == "LAD" and a.code.startswith("W")}
    assert len(welsh) == 22
    kinds = {b.id: b.kind for b in skeleton.bodies}
    for kind in ("regional_safeguarding_board", "psb"):
        boards: dict[str, list[str]] = defaultdict(list)
        for c in skeleton.covers:
            if kinds[c.start] == kind and _current(c, today):
                boards[c.end].append(c.start)
        assert set(boards) == welsh, kind
        assert all(len(b) == 1 for b in boards.values()), {k: v for k, v in boards.items() if len(v) > 1}
    # Bridgend moved from Western Bay (West Glamorgan) to Cwm Taf Morgannwg on 1 April 2019
    bridgend = [(c.start, str(c.valid_from), str(c.valid_to)) for c in skeleton.covers
                if c.end == "W06000013" and kinds[c.start] == "regional_safeguarding_board"]
    assert sorted(bridgend) == [("rsb:cwm-taf-morgannwg", "2019-04-01", "None"),
                                ("rsb:west-glamorgan", "2016-04-06", "2019-04-01")]
    on_2018 = [c.start for c in skeleton.covers if c.end == "W06000013"
               and kinds[c.start] == "regional_safeguarding_board" and _current(c, "2018-06-01")]
    assert on_2018 == ["rsb:west-glamorgan"]
    # the Gwent PSB merged the five local boards on 1 October 2021
    gwent = {c.end for c in skeleton.covers if c.start == "psb:gwent"}
    assert len(gwent) == 5


def test_welsh_pccs_co_operate_with_csps(skeleton: GraphDocument) -> None:
    members = members_of(skeleton)
    assert members["csp:cardiff"]["pcc:south-wales"] == "co_operating"
    coop = {m.source for m in skeleton.memberships if m.end == "csp:cardiff" and m.start == "pcc:south-wales"}
    assert coop == {"prsra-2011-s10"}


def test_accountability_corrections(skeleton: GraphDocument) -> None:
    acc = defaultdict(set)
    for a in skeleton.accountability:
        acc[a.start].add(a.end)
    # every SCP reports to the national panel; every SAB to council, PCC, Healthwatch and HWB
    scps = [b.id for b in skeleton.bodies if b.kind == "safeguarding_children"]
    assert all("national:child-safeguarding-practice-review-panel" in acc[s] for s in scps)
    assert acc["sab:oldham"] == {"council:oldham", "pcc:greater-manchester", "healthwatch:oldham", "hwb:oldham"}
    # local Healthwatch sits on every HWB
    members = members_of(skeleton)
    hwbs = [b.id for b in skeleton.bodies if b.kind == "hwb"]
    assert all(f"healthwatch:{h.removeprefix('hwb:')}" in members[h] for h in hwbs)
    # the London Assembly's police and crime committee: Assembly Members only
    assert members["pcp:metropolitan-police"] == {}
    # Surrey County Council is Surrey's fire and rescue authority, not a second body
    ids = {b.id for b in skeleton.bodies}
    assert "fire:surrey" not in ids and "council:surrey" in members["csp:guildford"]


def test_a_legacy_csp_gets_the_icbs_of_its_own_part(skeleton: GraphDocument) -> None:
    members = members_of(skeleton)
    waveney = {m for m in members["csp:waveney"] if m.startswith("icb:")}
    coastal = {m for m in members["csp:suffolk-coastal"] if m.startswith("icb:")}
    assert waveney == {"icb:norfolk-and-waveney"} and coastal == {"icb:suffolk-and-north-east-essex"}
    assert {m for m in members["csp:eden"] if m.startswith("icb:")} == {"icb:north-east-and-north-cumbria"}

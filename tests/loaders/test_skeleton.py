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
    assert bodies["fire_authority"] == areas["FRA"] == 47
    assert bodies["health"] == areas["ICB"] + areas["LHB"] == 49
    # a council per LAD and per county
    assert bodies["council"] == areas["LAD"] + areas["CTYUA"] == 339
    # HWB, SCP and SAB for each English upper tier: 21 counties + 132 English unitary-level LADs
    english_upper = sum(1 for a in skeleton.areas if a.upper_tier and a.code.startswith("E"))
    assert english_upper == 153
    assert bodies["hwb"] == bodies["safeguarding_children"] == bodies["safeguarding_adults"] == 153
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
    for b in skeleton.bodies:
        if b.kind != "csp":
            continue
        ra = {kinds[m] for m, role in members[b.id].items() if role == "responsible_authority"}
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
    assert all(r.source in sources for r in skeleton.relationships() if r.type != "PART_OF" or r.start_label == "Area")


def test_county_strategy_groups_gather_the_csps_of_each_county(skeleton: GraphDocument) -> None:
    members = members_of(skeleton)
    counties = [a for a in skeleton.areas if a.kind == AreaKind.CTYUA]
    assert sum(1 for b in skeleton.bodies if b.kind == "csg") == len(counties) == 21
    # Nottinghamshire's districts form 5 CSPs (South Nottinghamshire joins three of them)
    csps = {m for m in members["csg:nottinghamshire"] if m.startswith("csp:")}
    assert "csp:south-nottinghamshire" in csps and "csp:mansfield" in csps

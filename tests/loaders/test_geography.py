"""Facts read from the bundled ONS lookups, checked against the graph built from them.

Sources: partnership_graph/data/ons/*.csv and their README (PROVENANCE). Each count below is what
the data says (recounted here from the CSVs), not what we expect England and Wales to look like.
"""

from __future__ import annotations

import csv
import math
from collections import defaultdict

import pytest

from partnership_graph.graphmodel import AreaKind, GraphDocument
from partnership_graph.loaders.bundled import ONS_DIR


@pytest.fixture(scope="module")
def skeleton() -> GraphDocument:
    """These tests pin the 2024 lookups as published: the skeleton before the dated changes
    (partnership_graph/changes; tests/changes pins what they change)."""
    from partnership_graph.loaders.skeleton import lookup_skeleton

    return lookup_skeleton()


def ons(name: str) -> list[dict[str, str]]:
    with open(ONS_DIR / name, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def parents(doc: GraphDocument, kind: AreaKind) -> dict[str, dict[str, float]]:
    kinds = {a.code: a.kind for a in doc.areas}
    out: dict[str, dict[str, float]] = defaultdict(dict)
    for e in doc.area_part_of:
        if kinds[e.start] == AreaKind.LAD and kinds[e.end] == kind:
            out[e.start][e.end] = e.share
    return out


def test_area_counts_match_the_lookups(skeleton: GraphDocument) -> None:
    by_kind: dict[str, int] = defaultdict(int)
    for a in skeleton.areas:
        by_kind[a.kind] += 1
    # lad_csp_pfa.csv: 318 LADs, 314 CSPs, 43 police force areas; lad_fra.csv: 47 FRAs (44 E + 3 W)
    assert by_kind["LAD"] == len({r["LAD24CD"] for r in ons("lad_csp_pfa.csv")}) == 318
    assert by_kind["CSP"] == len({r["CSP24CD"] for r in ons("lad_csp_pfa.csv")}) == 314
    assert by_kind["PFA"] == len({r["PFA24CD"] for r in ons("lad_csp_pfa.csv")}) == 43
    assert by_kind["FRA"] == len({r["FRA24CD"] for r in ons("lad_fra.csv")}) == 47
    # lad_sicbl_icb.csv: 42 ICBs, 106 SICBLs; lad_lhb_wales.csv: 7 LHBs; lad_rgn.csv: 9 regions
    assert (by_kind["ICB"], by_kind["SICBL"], by_kind["LHB"], by_kind["RGN"]) == (42, 106, 7, 9)
    # lad_utla.csv: 21 county councils (E10) above 164 districts
    assert by_kind["CTYUA"] == 21


def test_every_lad_lies_in_exactly_one_police_force_area_and_one_fire_area(skeleton: GraphDocument) -> None:
    lads = {a.code for a in skeleton.areas if a.kind == AreaKind.LAD}
    for kind in (AreaKind.PFA, AreaKind.FRA):
        p = parents(skeleton, kind)
        assert set(p) == lads
        assert all(len(v) == 1 and list(v.values()) == [1.0] for v in p.values()), kind


def test_seven_lads_hold_several_csps_and_are_split_not_forced(skeleton: GraphDocument) -> None:
    csps = parents(skeleton, AreaKind.CSP)
    several = {lad: len(v) for lad, v in csps.items() if len(v) > 1}
    # PROVENANCE.md: BCP (3), Buckinghamshire (4), North Northants (4), West Northants (2),
    # Cumberland (3), Westmorland and Furness (3), East Suffolk (2)
    assert several == {"E06000058": 3, "E06000060": 4, "E06000061": 4, "E06000062": 2,
                       "E06000063": 3, "E06000064": 3, "E07000244": 2}
    from_csv: dict[str, set[str]] = defaultdict(set)
    for r in ons("lad_csp_pfa.csv"):
        from_csv[r["LAD24CD"]].add(r["CSP24CD"])
    assert {lad: set(v) for lad, v in csps.items()} == from_csv
    # no weights in the lookup: each legacy CSP gets an equal share, and the shares add up
    for lad, shares in csps.items():
        assert math.fsum(shares.values()) == 1.0
    bcp = {e.end: e for e in skeleton.area_part_of if e.start == "E06000058"}
    dorset_csp = next(a.code for a in skeleton.areas if a.kind == AreaKind.CSP and a.name == "Dorset")
    assert bcp[dorset_csp].share_basis == "equal_split"


def test_csps_spanning_several_lads_are_those_in_the_lookup(skeleton: GraphDocument) -> None:
    lads_of: dict[str, set[str]] = defaultdict(set)
    for r in ons("lad_csp_pfa.csv"):
        lads_of[r["CSP24NM"]].add(r["LAD24NM"])
    spanning = {csp for csp, lads in lads_of.items() if len(lads) > 1}
    assert len(spanning) == 12
    # e.g. South Nottinghamshire = Broxtowe + Gedling + Rushcliffe; Cwm Taf = RCT + Merthyr Tydfil
    assert lads_of["South Nottinghamshire"] == {"Broxtowe", "Gedling", "Rushcliffe"}
    assert lads_of["Cwm Taf"] == {"Rhondda Cynon Taf", "Merthyr Tydfil"}
    # Dorset CSP spans the Dorset LAD and part of BCP (Christchurch, now inside BCP)
    assert lads_of["Dorset"] == {"Dorset", "Bournemouth, Christchurch and Poole"}
    names = {a.code: a.name for a in skeleton.areas}
    graph_lads: dict[str, set[str]] = defaultdict(set)
    for e in skeleton.area_part_of:
        if names.get(e.end) and any(a.code == e.end and a.kind == AreaKind.CSP for a in skeleton.areas):
            graph_lads[names[e.end]].add(names[e.start])
    assert {c for c, lads in graph_lads.items() if len(lads) > 1} == spanning


def test_lads_split_between_icbs_carry_lsoa_shares(skeleton: GraphDocument) -> None:
    icbs = parents(skeleton, AreaKind.ICB)
    split = {lad for lad, v in icbs.items() if len(v) > 1}
    assert len(split) == 13  # PROVENANCE.md: 13 LADs split between ICBs
    assert len(icbs["E06000065"]) == 3  # North Yorkshire across 3 ICBs
    lsoas: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for r in ons("lad_sicbl_icb.csv"):
        lsoas[r["LAD24CD"]][r["ICB24CD"]] += int(r["LSOA21_COUNT"])
    for lad in split:
        total = sum(lsoas[lad].values())
        assert icbs[lad] == {icb: pytest.approx(n / total, abs=1e-6) for icb, n in lsoas[lad].items()}
    sicbls = parents(skeleton, AreaKind.SICBL)
    assert sum(len(v) > 1 for v in sicbls.values()) == 28  # PROVENANCE.md: 28 LADs split between SICBLs


def test_population_is_the_ons_mid_2023_estimate(skeleton: GraphDocument) -> None:
    pop = {r["Code"]: int(r["All ages"]) for r in ons("population_mid2023_lad.csv")}
    areas = {a.code: a for a in skeleton.areas}
    assert all(areas[code].population == n for code, n in pop.items())
    # the workbook's totals: England 57,690,323; Wales 3,164,404
    assert areas["E92000001"].population == 57_690_323
    assert areas["W92000004"].population == 3_164_404


def test_wales_has_local_health_boards_and_no_icbs(skeleton: GraphDocument) -> None:
    welsh = {a.code for a in skeleton.areas if a.kind == AreaKind.LAD and a.code.startswith("W")}
    assert len(welsh) == 22
    assert set(parents(skeleton, AreaKind.LHB)) == welsh
    assert not welsh & set(parents(skeleton, AreaKind.ICB))


def test_the_shares_of_every_lad_add_up_to_exactly_one_per_kind(skeleton: GraphDocument) -> None:
    """Property over all LADs and every kind of parent: a split LAD's parts make exactly one LAD.

    BCP's three legacy CSPs used to hold 0.333333 each, 0.999999 together, which the 1e-9
    tolerance of the queries reported as an unled sliver of Bournemouth, Christchurch and Poole.
    """
    kinds = {a.code: a.kind for a in skeleton.areas}
    groups: dict[tuple[str, str], list[float]] = {}
    for e in skeleton.area_part_of:
        if kinds[e.start] == "LAD":
            groups.setdefault((e.start, kinds[e.end]), []).append(e.share)
    assert len({lad for lad, _ in groups}) == 318
    split = {k: v for k, v in groups.items() if len(v) > 1}
    assert len(split) >= 7 + 13  # the 7 LADs with legacy CSPs, the 13 split between ICBs, ...
    for key, shares in groups.items():
        assert math.fsum(shares) == 1.0, key
        assert sum(shares) >= 1.0 - 1e-12, key  # in any order the queries add them

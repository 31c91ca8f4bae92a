"""coterminosity: classification, population-weighted Jaccard over LAD shares, kinds, summary.

The first half pins the rules on the toy county of ``_small_graphs``; the second asserts facts of
the bundled ONS geography, recomputing each expectation from the bundled CSVs
(partnership_graph/data/ons/) inside the test wherever that is feasible.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from partnership_graph.errors import QueryError
from partnership_graph.graphmodel import Covers
from partnership_graph.loaders.bundled import read_ons
from partnership_graph.queries.coterminosity import (
    CoterminositySummaryRow, KindSpec, coterminosity, coterminosity_summary, parse_kinds,
)
from partnership_graph.stores.embedded import EmbeddedStore

from ._small_graphs import (
    ALPHA, BETA, CSP_ALPHA, CSP_BETA_GAMMA, CSP_DELTA_N, CSP_DELTA_S, DELTA, FRA_DELTA, FRA_SHIRE, GAMMA,
    ICB_NORTH, ICB_SOUTH, PFA, SHIRE, body, document, dump, store_of,
)

FIELDS = ("code_a", "code_b", "relation", "jaccard", "shared_lads", "shared_population")


@pytest.fixture
def example_store(lookup_example_store: EmbeddedStore) -> EmbeddedStore:
    """The national facts below are the 2024 lookups' as published: the example over the skeleton
    before the dated changes (tests/changes pins what the changes do to them)."""
    return lookup_example_store


@pytest.fixture
def toy(tmp_path: Path) -> EmbeddedStore:
    return store_of(tmp_path, document([body("pcc:shire", "pcc", PFA), body("hwb:shire", "hwb", SHIRE),
                                        body("hwb:delta", "hwb", DELTA)]))


def test_partial_lads_are_compared_by_share_with_population_weights(toy: EmbeddedStore) -> None:
    # Gamma (300 people) is split 0.6 / 0.4 between the ICBs; Delta (400) holds two legacy CSPs.
    assert dump(coterminosity(toy, "csp,icb"), *FIELDS) == [
        (CSP_ALPHA, ICB_NORTH, "within", 0.208333, [ALPHA], 100),              # 100 / (100+200+180)
        (CSP_BETA_GAMMA, ICB_NORTH, "straddles", 0.633333, [BETA, GAMMA], 380),  # (200+180) / (100+200+300)
        (CSP_BETA_GAMMA, ICB_SOUTH, "straddles", 0.133333, [GAMMA], 120),      # 120 / (200+300+400)
        (CSP_DELTA_N, ICB_SOUTH, "within", 0.384615, [DELTA], 200),            # 200 / (120+400)
        (CSP_DELTA_S, ICB_SOUTH, "within", 0.384615, [DELTA], 200),
    ]


def test_equal_within_contains_and_utla_holds_unitary_lads(toy: EmbeddedStore) -> None:
    rows = coterminosity(toy, "utla,fra,pfa")
    assert dump(rows, "kind_a", "code_a", "kind_b", "code_b", "relation", "jaccard") == [
        ("UTLA", DELTA, "FRA", FRA_DELTA, "equal", 1.0),       # Delta is a LAD that is its own upper tier
        ("UTLA", SHIRE, "FRA", FRA_SHIRE, "equal", 1.0),
        ("UTLA", DELTA, "PFA", PFA, "within", 0.4),
        ("UTLA", SHIRE, "PFA", PFA, "within", 0.6),
        ("FRA", FRA_SHIRE, "PFA", PFA, "within", 0.6),
        ("FRA", FRA_DELTA, "PFA", PFA, "within", 0.4),
    ]
    assert dump(coterminosity(toy, "pfa,fra"), "relation") == [("contains",), ("contains",)]


def test_legacy_csps_lie_within_their_unitary(toy: EmbeddedStore) -> None:
    rows = [r for r in coterminosity(toy, "csp,lad") if r.code_b == DELTA]
    assert dump(rows, "code_a", "relation", "jaccard", "shared_population") == [
        (CSP_DELTA_N, "within", 0.5, 200), (CSP_DELTA_S, "within", 0.5, 200)]


def test_two_parts_of_one_lad_are_compared_by_share_and_flagged_uncertain(tmp_path: Path) -> None:
    # A team with 30% of Gamma: it fits in the North ICB's 60% and in the South ICB's 40% alike,
    # and the lookups cannot say which part of Gamma it is.
    doc = document([body("team:gamma", "team")],
                   covers=[Covers(start="team:gamma", end=GAMMA, share=0.3, share_basis="stated")])  # type: ignore[arg-type]
    rows = coterminosity(store_of(tmp_path, doc), "team,icb")
    assert dump(rows, "code_b", "relation", "uncertain") == [(ICB_NORTH, "within", True), (ICB_SOUTH, "within", True)]
    assert all(not r.uncertain for r in coterminosity(store_of(tmp_path / "b", doc), "csp,icb"))


def test_body_kinds_compare_body_footprints(toy: EmbeddedStore) -> None:
    rows = coterminosity(toy, "hwb,pcc")
    assert dump(rows, "kind_a", "code_a", "kind_b", "code_b", "relation") == [
        ("hwb", "hwb:delta", "pcc", "pcc:shire", "within"), ("hwb", "hwb:shire", "pcc", "pcc:shire", "within")]


def test_area_keeps_footprints_touching_it_and_compares_them_whole(toy: EmbeddedStore) -> None:
    rows = coterminosity(toy, "csp,icb", area="Beta")
    assert dump(rows, "code_a", "code_b", "jaccard") == [(CSP_BETA_GAMMA, ICB_NORTH, 0.633333)]


def test_summary_counts_footprints_within_one_of_the_other_kind(toy: EmbeddedStore) -> None:
    assert coterminosity_summary(toy, "csp,icb") == [
        CoterminositySummaryRow(kind_a="CSP", kind_b="ICB", footprints=4, compared=4, equal=0, within_one=3,
                                within_one_uncertain=0, straddling=1, share_within_one=0.75,
                                mean_best_jaccard=0.402724),  # (0.208333 + 0.633333 + 2 x 0.384615) / 4
        CoterminositySummaryRow(kind_a="ICB", kind_b="CSP", footprints=2, compared=2, equal=0, within_one=0,
                                within_one_uncertain=0, straddling=2, share_within_one=0.0,
                                mean_best_jaccard=0.508974),  # (0.633333 + 0.384615) / 2
    ]


def test_kinds_are_named_as_users_say_them() -> None:
    assert parse_kinds("csp, police,fire,county,pcc,SCP") == [
        KindSpec("CSP", "CSP"), KindSpec("PFA", "PFA"), KindSpec("FRA", "FRA"), KindSpec("UTLA", "CTYUA"),
        KindSpec("pcc", body_kind="pcc"), KindSpec("safeguarding_children", body_kind="safeguarding_children")]
    assert [s.word for s in parse_kinds(None)] == ["CSP", "PFA", "FRA", "ICB"]


def test_unknown_kind_and_fewer_than_two_kinds_are_query_errors() -> None:
    with pytest.raises(QueryError, match="unknown kind 'polise'.*did you mean 'police'"):
        parse_kinds("csp,polise")
    with pytest.raises(QueryError, match="at least two kinds"):
        parse_kinds("pfa,police")


# -- real data: the bundled ONS lookups ------------------------------------------------------------
def _csp_lads() -> dict[str, dict[str, float]]:
    """CSP -> {LAD: share}; a LAD holding n CSPs is split evenly (ONS gives no weights)."""
    rows = list(read_ons("lad_csp_pfa.csv"))
    per_lad: dict[str, int] = defaultdict(int)
    for r in rows:
        per_lad[r["LAD24CD"]] += 1
    out: dict[str, dict[str, float]] = defaultdict(dict)
    for r in rows:
        out[r["CSP24CD"]][r["LAD24CD"]] = 1 / per_lad[r["LAD24CD"]]
    return out


def _lad_icb_shares() -> dict[str, dict[str, float]]:
    """LAD -> {ICB: fraction of the LAD's 2021 LSOAs}."""
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for r in read_ons("lad_sicbl_icb.csv"):
        counts[r["LAD24CD"]][r["ICB24CD"]] += int(r["LSOA21_COUNT"])
    return {lad: {icb: n / sum(c.values()) for icb, n in c.items()} for lad, c in counts.items()}


def _lad_parent(file: str, column: str) -> dict[str, str]:
    return {r["LAD24CD"]: r[column] for r in read_ons(file)}


def test_every_csp_lies_within_exactly_one_police_force_area(example_store: EmbeddedStore) -> None:
    # ONS LAD24_CSP24_PFA24 lookup: each CSP maps to exactly one PFA.
    pfas: dict[str, set[str]] = defaultdict(set)
    for r in read_ons("lad_csp_pfa.csv"):
        pfas[r["CSP24CD"]].add(r["PFA24CD"])
    assert all(len(p) == 1 for p in pfas.values())
    rows = coterminosity(example_store, "csp,pfa")
    assert {r.code_a: r.code_b for r in rows} == {csp: next(iter(p)) for csp, p in pfas.items()}
    assert len(rows) == len(pfas) == 314
    assert {r.relation for r in rows} == {"within", "equal"}
    assert [r.code_a for r in rows if r.relation == "equal"] == ["E22000180"]  # City of London: CSP = PFA


def test_the_13_lads_split_between_icbs_straddle_them(example_store: EmbeddedStore) -> None:
    # ONS LSOA21 -> SICBL24 -> ICB24 lookup aggregated to LAD: 13 LADs have LSOAs in two or more ICBs.
    split = {lad: icbs for lad, icbs in _lad_icb_shares().items() if len(icbs) > 1}
    assert len(split) == 13
    rows = coterminosity(example_store, "lad,icb")
    straddling = defaultdict(set)
    for r in rows:
        if r.relation == "straddles":
            straddling[r.code_a].add(r.code_b)
    assert dict(straddling) == {lad: set(icbs) for lad, icbs in split.items()}
    assert straddling["E06000065"] == {"E54000048", "E54000051", "E54000054"}  # North Yorkshire: 3 ICBs


def test_the_28_lads_split_between_sub_icb_locations(example_store: EmbeddedStore) -> None:
    # The same lookup at SICBL level: a LAD's LSOAs can fall in several sub-ICB locations.
    sicbls: dict[str, set[str]] = defaultdict(set)
    for r in read_ons("lad_sicbl_icb.csv"):
        sicbls[r["LAD24CD"]].add(r["SICBL24CD"])
    split = {lad: s for lad, s in sicbls.items() if len(s) > 1}
    assert len(split) == 28
    rows = coterminosity(example_store, "lad,sicbl")
    met: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        met[r.code_a].add(r.code_b)
    inside_one = {r.code_a for r in rows if r.relation in ("equal", "within")}
    assert set(met) - inside_one == set(split)
    assert {lad: met[lad] for lad in split} == split
    # Sefton (E08000014) holds two whole sub-ICB locations: it contains both
    assert {r.relation for r in rows if r.code_a == "E08000014"} == {"contains"}


def test_the_7_lads_holding_several_csps(example_store: EmbeddedStore) -> None:
    several = {lad for csp in _csp_lads().values() for lad, share in csp.items() if share < 1}
    assert several == {"E06000058", "E06000060", "E06000061", "E06000062", "E06000063", "E06000064", "E07000244"}
    rows = coterminosity(example_store, "lad,csp")
    not_within = {r.code_a for r in rows if r.relation not in ("equal", "within")}
    assert not_within == several
    # BCP (E06000058) holds thirds of Bournemouth, Poole and the Dorset CSP (which also holds Dorset)
    bcp = {r.code_b: (r.relation, r.jaccard) for r in rows if r.code_a == "E06000058"}
    assert bcp == {"E22000063": ("contains", 0.333333), "E22000067": ("contains", 0.333333),
                   "E22000367": ("straddles", bcp["E22000367"][1])}


def test_csps_spanning_several_lads(example_store: EmbeddedStore) -> None:
    spanning = {csp for csp, lads in _csp_lads().items() if len(lads) > 1}
    assert len(spanning) == 12
    rows = coterminosity(example_store, "csp,lad")
    lads_met: dict[str, int] = defaultdict(int)
    for r in rows:
        lads_met[r.code_a] += 1
    assert {csp for csp, n in lads_met.items() if n > 1} == spanning
    assert {r.code_a for r in rows if r.relation == "contains"} == spanning
    # the Dorset CSP holds all of Dorset and a third of Bournemouth, Christchurch and Poole
    assert [(r.code_a, r.code_b) for r in rows if r.relation == "straddles"] == [("E22000367", "E06000058")]


def test_csps_crossing_upper_tier_boundaries(example_store: EmbeddedStore) -> None:
    utla = {r["LTLA23CD"]: r["UTLA23CD"] for r in read_ons("lad_utla.csv")}
    crossing = {csp for csp, lads in _csp_lads().items() if len({utla[lad] for lad in lads}) > 1}
    # Dorset CSP (part of BCP and Dorset) and Merthyr Tydfil with Rhondda Cynon Taf
    assert crossing == {"E22000367", "W14000023"}
    summary = {(r.kind_a, r.kind_b): r for r in coterminosity_summary(example_store, "csp,utla")}
    assert summary[("CSP", "UTLA")].straddling == 2


def test_icbs_crossing_police_force_boundaries(example_store: EmbeddedStore) -> None:
    pfa = _lad_parent("lad_csp_pfa.csv", "PFA24CD")
    forces: dict[str, set[str]] = defaultdict(set)
    for lad, icbs in _lad_icb_shares().items():
        for icb in icbs:
            forces[icb].add(pfa[lad])
    crossing = {icb for icb, fs in forces.items() if len(fs) > 1}
    rows = coterminosity(example_store, "icb,pfa")
    assert {r.code_a for r in rows if r.relation not in ("equal", "within")} == crossing
    pairs = {(r.code_a, r.code_b): r.relation for r in rows}
    # Coventry (E08000026) is policed by West Midlands Police but its ICB is Coventry and Warwickshire:
    assert pairs[("E54000018", "E23000014")] == "straddles"   # the ICB crosses the West Midlands PFA
    assert pairs[("E54000018", "E23000017")] == "contains"    # and holds all of Warwickshire's
    # York (E06000014) is in the Humber and North Yorkshire ICB, which also holds Humberside's LADs:
    assert pairs[("E54000051", "E23000009")] == "straddles"   # North Yorkshire PFA
    assert pairs[("E54000051", "E23000012")] == "contains"    # Humberside PFA
    # The City of London (its own police force area) is in the North East London ICB:
    assert pairs[("E54000029", "E23000001")] == "straddles"   # Metropolitan Police
    assert pairs[("E54000029", "E23000034")] == "contains"    # City of London PFA


def test_north_yorkshire_csp_straddles_three_icbs_weighted_by_lsoa_shares(example_store: EmbeddedStore) -> None:
    shares = _lad_icb_shares()["E06000065"]
    rows = coterminosity(example_store, "csp,icb", area="E22000372")
    ny = [r for r in rows if r.code_a == "E22000372"]
    assert [(r.code_b, r.relation) for r in ny] == [(icb, "straddles") for icb in sorted(shares)]
    population = {r["Code"]: int(r["All ages"]) for r in read_ons("population_mid2023_lad.csv")}
    assert {r.code_b: r.shared_population for r in ny} == {
        icb: round(population["E06000065"] * s) for icb, s in shares.items()}  # exact LSOA fractions


NATIONAL = {  # coterminosity --summary (kinds csp,pfa,fra,icb), in docs/queries.md
    # (A footprints, compared, equal, within one B, of which uncertain, share within one)
    ("CSP", "PFA"): (314, 314, 1, 314, 0, 1.0),
    ("CSP", "FRA"): (314, 314, 3, 314, 0, 1.0),
    ("CSP", "ICB"): (314, 293, 1, 284, 12, 0.969283),
    ("PFA", "CSP"): (43, 43, 1, 1, 0, 0.023256),
    ("PFA", "FRA"): (43, 43, 30, 36, 0, 0.837209),
    ("PFA", "ICB"): (43, 39, 11, 26, 0, 0.666667),
    ("FRA", "CSP"): (47, 47, 3, 3, 0, 0.06383),
    ("FRA", "PFA"): (47, 47, 30, 42, 0, 0.893617),
    ("FRA", "ICB"): (47, 44, 11, 29, 0, 0.659091),
    ("ICB", "CSP"): (42, 42, 1, 1, 0, 0.02381),
    ("ICB", "PFA"): (42, 42, 11, 27, 0, 0.642857),
    ("ICB", "FRA"): (42, 42, 11, 25, 0, 0.595238),
}


def test_national_summary_figures(example_store: EmbeddedStore) -> None:
    rows = {(r.kind_a, r.kind_b): r for r in coterminosity_summary(example_store, "csp,pfa,fra,icb")}
    assert set(rows) == set(NATIONAL)
    for pair, expected in NATIONAL.items():
        r = rows[pair]
        assert (r.footprints, r.compared, r.equal, r.within_one, r.within_one_uncertain, r.share_within_one) == expected, pair
        assert r.straddling == r.compared - r.within_one


def test_national_csp_figures_recomputed_from_the_lookups(example_store: EmbeddedStore) -> None:
    """CSPs within one FRA and within one ICB, by the share rule applied to the raw CSVs."""
    csps = _csp_lads()
    fra = _lad_parent("lad_fra.csv", "FRA24CD")
    assert sum(len({fra[lad] for lad in lads}) == 1 for lads in csps.values()) == 314
    icb_of = _lad_icb_shares()
    english = {c: lads for c, lads in csps.items() if all(lad in icb_of for lad in lads)}
    within = 0
    for lads in english.values():
        icbs = {icb for lad in lads for icb in icb_of[lad]}
        within += any(all(share <= icb_of[lad].get(icb, 0.0) + 1e-9 for lad, share in lads.items()) for icb in icbs)
    rows = {(r.kind_a, r.kind_b): r for r in coterminosity_summary(example_store, "csp,icb")}
    assert (rows[("CSP", "ICB")].compared, rows[("CSP", "ICB")].within_one) == (len(english), within) == (293, 284)
    # the uncertain ones: legacy CSPs (a part of a LAD) inside a LAD that is itself split between ICBs
    legacy_in_split = {c for c, lads in english.items()
                       if any(share < 1 and len(icb_of[lad]) > 1 for lad, share in lads.items())}
    assert len(legacy_in_split) == rows[("CSP", "ICB")].within_one_uncertain == 12


DOC_ROWS = {  # the national figures table of docs/queries.md: row label -> (kinds, A, B)
    "CSP within one police force area": ("csp,pfa", "CSP", "PFA"),
    "CSP within one fire and rescue authority area": ("csp,fra", "CSP", "FRA"),
    "CSP within one ICB (England)": ("csp,icb", "CSP", "ICB"),
    "CSP within one upper-tier authority": ("csp,utla", "CSP", "UTLA"),
    "CSP within one LAD": ("csp,lad", "CSP", "LAD"),
    "police force area within one FRA": ("pfa,fra", "PFA", "FRA"),
    "police force area within one ICB": ("pfa,icb", "PFA", "ICB"),
    "FRA within one police force area": ("fra,pfa", "FRA", "PFA"),
    "FRA within one ICB": ("fra,icb", "FRA", "ICB"),
    "ICB within one police force area": ("icb,pfa", "ICB", "PFA"),
    "ICB within one FRA": ("icb,fra", "ICB", "FRA"),
    "LAD within one CSP": ("lad,csp", "LAD", "CSP"),
    "LAD within one ICB (England)": ("lad,icb", "LAD", "ICB"),
}


def test_the_national_figures_in_the_docs_are_what_the_query_says(example_store: EmbeddedStore) -> None:
    doc = (Path(__file__).resolve().parents[2] / "docs" / "queries.md").read_text(encoding="utf-8")
    table = {cells[0]: cells[1:] for line in doc.splitlines() if line.startswith("| ")
             for cells in [[c.strip() for c in line.strip("|").split("|")]]}
    for label, (kinds, a, b) in DOC_ROWS.items():
        r = next(r for r in coterminosity_summary(example_store, kinds) if (r.kind_a, r.kind_b) == (a, b))
        expected = [str(r.footprints), str(r.compared), str(r.equal), str(r.within_one), str(r.within_one_uncertain),
                    f"{r.share_within_one:.1%}".replace(".0%", "%")]
        assert table[label] == expected, label

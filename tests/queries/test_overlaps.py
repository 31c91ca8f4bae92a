"""overlaps: two or more leads of one issue over the same LADs, grouped as (issue, bodies, LADs)."""

from __future__ import annotations

from pathlib import Path

from partnership_graph.graphmodel import Covers
from partnership_graph.queries.overlaps import OverlapRow, overlaps
from partnership_graph.stores.embedded import EmbeddedStore

from ._small_graphs import (
    ALPHA, BETA, CSP_ALPHA, CSP_BETA_GAMMA, CSP_DELTA_N, CSP_DELTA_S, DELTA, GAMMA, SHIRE, body, claim, document,
    dump, store_of,
)

FIELDS = ("issue_id", "bodies", "lads", "population", "sources", "authoritative")


def test_two_leads_over_the_same_lad_overlap(tmp_path: Path) -> None:
    store = store_of(tmp_path, document(
        [body("csp:alpha", "csp", CSP_ALPHA), body("scp:shire", "safeguarding_children", SHIRE)],
        claims=[claim("csp:alpha", "leads", "cse"), claim("scp:shire", "leads", "cse", source="illustrative")]))
    assert overlaps(store) == [OverlapRow(
        issue_id="cse", issue_name="Child sexual exploitation", bodies=["csp:alpha", "scp:shire"],
        body_names=["Csp Alpha", "Scp Shire"], lads=[ALPHA], lad_names=["Alpha"], population=100, sources=["paper", "illustrative"],
        authoritative=[True, False])]


def test_lads_are_grouped_by_the_set_of_bodies_overlapping_there(tmp_path: Path) -> None:
    store = store_of(tmp_path, document(
        [body("csg:shire", "csg", SHIRE), body("csp:alpha", "csp", CSP_ALPHA),
         body("csp:beta-gamma", "csp", CSP_BETA_GAMMA), body("hwb:shire", "hwb", SHIRE)],
        claims=[claim("csg:shire", "leads", "domestic-abuse"), claim("csp:alpha", "leads", "domestic-abuse"),
                claim("csp:beta-gamma", "leads", "domestic-abuse"), claim("hwb:shire", "leads", "domestic-abuse", scope=GAMMA)]))
    assert dump(overlaps(store), "bodies", "lads", "population") == [
        (["csg:shire", "csp:alpha"], [ALPHA], 100),
        (["csg:shire", "csp:beta-gamma"], [BETA], 200),
        (["csg:shire", "csp:beta-gamma", "hwb:shire"], [GAMMA], 300),
    ]


def test_a_broader_lead_does_not_overlap_a_narrower_one(tmp_path: Path) -> None:
    store = store_of(tmp_path, document(
        [body("csg:shire", "csg", SHIRE), body("csp:alpha", "csp", CSP_ALPHA)],
        claims=[claim("csg:shire", "leads", "vawg"), claim("csp:alpha", "leads", "domestic-abuse")]))
    assert overlaps(store) == []


def test_legacy_csps_leading_in_their_own_halves_of_a_unitary_do_not_overlap(tmp_path: Path) -> None:
    store = store_of(tmp_path, document(
        [body("csp:delta-north", "csp", CSP_DELTA_N), body("csp:delta-south", "csp", CSP_DELTA_S),
         body("council:delta", "council", DELTA)],
        claims=[claim("csp:delta-north", "leads", "domestic-abuse"), claim("csp:delta-south", "leads", "domestic-abuse")]))
    assert overlaps(store) == []
    doc = document([body("csp:delta-north", "csp", CSP_DELTA_N), body("council:delta", "council", DELTA)],
                   claims=[claim("csp:delta-north", "leads", "domestic-abuse"), claim("council:delta", "leads", "domestic-abuse")])
    # half plus the whole is more than the LAD: certain overlap
    assert dump(overlaps(store_of(tmp_path / "b", doc)), "bodies", "lads") == [(["council:delta", "csp:delta-north"], [DELTA])]


def test_partial_teams_overlap_only_when_their_shares_exceed_the_lad(tmp_path: Path) -> None:
    covers = [Covers(start="team:a", end=DELTA, share=0.6, share_basis="stated"),  # type: ignore[arg-type]
              Covers(start="team:b", end=DELTA, share=0.5, share_basis="stated")]  # type: ignore[arg-type]
    store = store_of(tmp_path, document([body("team:a", "team"), body("team:b", "team")], covers=covers,
                                        claims=[claim("team:a", "leads", "cse"), claim("team:b", "leads", "cse")]))
    assert dump(overlaps(store), "bodies", "lads", "population") == [(["team:a", "team:b"], [DELTA], 400)]


def test_issue_and_area_filters(tmp_path: Path) -> None:
    store = store_of(tmp_path, document(
        [body("csg:shire", "csg", SHIRE), body("csp:alpha", "csp", CSP_ALPHA), body("council:delta", "council", DELTA),
         body("hwb:delta", "hwb", DELTA)],
        claims=[claim("csg:shire", "leads", "domestic-abuse"), claim("csp:alpha", "leads", "domestic-abuse"),
                claim("council:delta", "leads", "cse"), claim("hwb:delta", "leads", "cse")]))
    assert [r.issue_id for r in overlaps(store)] == ["cse", "domestic-abuse"]
    assert [r.issue_id for r in overlaps(store, issue="VAWG")] == ["domestic-abuse"]  # and narrower issues
    assert [r.issue_id for r in overlaps(store, area="Delta")] == ["cse"]
    assert overlaps(store, area="Beta") == []


# -- the bundled example -------------------------------------------------------------------------
def test_example_overlaps_are_oldham_cse_and_mansfield_domestic_abuse(example_store: EmbeddedStore) -> None:
    # README of the example dataset: "overlaps --issue CSE: Oldham CSP and SCP; overlaps --issue DA:
    # Nottinghamshire CSG and Mansfield CSP over Mansfield."
    # Local claims add to statutory leads: the example's illustrative CSG lead on Prevent and
    # HWB lead on substance misuse sit beside the council's and the CSP's statutory ones. (Bridgend's
    # two regional safeguarding boards, 2016-19 and since 2019, are dated; an as-at view keeps one.)
    english = [r for r in overlaps(example_store) if not r.lads[0].startswith("W")]
    prevent = [r for r in english if r.issue_id == "prevent"]
    assert dump([r for r in english if r.issue_id != "prevent"], *FIELDS) == [
        ("child-sexual-exploitation", ["csp:oldham", "scp:oldham"], ["E08000004"], 246130,
         ["illustrative", "illustrative"], [False, False]),
        ("domestic-abuse", ["csg:nottinghamshire", "csp:mansfield"], ["E07000174"], 112091,
         ["illustrative", "illustrative"], [False, False]),
        ("substance-misuse", ["csp:central-bedfordshire", "hwb:central-bedfordshire"], ["E06000056"], 308302,
         ["cda-1998-s5-6", "illustrative"], [True, False]),
    ]
    # Prevent: in each of Nottinghamshire's seven districts the district and the county council
    # hold the duty jointly (CTSA 2015 s.26: not an overlap by itself), and the example's
    # illustrative CSG lead overlaps them both there
    districts = ["E07000170", "E07000171", "E07000172", "E07000173", "E07000174", "E07000175", "E07000176"]
    assert sorted(lad for r in prevent for lad in r.lads) == districts
    for r in prevent:
        district = [b for b in r.bodies if b not in ("council:nottinghamshire", "csg:nottinghamshire")]
        assert len(district) == 1 and district[0].startswith("council:") and len(r.lads) == 1
        assert dict(zip(r.bodies, r.sources)) == {district[0]: "ctsa-2015-s26", "council:nottinghamshire":
                                                  "ctsa-2015-s26", "csg:nottinghamshire": "illustrative"}
    assert [r.bodies for r in overlaps(example_store, issue="CSE")] == [["csp:oldham", "scp:oldham"]]

"""who_leads: the taxonomy rule and its override, footprint fit, ties, supporters, scope, sources."""

from __future__ import annotations

from pathlib import Path

import pytest

from partnership_graph.errors import QueryError
from partnership_graph.graphmodel import Covers
from partnership_graph.queries.who_leads import WhoLeadsRow, who_leads
from partnership_graph.stores.embedded import EmbeddedStore

from ._small_graphs import (
    ALPHA, BETA, CSP_ALPHA, CSP_BETA_GAMMA, DELTA, GAMMA, SHIRE, body, claim, document, dump, store_of,
)

FIELDS = ("role", "body_id", "issue_id", "inherited", "fit", "lads", "population", "co_leads")


@pytest.fixture
def county(tmp_path: Path) -> EmbeddedStore:
    """A county strategy group leading VAWG over Shire; Alpha's CSP leading domestic abuse itself."""
    return store_of(tmp_path, document(
        [body("csg:shire", "csg", SHIRE), body("csp:alpha", "csp", CSP_ALPHA),
         body("csp:beta-gamma", "csp", CSP_BETA_GAMMA), body("hwb:shire", "hwb", SHIRE)],
        claims=[claim("csg:shire", "leads", "vawg"), claim("csp:alpha", "leads", "domestic-abuse"),
                claim("hwb:shire", "supports", "vawg"), claim("csp:beta-gamma", "supports", "domestic-abuse")]))


def test_direct_lead_covering_the_area_fits_whole(county: EmbeddedStore) -> None:
    rows = who_leads(county, "DA", "Alpha")
    assert dump(rows, *FIELDS)[0] == ("lead", "csp:alpha", "domestic-abuse", False, "whole", [ALPHA], 100, [])


def test_lead_on_a_broader_issue_leads_the_narrower_one(county: EmbeddedStore) -> None:
    rows = [r for r in who_leads(county, "domestic abuse", "Beta") if r.role == "lead"]
    assert dump(rows, *FIELDS) == [("lead", "csg:shire", "vawg", True, "whole", [BETA], 200, [])]
    assert rows[0].issue_name == "Violence against women and girls"


def test_narrower_issue_lead_beats_broader_lead(county: EmbeddedStore) -> None:
    # On Alpha the CSP's domestic abuse lead supersedes the county's VAWG lead; elsewhere VAWG leads.
    rows = [r for r in who_leads(county, "DA", "Shire") if r.role == "lead"]
    assert dump(rows, *FIELDS) == [
        ("lead", "csp:alpha", "domestic-abuse", False, "part", [ALPHA], 100, []),
        ("lead", "csg:shire", "vawg", True, "whole", [BETA, GAMMA], 500, []),
    ]


def test_broader_lead_is_superseded_only_where_the_narrower_lead_is(county: EmbeddedStore) -> None:
    rows = [r for r in who_leads(county, "DA", "Alpha") if r.role == "lead"]
    assert [r.body_id for r in rows] == ["csp:alpha"]


def test_asking_about_the_broader_issue_ignores_narrower_leads(county: EmbeddedStore) -> None:
    rows = [r for r in who_leads(county, "VAWG", "Alpha") if r.role == "lead"]
    assert dump(rows, "body_id", "issue_id", "inherited") == [("csg:shire", "vawg", False)]


def test_supporters_of_the_issue_and_of_broader_issues_are_all_listed(county: EmbeddedStore) -> None:
    rows = [r for r in who_leads(county, "DA", "Shire") if r.role == "support"]
    assert dump(rows, *FIELDS) == [
        ("support", "csp:beta-gamma", "domestic-abuse", False, "part", [BETA, GAMMA], 500, []),
        ("support", "hwb:shire", "vawg", True, "whole", [ALPHA, BETA, GAMMA], 600, []),
    ]


def test_no_area_means_all_of_england_and_wales(county: EmbeddedStore) -> None:
    rows = [r for r in who_leads(county, "DA") if r.role == "lead"]
    assert dump(rows, "body_id", "fit", "lads") == [("csp:alpha", "part", [ALPHA]),
                                                    ("csg:shire", "part", [BETA, GAMMA])]


def test_two_leads_of_the_same_issue_are_a_tie_listed_as_co_leads(tmp_path: Path) -> None:
    store = store_of(tmp_path, document(
        [body("csp:alpha", "csp", CSP_ALPHA), body("scp:shire", "safeguarding_children", SHIRE)],
        claims=[claim("csp:alpha", "leads", "cse"), claim("scp:shire", "leads", "cse", source="illustrative")]))
    rows = who_leads(store, "CSE", "Alpha")
    assert dump(rows, *FIELDS) == [
        ("lead", "csp:alpha", "cse", False, "whole", [ALPHA], 100, ["scp:shire"]),
        ("lead", "scp:shire", "cse", False, "whole", [ALPHA], 100, ["csp:alpha"]),
    ]


def test_partial_footprint_of_a_lad_fits_part_and_does_not_supersede_a_whole_broader_lead(tmp_path: Path) -> None:
    # A delivery team covering 30% of Delta leads county lines; Delta's council leads serious
    # violence over all of it. The team's partial lead does not take the rest of Delta away.
    store = store_of(tmp_path, document(
        [body("team:delta-east", "team"), body("council:delta", "council", DELTA)],
        covers=[Covers(start="team:delta-east", end=DELTA, share=0.3, share_basis="stated")],  # type: ignore[arg-type]
        claims=[claim("team:delta-east", "leads", "county-lines"), claim("council:delta", "leads", "serious-violence")]))
    rows = who_leads(store, "county lines", "Delta")
    assert dump(rows, *FIELDS) == [
        ("lead", "team:delta-east", "county-lines", False, "part", [DELTA], 120, ["council:delta"]),
        ("lead", "council:delta", "serious-violence", True, "whole", [DELTA], 400, ["team:delta-east"]),
    ]


def test_legacy_csp_holding_half_a_lad_fits_whole_for_its_own_csp_area(tmp_path: Path) -> None:
    store = store_of(tmp_path, document([body("csp:delta-north", "csp", "E22000903")],
                                        claims=[claim("csp:delta-north", "leads", "domestic-abuse")]))
    assert dump(who_leads(store, "DA", "E22000903"), "fit", "population") == [("whole", 200)]
    assert dump(who_leads(store, "DA", "Delta"), "fit", "population") == [("part", 200)]


def test_scope_narrows_a_claim_to_the_scope_area(tmp_path: Path) -> None:
    store = store_of(tmp_path, document([body("csg:shire", "csg", SHIRE)],
                                        claims=[claim("csg:shire", "leads", "domestic-abuse", scope=BETA)]))
    assert who_leads(store, "DA", "Gamma") == []
    rows = who_leads(store, "DA", "Shire")
    assert dump(rows, "body_id", "scope", "fit", "lads") == [("csg:shire", BETA, "part", [BETA])]


def test_every_row_carries_its_source_and_illustrative_claims_are_not_authoritative(tmp_path: Path) -> None:
    store = store_of(tmp_path, document(
        [body("csp:alpha", "csp", CSP_ALPHA), body("hwb:shire", "hwb", SHIRE), body("sab:shire", "safeguarding_adults", SHIRE)],
        claims=[claim("csp:alpha", "leads", "modern-slavery", source="paper"),
                claim("hwb:shire", "supports", "modern-slavery", source="illustrative"),
                claim("sab:shire", "supports", "modern-slavery", source=None)]))
    rows = who_leads(store, "modern slavery", "Alpha")
    assert dump(rows, "body_id", "source", "source_title", "authoritative") == [
        ("csp:alpha", "paper", "A published paper", True),
        ("hwb:shire", "illustrative", "Invented for the example", False),
        ("sab:shire", "unsourced", "unsourced", False),
    ]


def test_a_body_without_a_footprint_leads_nowhere(tmp_path: Path) -> None:
    store = store_of(tmp_path, document([body("national:home-office", "national_body")],
                                        claims=[claim("national:home-office", "leads", "domestic-abuse")]))
    assert who_leads(store, "DA") == []


def test_rows_are_pydantic_and_frozen(county: EmbeddedStore) -> None:
    row = who_leads(county, "DA", "Alpha")[0]
    assert isinstance(row, WhoLeadsRow)
    with pytest.raises(Exception):
        row.fit = "part"  # type: ignore[misc]


def test_unknown_issue_and_area_raise_query_error_with_suggestions(county: EmbeddedStore) -> None:
    with pytest.raises(QueryError, match="did you mean"):
        who_leads(county, "domestic abuss")
    with pytest.raises(QueryError, match="did you mean Alpha"):
        who_leads(county, "DA", "Alpah")


# -- the bundled example (skeleton + LGA example dataset) ----------------------------------------
def test_example_oldham_csp_leads_modern_slavery_and_the_sab_supports(example_store: EmbeddedStore) -> None:
    # README of the example dataset: "who-leads "modern slavery" --area Oldham: Oldham CSP (lead),
    # Oldham SAB (support), illustrative."
    rows = who_leads(example_store, "modern slavery", "Oldham")
    assert dump(rows, "role", "body_id", "fit", "lads", "source", "authoritative") == [
        ("lead", "csp:oldham", "whole", ["E08000004"], "illustrative", False),
        ("support", "sab:oldham", "whole", ["E08000004"], "illustrative", False),
    ]


def test_example_greater_manchester_soc_team_leads_soc_in_oldham_from_the_review(example_store: EmbeddedStore) -> None:
    rows = who_leads(example_store, "SOC", "Oldham")
    assert dump(rows, "role", "body_id", "fit", "source", "authoritative") == [
        ("lead", "gm-serious-organised-crime-team", "whole", "lga-review-2016", True)]
    assert rows[0].population == 246130  # Oldham E08000004, ONS mid-2023


def test_example_nottinghamshire_domestic_abuse_is_led_twice_over_mansfield(example_store: EmbeddedStore) -> None:
    rows = [r for r in who_leads(example_store, "DA", "Mansfield") if r.role == "lead"]
    assert dump(rows, "body_id", "co_leads") == [("csg:nottinghamshire", ["csp:mansfield"]),
                                                 ("csp:mansfield", ["csg:nottinghamshire"])]

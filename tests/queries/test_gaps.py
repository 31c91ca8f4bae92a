"""gaps: issues prioritised or required but unled, partnerships missing statutory partners, ranking.

Ownership rules are pinned with bodies of kind ``other`` (boards), which no statute constitutes,
so that statutory gaps do not mix in; the statutory rules use CSPs and safeguarding partnerships.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from partnership_graph.errors import QueryError
from partnership_graph.graphmodel import Covers, GraphDocument
from partnership_graph.queries.gaps import gaps
from partnership_graph.stores.embedded import EmbeddedStore

from ._small_graphs import (
    ALPHA, BETA, CSP_ALPHA, CSP_BETA_GAMMA, DELTA, GAMMA, ICB_NORTH, PFA, SHIRE, FRA_SHIRE, body, claim,
    document, dump, member, store_of,
)

OWNERSHIP = ("rank", "gap", "body_id", "issue_id", "lads", "population", "source", "authoritative")
STATUTORY = ("rank", "gap", "body_id", "missing", "lads", "population", "source")


def test_issue_prioritised_but_unled_is_an_ownership_gap(tmp_path: Path) -> None:
    store = store_of(tmp_path, document([body("board:alpha", "other", CSP_ALPHA)],
                                        claims=[claim("board:alpha", "prioritises", "modern-slavery", source="illustrative")]))
    rows = gaps(store)
    assert dump(rows, *OWNERSHIP) == [(1, "ownership", "board:alpha", "modern-slavery", [ALPHA], 100, "illustrative", False)]
    assert rows[0].detail == ("Board Alpha prioritises modern slavery; nobody covering Alpha leads it "
                              "or a broader issue")


def test_a_lead_on_the_issue_anywhere_over_the_lad_closes_the_gap(tmp_path: Path) -> None:
    store = store_of(tmp_path, document(
        [body("board:alpha", "other", CSP_ALPHA), body("hwb:shire", "hwb", SHIRE)],
        claims=[claim("board:alpha", "prioritises", "modern-slavery"), claim("hwb:shire", "leads", "modern-slavery")]))
    assert gaps(store) == []


def test_lead_on_a_broader_issue_closes_the_gap(tmp_path: Path) -> None:
    store = store_of(tmp_path, document(
        [body("board:alpha", "other", CSP_ALPHA), body("csg:shire", "csg", SHIRE)],
        claims=[claim("board:alpha", "prioritises", "modern-slavery"), claim("csg:shire", "leads", "exploitation")]))
    assert gaps(store) == []


def test_lead_on_a_narrower_issue_does_not_close_the_gap(tmp_path: Path) -> None:
    store = store_of(tmp_path, document(
        [body("board:alpha", "other", CSP_ALPHA), body("csg:shire", "csg", SHIRE)],
        claims=[claim("board:alpha", "prioritises", "serious-violence"), claim("csg:shire", "leads", "county-lines")]))
    assert dump(gaps(store), "issue_id", "lads") == [("serious-violence", [ALPHA])]


def test_a_lead_covering_part_of_the_lad_leaves_the_rest_unled(tmp_path: Path) -> None:
    store = store_of(tmp_path, document(
        [body("council:delta", "council", DELTA), body("team:delta-east", "team")],
        covers=[Covers(start="team:delta-east", end=DELTA, share=0.3, share_basis="stated")],  # type: ignore[arg-type]
        claims=[claim("council:delta", "prioritises", "county-lines"), claim("team:delta-east", "leads", "county-lines")]))
    assert dump(gaps(store), "body_id", "lads", "population") == [("council:delta", [DELTA], 280)]  # 70% of 400


def test_only_the_prioritised_part_of_the_area_counts(tmp_path: Path) -> None:
    store = store_of(tmp_path, document(
        [body("csg:shire", "csg", SHIRE), body("board:beta-gamma", "other", CSP_BETA_GAMMA)],
        claims=[claim("csg:shire", "prioritises", "domestic-abuse"), claim("board:beta-gamma", "leads", "domestic-abuse")]))
    assert dump(gaps(store), "body_id", "lads", "population") == [("csg:shire", [ALPHA], 100)]
    assert gaps(store, area="Beta") == []


def test_a_scoped_priority_only_counts_in_its_scope(tmp_path: Path) -> None:
    store = store_of(tmp_path, document([body("board:beta-gamma", "other", CSP_BETA_GAMMA)],
                                        claims=[claim("board:beta-gamma", "prioritises", "cse", scope=GAMMA)]))
    assert dump(gaps(store), "lads", "population") == [([GAMMA], 300)]
    assert gaps(store, area="Beta") == []


def test_required_issues_are_gaps_wherever_nobody_leads_them(tmp_path: Path) -> None:
    store = store_of(tmp_path, document([body("board:alpha", "other", CSP_ALPHA)],
                                        claims=[claim("board:alpha", "leads", "vawg")]))
    rows = gaps(store, area="Shire", required=["DA", "county lines"])
    assert dump(rows, *OWNERSHIP) == [
        (1, "ownership", None, "county-lines", [ALPHA, BETA, GAMMA], 600, "required", True),
        (2, "ownership", None, "domestic-abuse", [BETA, GAMMA], 500, "required", True),
    ]
    assert rows[1].detail == ("Domestic abuse is required in Shire; nobody covering 2 districts leads it or a "
                              "broader issue")


def test_issue_filter_keeps_that_issue_and_narrower_ones(tmp_path: Path) -> None:
    store = store_of(tmp_path, document([body("board:alpha", "other", CSP_ALPHA)], claims=[
        claim("board:alpha", "prioritises", "county-lines"), claim("board:alpha", "prioritises", "cse"),
        claim("board:alpha", "prioritises", "serious-violence")]))
    assert [r.issue_id for r in gaps(store, issue="serious-violence")] == ["county-lines", "serious-violence"]
    assert [r.issue_id for r in gaps(store, issue="county-lines")] == ["county-lines"]


def _csp_with(members: list[str]) -> GraphDocument:
    parties = {"council": body("council:alpha", "council", ALPHA), "police": body("police:shire", "police_force", PFA),
               "fire": body("fire:shire", "fire_authority", FRA_SHIRE),
               "probation": body("probation:service", "probation", "E92000001"),
               "health": body("icb:north", "health", ICB_NORTH)}
    return document([body("csp:alpha", "csp", CSP_ALPHA), *parties.values()],
                    memberships=[member(parties[m][0].id, "csp:alpha") for m in members])


def test_csp_without_probation_is_a_statutory_gap(tmp_path: Path) -> None:
    store = store_of(tmp_path, _csp_with(["council", "police", "fire", "health"]))
    rows = gaps(store)
    assert dump(rows, *STATUTORY) == [(1, "statutory", "csp:alpha", "probation", [ALPHA], 100,
                                       "crime-and-disorder-act-1998")]
    assert rows[0].authoritative is True
    assert rows[0].detail == ("Csp Alpha has no probation member (probation); the statute makes it a "
                              "responsible authority")


def test_csp_with_all_five_responsible_authorities_has_no_gap(tmp_path: Path) -> None:
    store = store_of(tmp_path, _csp_with(["council", "police", "fire", "probation", "health"]))
    assert gaps(store) == []


def test_a_member_counts_whatever_role_the_data_gives_it(tmp_path: Path) -> None:
    doc = _csp_with(["council", "police", "fire", "health"])
    doc = doc.overlay(memberships=[member("probation:service", "csp:alpha", role="member")])
    assert gaps(store_of(tmp_path, doc)) == []


def test_safeguarding_children_partnership_missing_police_and_health(tmp_path: Path) -> None:
    store = store_of(tmp_path, document(
        [body("scp:shire", "safeguarding_children", SHIRE), body("council:shire", "council", SHIRE)],
        memberships=[member("council:shire", "scp:shire", "safeguarding_partner")]))
    assert dump(gaps(store), *STATUTORY) == [
        (1, "statutory", "scp:shire", "health", [ALPHA, BETA, GAMMA], 600, "children-act-2004"),
        (2, "statutory", "scp:shire", "police", [ALPHA, BETA, GAMMA], 600, "children-act-2004"),
    ]


def test_statutory_gaps_rank_first_then_ownership_gaps_by_people_affected(tmp_path: Path) -> None:
    doc = _csp_with(["council", "police", "fire", "probation"]).overlay(
        bodies=[body("council:delta", "council", DELTA)[0]],
        covers=[Covers(start="council:delta", end=DELTA)],
        claims=[claim("csp:alpha", "prioritises", "cse"), claim("council:delta", "prioritises", "cse")])
    rows = gaps(store_of(tmp_path, doc))
    assert dump(rows, "rank", "gap", "body_id", "population") == [
        (1, "statutory", "csp:alpha", 100), (2, "ownership", "council:delta", 400), (3, "ownership", "csp:alpha", 100)]
    assert gaps(store_of(tmp_path, doc), issue="cse")[0].gap == "ownership"  # --issue leaves statutory gaps out


def test_an_area_keeps_partnerships_touching_it(tmp_path: Path) -> None:
    store = store_of(tmp_path, _csp_with(["council"]))
    assert {r.missing for r in gaps(store, area="Alpha")} == {"police", "fire", "probation", "health"}
    assert gaps(store, area="Delta") == []


def test_unknown_required_issue_is_a_query_error(tmp_path: Path) -> None:
    store = store_of(tmp_path, document())
    with pytest.raises(QueryError, match="unknown issue"):
        gaps(store, required=["no such thing"])


# -- real data ---------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def skeleton_store(tmp_path_factory: pytest.TempPathFactory, skeleton: GraphDocument) -> EmbeddedStore:
    store = EmbeddedStore(tmp_path_factory.mktemp("skeleton") / "graph.json")
    store.load(skeleton)
    return store


def test_national_skeleton_has_no_statutory_gaps(skeleton_store: EmbeddedStore) -> None:
    # The skeleton builds every CSP's five responsible authorities and every SCP's and SAB's three
    # partners from the ONS lookups, so nothing is missing anywhere in England and Wales.
    assert [r for r in gaps(skeleton_store) if r.gap == "statutory"] == []


def test_example_gaps_are_the_four_the_dataset_readme_lists(example_store: EmbeddedStore) -> None:
    rows = gaps(example_store)
    # Three of the example's four priorities are led by law: every CSP leads serious violence (so
    # county lines), reducing reoffending and anti-social behaviour (Crime and Disorder Act 1998
    # ss.5-6). Modern slavery has no statutory lead.
    assert dump(rows, "rank", "gap", "body_id", "issue_id", "lads", "population") == [
        (1, "ownership", "csp:central-bedfordshire", "modern-slavery", ["E06000056"], 308302),
    ]
    assert not any(r.authoritative for r in rows)  # the priority is illustrative


def test_example_required_issue_in_oldham(example_store: EmbeddedStore) -> None:
    # Oldham CSP leads domestic abuse, which does not lead VAWG as a whole.
    rows = gaps(example_store, area="Oldham", required=["DA", "VAWG"])
    assert dump(rows, "issue_id", "lads") == [("violence-against-women-and-girls", ["E08000004"])]

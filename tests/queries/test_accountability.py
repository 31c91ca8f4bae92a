"""accountability: the chain to whoever scrutinises a body (cycle-safe), and bodies with none."""

from __future__ import annotations

from pathlib import Path

import pytest

from partnership_graph.errors import QueryError
from partnership_graph.queries.accountability import (
    EXPECTED_UNSCRUTINISED, accountability, accountability_unscrutinised,
)
from partnership_graph.stores.embedded import EmbeddedStore

from ._small_graphs import ALPHA, PFA, SHIRE, accountable, body, document, dump, store_of

CHAIN = ("depth", "body_id", "accountable_to_id", "mechanism", "already_reached")


@pytest.fixture
def chain(tmp_path: Path) -> EmbeddedStore:
    """police -> pcc -> panel; csp -> council; csp <-> hwb (two-way), hwb -> council."""
    return store_of(tmp_path, document(
        [body("police:shire", "police_force", PFA), body("pcc:shire", "pcc", PFA),
         body("pcp:shire", "police_and_crime_panel", PFA), body("csp:alpha", "csp", ALPHA),
         body("council:alpha", "council", ALPHA), body("hwb:shire", "hwb", SHIRE), body("team:x", "team")],
        accountability=[accountable("police:shire", "pcc:shire", "holds_to_account"),
                        accountable("pcc:shire", "pcp:shire", "scrutiny"),
                        accountable("csp:alpha", "council:alpha", "scrutiny"),
                        accountable("csp:alpha", "hwb:shire", "holds_to_account", source="illustrative"),
                        accountable("hwb:shire", "csp:alpha", "holds_to_account", source="illustrative"),
                        accountable("hwb:shire", "council:alpha", "reports_to")]))


def test_chain_follows_accountable_to_transitively(chain: EmbeddedStore) -> None:
    assert dump(accountability(chain, "police:shire"), *CHAIN) == [
        (1, "police:shire", "pcc:shire", "holds_to_account", False),
        (2, "pcc:shire", "pcp:shire", "scrutiny", False),
    ]


def test_two_way_lines_are_listed_once_and_not_followed_again(chain: EmbeddedStore) -> None:
    rows = accountability(chain, "csp:alpha")
    assert dump(rows, *CHAIN) == [
        (1, "csp:alpha", "council:alpha", "scrutiny", False),
        (1, "csp:alpha", "hwb:shire", "holds_to_account", False),
        (2, "hwb:shire", "council:alpha", "reports_to", True),
        (2, "hwb:shire", "csp:alpha", "holds_to_account", True),
    ]
    assert dump(rows, "source", "authoritative")[1] == ("illustrative", False)


def test_a_body_answering_to_nobody_has_an_empty_chain(chain: EmbeddedStore) -> None:
    assert accountability(chain, "council:alpha") == []


def test_unscrutinised_lists_unexpected_kinds_first(chain: EmbeddedStore) -> None:
    rows = accountability_unscrutinised(chain)
    assert dump(rows, "id", "kind", "expected") == [
        ("team:x", "team", False), ("council:alpha", "council", True),
        ("pcp:shire", "police_and_crime_panel", True)]
    assert rows[1].note == EXPECTED_UNSCRUTINISED["council"]
    assert dump(accountability_unscrutinised(chain, "team"), "id") == [("team:x",)]


def test_unknown_body_or_kind_is_a_query_error(chain: EmbeddedStore) -> None:
    with pytest.raises(QueryError, match="did you mean"):
        accountability(chain, "csp:alfa")
    with pytest.raises(QueryError, match="unknown body kind 'tem'"):
        accountability_unscrutinised(chain, "tem")


# -- the bundled example -------------------------------------------------------------------------
def test_example_oldham_boards_hold_each_other_to_account(example_store: EmbeddedStore) -> None:
    rows = accountability(example_store, "csp:oldham")
    # scrutinised by the council's crime and disorder committee (Police and Justice Act 2006, s.19)
    # and held to account by the other three boards of the joint protocol (LGA review 2016)
    assert dump([r for r in rows if r.depth == 1], "accountable_to_id", "mechanism", "source") == [
        ("council:oldham", "scrutiny", "police-and-justice-act-2006"),
        ("hwb:oldham", "holds_to_account", "lga-review-2016"),
        ("sab:oldham", "holds_to_account", "lga-review-2016"),
        ("scp:oldham", "holds_to_account", "lga-review-2016"),
    ]
    # the SAB also reports to the council, the PCC, Healthwatch and the HWB (Care Act Sch. 2 para 4),
    # the SCP to the national panel, Healthwatch to the council
    depth2 = {(r.body_id, r.accountable_to_id) for r in rows if r.depth == 2 and not r.already_reached}
    assert depth2 == {("scp:oldham", "national:child-safeguarding-practice-review-panel"),
                      ("sab:oldham", "pcc:greater-manchester"), ("sab:oldham", "healthwatch:oldham")}
    assert len(rows) == 20


def test_example_delivery_team_reports_to_the_csp_which_the_council_scrutinises(example_store: EmbeddedStore) -> None:
    assert dump(accountability(example_store, "north-yorkshire-ldt-craven"), *CHAIN) == [
        (1, "north-yorkshire-ldt-craven", "csp:north-yorkshire", "reports_to", False),
        (2, "csp:north-yorkshire", "council:north-yorkshire", "scrutiny", False),
    ]


def test_skeleton_csps_commissioners_and_forces_all_answer_to_someone(example_store: EmbeddedStore) -> None:
    for kind in ("csp", "pcc", "police_force", "hwb"):
        assert accountability_unscrutinised(example_store, kind) == [], kind
    # every SCP sends its yearly report to the national panel; every SAB reports to the council,
    # the PCC, Healthwatch and the HWB
    assert accountability_unscrutinised(example_store, "safeguarding_children") == []
    assert accountability_unscrutinised(example_store, "safeguarding_adults") == []

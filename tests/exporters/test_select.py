"""The one selection rule behind --area and --issue, checked on the bundled data."""

from __future__ import annotations

from datetime import date

import pytest

from partnership_graph.errors import QueryError
from partnership_graph.exporters.select import Selector, select, subgraph
from partnership_graph.stores.embedded import EmbeddedStore


def labels(store: EmbeddedStore, area: str | None = None, issue: str | None = None) -> set[str]:
    return set(select(store, area, issue).graph.nodes)


def test_no_filter_selects_the_whole_graph_as_at_the_date(example_store: EmbeddedStore) -> None:
    from partnership_graph.stores.dated import as_at

    g = example_store.graph()
    every_date = select(example_store, all_dates=True).graph
    assert (every_date.number_of_nodes(), every_date.number_of_edges()) == (g.number_of_nodes(), g.number_of_edges())
    # without all_dates the selection is the graph as at the date: Surrey's districts, ended on
    # 31 March 2027, are there in 2026 and gone in 2028
    for on, in_force in (("2026-12-01", True), ("2028-06-01", False)):
        today = as_at(g, on)
        chosen = select(example_store, on=date.fromisoformat(on)).graph
        assert (chosen.number_of_nodes(), chosen.number_of_edges()) == (today.number_of_nodes(),
                                                                         today.number_of_edges())
        assert ("Body:council:elmbridge" in chosen) is in_force
    assert select(example_store, on=date(2028, 6, 1)).graph.number_of_nodes() < g.number_of_nodes()


def test_a_county_brings_its_districts_and_their_bodies(example_store: EmbeddedStore) -> None:
    # ONS LAD-to-UTLA lookup: Surrey (E10000030) has 11 districts, Elmbridge (E07000207) among them.
    keys = labels(example_store, "Surrey")
    lads = {k for k in keys if k.startswith("Area:E07")}
    assert len(lads) == 11 and "Area:E07000207" in lads
    assert {"Area:E10000030", "Body:council:surrey", "Body:council:elmbridge", "Body:csp:elmbridge",
            "Body:hwb:surrey", "Body:police:surrey", "Body:surrey-da-pooled-fund"} <= keys
    assert "Body:csp:oldham" not in keys


def test_an_area_brings_the_areas_its_bodies_cover(example_store: EmbeddedStore) -> None:
    # Oldham's police force covers the Greater Manchester police force area (E23000005).
    keys = labels(example_store, "Oldham")
    assert {"Body:police:greater-manchester", "Area:E23000005"} <= keys
    g = select(example_store, "Oldham").graph
    assert g.has_edge("Body:police:greater-manchester", "Area:E23000005")


def test_an_area_brings_national_bodies_that_take_part_there(example_store: EmbeddedStore) -> None:
    # The DWP has no footprint; it is a member of the GM serious and organised crime team.
    keys = labels(example_store, "Oldham")
    assert {"Body:gm-serious-organised-crime-team", "Body:dwp", "Body:immigration-enforcement"} <= keys
    assert "Body:dwp" not in labels(example_store, "Central Bedfordshire")


def test_an_issue_brings_the_bodies_claiming_it_or_a_narrower_issue(example_store: EmbeddedStore) -> None:
    # Domestic abuse is part of VAWG (bundled taxonomy); CSPs lead DA in the example.
    vawg = labels(example_store, issue="VAWG")
    assert {"Issue:violence-against-women-and-girls", "Issue:domestic-abuse", "Body:csp:oldham",
            "Body:csg:nottinghamshire", "Body:surrey-da-pooled-fund"} <= vawg
    assert "Body:police:surrey" not in vawg  # funds the pooled budget but claims nothing under VAWG
    # Surrey County Council leads DA safe accommodation by statute (Domestic Abuse Act 2021 s.57)
    assert "Body:council:surrey" in vawg
    da = labels(example_store, issue="DA")
    assert "Issue:violence-against-women-and-girls" not in da


def test_area_and_issue_together_keep_what_both_select(example_store: EmbeddedStore) -> None:
    bodies = {k for k in labels(example_store, "Nottinghamshire", "domestic abuse") if k.startswith("Body:")}
    assert bodies == {"Body:csg:nottinghamshire", "Body:csp:mansfield", "Body:csp:ashfield", "Body:csp:bassetlaw",
                      # statutory: DHRs (every CSP), safe accommodation (the county and its DA board)
                      "Body:csp:newark-and-sherwood", "Body:csp:south-nottinghamshire",
                      "Body:council:nottinghamshire", "Body:dalpb:nottinghamshire"}


def test_every_claim_in_a_selection_keeps_its_source(example_store: EmbeddedStore) -> None:
    g = select(example_store, "Greater Manchester").graph
    cited = {e["source"] for _, _, e in g.edges(data=True) if "source" in e}
    cited |= {a["source"] for _, a in g.nodes(data=True) if "source" in a}
    assert {f"Source:{s}" for s in cited} <= set(g.nodes)


def test_selection_is_the_induced_subgraph(example_store: EmbeddedStore) -> None:
    full = example_store.graph()
    keys = Selector(full).node_keys("E08000004")
    g = subgraph(full, "E08000004")
    assert set(g.nodes) == keys
    expected = sum(1 for u, v in full.edges() if u in keys and v in keys)
    assert g.number_of_edges() == expected


@pytest.mark.parametrize(("area", "issue"), [("Nowhere-on-earth", None), (None, "not-an-issue")])
def test_names_that_do_not_resolve_raise_query_error(example_store: EmbeddedStore, area: str | None,
                                                     issue: str | None) -> None:
    with pytest.raises(QueryError):
        select(example_store, area, issue)

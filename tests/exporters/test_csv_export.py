"""CSV: nodes.csv and edges.csv in a folder, with formula injection neutralised."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from partnership_graph.errors import ExportError
from partnership_graph.exporters.csv_export import csv_cell, write_csv
from partnership_graph.exporters.select import for_people, select
from partnership_graph.stores.embedded import EmbeddedStore

from .conftest import FORMULA_NAME, IMG_NAME


def read(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


@pytest.mark.parametrize(("value", "cell"), [
    ("=1+1", "'=1+1"), ("+44 161", "'+44 161"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"), ("\rx", "'\rx"), ("Oldham", "Oldham"), ("a=b", "a=b"),
    (-2, "-2"), (0.25, "0.25"), (True, "true"), (None, ""), (["DA", "DV"], '["DA", "DV"]'),
])
def test_cells_that_a_spreadsheet_would_run_get_an_apostrophe(value: object, cell: str) -> None:
    assert csv_cell(value) == cell


def test_nodes_and_edges_files(hostile_store: EmbeddedStore, tmp_path: Path) -> None:
    g = for_people(select(hostile_store, "Oldham").graph)
    nodes_csv, edges_csv, claims_csv = write_csv(g, tmp_path / "out", full=hostile_store.graph())
    assert (nodes_csv.name, edges_csv.name, claims_csv.name) == ("nodes.csv", "edges.csv", "claims.csv")
    nodes, edges = read(nodes_csv), read(edges_csv)
    assert (len(nodes), len(edges)) == (g.number_of_nodes(), g.number_of_edges())
    assert list(nodes[0])[:3] == ["node_key", "label", "name"]
    assert list(edges[0])[:5] == ["from", "from_name", "to", "to_name", "type"]
    by_key = {n["node_key"]: n for n in nodes}
    assert by_key["Body:hostile-formula"]["name"] == "'" + FORMULA_NAME
    assert by_key["Body:hostile-img"]["name"] == IMG_NAME
    assert by_key["Area:E08000004"]["population"] == "246130"
    lead = next(e for e in edges if e["from"] == "Body:csp:oldham" and e["type"] == "LEADS")
    assert lead["source"] == "illustrative"
    assert lead["from_name"] == "Oldham Community Safety Partnership" and lead["to_name"]
    assert lead["source_title"].startswith("Illustrative example")


def test_claims_csv_names_body_issue_role_scope_districts_and_source(example_store: EmbeddedStore,
                                                                     tmp_path: Path) -> None:
    """Issue 14.10: a claims table that reads in Excel without lookups."""
    from partnership_graph.exporters import export

    export(example_store, "csv", tmp_path / "out", area="Nottinghamshire")
    claims = read(tmp_path / "out" / "claims.csv")
    assert list(claims[0]) == ["body_id", "body", "body_kind", "body_derived", "issue_id", "issue", "role",
                               "statutory", "scope", "scope_name", "district_codes", "districts", "source",
                               "source_title", "authoritative", "evidence"]
    asb = next(c for c in claims if c["body_id"] == "csp:south-nottinghamshire" and c["role"] == "prioritises")
    assert (asb["issue"], asb["scope"], asb["scope_name"], asb["district_codes"], asb["districts"]) == (
        "Anti-social behaviour", "E07000173", "Gedling", "E07000173", "Gedling")
    assert asb["authoritative"] == "false" and asb["source"] == "illustrative"
    csg = next(c for c in claims if c["body_id"] == "csg:nottinghamshire" and c["issue_id"] == "domestic-abuse")
    assert csg["role"] == "leads" and csg["districts"].split("; ")[:2] == ["Ashfield", "Bassetlaw"]
    assert len(csg["district_codes"].split("; ")) == 7


def test_a_file_in_the_way_is_refused(example_store: EmbeddedStore, tmp_path: Path) -> None:
    (tmp_path / "taken").write_text("keep me")
    with pytest.raises(ExportError, match="is a file"):
        write_csv(example_store.graph(), tmp_path / "taken")
    assert (tmp_path / "taken").read_text() == "keep me"

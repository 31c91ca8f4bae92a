"""The spreadsheet round trip: a dataset written in the loader's own shape loads back to the same graph."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from partnership_graph.errors import ExportError
from partnership_graph.exporters import export
from partnership_graph.graphmodel import GraphDocument
from partnership_graph.national import load_dataset, national_skeleton
from partnership_graph.loaders.dataset import TABLES
from partnership_graph.stores.embedded import EmbeddedStore

from ..stores.test_neo4j import assert_same_graph


def loaded(tmp_path: Path, name: str, *docs: GraphDocument) -> EmbeddedStore:
    store = EmbeddedStore(tmp_path / f"{name}.json")
    for doc in docs:
        store.load(doc)
    return store


@pytest.mark.parametrize("fmt, target", [("xlsx", "lga-review.xlsx"), ("dataset-csv", "lga-review")])
def test_a_loaded_dataset_exported_loads_back_to_the_same_graph(example_store: EmbeddedStore, tmp_path: Path,
                                                                 fmt: str, target: str) -> None:
    result = export(example_store, fmt, tmp_path / target, dataset="lga-review")  # type: ignore[arg-type]
    assert result.nodes == 15 and result.edges > 150
    back = load_dataset(str(tmp_path / target))
    assert back.dataset is not None and back.dataset.name == "lga-review"  # the same dataset, by its file name
    # into an empty store with the skeleton: same nodes, relationships and properties (datasets too)
    assert_same_graph(loaded(tmp_path, "back", back).graph(), example_store.graph())
    # and into the store it came from: a reload that changes nothing
    again = loaded(tmp_path, "again", load_dataset(str(tmp_path / target)))
    assert not again.load(load_dataset(str(tmp_path / target))).changed_anything


def test_the_workbook_has_the_loaders_sheets_and_columns(example_store: EmbeddedStore, tmp_path: Path) -> None:
    export(example_store, "xlsx", tmp_path / "lga.xlsx", dataset="lga-review")
    book = load_workbook(tmp_path / "lga.xlsx", read_only=True)
    assert book.sheetnames == list(TABLES)
    for name, columns in TABLES.items():
        header = next(book[name].iter_rows(max_row=1, values_only=True))
        assert list(header) == [c.name for c in columns], name
    bodies = list(book["bodies"].iter_rows(min_row=2, values_only=True))
    mash = next(r for r in bodies if r[0] == "oldham-mash")
    assert mash[1] == "Oldham Multi-Agency Safeguarding Hub" and mash[4] == "E08000004"  # covers
    shares = {r[0]: r[2] for r in book["footprints"].iter_rows(min_row=2, values_only=True)}
    assert shares["north-yorkshire-ldt-craven"] == 0.09  # a number, as in footprints.csv
    book.close()


def test_formula_like_text_is_neutralised_and_survives_the_round_trip(tmp_path: Path) -> None:
    folder = tmp_path / "risky"
    folder.mkdir()
    (folder / "bodies.csv").write_text('id,name,kind,notes\nrisky-hub,"=HYPERLINK(""http://x"")",mash,"-2 boards"\n')
    source = loaded(tmp_path, "risky", load_dataset(str(folder)))
    export(source, "xlsx", tmp_path / "risky.xlsx", dataset="risky")
    export(source, "dataset-csv", tmp_path / "risky-csv", dataset="risky")
    book = load_workbook(tmp_path / "risky.xlsx")
    cell = book["bodies"]["B2"]
    assert (cell.value, cell.data_type, cell.quotePrefix) == ('=HYPERLINK("http://x")', "s", True)
    text = (tmp_path / "risky-csv" / "bodies.csv").read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in text and "'-2 boards" in text  # the CSV export's one rule
    for path, name in ((tmp_path / "risky.xlsx", None), (tmp_path / "risky-csv", "risky")):
        back = loaded(tmp_path, path.name + "-back", load_dataset(str(path), name=name)).graph()
        assert back.nodes["Body:risky-hub"]["name"] == '=HYPERLINK("http://x")'
        assert back.nodes["Body:risky-hub"]["notes"] == "-2 boards"
        assert_same_graph(back, source.graph())


def test_a_starter_workbook_for_oldham_loads_cleanly_as_it_is(tmp_path: Path, skeleton: GraphDocument) -> None:
    store = loaded(tmp_path, "skeleton", national_skeleton())
    result = export(store, "xlsx", tmp_path / "oldham.xlsx", area="Oldham")
    book = load_workbook(tmp_path / "oldham.xlsx", read_only=True)
    bodies = {r[0] for r in book["bodies"].iter_rows(min_row=2, values_only=True)}
    ownership = list(book["ownership"].iter_rows(min_row=2, values_only=True))
    members = list(book["memberships"].iter_rows(min_row=2, values_only=True))
    accountable = list(book["accountability"].iter_rows(min_row=2, values_only=True))
    book.close()
    assert {"csp:oldham", "council:oldham", "hwb:oldham", "police:greater-manchester"} <= bodies
    derived = {b.id for b in skeleton.bodies if b.derived}
    assert "sab:oldham" in derived and "sab:oldham" not in bodies  # referred to, not restated
    owners = sorted(r[0] for r in ownership)
    assert set(owners) - bodies <= derived and {"sab:oldham", "csp:oldham"} <= set(owners)  # one row per body
    assert all(v is None for r in ownership for v in r[1:])
    assert ("council:oldham", "csp:oldham") in {(r[0], r[1]) for r in members}
    assert accountable and all(r[0] in owners and r[1] in owners for r in accountable)
    assert result.nodes == len(bodies)
    doc = load_dataset(str(tmp_path / "oldham.xlsx"))  # loads cleanly: no LoadError
    assert doc.dataset is not None and doc.dataset.name == "oldham"
    summary = store.load(doc)
    # restating the skeleton's own bodies, memberships and accountability changes only the bookkeeping
    assert summary.nodes_created == summary.relationships_created == 0
    g = store.graph()
    assert g.nodes["Body:csp:oldham"]["datasets"] == ["national-skeleton", "oldham"]
    plain = loaded(tmp_path, "plain", national_skeleton()).graph()
    strip = {"datasets"}
    assert {n: {k: v for k, v in a.items() if k not in strip} for n, a in g.nodes(data=True)} == \
        {n: {k: v for k, v in a.items() if k not in strip} for n, a in plain.nodes(data=True)}
    assert {(u, v, k): {x: y for x, y in a.items() if x not in strip} for u, v, k, a in g.edges(keys=True, data=True)} \
        == {(u, v, k): {x: y for x, y in a.items() if x not in strip}
            for u, v, k, a in plain.edges(keys=True, data=True)}


def test_dataset_exports_say_what_they_need(example_store: EmbeddedStore, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="give --dataset NAME .* or --area AREA"):
        export(example_store, "xlsx", tmp_path / "x.xlsx")
    with pytest.raises(ExportError, match="no dataset 'lga-reveiw' is loaded \\(did you mean 'lga-review'\\?\\)"):
        export(example_store, "xlsx", tmp_path / "x.xlsx", dataset="lga-reveiw")
    with pytest.raises(ExportError, match="the national skeleton is built in"):
        export(example_store, "xlsx", tmp_path / "x.xlsx", dataset="national-skeleton")
    with pytest.raises(ExportError, match="--dataset goes with --format xlsx or dataset-csv"):
        export(example_store, "csv", tmp_path / "x", dataset="lga-review")
    assert not (tmp_path / "x.xlsx").exists()


@pytest.mark.parametrize("fmt, target", [("xlsx", "joint.xlsx"), ("dataset-csv", "joint")])
def test_a_joint_arrangement_exported_loads_back_to_the_same_graph(tmp_path: Path, fmt: str, target: str) -> None:
    folder = tmp_path / "src" / "joint"
    folder.mkdir(parents=True)
    # one board for Oldham, Rochdale, Bury and Tameside, whose boards the register does not publish
    # (tests/queries/test_statutory.py)
    (folder / "bodies.csv").write_text(
        "id,name,kind,covers,source,replaces_derived\nsab:joint-test,Joint Safeguarding Adults Board (test),"
        "safeguarding_adults,E08000004;E08000005;E08000002;E08000008,illustrative,yes\n", encoding="utf-8")
    source = loaded(tmp_path, "joint", load_dataset(str(folder)))
    export(source, fmt, tmp_path / target, dataset="joint")  # type: ignore[arg-type]
    back = load_dataset(str(tmp_path / target))
    assert next(b for b in back.bodies if b.id == "sab:joint-test").replaces == (
        "sab:bury", "sab:oldham", "sab:rochdale", "sab:tameside")
    assert_same_graph(loaded(tmp_path, "joint-back", back).graph(), source.graph())

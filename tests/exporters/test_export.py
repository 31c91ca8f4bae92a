"""``export`` for every format takes the same selection; ``write_demo_outputs`` for ``demo``."""

from __future__ import annotations

from pathlib import Path

import pytest

from partnership_graph.exporters import DATASET_FORMATS, FORMATS, export, write_demo_outputs
from partnership_graph.exporters.select import select
from partnership_graph.stores.embedded import EmbeddedStore


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f not in ("html", *DATASET_FORMATS)])  # datasets: own tests
def test_every_file_format_holds_the_selection(example_store: EmbeddedStore, tmp_path: Path, fmt: str) -> None:
    selection = select(example_store, "Surrey", "DA")
    result = export(example_store, fmt, tmp_path / f"out.{fmt}", area="Surrey", issue="DA")  # type: ignore[arg-type]
    # sources are attributes (source_title) in files for people; the Cypher script recreates them as nodes
    drawn = sum(1 for _, a in selection.graph.nodes(data=True) if a["label"] != "Source" or fmt in ("cypher", "json"))
    assert (result.nodes, result.edges) == (drawn, selection.graph.number_of_edges())
    assert result.description == "Surrey (CTYUA E10000030), issue Domestic abuse"
    assert all(p.exists() for p in result.paths)


@pytest.mark.parametrize("area", ["Greater Manchester", "Oldham"])
def test_the_same_area_gives_the_same_nodes_in_every_format(example_store: EmbeddedStore, tmp_path: Path,
                                                            area: str) -> None:
    """Issue 14.9: `export --area "Greater Manchester"` gave 94 nodes in HTML, 107 in GEXF and CSV."""
    import csv
    import json

    counts = {fmt: export(example_store, fmt, tmp_path / f"out.{fmt}", area=area).nodes  # type: ignore[arg-type]
              for fmt in ("html", "gexf", "graphml", "csv")}
    assert len(set(counts.values())) == 1, counts
    with open(tmp_path / "out.csv" / "nodes.csv", encoding="utf-8-sig") as f:
        csv_keys = {r["node_key"] for r in csv.DictReader(f)}
    html = (tmp_path / "out.html").read_text()
    page = json.loads(html.split('<script id="pg-data" type="application/json">', 1)[1].split("</script>", 1)[0])
    assert csv_keys == {n["key"] for n in page["nodes"]}
    # the lossless JSON holds the same plus the Source nodes the facts cite
    json_keys = {n["node_key"] for n in json.loads(export(example_store, "json", tmp_path / "o.json", area=area)
                                                   .paths[0].read_text())["nodes"]}
    assert {k for k in json_keys if not k.startswith("Source:")} == csv_keys
    # internal attributes stay out of the files meant for people
    for fmt in ("gexf", "graphml"):
        text = (tmp_path / f"out.{fmt}").read_text()
        assert "merge_key" not in text and "node_label" not in text and "datasets" not in text, fmt
    with open(tmp_path / "out.csv" / "edges.csv", encoding="utf-8-sig") as f:
        header = next(csv.reader(f))
    assert not {"key", "merge_key", "datasets", "networkx_key"} & set(header)


def test_demo_outputs_are_a_page_and_a_draft(example_store: EmbeddedStore, tmp_path: Path) -> None:
    paths = write_demo_outputs(example_store, tmp_path / "demo")
    assert [p.name for p in paths] == ["network-oldham.html", "protocol-oldham.md"]
    assert paths[1].read_text().startswith("# Joint protocol (draft): Oldham")
    assert "Partnership network: Oldham (LAD E08000004)" in paths[0].read_text()[:2000]

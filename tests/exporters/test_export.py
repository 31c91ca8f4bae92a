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
    assert (result.nodes, result.edges) == (selection.graph.number_of_nodes(), selection.graph.number_of_edges())
    assert result.description == "Surrey (CTYUA E10000030), issue Domestic abuse"
    assert all(p.exists() for p in result.paths)


def test_demo_outputs_are_a_page_and_a_draft(example_store: EmbeddedStore, tmp_path: Path) -> None:
    paths = write_demo_outputs(example_store, tmp_path / "demo")
    assert [p.name for p in paths] == ["network-oldham.html", "protocol-oldham.md"]
    assert paths[1].read_text().startswith("# Joint protocol (draft): Oldham")
    assert "Partnership network: Oldham (LAD E08000004)" in paths[0].read_text()[:2000]

"""The export and protocol commands through the real click group, as a user runs them."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from partnership_graph.cli import cli
from partnership_graph.exporters.protocol import protocol_draft, to_markdown
from partnership_graph.exporters.select import select
from partnership_graph.stores.embedded import EmbeddedStore
from tests._today import Today


def run(store: EmbeddedStore, *args: str) -> Any:
    env = {"PARTNERSHIP_GRAPH_STORE": None, "NEO4J_PASSWORD": None}
    return CliRunner().invoke(cli, ["--db", store.location, *args], env=env)


def test_export_html_writes_the_page_and_says_what_is_in_it(example_store: EmbeddedStore, tmp_path: Path) -> None:
    out = tmp_path / "oldham.html"
    with Today() as today:
        result = run(example_store, "export", "--format", "html", "-o", str(out), "--area", "Oldham")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    day = today.said(result.stderr.splitlines()[0].rpartition(" as at ")[2][:10])
    g = select(example_store, "Oldham", on=date.fromisoformat(day)).graph
    nodes = sum(1 for _, a in g.nodes(data=True) if a["label"] != "Source")  # sources are in tooltips
    assert result.stderr.splitlines()[0] == (f"Wrote {out}: {nodes} nodes and {g.number_of_edges()} relationships "
                                             f"(Oldham (LAD E08000004)), as at {day}.")
    assert "areas and footprint lines start hidden" in result.stderr
    assert out.read_text().startswith("<!DOCTYPE html>")


def test_export_csv_writes_two_files_into_a_folder(example_store: EmbeddedStore, tmp_path: Path) -> None:
    out = tmp_path / "da"
    with Today() as today:
        result = run(example_store, "export", "--format", "csv", "-o", str(out), "--issue", "DA")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["claims.csv", "edges.csv", "nodes.csv"]
    assert result.stderr.startswith(f"Wrote {out}/nodes.csv, {out}/edges.csv, {out}/claims.csv: ")
    day = today.said(result.stderr.rpartition(" as at ")[2][:10])
    assert result.stderr.endswith(f"(issue Domestic abuse), as at {day}.\n")


def test_export_to_a_name_that_does_not_resolve_exits_2(example_store: EmbeddedStore, tmp_path: Path) -> None:
    result = run(example_store, "export", "--format", "gexf", "-o", str(tmp_path / "x.gexf"), "--area", "Oldam")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: no area named 'Oldam': did you mean Oldham")
    assert not (tmp_path / "x.gexf").exists()


def test_export_that_cannot_write_exits_1(example_store: EmbeddedStore, tmp_path: Path) -> None:
    (tmp_path / "file").write_text("")
    result = run(example_store, "export", "--format", "csv", "-o", str(tmp_path / "file"))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {tmp_path / 'file'} is a file; CSV export writes nodes.csv")


def test_protocol_prints_markdown_without_a_file(example_store: EmbeddedStore) -> None:
    result = run(example_store, "protocol", "--area", "Central Bedfordshire", "--boards", "csp,hwb,scp,sab")
    assert result.exit_code == 0, result.output
    assert result.stdout == to_markdown(protocol_draft(example_store, "Central Bedfordshire"))


def test_protocol_writes_a_file_and_counts_what_to_agree(example_store: EmbeddedStore, tmp_path: Path) -> None:
    out = tmp_path / "oldham.md"
    with Today() as today:
        result = run(example_store, "protocol", "--area", "Oldham", "-o", str(out))
    assert result.exit_code == 0, result.output
    day = today.said(result.stderr.partition(" as at ")[2][:10])
    assert result.stderr == (f"Wrote {out}: joint protocol draft for Oldham as at {day} "
                             "(0 gaps and 1 overlap to agree).\n")
    assert out.read_text().startswith("# Joint protocol (draft): Oldham\n")


def test_protocol_docx_needs_a_file(example_store: EmbeddedStore) -> None:
    result = run(example_store, "protocol", "--area", "Oldham", "--format", "docx")
    assert result.exit_code == 2
    assert "--format docx needs -o FILE" in result.stderr


def test_protocol_with_an_unknown_board_exits_2(example_store: EmbeddedStore) -> None:
    result = run(example_store, "protocol", "--area", "Oldham", "--boards", "csp,hwbb")
    assert result.exit_code == 2
    assert result.stderr == ("Error: unknown board 'hwbb' (did you mean 'hwb'?); one of: csp, hwb, scp, sab, csg, "
                             "mash, psb, pcc, pcp, rsb, rpb\n")

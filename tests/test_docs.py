"""Documentation cannot drift: every command is in the README, every dataset column is documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from partnership_graph.cli import cli
from partnership_graph.loaders.dataset import TABLES

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_every_command_appears_in_the_readme(command: str) -> None:
    assert re.search(rf"partnership-graph (\S+ )*{re.escape(command)}\b", (ROOT / "README.md").read_text())


@pytest.mark.parametrize("table", sorted(TABLES))
def test_every_dataset_column_is_documented(table: str) -> None:
    text = (ROOT / "docs" / "dataset-format.md").read_text()
    section = text.split(f"### `{table}`", 1)[1].split("\n### ", 1)[0]
    documented = set()
    for line in section.splitlines():
        if line.startswith("| ") and not line.startswith("| column"):
            documented |= {c.strip() for c in line.split("|")[1].split(",")}
    assert {c.name for c in TABLES[table]} <= documented


def test_ci_runs_exactly_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text()
    readme = (ROOT / "README.md").read_text()
    assert "python -m pytest" in readme
    assert re.search(r"^\s*python -m pytest\s*$", ci, re.M)

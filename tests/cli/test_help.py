"""Every command has help with an example, and `--help` never loads the heavy libraries."""

from __future__ import annotations

import subprocess
import sys

import pytest
from click.testing import CliRunner

from partnership_graph.cli import cli

COMMANDS = sorted(cli.commands)


def test_the_group_lists_the_foundation_commands() -> None:
    assert {"demo", "load", "stats", "areas", "area", "bodies", "body", "issues"} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command: str) -> None:
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example" in result.output
    assert "partnership-graph" in result.output.split("Example", 1)[1]


HEAVY = ("networkx", "neo4j", "pydantic", "pyvis", "openpyxl", "yaml", "platformdirs")


def test_help_imports_no_heavy_library() -> None:
    code = ("import sys; from partnership_graph.cli import cli; "
            "from click.testing import CliRunner; CliRunner().invoke(cli, ['--help']); "
            f"print(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"

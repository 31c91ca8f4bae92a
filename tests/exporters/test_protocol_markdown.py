"""Issue 14.14: every protocol section renders as clean Markdown for a few areas, and
``protocol --require ISSUE`` adds the issues the parties must cover."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from partnership_graph.cli import cli
from partnership_graph.exporters.protocol import BOARDS, protocol_draft, to_markdown
from partnership_graph.stores.embedded import EmbeddedStore

AREAS = ["Nottinghamshire", "Oldham", "Central Bedfordshire", "Greater Manchester", "Surrey"]
SECTIONS = ["1. Purpose", "2. Parties and footprints", "3. Coterminosity", "4. Issue ownership",
            "5. Gaps and overlaps to agree", "6. Accountability and reporting lines", "7. Information sharing"]


def _cells(row: str) -> int:
    return len(re.findall(r"(?<!\\)\|", row)) - 1


def slips(md: str) -> list[str]:
    """Formatting slips a reader would see in rendered Markdown, one message each."""
    found = []
    lines = md.splitlines()
    for n, line in enumerate(lines, 1):
        where = f"line {n}: {line[:90]!r}"
        if re.search(r"\*\*[^*\s][^*]*?\*\*[\w(\[]", line):
            found.append(f"bold runs into the next word, {where}")
        if re.search(r"[\w)]\*\*[^*\s]", line) and line.count("**") % 2 == 0 and not line.startswith("|"):
            opening = [m.start() for m in re.finditer(r"\*\*", line)][::2]
            if any(i > 0 and (line[i - 1].isalnum() or line[i - 1] == ")") for i in opening):
                found.append(f"bold glued to the word before, {where}")
        if line.count("**") % 2:
            found.append(f"unbalanced bold, {where}")
        if "  " in line.strip():
            found.append(f"double space, {where}")
        if line != line.rstrip():
            found.append(f"trailing space, {where}")
        if re.fullmatch(r"(- \[ \]|-|#+)\s*", line):
            found.append(f"empty item or heading, {where}")
        if line.startswith("#") and n < len(lines) and lines[n] != "":
            found.append(f"heading not followed by a blank line, {where}")
        if re.search(r"(?:\b(?:in|covering) (?:LAD )?|(?<![(\w])LADs? )[EW]0\d{7}\b", line):
            found.append(f"a place given by code where a name belongs, {where}")
    rows = [(n, line) for n, line in enumerate(lines, 1) if line.startswith("|")]
    for (n, line), prev in zip(rows, [None, *rows]):
        if prev is None or prev[0] != n - 1:
            width = _cells(line)
        elif _cells(line) != width:
            found.append(f"table row with {_cells(line)} cells under a header of {width}, line {n}")
    return found


def test_the_checker_finds_the_reported_slip() -> None:
    assert slips("- [ ] **Nottinghamshire Safeguarding Children Partnership**answers to nobody\n")
    assert not slips("- [ ] **Nottinghamshire Safeguarding Children Partnership** answers to nobody\n")
    assert slips("| a | b |\n|---|---|\n| 1 |\n")
    assert slips("nobody covering LAD E07000173 leads it\n")


@pytest.mark.parametrize("area", AREAS)
def test_every_section_renders_as_clean_markdown(example_store: EmbeddedStore, area: str) -> None:
    md = to_markdown(protocol_draft(example_store, area, ",".join(BOARDS), required=["SV", "county lines"]))
    headings = re.findall(r"^## (.+)$", md, re.M)
    # a Transition section (boards that start, end or change within a year) comes first when there is one
    if "Transition" in headings:
        assert headings.index("Transition") == 0
        headings.remove("Transition")
    assert headings[:len(SECTIONS)] == SECTIONS
    assert slips(md) == []


def test_nottinghamshire_answers_to_nobody_has_its_space(example_store: EmbeddedStore) -> None:
    # the safeguarding partnership reports to the national panel (Working Together 2023) and the
    # county strategy group to the PCC (SI 2007/1830 reg. 9A), so the party that answers to nobody
    # here is the police and crime panel (it is itself the scrutiny)
    md = to_markdown(protocol_draft(example_store, "Nottinghamshire", boards="csp,csg,pcp"))
    assert "**Nottinghamshire Police and Crime Panel** answers to nobody in the graph" in md
    assert "**Nottinghamshire County Strategy Group** answers to nobody" not in md


def test_protocol_require_adds_issues_the_parties_must_cover(_example_store_file: Path) -> None:
    result = CliRunner().invoke(cli, ["--db", str(_example_store_file), "protocol", "--area", "Oldham",
                                      "--require", "FM", "--require", "DA"],
                                env={"PARTNERSHIP_GRAPH_STORE": None, "NEO4J_PASSWORD": None})
    assert result.exit_code == 0, result.output
    md = result.stdout
    # serious violence is led by law (the CSP); forced marriage (FM) by nobody: a gap to agree
    assert "Issues the parties must cover (required): Forced marriage, Domestic abuse." in md
    assert re.search(r"^\| Forced marriage \| nobody \| .* \| required by the parties \| gap: agree a lead \|$", md, re.M)
    assert "- [ ] **Forced marriage**: Forced marriage is required in Oldham; nobody covering Oldham leads it" in md
    assert slips(md) == []
    bad = CliRunner().invoke(cli, ["--db", str(_example_store_file), "protocol", "--area", "Oldham",
                                   "--require", "cukooing"], env={"PARTNERSHIP_GRAPH_STORE": None})
    assert bad.exit_code == 2 and "unknown issue 'cukooing'" in bad.stderr

"""One vocabulary for the CLI and the web app: every kind word the docs list answers the same in
``areas --kind`` / ``/api/areas?kind=``, ``bodies --kind`` / ``/api/bodies?kind=`` and
``accountability --unscrutinised --kind`` / ``/api/unscrutinised?kind=``."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from partnership_graph.cli import cli

DOCS = Path(__file__).resolve().parents[2] / "docs" / "queries.md"


def doc_kind_words() -> list[str]:
    """The words of the table under 'Words for kinds' in docs/queries.md (its word and body-kind columns)."""
    text = DOCS.read_text(encoding="utf-8").split("## Words for kinds", 1)[1].split("\n## ", 1)[0]
    words: list[str] = []
    for line in text.splitlines():
        if line.startswith("| `"):
            cells = line.split("|")
            words += re.findall(r"`([a-z_]+)`", cells[1] + cells[3])
    return sorted(set(words))


WORDS = doc_kind_words()
# the surfaces that take one kind word: (CLI arguments, API path)
SURFACES = {
    "areas": (["areas", "--kind"], "/api/areas"),
    "bodies": (["bodies", "--kind"], "/api/bodies"),
    "unscrutinised": (["accountability", "--unscrutinised", "--kind"], "/api/unscrutinised"),
}


def test_the_docs_table_lists_the_words_the_parser_reads() -> None:
    from partnership_graph.graphmodel.vocab import KIND_ALIASES

    assert len(WORDS) > 40 and {"utla", "scp", "police", "force", "sicbl", "nhs"} <= set(WORDS)
    assert set(WORDS) == set(KIND_ALIASES)


def _cli(db: Path, args: list[str]) -> tuple[int, Any]:
    result = CliRunner().invoke(cli, ["--db", str(db), *args, "--format", "json"],
                                env={"PARTNERSHIP_GRAPH_STORE": None, "NEO4J_PASSWORD": None})
    return result.exit_code, json.loads(result.stdout) if result.exit_code == 0 else result.output


@pytest.mark.parametrize("surface", sorted(SURFACES))
def test_every_kind_word_answers_the_same_in_the_cli_and_the_api(
        surface: str, client: TestClient, _example_store_file: Path) -> None:
    args, path = SURFACES[surface]
    answered = 0
    for word in WORDS:
        code, cli_rows = _cli(_example_store_file, [*args, word])
        response = client.get(path, params={"kind": word})
        if code == 0:
            assert response.status_code == 200, (word, response.text)
            assert response.json() == cli_rows, word
            answered += bool(cli_rows)
        else:  # a word naming no kind of this side: refused by both, with the same message
            assert code == 2 and response.status_code == 422, (word, response.text)
            message = response.json()["error"]
            assert message.split(";")[0] in cli_rows, (word, message, cli_rows)
    assert answered >= 5, surface


def test_utla_and_scp_answer_as_the_cli(client: TestClient, _example_store_file: Path) -> None:
    """The two words that disagreed: ``utla`` lists every upper tier, ``scp`` the safeguarding
    children partnerships."""
    code, utla = _cli(_example_store_file, ["areas", "--kind", "utla"])
    assert code == 0 and {r["kind"] for r in utla} == {"CTYUA", "LAD"}
    assert client.get("/api/areas", params={"kind": "utla"}).json() == utla
    code, scp = _cli(_example_store_file, ["bodies", "--kind", "scp"])
    assert code == 0 and scp and {r["kind"] for r in scp} == {"safeguarding_children"}
    assert client.get("/api/bodies", params={"kind": "scp"}).json() == scp

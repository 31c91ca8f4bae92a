"""`--on DATE` on every command that reads the graph, and the date in every output."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from partnership_graph.cli import cli
from tests._today import Today

from ..queries._dated_graph import BEFORE, BETWEEN, dated_document

READING_COMMANDS = ("who-leads", "gaps", "overlaps", "coterminosity", "accountability", "brokers",
                    "areas", "area", "bodies", "body", "issues", "stats", "export", "protocol")


@pytest.fixture(scope="module")
def dated_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from partnership_graph.stores.embedded import EmbeddedStore

    path = Path(tmp_path_factory.mktemp("dated-cli")) / "graph.json"
    EmbeddedStore(path).load(dated_document())
    return path


def run(db: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), *args],
                              env={"PARTNERSHIP_GRAPH_STORE": None, "NEO4J_PASSWORD": None})


@pytest.mark.parametrize("command", READING_COMMANDS)
def test_every_command_that_reads_the_graph_takes_on(command: str) -> None:
    params = {p.name: p for p in cli.commands[command].params}
    assert "on" in params and params["on"].default is None
    assert isinstance(params["on"], click.Option) and params["on"].opts == ["--on"]


@pytest.mark.parametrize("bad", ["2027-02-30", "1/4/2027", "20270401", "tomorrow", ""])
def test_a_bad_date_is_a_usage_error(dated_db: Path, bad: str) -> None:
    result = run(dated_db, "who-leads", "DA", "--on", bad)
    assert result.exit_code == 2
    assert "Invalid value for '--on'" in result.stderr and "is not a date" in result.stderr
    assert result.stdout == ""


def test_table_says_the_date_on_stderr_and_answers_for_it(dated_db: Path) -> None:
    before = run(dated_db, "who-leads", "DA", "--area", "Delta", "--on", BEFORE.isoformat())
    between = run(dated_db, "who-leads", "DA", "--area", "Delta", "--on", BETWEEN.isoformat())
    assert before.exit_code == between.exit_code == 0
    assert before.stderr == f"As at {BEFORE.isoformat()}.\n"
    assert "csp:delta-north" in before.stdout and "csp:delta-north" not in between.stdout
    assert "csp:delta " in between.stdout
    with Today() as today:
        default = run(dated_db, "who-leads", "DA", "--area", "Delta")
    day = today.said(default.stderr.removeprefix("As at ")[:10])
    assert default.stderr == f"As at {day}.\n"


def test_json_rows_carry_as_at(dated_db: Path) -> None:
    result = run(dated_db, "gaps", "--on", BETWEEN.isoformat(), "--format", "json")
    rows = json.loads(result.stdout)
    assert rows and all(r["as_at"] == BETWEEN.isoformat() for r in rows)
    assert list(rows[0])[-1] == "as_at"


def test_csv_has_an_as_at_column_and_stays_loadable(dated_db: Path) -> None:
    result = run(dated_db, "areas", "delta", "--on", BEFORE.isoformat(), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {r["code"] for r in rows} == {"E06000904", "E22000903", "E22000904", "E31000902"}  # + Delta Fire area
    assert all(r["as_at"] == BEFORE.isoformat() for r in rows)
    unscrutinised = run(dated_db, "accountability", "--unscrutinised", "--format", "csv", "--on", BETWEEN.isoformat())
    assert unscrutinised.stdout.splitlines()[0] == "id,name,kind,expected,note,as_at"


def test_detail_views_say_their_date(dated_db: Path) -> None:
    table = run(dated_db, "area", "Gamma", "--on", BETWEEN.isoformat())
    assert table.stderr == f"As at {BETWEEN.isoformat()}.\n" and "E22000905" in table.stdout
    as_json = json.loads(run(dated_db, "body", "police:shire", "--format", "json", "--on", BEFORE.isoformat()).stdout)
    assert as_json["as_at"] == BEFORE.isoformat()


def test_an_ended_body_is_not_found_on_a_later_date(dated_db: Path) -> None:
    result = run(dated_db, "body", "csp:delta-north", "--on", BETWEEN.isoformat())
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: unknown body") and f"(as at {BETWEEN.isoformat()})" in result.stderr
    assert run(dated_db, "body", "csp:delta-north", "--on", BEFORE.isoformat()).exit_code == 0


def test_export_and_protocol_answer_as_at_the_date(dated_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "g.json"
    result = run(dated_db, "export", "--format", "json", "-o", str(out), "--on", BEFORE.isoformat())
    assert result.exit_code == 0, result.output
    assert result.stderr.endswith(f", as at {BEFORE.isoformat()}.\n")
    ids = {n.get("id") for n in json.loads(out.read_text())["nodes"]}
    assert "csp:delta-north" in ids and "csp:delta" not in ids
    draft = run(dated_db, "protocol", "--area", "Delta", "--boards", "csp", "--on", BETWEEN.isoformat())
    assert draft.exit_code == 0, draft.output
    assert f"As at {BETWEEN.isoformat()}:" in draft.stdout and "csp:delta" in draft.stdout
    assert "Delta North" not in draft.stdout

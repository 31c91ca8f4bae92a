"""The question commands through the real click group: exit codes, exact csv/json, messages."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from partnership_graph.cli import cli
from tests._today import Today

QUESTIONS = ("who-leads", "gaps", "overlaps", "coterminosity", "accountability", "brokers")


@pytest.fixture
def db(_example_store_file: Path) -> Path:
    """The skeleton plus the LGA example, loaded once per session (read-only)."""
    return _example_store_file


def run(db: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), *args],
                              env={"PARTNERSHIP_GRAPH_STORE": None, "NEO4J_PASSWORD": None})


def as_json(db: Path, *args: str) -> Any:
    """The JSON rows of a question without ``as_at``, once every row is checked to say today (the
    default date)."""
    with Today() as today:
        result = run(db, *args)
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    dates = {r.pop("as_at") for r in rows}
    assert len(dates) <= 1 and all(today.said(day) for day in dates), dates   # one date on every row: today
    return rows


@pytest.mark.parametrize("command", QUESTIONS)
def test_help_has_one_line_then_an_example_block(command: str) -> None:
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    first = cli.commands[command].help.splitlines()[0]  # type: ignore[union-attr]
    assert len(first) <= 76 and result.output.split("\n\n")[1].strip() == first  # one line, then the rest
    assert "\n  Example:\n    partnership-graph " + command in result.output  # kept intact by \\b
    assert "--format [table|csv|json]" in result.output


def test_who_leads_table_marks_illustrative_claims(db: Path) -> None:
    result = run(db, "who-leads", "modern slavery", "--area", "Oldham")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["role", "body", "name", "claim", "on", "fit", "districts", "people", "co-leads", "source"]
    assert lines[2].split()[:2] == ["lead", "csp:oldham"] and lines[2].endswith("ILLUSTRATIVE")
    assert lines[3].split()[:2] == ["support", "sab:oldham"]


def test_who_leads_json_shape(db: Path) -> None:
    rows = as_json(db, "who-leads", "SOC", "--area", "Oldham", "--format", "json")
    assert rows == [{
        "role": "lead", "body_id": "gm-serious-organised-crime-team",
        "body_name": "Greater Manchester integrated multi-agency serious and organised crime team",
        "body_kind": "team", "issue_id": "serious-and-organised-crime", "issue_name": "Serious and organised crime",
        "inherited": False, "scope": None, "scope_name": None, "fit": "whole", "lads": ["E08000004"],
        "lad_names": ["Oldham"], "population": 246130,
        "co_leads": [], "source": "lga-review-2016",
        "source_title": "LGA review of the future of community safety services: draft summary report (2016: "
                        "states the position then, not necessarily today)",
        "authoritative": True,
        "evidence": "In Greater Manchester for instance, partners have developed an integrated multi-agency team "
                    "around tackling serious and organised crime",
        "statutory": False, "derived": False, "derived_reason": None, "held_through": None, "status": None,
        "status_note": None, "body_source": "lga-review-2016",
        "body_source_title": "LGA review of the future of community safety services: draft summary report (2016: "
                             "states the position then, not necessarily today)"}]


def test_misspelt_area_exits_2_with_did_you_mean(db: Path) -> None:
    result = run(db, "who-leads", "modern slavery", "--area", "Oldam")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == "Error: no area named 'Oldam': did you mean Oldham (LAD E08000004)?\n"


def test_who_leads_with_no_answer_says_so_on_stderr(db: Path) -> None:
    # suicide prevention is under safeguarding, which no statute gives a lead (the safeguarding
    # boards lead safeguarding children and adults, narrower issues beside it)
    with Today() as today:
        result = run(db, "who-leads", "suicide prevention", "--area", "Cardiff")
    assert result.exit_code == 0
    assert result.stdout == "(no rows)\n"
    day = today.said(result.stderr.removeprefix("As at ")[:10])
    assert result.stderr == (f"As at {day}.\nNobody covering Cardiff (district W06000015) leads or supports "
                             "suicide prevention or a broader issue.\n")
    assert run(db, "who-leads", "suicide prevention", "--area", "Cardiff", "--format", "json").stdout == "[]\n"


def test_unknown_issue_exits_2(db: Path) -> None:
    result = run(db, "who-leads", "modern slavary")
    assert result.exit_code == 2
    assert "unknown issue 'modern slavary'" in result.stderr and "did you mean" in result.stderr


def test_gaps_csv_is_exact(db: Path) -> None:
    with Today() as today:
        result = run(db, "gaps", "--area", "Central Bedfordshire", "--format", "csv")
    assert result.exit_code == 0
    day = today.said(result.stdout.rstrip("\n").rpartition(",")[2])       # as_at, the last column
    assert result.stdout == (
        "rank,gap,body_id,body_name,body_kind,issue_id,issue_name,missing,lads,lad_names,population,source,source_title,"
        "authoritative,detail,statutory,derived,status,as_at\n"
        "1,ownership,csp:central-bedfordshire,Central Bedfordshire Community Safety Partnership,csp,"
        "modern-slavery,Modern slavery,,E06000056,Central Bedfordshire,308302,illustrative,"
        "\"Illustrative example: invented to show the tool, not a statement of fact\",no,"
        "Central Bedfordshire Community Safety Partnership prioritises modern slavery; "
        f"nobody covering Central Bedfordshire leads it or a broader issue,no,no,,{day}\n")
    # Gedling's illustrative ASB priority is led by law: its CSP leads anti-social behaviour
    assert run(db, "gaps", "--area", "Gedling", "--format", "csv").stdout.count("\n") == 1


def test_gaps_with_required_issues(db: Path) -> None:
    # county lines is led by law (the CSP's serious violence strategy); forced marriage is not
    rows = as_json(db, "gaps", "--area", "Oldham", "--require", "county lines", "--require", "forced marriage",
                   "--format", "json")
    assert [(r["rank"], r["issue_id"], r["body_id"], r["source"]) for r in rows] == [
        (1, "forced-marriage", None, "required")]


def test_gaps_nationally_lists_the_four_example_gaps(db: Path) -> None:
    # of the example's four illustrative priorities, the law leads three (county lines, reducing
    # reoffending, anti-social behaviour: every CSP's statutory duties)
    rows = as_json(db, "gaps", "--format", "json")
    assert [r["issue_id"] for r in rows] == ["modern-slavery"]
    assert {r["gap"] for r in rows} == {"ownership"}


def test_overlaps_json_shape(db: Path) -> None:
    rows = as_json(db, "overlaps", "--issue", "CSE", "--format", "json")
    assert rows == [{"issue_id": "child-sexual-exploitation", "issue_name": "Child sexual exploitation",
                     "bodies": ["csp:oldham", "scp:oldham"],
                     "body_names": ["Oldham Community Safety Partnership",
                                    "Safeguarding children partnership for Oldham (assumed: no published arrangement "
                                    "found)"],
                     "lads": ["E08000004"], "lad_names": ["Oldham"], "population": 246130,
                     "sources": ["illustrative", "illustrative"],
                     "authoritative": [False, False]}]


def test_overlaps_table_marks_each_source(db: Path) -> None:
    result = run(db, "overlaps", "--issue", "DA")
    assert result.exit_code == 0
    assert "csg:nottinghamshire, csp:mansfield" in result.stdout
    assert "ILLUSTRATIVE; ILLUSTRATIVE" in result.stdout


def test_coterminosity_kinds_as_users_say_them(db: Path) -> None:
    rows = as_json(db, "coterminosity", "--kinds", "csp,police,icb,fire", "--area", "Nottinghamshire",
                   "--format", "json")
    assert {(r["kind_a"], r["kind_b"]) for r in rows} == {("CSP", "PFA"), ("CSP", "ICB"), ("CSP", "FRA"),
                                                          ("PFA", "ICB"), ("PFA", "FRA"), ("ICB", "FRA")}
    pfa_icb = [r for r in rows if (r["kind_a"], r["kind_b"]) == ("PFA", "ICB")]
    assert pfa_icb[0] == {"kind_a": "PFA", "code_a": "E23000019", "name_a": "Nottinghamshire", "kind_b": "ICB",
                          "code_b": "E54000060",
                          "name_b": "NHS Nottingham and Nottinghamshire Integrated Care Board",
                          "relation": "equal", "jaccard": 1.0, "shared_lads": pfa_icb[0]["shared_lads"],
                          "shared_lad_names": pfa_icb[0]["shared_lad_names"],
                          "shared_population": pfa_icb[0]["shared_population"], "uncertain": False}
    assert len(pfa_icb[0]["shared_lads"]) == 8
    assert "Gedling" in pfa_icb[0]["shared_lad_names"] and "E07000173" in pfa_icb[0]["shared_lads"]


#: The date the counts below were checked on: Surrey's unitaries (1 April 2027) and the 2028
#: reorganisations change them, so these tests ask for it rather than for today.
COUNTED_ON = "2026-12-07"


def test_coterminosity_summary_csv(db: Path) -> None:
    result = run(db, "coterminosity", "--kinds", "csp,pfa", "--summary", "--format", "csv", "--on", COUNTED_ON)
    assert result.exit_code == 0
    assert result.stdout == (
        "kind_a,kind_b,footprints,compared,equal,within_one,within_one_uncertain,straddling,share_within_one,"
        "mean_best_jaccard,as_at\n"
        # 301 CSPs on that date: the 2024 lookup's 314, less the 20 legacy district CSPs that ended in
        # 2019-2023 and plus the 7 that replaced them (the 2027-28 Surrey, Norfolk and Hampshire
        # CSPs are not in force yet); every one lies in one police force area. The Jaccard means
        # move because the merged CSPs are bigger (closer to their forces) than the ones they replace.
        f"CSP,PFA,301,301,1,301,0,0,1,0.1429,{COUNTED_ON}\n"
        f"PFA,CSP,43,43,1,1,0,42,0.02326,0.3361,{COUNTED_ON}\n")


def test_coterminosity_unknown_kind_exits_2(db: Path) -> None:
    result = run(db, "coterminosity", "--kinds", "csp,polise")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: unknown kind 'polise' (did you mean 'police'?)")


def test_accountability_chain_and_unscrutinised(db: Path) -> None:
    rows = as_json(db, "accountability", "police:surrey", "--format", "json")
    assert [(r["depth"], r["body_id"], r["accountable_to_id"], r["mechanism"]) for r in rows] == [
        (1, "police:surrey", "pcc:surrey", "holds_to_account"), (2, "pcc:surrey", "pcp:surrey", "scrutiny")]
    # the 21 county strategy groups send their community safety agreement to the PCC (SI 2007/1830
    # reg. 9A), and every PSB answers to its councils' scrutiny (WFG(W)A 2015 s.35)
    for kind in ("csg", "psb"):
        result = run(db, "accountability", "--unscrutinised", "--kind", kind, "--format", "csv")
        assert result.exit_code == 0
        assert result.stdout.splitlines() == ["id,name,kind,expected,note,as_at"]
    rows = as_json(db, "accountability", "csg:surrey", "--format", "json")
    assert [(r["accountable_to_id"], r["source"]) for r in rows if r["depth"] == 1] == [("pcc:surrey", "si-2007-1830")]


def test_accountability_needs_a_body_or_the_flag(db: Path) -> None:
    result = run(db, "accountability")
    assert result.exit_code == 2
    assert "give a BODY or --unscrutinised" in result.stderr


def test_accountability_of_a_body_answering_to_nobody_says_so(db: Path) -> None:
    with Today() as today:
        result = run(db, "accountability", "council:oldham")
    assert result.exit_code == 0
    assert result.stdout == "(no rows)\n"
    day = today.said(result.stderr.removeprefix("As at ")[:10])
    assert result.stderr == f"As at {day}.\ncouncil:oldham answers to nobody in the graph.\n"


def test_brokers_json(db: Path) -> None:
    result = run(db, "brokers", "--top", "1", "--format", "json", "--on", COUNTED_ON)
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [r.pop("as_at") for r in rows] == [COUNTED_ON]
    assert rows == [{"rank": 1, "id": "probation:probation-service",
                     "name": "The Probation Service (HM Prison and Probation Service)", "kind": "probation",
                     "betweenness": 0.942426, "degree": 545, "member_of": 545, "members": 0}]
    # degree: that date's 299 CSPs and 246 other boards (the count is explained in tests/queries/test_brokers.py)


def test_brokers_area_and_bad_top(db: Path) -> None:
    rows = as_json(db, "brokers", "--area", "Oldham", "--top", "2", "--format", "json")
    assert [r["id"] for r in rows] == ["council:oldham", "police:greater-manchester"]
    assert run(db, "brokers", "--top", "0").exit_code == 2


@pytest.mark.parametrize("args", [
    ("who-leads", "DA", "--area", "Nottinghamshire"), ("gaps",), ("overlaps",),
    ("coterminosity", "--kinds", "csp,pfa", "--area", "Surrey"), ("accountability", "csp:oldham"),
    ("accountability", "--unscrutinised"), ("brokers", "--area", "Oldham"),
])
def test_every_question_gives_valid_json_lists(db: Path, args: tuple[str, ...]) -> None:
    assert isinstance(as_json(db, *args, "--format", "json"), list)

"""The foundation commands through the real click group, as a user runs them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from partnership_graph.cli import cli
from partnership_graph.stores.dated import as_at
from partnership_graph.stores.embedded import EmbeddedStore
from tests._today import Today


def run(*args: str, db: Path | None = None) -> object:
    runner = CliRunner()
    argv = (["--db", str(db)] if db else []) + list(args)
    return runner.invoke(cli, argv, env={"PARTNERSHIP_GRAPH_STORE": None, "NEO4J_PASSWORD": None})


@pytest.fixture(scope="module")
def _demo_db_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("demo") / "demo.json"
    result = run("demo", "--out", str(db.parent / "demo-out"), db=db)
    assert result.exit_code == 0, result.output
    return db


@pytest.fixture
def demo_db(_demo_db_file: Path, tmp_path: Path) -> Path:
    """The store the demo made (run once per module), copied for the test, which may load into it."""
    db = tmp_path / "demo.json"
    shutil.copyfile(_demo_db_file, db)
    return db


def test_demo_loads_the_skeleton_and_example_and_summarises(tmp_path: Path) -> None:
    db = tmp_path / "demo.json"
    result = run("demo", "--out", str(db.parent / "demo-out"), db=db)
    assert result.exit_code == 0, result.output
    # the summary is as at today: the 2024 lookups with the bundled changes in force (20 legacy
    # CSPs replaced by 7 single ones; 12 ICBs dissolved into 6 on 2026-04-01; see tests/changes),
    # not yet Surrey's 2027 or Norfolk's and Hampshire's 2028 unitaries
    assert "Areas (890): CSP 301, CTRY 2, CTYUA 21, FRA 47, ICB 36, LAD 318" in result.stdout
    # today no LAD holds several CSPs any more, and after the April 2026 ICBs six LADs are split
    # between ICBs as at today: three from 2024 (Cumberland, North Yorkshire, Westmorland and
    # Furness) and three the 2026 changes split (Buckinghamshire, Cherwell, Vale of White Horse)
    assert "0 LADs hold several CSPs (the 2024 lookup's legacy district CSPs" in result.stdout
    assert ("6 LADs are split between ICBs: Buckinghamshire (E06000060): 2 ICBs; Cherwell (E07000177): 2 ICBs; "
            "Cumberland (E06000063)") in result.stdout
    assert "ILLUSTRATIVE" in result.stdout
    first = db.read_bytes()
    again = run("demo", "--out", str(db.parent / "demo-out"), db=db)
    assert "0 created, 0 changed" in again.stderr
    assert db.read_bytes() == first


def test_load_with_five_mistakes_prints_all_exits_2_and_leaves_the_store_unchanged(demo_db: Path,
                                                                                   tmp_path: Path) -> None:
    ds = tmp_path / "my-county"
    ds.mkdir()
    (ds / "bodies.csv").write_text(
        "id,name,kind,covers\n"
        "oldham-mash,Oldham MASH,mash,Oldam\n"
        "gm-soc,GM SOC team,polce_force,Greater Manchester\n"
        "oldham-mash,Oldham MASH again,mash,Oldham\n")
    (ds / "memberships.csv").write_text("member,body,statutory\ncouncil:oldham,oldham-mash,true\n")
    (ds / "ownership.csv").write_text("body,issue,claim\ncsp:oldam,DA,leads\n")
    before = demo_db.read_bytes()
    result = run("load", str(ds), db=demo_db)
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[0] == f"{ds}/bodies.csv:2:4: no area named 'Oldam': did you mean Oldham (LAD E08000004)?"
    assert lines[1].startswith(f"{ds}/bodies.csv:3:3: unknown body kind 'polce_force' (did you mean 'police_force'?)")
    assert lines[2:] == [
        f"{ds}/bodies.csv:4:1: duplicate id 'oldham-mash' (first defined at row 2)",
        f"{ds}/memberships.csv:1:4: missing required column 'role' in table 'memberships'",
        f"{ds}/ownership.csv:2:1: unknown body 'csp:oldam' (did you mean 'csp:oldham'?)",
        "5 problems found; nothing was loaded.",
    ]
    assert "Traceback" not in result.output
    assert demo_db.read_bytes() == before


def test_load_a_good_dataset_then_again_changes_nothing(demo_db: Path, tmp_path: Path) -> None:
    ds = tmp_path / "ds"
    ds.mkdir()
    (ds / "bodies.csv").write_text("id,name,kind,covers\nmy-mash,My MASH,mash,Oldham\n")
    (ds / "ownership.csv").write_text("body,issue,claim\nmy-mash,CSE,supports\n")
    first = run("load", str(ds), db=demo_db)
    assert first.exit_code == 0, first.output
    assert "nodes: 1 created" in first.stdout
    after_first = demo_db.read_bytes()
    second = run("load", str(ds), db=demo_db)
    assert "nodes: 0 created, 0 changed" in second.stdout
    assert "relationships: 0 created, 0 changed" in second.stdout
    assert demo_db.read_bytes() == after_first
    check = run("load", "--check", str(ds), db=demo_db)
    assert check.exit_code == 0 and "nothing was loaded (--check)" in check.stdout


def test_stats_json_counts_by_label_and_kind(demo_db: Path) -> None:
    with Today() as today:
        result = run("stats", "--format", "json", db=demo_db)
    rows = json.loads(result.stdout)
    counts = {(r["element"], r["label"], r["kind"]): r["count"] for r in rows}
    assert counts[("node", "Area", "PFA")] == 43
    # as at today: 314 CSPs on the 2024 lookup, 20 legacy ones ended, 7 single ones since 2019-23,
    # and two joint Welsh partnerships that each serve two of the lookup's CSP areas (data/register)
    assert counts[("node", "Body", "csp")] == 314 - 20 + 7 - 2
    # derived bodies are counted apart: none among the MAPPA areas, all the Channel panels
    derived = {r["kind"]: r["derived"] for r in rows if r["label"] == "Body"}
    assert derived["mappa_smb"] == 0 and derived["channel_panel"] == counts[("node", "Body", "channel_panel")]
    g = as_at(EmbeddedStore(demo_db).graph(), today.said(rows[0]["as_at"]))   # the date stats counted on
    assert sum(v for (e, _, _), v in counts.items() if e == "node") == g.number_of_nodes()
    assert sum(v for (e, _, _), v in counts.items() if e == "relationship") == g.number_of_edges()


def test_areas_search_csv_is_exact(demo_db: Path) -> None:
    with Today() as today:
        result = run("areas", "oldham", "--format", "csv", db=demo_db)
    day = today.said(result.stdout.rstrip("\n").rpartition(",")[2])       # as_at, the last column
    assert result.stdout == ("code,name,kind,population,as_at\n"
                             f"E08000004,Oldham,LAD,246130,{day}\n"
                             f"E22000102,Oldham,CSP,246130,{day}\n")


def test_areas_kind_accepts_the_words_users_say(demo_db: Path) -> None:
    police = json.loads(run("areas", "--kind", "police", "--format", "json", db=demo_db).stdout)
    assert len(police) == 43
    bad = run("areas", "--kind", "polic", db=demo_db)
    assert bad.exit_code == 2 and "unknown area kind 'polic'" in bad.stderr


def test_area_shows_parents_with_shares(demo_db: Path) -> None:
    detail = json.loads(run("area", "E06000065", "--format", "json", db=demo_db).stdout)
    icbs = {p["name"]: p["share"] for p in detail["part_of"] if p["kind"] == "ICB"}
    assert len(icbs) == 3 and sum(icbs.values()) == pytest.approx(1.0, abs=1e-5)
    assert all(p["share_basis"] == "lsoa21_count" for p in detail["part_of"] if p["kind"] == "ICB")


def test_unknown_area_exits_2_with_a_suggestion(demo_db: Path) -> None:
    result = run("area", "Oldam", db=demo_db)
    assert result.exit_code == 2
    assert result.stderr == "Error: no area named 'Oldam': did you mean Oldham (LAD E08000004)?\n"


def test_ambiguous_prefix_lists_candidates(demo_db: Path) -> None:
    result = run("area", "North", db=demo_db)
    assert result.exit_code == 2
    assert "'North' matches" in result.stderr and "give more of the name or a GSS code" in result.stderr


def test_bodies_in_an_area_include_its_statutory_partners(demo_db: Path) -> None:
    rows = json.loads(run("bodies", "--area", "Oldham", "--format", "json", db=demo_db).stdout)
    ids = {r["id"] for r in rows}
    assert {"csp:oldham", "council:oldham", "police:greater-manchester", "pcc:greater-manchester",
            "icb:greater-manchester", "fire:greater-manchester", "hwb:oldham", "scp:oldham",
            "sab:oldham", "probation:probation-service"} <= ids
    assert "csp:rochdale" not in ids


def test_body_shows_claims_with_their_sources_and_never_as_authoritative_when_invented(demo_db: Path) -> None:
    detail = json.loads(run("body", "csp:oldham", "--format", "json", db=demo_db).stdout)
    assert detail["claims"], "the example gives Oldham CSP claims"
    local = [c for c in detail["claims"] if not c["statutory"]]
    assert local and all(c["source"] == "illustrative" and c["authoritative"] is False for c in local)
    statutory = [c for c in detail["claims"] if c["statutory"]]
    assert {c["source"] for c in statutory} == {"cda-1998-s5-6", "cda-1998-s6-serious-violence", "dvcva-2004-s9"}
    table = run("body", "csp:oldham", db=demo_db).stdout
    claim_lines = [line for line in table.split("Issue claims", 1)[1].splitlines()[3:] if line.strip()]
    assert claim_lines and all("ILLUSTRATIVE" in line or "(statutory)" in line for line in claim_lines)


def test_issues_tree_shows_taxonomy_with_synonyms(demo_db: Path) -> None:
    rows = json.loads(run("issues", "--format", "json", db=demo_db).stdout)
    by_id = {r["id"]: r for r in rows}
    assert len(rows) >= 25
    assert by_id["domestic-abuse"]["parent"] == "violence-against-women-and-girls"
    assert "DA" in by_id["domestic-abuse"]["synonyms"]
    table = run("issues", db=demo_db).stdout
    assert "  Domestic abuse" in table  # indented under its parent


def test_a_store_that_is_not_a_store_gives_one_line_and_exit_1(tmp_path: Path) -> None:
    db = tmp_path / "notes.json"
    db.write_text("hello")
    result = run("stats", db=db)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and len(result.stderr.splitlines()) == 1

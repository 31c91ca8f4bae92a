"""Issue 14, as three new users typed it: a strategist in a two-tier county, an analyst preparing
a board paper, a council officer drafting a protocol and writing a first dataset.

One test (or a few) per numbered point; the HTML page (8) is in tests/exporters/test_browser_readable.py,
the exports (9, 10) in tests/exporters/test_export.py and test_csv_export.py, the protocol (14) in
tests/exporters/test_protocol_markdown.py.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from partnership_graph.cli import cli
from partnership_graph.errors import LoadError
from partnership_graph.graphmodel import GraphDocument
from partnership_graph.loaders.dataset import load_dataset

GEDLING, MANSFIELD = "E07000173", "E07000174"
NOTTS_DISTRICTS = ["Ashfield", "Bassetlaw", "Broxtowe", "Gedling", "Mansfield", "Newark and Sherwood", "Rushcliffe"]


@pytest.fixture
def db(_example_store_file: Path) -> Path:
    return _example_store_file


def run(db: Path, *args: str, env: dict[str, str | None] | None = None) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), *args],
                              env={"PARTNERSHIP_GRAPH_STORE": None, "NEO4J_PASSWORD": None, **(env or {})})


def as_json(result: Result) -> Any:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# -- 1. district names, not only codes; --by-district ----------------------------------------------
def test_1_who_leads_names_the_districts(db: Path) -> None:
    out = run(db, "who-leads", "DA", "--area", "Nottinghamshire")
    assert out.exit_code == 0
    assert "7 LADs" not in out.stdout and "E07000174" not in out.stdout
    assert "Ashfield; Bassetlaw; Broxtowe; Gedling; Mansfield; Newark and Sherwood; Rushcliffe" in out.stdout
    rows = as_json(run(db, "who-leads", "DA", "--area", "Nottinghamshire", "--format", "json"))
    mansfield = next(r for r in rows if r["body_id"] == "csp:mansfield")
    assert (mansfield["lads"], mansfield["lad_names"]) == ([MANSFIELD], ["Mansfield"])  # codes beside names


def test_1_gap_reads_gedling_not_its_code(db: Path) -> None:
    # Gedling's illustrative ASB priority is led by law now (its CSP, Crime and Disorder Act s.6), so
    # the gap here is one the user requires: forced marriage, which no statute gives a lead
    out = run(db, "gaps", "--area", "Gedling", "--require", "forced marriage")
    assert "Forced marriage is required in Gedling; nobody covering Gedling leads it" in " ".join(out.stdout.split())
    assert GEDLING not in out.stdout
    table = list(csv.DictReader(io.StringIO(run(db, "gaps", "--area", "Gedling", "--require", "forced marriage",
                                                "--format", "csv").stdout)))
    assert (table[0]["lads"], table[0]["lad_names"]) == (GEDLING, "Gedling")


def test_1_who_leads_by_district(db: Path) -> None:
    rows = as_json(run(db, "who-leads", "DA", "--area", "Nottinghamshire", "--by-district", "--format", "json"))
    assert [r["lad_name"] for r in rows] == NOTTS_DISTRICTS
    by_name = {r["lad_name"]: r for r in rows}
    assert by_name["Mansfield"]["leads"] == ["csg:nottinghamshire", "csp:mansfield"]
    assert by_name["Gedling"]["leads"] == ["csg:nottinghamshire"] and by_name["Gedling"]["lad"] == GEDLING
    # the VRU supports serious violence, which takes in domestic abuse (2023 guidance): a broader support
    assert by_name["Ashfield"]["supporter_names"] == ["Ashfield Community Safety Partnership",
                                                     "Nottingham and Nottinghamshire Violence Reduction Unit (VRU)"]
    table = run(db, "who-leads", "DA", "--area", "Nottinghamshire", "--by-district").stdout.splitlines()
    assert table[0].split()[:4] == ["code", "district", "people", "leads"] and len(table) == 2 + 7
    assert "ILLUSTRATIVE" in table[2]
    assert run(db, "who-leads", "DA", "--by-district").exit_code == 2  # needs --area


def test_1_gaps_by_district_is_an_issue_by_district_matrix(db: Path) -> None:
    text = run(db, "gaps", "--area", "Nottinghamshire", "--by-district", "--require", "DA", "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["district"] for r in rows] == NOTTS_DISTRICTS
    assert list(rows[0])[:3] == ["code", "district", "population"]
    cells = {r["district"]: r for r in rows}
    # the example's ASB priority in Gedling is led by its CSP under the Crime and Disorder Act
    assert cells["Gedling"]["Anti-social behaviour"] == "South Nottinghamshire Community Safety Partnership"
    assert cells["Rushcliffe"]["Anti-social behaviour"] == ""        # nobody asked for it there
    assert "Mansfield Community Safety Partnership (ILLUSTRATIVE)" in cells["Mansfield"]["Domestic abuse"]
    assert cells["Gedling"]["Domestic abuse"] == "Nottinghamshire County Strategy Group (ILLUSTRATIVE)"


# -- 2. table cells follow the terminal ---------------------------------------------------------------
def test_2_table_cells_are_not_cut_at_60_characters(db: Path) -> None:
    ask = ("gaps", "--area", "Gedling", "--require", "forced marriage")
    wide = run(db, *ask, env={"COLUMNS": "400"}).stdout
    detail = "Forced marriage is required in Gedling; nobody covering Gedling leads it or a broader issue"
    assert detail in wide and len(detail) > 60 and "…" not in wide
    narrow = run(db, *ask, env={"COLUMNS": "100"}).stdout
    assert all(len(line) <= 100 for line in narrow.splitlines())
    assert " ".join(" ".join(narrow.split()).split()).count("leads it or a broader") == 1  # wrapped, not cut
    assert "issue" in narrow.splitlines()[-1]


# -- 3. honest "nothing to compare" -------------------------------------------------------------------
def test_3_no_gaps_where_nothing_is_recorded_is_not_an_all_clear(db: Path) -> None:
    out = run(db, "gaps", "--area", "Kent")
    assert out.exit_code == 0 and out.stdout == "(no rows)\n"
    assert "nothing to compare" in out.stderr and "not an all clear" in out.stderr and "--require" in out.stderr
    led = run(db, "gaps", "--area", "Mansfield", "--issue", "DA")
    assert "nothing to compare" not in led.stderr or "domestic abuse" in led.stderr


# -- 4. messages name what matched -----------------------------------------------------------------------
def test_4_the_message_names_what_matched(db: Path) -> None:
    # domestic abuse has leads in Kent now (statutory, and the VRU's serious violence): ask about
    # forced marriage by its abbreviation, which nobody leads
    out = run(db, "who-leads", "FM", "--area", "Kent")
    assert out.exit_code == 0
    assert out.stderr.splitlines()[-1] == ("Nobody covering Kent (county E10000016) leads or supports forced marriage "
                                           "(matched 'FM') or a broader issue.")


# -- 5. coterminosity --mismatches; the lookup first --------------------------------------------------
def test_5_mismatches_lists_only_pairs_neither_equal_nor_nested(db: Path) -> None:
    every = as_json(run(db, "coterminosity", "--kinds", "csp,icb", "--area", "North Yorkshire", "--format", "json"))
    only = as_json(run(db, "coterminosity", "--kinds", "csp,icb", "--area", "North Yorkshire", "--mismatches",
                       "--format", "json"))
    assert only == [r for r in every if r["relation"] == "straddles"] and len(only) == 3
    assert {r["name_a"] for r in only} == {"North Yorkshire"}


def test_5_a_sub_icb_location_is_judged_by_the_lookup_not_by_shares(db: Path) -> None:
    # on the 2024 lookups (before the April 2026 ICBs) no sub-ICB location straddles an ICB
    rows = as_json(run(db, "coterminosity", "--kinds", "sicbl,icb", "--format", "json", "--on", "2025-06-01"))
    assert not [r for r in rows if r["relation"] == "straddles"]
    # today only Frimley's D4U1Y does: the 2026 change split its LADs between three new ICBs and
    # the lookup no longer places it in one
    today = as_json(run(db, "coterminosity", "--kinds", "sicbl,icb", "--format", "json"))
    assert {r["code_a"] for r in today if r["relation"] == "straddles"} == {"E38000252"}
    # 06K, in Hertfordshire and West Essex ICB, holds a share of a LAD split with Cambridgeshire and
    # Peterborough ICB: by shares it "straddled" that ICB; the lookup puts it in one ICB only.
    mine = [r for r in rows if r["code_a"] == "E38000049"]
    assert [(r["code_b"], r["relation"], r["uncertain"]) for r in mine] == [("E54000025", "within", False)]
    summary = as_json(run(db, "coterminosity", "--kinds", "sicbl,icb", "--summary", "--format", "json",
                          "--on", "2025-06-01"))
    assert summary[0]["straddling"] == 0 and summary[0]["share_within_one"] == 1.0


# -- 6. one vocabulary -----------------------------------------------------------------------------------
@pytest.mark.parametrize("word,kind", [("scp", "safeguarding_children"), ("police", "police_force"),
                                       ("fire", "fire_authority"), ("sab", "safeguarding_adults")])
def test_6_bodies_kind_takes_the_words_other_commands_take(db: Path, word: str, kind: str) -> None:
    rows = as_json(run(db, "bodies", "--kind", word, "--area", "Nottinghamshire", "--format", "json"))
    assert rows and {r["kind"] for r in rows} == {kind}


def test_6_utla_means_the_same_upper_tiers_everywhere(db: Path) -> None:
    areas = as_json(run(db, "areas", "--kind", "utla", "--format", "json"))
    summary = as_json(run(db, "coterminosity", "--kinds", "utla,pfa", "--summary", "--format", "json"))
    assert len(areas) == summary[0]["footprints"] > 100
    assert {a["kind"] for a in areas} == {"CTYUA", "LAD"}
    bad = run(db, "bodies", "--kind", "polce")
    assert bad.exit_code == 2 and "did you mean 'police'" in bad.stderr


def test_6_protocol_boards_and_accountability_kind_use_the_same_table(db: Path) -> None:
    from partnership_graph.exporters.protocol import parse_boards

    assert parse_boards("csp,safeguarding_children,lsab,Health-and-wellbeing") != []
    assert parse_boards("community_safety_partnership,lscp,sab") == ["csp", "scp", "sab"]
    out = run(db, "accountability", "--unscrutinised", "--kind", "scp", "--format", "json")
    assert out.exit_code == 0 and {r["kind"] for r in json.loads(out.stdout)} <= {"safeguarding_children"}


# -- 7. common names resolve -------------------------------------------------------------------------------
def test_7_sv_notts_and_a_councils_own_name(db: Path) -> None:
    sv = as_json(run(db, "who-leads", "SV", "--area", "Notts", "--format", "json"))
    # resolved: serious violence in Nottinghamshire, led by law by its district CSPs
    assert {r["issue_id"] for r in sv} == {"serious-violence"}
    assert "csp:mansfield" in {r["body_id"] for r in sv if r["role"] == "lead" and r["statutory"]}
    out = run(db, "who-leads", "FM", "--area", "Notts")
    assert "forced marriage (matched 'FM')" in out.stderr and "Nottinghamshire (county E10000024" in out.stderr
    kent = as_json(run(db, "bodies", "--area", "Kent County Council", "--kind", "scp", "--format", "json"))
    assert [b["id"] for b in kent] == ["scp:kent"]
    herts = run(db, "who-leads", "FM", "--area", "Herts")
    assert "Hertfordshire (county" in herts.stderr  # not Hertsmere, which "Herts" begins


def test_7_csp_gedling_suggests_the_csp_covering_gedling(db: Path) -> None:
    body = run(db, "body", "csp:gedling")
    assert body.exit_code == 2
    assert "'csp:south-nottinghamshire'" in body.stderr and "Gedling (LAD E07000173)" in body.stderr
    area = run(db, "area", "csp:gedling")
    assert area.exit_code == 2 and "lies in csp:South Nottinghamshire (E22000366)" in area.stderr


# -- 11-13. the loader ------------------------------------------------------------------------------------
def _problems(path: Path, base: GraphDocument) -> list[str]:
    with pytest.raises(LoadError) as info:
        load_dataset(path, base)
    return [str(p) for p in info.value.problems]


def test_11_a_scope_outside_the_footprint_is_an_error_at_its_cell(tmp_path: Path, skeleton: GraphDocument) -> None:
    folder = tmp_path / "ds"
    folder.mkdir()
    (folder / "ownership.csv").write_text("body,issue,claim,scope,source\n"
                                          "csp:oldham,DA,leads,Oldham,illustrative\n"
                                          "csp:oldham,ASB,prioritises,Gedling,illustrative\n", encoding="utf-8")
    assert _problems(folder, skeleton) == [
        f"{folder / 'ownership.csv'}:3:4: scope Gedling (LAD E07000173) lies outside the footprint of "
        "'csp:oldham', which covers Oldham: the claim would count nowhere"]


def test_12_an_untouched_sheet1_is_ignored_with_a_note(tmp_path: Path, skeleton: GraphDocument) -> None:
    from openpyxl import Workbook

    book = Workbook()  # starts with an empty "Sheet"; name it as Excel does
    book.active.title = "Sheet1"
    bodies = book.create_sheet("bodies")
    bodies.append(["id", "name", "kind", "covers", "source"])
    bodies.append(["oldham-mash", "Oldham MASH", "mash", "Oldham", "illustrative"])
    path = tmp_path / "ds.xlsx"
    book.save(path)
    notes: list[str] = []
    doc = load_dataset(path, skeleton, notes=notes)
    assert any(b.id == "oldham-mash" for b in doc.bodies)
    assert notes == [f"{path}[Sheet1]: ignored the empty sheet 'Sheet1' (not a dataset table)"]


def test_12_a_semicolon_csv_gets_one_clear_hint(tmp_path: Path, skeleton: GraphDocument) -> None:
    folder = tmp_path / "ds"
    folder.mkdir()
    (folder / "bodies.csv").write_text("id;name;kind;covers\noldham-mash;Oldham MASH;mash;Oldham\n", encoding="utf-8")
    found = _problems(folder, skeleton)
    assert len(found) == 1 and "separated by semicolons" in found[0] and "CSV UTF-8 (Comma delimited)" in found[0]


def test_13_load_check_counts_what_the_store_would_hold(db: Path, tmp_path: Path) -> None:
    from partnership_graph.stores.embedded import EmbeddedStore

    folder = tmp_path / "ds"
    folder.mkdir()
    (folder / "bodies.csv").write_text("id,name,kind,covers,source\ngedling-team,Gedling team,team,Gedling,"
                                       "illustrative\n", encoding="utf-8")
    (folder / "ownership.csv").write_text("body,issue,claim,source\ngedling-team,ASB,leads,illustrative\n",
                                          encoding="utf-8")
    g = EmbeddedStore(db).graph()
    bodies = sum(1 for _, a in g.nodes(data=True) if a.get("label") == "Body")
    claims = sum(1 for _, _, e in g.edges(data=True) if e.get("type") in ("LEADS", "SUPPORTS", "PRIORITISES", "HOLDS_DUTY"))
    out = run(db, "load", "--check", str(folder))
    assert out.exit_code == 0, out.output
    # the example already loaded in the store counts; the dataset adds one body and one claim
    assert f"{bodies + 1:,} bodies (1 new)" in out.stdout and f"{claims + 1:,} claims (1 new)" in out.stdout
    assert "nothing was loaded (--check)" in out.stdout
    assert EmbeddedStore(db).graph().number_of_nodes() == g.number_of_nodes()

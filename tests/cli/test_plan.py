"""`partnership-graph plan`: the acceptance commands of the planning pack, tried as a new user would.

The store is the skeleton plus the LGA example (a copy of the session's file, so the CLI's
``--db`` reads real data); every expectation is read from the bundled change rows.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from partnership_graph.cli import cli
from partnership_graph.loaders.bundled import DATA_DIR

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def db(_example_store_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("plan-cli") / "graph.json"
    shutil.copy(_example_store_file, path)
    return path


def run(db: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--db", str(db), "plan", *args])
    return result.exit_code, result.stdout, result.stderr


def lgr_rows(county: str) -> list[dict[str, str]]:
    with open(DATA_DIR / "changes" / "lgr_decisions.csv", newline="", encoding="utf-8") as f:
        return [r for r in csv.DictReader(f) if r["abolished_county_code"] == county]


def test_surrey_as_a_word_document_names_the_councils_and_the_safeguarding_arrangements(
        db: Path, tmp_path: Path) -> None:
    import docx

    out = tmp_path / "surrey.docx"
    code, _, err = run(db, "--area", "Surrey", "--from", "2027-03-31", "--to", "2027-04-01", "-o", str(out))
    assert code == 0, err
    assert f"Wrote {out}: planning pack for Surrey (E10000030) from 2027-03-31 to 2027-04-01" in err
    document = docx.Document(str(out))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert len(headings) >= 6 and len(document.tables) >= 6
    text = "\n".join([p.text for p in document.paragraphs]
                     + [c.text for t in document.tables for r in t.rows for c in r.cells])
    for name in {r["new_authority_name"] for r in lgr_rows("E10000030")} | {"Surrey County Council"}:
        assert name in text
    assert "East Surrey" in text and "West Surrey" in text
    scp = document.tables[[i for i, p in enumerate(
        p for p in document.paragraphs if p.style.name == "Caption")
        if p.text.startswith("Table") and "Safeguarding children partnership: bodies on" in p.text][0]]
    before, after = scp.rows[1].cells[0].text, scp.rows[1].cells[1].text
    # no published arrangement covers Surrey: the partnership is derived, named as assumed and marked
    assert "Safeguarding children partnership for Surrey (assumed: no published arrangement found)" in before
    assert "DERIVED" in before
    assert ("Safeguarding children partnership for East Surrey (assumed" in after
            and "Safeguarding children partnership for West Surrey (assumed" in after and "DERIVED" in after)
    assert "9. Sources" in headings
    sources = next(t for t in document.tables if [c.text for c in t.rows[0].cells] == ["Ref", "Title", "Date",
                                                                                       "Address"])
    assert any("legislation.gov.uk" in r.cells[3].text for r in sources.rows[1:])


def test_norfolk_to_june_2028_marks_every_change_decided_with_its_source(db: Path) -> None:
    # the acceptance command (without its appendices, which are the protocol command's drafts)
    code, out, err = run(db, "--area", "Norfolk", "--to", "2028-06-01", "--format", "md", "--no-drafts")
    assert code == 0, err
    table = out.split("*Table 1:", 1)[1].split("\n\n", 2)[1].splitlines()[2:]
    assert table
    refs = {}
    for line in out.split("## 9. Sources", 1)[1].splitlines():
        m = re.match(r"\| \[(\d+)\] \| (.*?) \| (.*?) \| (.*?) \|$", line)
        if m:
            refs[m.group(1)] = m.group(4)
    norfolk_urls = {f"<{r['source_url']}>" for r in lgr_rows("E10000020")}
    for line in table:
        assert re.search(r"\| decided(; confidence \w+)? \|", line) and "| made" not in line, line
        ref = re.search(r"\| \[(\d+)\] \|$", line)
        assert ref and refs[ref.group(1)] != "none published", line
    assert any(refs[r] in norfolk_urls for r in refs)


def test_a_council_with_no_change_gets_a_short_pack_not_an_error(db: Path) -> None:
    code, out, err = run(db, "--area", "Oldham", "--from", "2027-03-31", "--to", "2027-04-01")
    assert code == 0
    assert "No recorded change touches Oldham (district E08000004) between 31 March 2027 and 1 April 2027" in out
    assert len(out.splitlines()) < 80
    assert "Note: no recorded change touches Oldham between 2027-03-31 and 2027-04-01." in err


def test_a_users_scenario_file_and_html_output(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "cherwell.html"
    scenario = ROOT / "tests" / "changes" / "fixtures" / "north-oxfordshire.yaml"
    code, _, err = run(db, "--area", "Cherwell", "--from", "2028-03-31", "--to", "2028-04-01", "--scenario",
                       str(scenario), "-o", str(out), "--no-drafts")
    assert code == 0, err
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "North Oxfordshire Community Safety Partnership" in page
    assert "scenario (a proposal)" in page and "under scenario north-oxfordshire" in err


def test_json_goes_to_stdout(db: Path) -> None:
    import json

    code, out, _ = run(db, "--area", "Oldham", "--from", "2027-03-31", "--to", "2027-04-01", "--format", "json")
    assert code == 0 and json.loads(out)["summary"]["area_code"] == "E08000004"


@pytest.mark.parametrize(("args", "message"), [
    (["--area", "Surey Heath", "--from", "2027-03-31", "--to", "2027-04-01"], "no area named 'Surey Heath'"),
    (["--area", "Surrey", "--from", "2027-04-01", "--to", "2027-03-31"], "--to 2027-03-31 is before --from 2027-04-01"),
    (["--area", "Surrey", "--to", "2027-13-01"], "'2027-13-01' is not a date"),
    (["--area", "Surrey", "--format", "docx"], "--format docx needs -o FILE"),
    (["--area", "Surrey", "--scenario", "pcc-abolition-2082"], "no bundled scenario or file named 'pcc-abolition-2082'"),
])
def test_bad_input_exits_2_with_one_clear_message(db: Path, args: list[str], message: str) -> None:
    code, out, err = run(db, *args)
    assert code == 2 and out == ""
    assert message in err


def test_a_bad_scenario_file_names_the_file_row_and_column(db: Path) -> None:
    bad = ROOT / "tests" / "changes" / "fixtures" / "five-mistakes"
    code, _, err = run(db, "--area", "Surrey", "--scenario", str(bad))
    assert code == 2
    assert re.search(r"changes\.csv:3:2: '2028-13-01' is not a date", err)
    assert err.count("changes.csv:") == 5


def test_word_output_is_one_file_written_whole(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "sub" / "oldham.docx"
    code, _, err = run(db, "--area", "Oldham", "--from", "2027-03-31", "--to", "2027-04-01", "-o", str(out))
    assert code == 0, err
    assert out.read_bytes()[:2] == b"PK" and [p.name for p in out.parent.iterdir()] == ["oldham.docx"]
    import docx

    assert "No recorded change touches Oldham" in "\n".join(p.text for p in docx.Document(io.BytesIO(
        out.read_bytes())).paragraphs)

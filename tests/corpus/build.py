"""Builds the malformed-dataset corpus in this folder: python -m tests.corpus.build

Each case is a folder `NN-name/` holding one dataset (`data/` CSV folder, `data.yaml` or
`data.xlsx`) and `expected.txt`: the exact problem lines `partnership-graph load` must print,
with `{data}` standing for the dataset path. Expected lines are written here by hand, next to the
input that causes them, so a reader can check each one; `--refresh` is deliberately absent.
Very large inputs (a 50 MB cell, a million rows) are made at test time instead of checked in.
"""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

HERE = Path(__file__).parent
KINDS = ("council, police_force, pcc, fire_authority, probation, health, csp, csg, hwb, "
         "safeguarding_children, safeguarding_adults, mash, psb, police_and_crime_panel, "
         "scrutiny_committee, vcs, national_body, team, other, da_partnership_board, violence_reduction_unit, "
         "youth_justice, channel_panel, mappa_smb, lcjb, regional_safeguarding_board, healthwatch, "
         "regional_partnership_board, vawdasv_partnership, area_planning_board")
TABLES = "sources, issues, bodies, footprints, memberships, ownership, accountability, links, areas"
B = "id,name,kind,covers,source\n"
CASES: list[tuple[str, dict[str, bytes | str], list[str]]] = []


def case(name: str, files: dict[str, bytes | str], expected: list[str]) -> None:
    CASES.append((name, files, expected))


# --- CSV: encodings, shapes, headers -------------------------------------------------------
case("empty-file", {"data/bodies.csv": ""}, ["{data}/bodies.csv: file is empty: expected a header row"])
case("blank-lines-only", {"data/bodies.csv": "\n\n  \n"}, ["{data}/bodies.csv: file is empty: expected a header row"])
case("utf16-bom", {"data/bodies.csv": "id,name,kind\nx,X,mash\n".encode("utf-16")},
     ["{data}/bodies.csv:1:1: file is UTF-16; save it as 'CSV UTF-8' instead"])
case("latin1-bytes", {"data/bodies.csv": "id,name,kind\nx,Caf\xe9 team,team\n".encode("latin-1")},
     ["{data}/bodies.csv:2:6: not valid UTF-8 (save the file as 'CSV UTF-8' in your spreadsheet)"])
case("bom-then-bad-kind", {"data/bodies.csv": "\ufeffid,name,kind\nx,X,teem\n".encode()},
     [f"{{data}}/bodies.csv:2:3: unknown body kind 'teem' (did you mean 'team'?); one of: {KINDS}"])
case("ragged-long-row", {"data/bodies.csv": "id,name,kind\nx,X,team,extra,more\n"},
     ["{data}/bodies.csv:2:4: row has 5 cells but the header has 3"])
case("short-row", {"data/bodies.csv": "id,name,kind\nx,X\n"},
     ["{data}/bodies.csv:2:3: missing value for required column 'kind'"])
case("duplicate-header", {"data/bodies.csv": "id,name,kind,name\nx,X,team,Y\n"},
     ["{data}/bodies.csv:1:4: duplicate column 'name' (also column 2)"])
case("missing-required-column", {"data/ownership.csv": "body,claim\ncsp:oldham,leads\n"},
     ["{data}/ownership.csv:1:3: missing required column 'issue' in table 'ownership'"])
case("near-miss-column", {"data/bodies.csv": "id,nmae,kind\nx,X,team\n"},
     ["{data}/bodies.csv:1:2: unknown column 'nmae' (did you mean 'name'?)",
      "{data}/bodies.csv:1:4: missing required column 'name' in table 'bodies'"])
case("no-header-just-data", {"data/bodies.csv": "x,X,team\n"},
     ["{data}/bodies.csv:1:1: unknown column 'x'", "{data}/bodies.csv:1:2: duplicate column 'x' (also column 1)",
      "{data}/bodies.csv:1:3: unknown column 'team'",
      "{data}/bodies.csv:1:4: missing required column 'id' in table 'bodies'",
      "{data}/bodies.csv:1:5: missing required column 'name' in table 'bodies'",
      "{data}/bodies.csv:1:6: missing required column 'kind' in table 'bodies'"])
case("unknown-table-file", {"data/bodys.csv": "id,name,kind\nx,X,team\n"},
     [f"{{data}}/bodys.csv: unknown table 'bodys' (did you mean 'bodies'?); tables are: {TABLES}"])
case("unclosed-quote", {"data/bodies.csv": 'id,name,kind\nx,"X team,team\n'},
     ["{data}/bodies.csv:2:2: malformed CSV: this quoted cell is never closed (a quote \" opens it and none ends it)"])
case("nul-bytes", {"data/bodies.csv": b"id,name,kind\nx,X\x00,team\n"},
     ["{data}/bodies.csv: contains NUL bytes: not a text CSV file"])
case("empty-folder", {"data/README.txt": "nothing here\n"},
     [f"{{data}}: no dataset tables here: expected one or more of {', '.join(t + '.csv' for t in TABLES.split(', '))}"])
case("single-csv-not-a-folder", {"data.csv": "id,name,kind\n"},
     ["{data}: a dataset is a folder of CSV files, a .yaml file or an .xlsx workbook; put this file in a folder "
      "named for the dataset"])
# --- references ----------------------------------------------------------------------------
case("unknown-area", {"data/bodies.csv": B + "x,X,team,Oldam,illustrative\n"},
     ["{data}/bodies.csv:2:4: no area named 'Oldam': did you mean Oldham (LAD E08000004)?"])
case("ambiguous-area-prefix", {"data/bodies.csv": B + "x,X,team,North,illustrative\n"},
     ["{data}/bodies.csv:2:4: 'North' matches 23 areas: North Devon, North East, North East Derbyshire, "
      "North East Lincolnshire, North Hampshire, North Hertfordshire, North Kesteven, North Lincolnshire, ...; "
      "give more of the name or a GSS code"])
case("unknown-area-in-list", {"data/bodies.csv": B + "x,X,team,Oldham; Rochdlae,illustrative\n"},
     ["{data}/bodies.csv:2:4: no area named 'Rochdlae': did you mean Rochdale (LAD E08000005)?"])
case("unknown-body", {"data/memberships.csv": "member,body,role\ncouncil:oldam,csp:oldham,member\n"},
     ["{data}/memberships.csv:2:1: unknown body 'council:oldam' (did you mean 'council:oldham'?)"])
case("unknown-issue", {"data/ownership.csv": "body,issue,claim\ncsp:oldham,domestic abuses,leads\n"},
     ["{data}/ownership.csv:2:2: unknown issue 'domestic abuses' (did you mean 'Domestic abuse'?)"])
case("unknown-source", {"data/bodies.csv": B + "x,X,team,Oldham,lga-review\n"},
     ["{data}/bodies.csv:2:5: unknown source 'lga-review' (did you mean 'lga-review-2016'?); define it in the "
      "sources table"])
case("unknown-scope", {"data/ownership.csv": "body,issue,claim,scope\ncsp:oldham,DA,leads,Nowhere\n"},
     ["{data}/ownership.csv:2:4: no area named 'Nowhere'"])
# --- vocabularies ----------------------------------------------------------------------------
case("invalid-kind", {"data/bodies.csv": B + "x,X,polce_force,,\n"},
     [f"{{data}}/bodies.csv:2:3: unknown body kind 'polce_force' (did you mean 'police_force'?); one of: {KINDS}"])
case("invalid-role", {"data/memberships.csv": "member,body,role\ncouncil:oldham,csp:oldham,chairman\n"},
     ["{data}/memberships.csv:2:3: unknown role 'chairman' (did you mean 'chair'?); one of: chair, vice_chair, "
      "member, responsible_authority, safeguarding_partner, statutory_member, co_operating, co_opted, observer, "
      "secretariat, delivery"])
case("invalid-claim", {"data/ownership.csv": "body,issue,claim\ncsp:oldham,DA,lead\n"},
     ["{data}/ownership.csv:2:3: unknown claim 'lead' (did you mean 'leads'?); one of: leads, supports, prioritises"])
case("invalid-mechanism", {"data/accountability.csv": "body,accountable_to,mechanism\ncsp:oldham,council:oldham,audit\n"},
     ["{data}/accountability.csv:2:3: unknown mechanism 'audit'; one of: scrutiny, reports_to, holds_to_account"])
case("invalid-link-type", {"data/links.csv": "from,to,type\npcc:surrey,council:surrey,fund\n"},
     ["{data}/links.csv:2:3: unknown link type 'fund' (did you mean 'funds'?); one of: funds, commissions, "
      "shares_information_with"])
case("invalid-council-type", {"data/bodies.csv": "id,name,kind,council_type\nx,X,council,parish\n"},
     ["{data}/bodies.csv:2:4: unknown council type 'parish'; one of: district, county, unitary, metropolitan, "
      "london_borough, welsh_principal, city_corporation"])
case("statutory-not-boolean", {"data/memberships.csv": "member,body,role,statutory\ncouncil:oldham,csp:oldham,member,maybe\n"},
     ["{data}/memberships.csv:2:4: 'maybe' is not true or false"])
# --- ids -------------------------------------------------------------------------------------
case("duplicate-body-id", {"data/bodies.csv": "id,name,kind\nx,X,team\nx,X again,team\n"},
     ["{data}/bodies.csv:3:1: duplicate id 'x' (first defined at row 2)"])
case("duplicate-source-id", {"data/sources.csv": "id,title\ns,One\ns,Two\n"},
     ["{data}/sources.csv:3:1: duplicate id 's' (first defined at row 2)"])
case("duplicate-issue-id", {"data/issues.csv": "id,name\nwater-safety,Water safety\nwater-safety,Drowning\n"},
     ["{data}/issues.csv:3:1: duplicate id 'water-safety' (first defined at row 2)"])
case("invalid-id-characters", {"data/bodies.csv": "id,name,kind\nmy team!,X,team\n"},
     ["{data}/bodies.csv:2:1: id: String should match pattern '^[A-Za-z0-9][A-Za-z0-9_.:\\-]*$'"])
case("issue-id-uppercase", {"data/issues.csv": "id,name\nWater,Water safety\n"},
     ["{data}/issues.csv:2:1: id: String should match pattern '^[a-z0-9][a-z0-9\\-]*$'"])
# --- structure -------------------------------------------------------------------------------
case("self-membership", {"data/memberships.csv": "member,body,role\ncsp:oldham,csp:oldham,member\n"},
     ["{data}/memberships.csv:2:2: 'csp:oldham' refers to itself"])
case("self-accountability", {"data/accountability.csv": "body,accountable_to,mechanism\ncsp:oldham,csp:oldham,scrutiny\n"},
     ["{data}/accountability.csv:2:2: 'csp:oldham' refers to itself"])
case("membership-cycle", {"data/bodies.csv": "id,name,kind\na,A,team\nb,B,team\nc,C,team\n",
                          "data/memberships.csv": "member,body,role\na,b,member\nb,c,member\nc,a,member\n"},
     ["{data}/memberships.csv:4:2: membership cycle: a -> b -> c -> a"])
case("issue-cycle", {"data/issues.csv": "id,name,part_of\nx-one,X one,x-two\nx-two,X two,x-one\n"},
     ["{data}/issues.csv:3:3: issue PART_OF cycle: x-one -> x-two -> x-one"])
# --- values ----------------------------------------------------------------------------------
case("bad-date", {"data/bodies.csv": "id,name,kind,valid_from\nx,X,team,31/03/2027\n"},
     ["{data}/bodies.csv:2:4: '31/03/2027' is not a date; write it as YYYY-MM-DD"])
case("dates-run-backwards", {"data/memberships.csv": "member,body,role,valid_from,valid_to\n"
                                                      "council:oldham,csp:oldham,chair,2027-04-01,2026-04-01\n"},
     ["{data}/memberships.csv:2:5: valid_to: valid_to must be after valid_from"])
case("share-out-of-range", {"data/footprints.csv": "body,area,share\ncsp:oldham,Oldham,0\n"},
     ["{data}/footprints.csv:2:3: share: Input should be greater than 0"])
case("amount-not-a-number", {"data/links.csv": "from,to,type,amount\npcc:surrey,council:surrey,funds,lots\n"},
     ["{data}/links.csv:2:4: 'lots' is not a number"])
case("negative-amount", {"data/links.csv": "from,to,type,amount\npcc:surrey,council:surrey,funds,-5\n"},
     ["{data}/links.csv:2:4: amount: Input should be greater than or equal to 0"])
case("infinite-amount", {"data/links.csv": "from,to,type,amount\npcc:surrey,council:surrey,funds,inf\n"},
     ["{data}/links.csv:2:4: 'inf' is not a finite number"])
# --- YAML ------------------------------------------------------------------------------------
case("yaml-syntax-error", {"data.yaml": "bodies:\n  - id: x\n    name: [unclosed\n"},
     ["{data}:4:1: YAML syntax error: expected ',' or ']', but got '<stream end>'"])
case("yaml-top-level-list", {"data.yaml": "- id: x\n"},
     ["{data}:1:1: expected a mapping of table names to lists of rows"])
case("yaml-table-not-a-list", {"data.yaml": "bodies: {id: x}\n"},
     ["{data}:1:9: table 'bodies' must be a list of rows"])
case("yaml-row-not-a-mapping", {"data.yaml": "bodies:\n  - just text\n"},
     ["{data}:2:5: each row must be a mapping of column: value"])
case("yaml-python-object", {"data.yaml": "bodies:\n  - id: x\n    name: !!python/object/new:os.system [echo pwned]\n"
                                         "    kind: team\n"},
     ["{data}:3:11: YAML tag 'tag:yaml.org,2002:python/object/new:os.system' is not accepted"])
case("yaml-billion-laughs", {"data.yaml": "".join(
        [f'l{i}: &l{i} [{",".join(["*l" + str(i - 1)] * 9) if i else chr(34) + "lol" + chr(34)}]\n' for i in range(10)])},
     ["{data}: YAML anchors and aliases (&, *) are not accepted in a dataset"])
case("yaml-unknown-table", {"data.yaml": "bodys:\n  - {id: x, name: X, kind: team}\n"},
     [f"{{data}}:1:1: unknown table 'bodys' (did you mean 'bodies'?); tables are: {TABLES}"])
case("yaml-missing-required", {"data.yaml": "bodies:\n  - {id: x, kind: team}\n"},
     ["{data}:2:5: missing required column 'name'"])
case("yaml-empty", {"data.yaml": "# nothing\n"}, ["{data}: file is empty"])
case("yaml-binary-tag", {"data.yaml": "bodies:\n  - {id: x, name: !!binary aGVsbG8=, kind: team}\n"},
     ["{data}:2:19: YAML tag 'tag:yaml.org,2002:binary' is not accepted"])


def xlsx(sheets: dict[str, list[list[object]]], macro: bool = False) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buf = io.BytesIO()
    book.save(buf)
    if not macro:
        return buf.getvalue()
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item))
        dst.writestr("xl/vbaProject.bin", b"not really VBA")
    return out.getvalue()


def xlsx_cases() -> None:
    case("xlsx-formula", {"data.xlsx": xlsx({"bodies": [["id", "name", "kind"], ["x", '=HYPERLINK("http://x","X")', "team"]]})},
         ["{data}[bodies]:2:2: formulas are not accepted; paste the values instead"])
    case("xlsx-unknown-sheet", {"data.xlsx": xlsx({"Sheet1": [["id", "name", "kind"]]})},
         [f"{{data}}[Sheet1]: unknown table 'sheet1'; tables are: {TABLES}"])
    case("xlsx-missing-column", {"data.xlsx": xlsx({"bodies": [["id", "kind"], ["x", "team"]]})},
         ["{data}[bodies]:1:3: missing required column 'name' in table 'bodies'"])
    case("xlsx-macros-inside", {"data.xlsx": xlsx({"bodies": [["id", "name", "kind"]]}, macro=True)},
         ["{data}: workbook contains macros; save it as a plain .xlsx workbook (macros are never run)"])
    case("xlsm-extension", {"data.xlsm": xlsx({"bodies": [["id", "name", "kind"]]})},
         ["{data}: .xlsm workbooks are not accepted; save the workbook as .xlsx (macros are never run or read)"])
    case("xlsx-not-a-zip", {"data.xlsx": "id,name,kind\n"},
         ["{data}: not a readable .xlsx workbook (File is not a zip file)"])
    case("xlsx-empty-sheet", {"data.xlsx": xlsx({"bodies": []})},
         ["{data}[bodies]: sheet is empty: expected a header row"])
    case("xlsx-bad-kind-typed-number", {"data.xlsx": xlsx({"bodies": [["id", "name", "kind"], ["x", "X", 42]]})},
         [f"{{data}}[bodies]:2:3: unknown body kind '42'; one of: {KINDS}"])


def late_cases() -> None:
    case("repeated-relationship", {"data/memberships.csv": "member,body,role\ncouncil:oldham,csp:oldham,chair\n"
                                                           "council:oldham,csp:oldham,member\n"},
         ["{data}/memberships.csv:3:1: repeats row 2 (same MEMBER_OF 'council:oldham' -> 'csp:oldham')"])
    # issue 13: a table named twice in one YAML file; control characters; a malformed CSV file
    # does not stop the other files being checked; late integrity errors in YAML keep their cell
    case("yaml-table-twice", {"data.yaml": "bodies:\n  - {id: a, name: A, kind: team}\nsources:\n"
                                           "  - {id: s, title: S}\nbodies:\n  - {id: b, name: B, kind: team}\n"},
         ["{data}:5:1: table 'bodies' appears twice in this file (first at line 1); put all its rows under one "
          "'bodies:'"])
    case("control-characters", {"data/bodies.csv": "id,name,kind,notes\nx,X\x07 team,team,fine\r\n"
                                                   "y,Y,team,\"tab\tand\r\nnewlines are fine\"\nz,Z,team,\x1b[31m\n"},
         ["{data}/bodies.csv:2:2: control character U+0007 at character 2 of this cell; remove it (only tab, "
          "line feed and carriage return are accepted)",
          "{data}/bodies.csv:5:4: control character U+001B at character 1 of this cell; remove it (only tab, "
          "line feed and carriage return are accepted)"])
    case("yaml-control-character", {"data.yaml": 'bodies:\n  - {id: b, name: "B\\x01", kind: team}\n'},
         ["{data}:2:19: control character U+0001 at character 2 of this cell; remove it (only tab, line feed "
          "and carriage return are accepted)"])
    case("malformed-csv-and-other-files", {"data/bodies.csv": 'id,name,kind\nx,X,team\ny,"Y" team,team\n',
                                           "data/memberships.csv": "member,body,role\ncouncil:oldham,csp:oldham,chiar\n"},
         ["{data}/bodies.csv:3:2: malformed CSV: text after the closing quote of a quoted cell (' ')",
          "{data}/memberships.csv:2:3: unknown role 'chiar' (did you mean 'chair'?); one of: chair, vice_chair, "
          "member, responsible_authority, safeguarding_partner, statutory_member, co_operating, co_opted, "
          "observer, secretariat, delivery"])
    case("yaml-membership-cycle", {"data.yaml": "bodies:\n  - {id: a, name: A, kind: team}\n"
                                                "  - {id: b, name: B, kind: team}\nmemberships:\n"
                                                "  - {member: a, body: b, role: member}\n"
                                                "  - {member: b,   body: a, role: member}\n"},
         ["{data}:6:25: membership cycle: a -> b -> a"])


def far_cell_xlsx() -> bytes:
    """A 5 KB workbook whose sheet declares A1:XFD1048576: a header, one row and one far cell."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "bodies"
    sheet.append(["id", "name", "kind"])
    sheet.append(["x", "X", "team"])
    sheet["XFD1048576"] = "far"
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def empty_rows_xlsx(path: Path, rows: int) -> None:
    """A workbook (made at test time) whose bodies sheet has a header, one row, then ``rows`` rows
    holding one empty styled cell each: ~10 MB for two million rows, every row really in the XML."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "bodies"
    sheet.append(["id", "name", "kind"])
    sheet.append(["x", "X", "team"])
    buf = io.BytesIO()
    book.save(buf)
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename != "xl/worksheets/sheet1.xml":
                dst.writestr(item, data)
                continue
            head, tail = data.decode().split("</sheetData>", 1)
            with dst.open(item.filename, "w", force_zip64=True) as out:
                out.write(head.encode())
                for start in range(3, rows + 3, 10_000):
                    out.write("".join(f'<row r="{r}"><c r="A{r}" s="0"/></row>'
                                      for r in range(start, min(start + 10_000, rows + 3))).encode())
                out.write(("</sheetData>" + tail).encode())


NOT_A_NAME = "remove it (names may not hold such characters: they make one name look like another)"


def reliability_cases() -> None:
    # issue 25: workbooks read by their cells, YAML nesting bounded, names that look like others
    case("xlsx-far-cell", {"data.xlsx": far_cell_xlsx()},
         ["{data}[bodies]:1048576: more than 200000 rows (rows without values count too); delete the rows "
          "below the data, or split the dataset"])
    case("yaml-nested-50000-deep", {"data.yaml": "bodies:\n  - id: x\n    name: " + "[" * 50_000 + "]" * 50_000 + "\n"},
         ["{data}:3:28: YAML nested more than 20 levels deep; a dataset or a change file needs 5 at most (the "
          "file, a table, a row, a list in a cell, its items)"])
    case("name-bidi-override", {"data/bodies.csv": "id,name,kind\nx,Safer \u202eytinummoC\u202c Partnership,team\n"},
         ["{data}/bodies.csv:2:2: invisible or direction-changing character U+202E (RIGHT-TO-LEFT OVERRIDE) at "
          f"character 7 of this cell; {NOT_A_NAME}"])
    case("yaml-synonym-zero-width", {"data.yaml": "issues:\n  - id: water-safety\n    name: Water safety\n"
                                                  "    synonyms: [drowning, \"open\u200bwater\"]\n"},
         ["{data}:4:15: invisible or direction-changing character U+200B (ZERO WIDTH SPACE) at character 15 of "
          f"this cell; {NOT_A_NAME}"])
    case("xlsx-name-isolate", {"data.xlsx": xlsx({"bodies": [["id", "name", "kind"], ["x", "Oldham\u2066 team", "team"]]})},
         ["{data}[bodies]:2:2: invisible or direction-changing character U+2066 (LEFT-TO-RIGHT ISOLATE) at "
          f"character 7 of this cell; {NOT_A_NAME}"])


def build() -> None:
    xlsx_cases()
    late_cases()
    reliability_cases()
    for old in HERE.iterdir():
        if old.is_dir() and old.name[:2].isdigit():
            shutil.rmtree(old)
    for n, (name, files, expected) in enumerate(CASES, start=1):
        folder = HERE / f"{n:02d}-{name}"
        for rel, content in files.items():
            path = folder / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content if isinstance(content, bytes) else content.encode())
        (folder / "expected.txt").write_text("\n".join(expected) + "\n", encoding="utf-8")
    print(f"{len(CASES)} cases written to {HERE}")


if __name__ == "__main__":
    build()

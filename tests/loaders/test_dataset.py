"""User datasets: every problem reported at file:row:column, nothing half-loaded."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from partnership_graph.errors import LoadError
from partnership_graph.graphmodel import GraphDocument
from partnership_graph.loaders.dataset import load_dataset


def write(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def problems(path: Path, base: GraphDocument) -> list[str]:
    with pytest.raises(LoadError) as info:
        load_dataset(path, base)
    return [str(p) for p in info.value.problems]


GOOD = {
    "bodies.csv": "id,name,kind,covers,source\n"
                  "oldham-mash,Oldham MASH,mash,Oldham,illustrative\n",
    "memberships.csv": "member,body,role,statutory,source\n"
                       "council:oldham,oldham-mash,member,true,illustrative\n",
    "ownership.csv": "body,issue,claim,scope,source\n"
                     "oldham-mash,CSE,leads,,illustrative\n"
                     "csp:oldham,DA,prioritises,E08000004,illustrative\n",
}


def test_a_good_dataset_lays_over_the_skeleton(tmp_path: Path, skeleton: GraphDocument) -> None:
    doc = load_dataset(write(tmp_path / "ds", GOOD), skeleton)
    assert doc.counts()["bodies"] == skeleton.counts()["bodies"] + 1
    claims = {(c.start, c.end, c.claim, c.scope) for c in doc.claims}
    assert ("oldham-mash", "child-sexual-exploitation", "LEADS", None) in claims
    assert ("csp:oldham", "domestic-abuse", "PRIORITISES", "E08000004") in claims
    covers = [c for c in doc.covers if c.start == "oldham-mash"]
    assert [(c.end, c.share) for c in covers] == [("E08000004", 1.0)]


def test_five_different_mistakes_are_all_reported_with_file_row_column(tmp_path: Path,
                                                                       skeleton: GraphDocument) -> None:
    ds = write(tmp_path / "ds", {
        "bodies.csv": "id,name,kind,covers,source\n"
                      "oldham-mash,Oldham MASH,mash,Oldam,illustrative\n"        # unknown area
                      "gm-soc,GM SOC team,polce_force,Greater Manchester,illustrative\n"  # invalid kind
                      "oldham-mash,Oldham MASH again,mash,Oldham,illustrative\n",  # duplicate id
        "memberships.csv": "member,body,statutory\n"                              # missing column role
                           "council:oldham,oldham-mash,true\n",
        "ownership.csv": "body,issue,claim,source\n"
                         "csp:oldam,domestic-abuse,leads,illustrative\n",          # unknown body id
    })
    found = problems(ds, skeleton)
    b, m, o = ds / "bodies.csv", ds / "memberships.csv", ds / "ownership.csv"
    assert found == [
        f"{b}:2:4: no area named 'Oldam': did you mean Oldham (LAD E08000004)?",
        f"{b}:3:3: unknown body kind 'polce_force' (did you mean 'police_force'?); one of: council, "
        "police_force, pcc, fire_authority, probation, health, csp, csg, hwb, safeguarding_children, "
        "safeguarding_adults, mash, psb, police_and_crime_panel, scrutiny_committee, vcs, national_body, "
        "team, other, da_partnership_board, violence_reduction_unit, youth_justice, channel_panel, mappa_smb, "
        "lcjb, regional_safeguarding_board, healthwatch, regional_partnership_board, vawdasv_partnership, "
        "area_planning_board",
        f"{b}:4:1: duplicate id 'oldham-mash' (first defined at row 2)",
        f"{m}:1:4: missing required column 'role' in table 'memberships'",
        f"{o}:2:1: unknown body 'csp:oldam' (did you mean 'csp:oldham'?)",
    ]


@pytest.mark.parametrize("files, expected", [
    ({"bodies.csv": "id,name,knd\nx,X,mash\n"},
     ["bodies.csv:1:3: unknown column 'knd' (did you mean 'kind'?)",
      "bodies.csv:1:4: missing required column 'kind' in table 'bodies'"]),
    ({"bodies.csv": "id,name,kind,valid_from,valid_to\nx,X,mash,2024-04-01,2023-01-01\n"},
     ["bodies.csv:2:5: valid_to: valid_to must be after valid_from"]),
    ({"bodies.csv": "id,name,kind,valid_from\nx,X,mash,1st April\n"},
     ["bodies.csv:2:4: '1st April' is not a date; write it as YYYY-MM-DD"]),
    ({"ownership.csv": "body,issue,claim\ncsp:oldham,modren slavery,leads\n"},
     ["ownership.csv:2:2: unknown issue 'modren slavery' (did you mean 'Modern slavery'?)"]),
    ({"ownership.csv": "body,issue,claim\ncsp:oldham,DA,owns\n"},
     ["ownership.csv:2:3: unknown claim 'owns'; one of: leads, supports, prioritises"]),
    ({"memberships.csv": "member,body,role\ncsp:oldham,csp:oldham,member\n"},
     ["memberships.csv:2:2: 'csp:oldham' refers to itself"]),
    ({"bodies.csv": "id,name,kind\nx,,mash\n"},
     ["bodies.csv:2:2: missing value for required column 'name'"]),
    ({"bodys.csv": "id,name,kind\nx,X,mash\n"},
     ["bodys.csv: unknown table 'bodys' (did you mean 'bodies'?); tables are: sources, issues, bodies, "
      "footprints, memberships, ownership, accountability, links, areas"]),
    ({"footprints.csv": "body,area,share\ncsp:oldham,Oldham,1.5\n"},
     ["footprints.csv:2:3: share: Input should be less than or equal to 1"]),
    ({"ownership.csv": "body,issue,claim,source\ncsp:oldham,DA,leads,lga-reveiw-2016\n"},
     ["ownership.csv:2:4: unknown source 'lga-reveiw-2016' (did you mean 'lga-review-2016'?); "
      "define it in the sources table"]),
])
def test_each_mistake_names_its_place(tmp_path: Path, skeleton: GraphDocument, files: dict[str, str],
                                      expected: list[str]) -> None:
    ds = write(tmp_path / "ds", files)
    assert problems(ds, skeleton) == [f"{ds}/{e}" for e in expected]


def test_membership_cycle_is_refused_at_the_row_that_closes_it(tmp_path: Path, skeleton: GraphDocument) -> None:
    ds = write(tmp_path / "ds", {
        "bodies.csv": "id,name,kind\na,A,team\nb,B,team\n",
        "memberships.csv": "member,body,role\na,b,member\nb,a,member\n",
    })
    assert problems(ds, skeleton) == [f"{ds}/memberships.csv:3:2: membership cycle: a -> b -> a"]


def test_ragged_rows_and_bad_encoding_are_reported(tmp_path: Path, skeleton: GraphDocument) -> None:
    ds = write(tmp_path / "ds", {"bodies.csv": "id,name,kind\nx,X,mash,surplus\n"})
    (ds / "sources.csv").write_bytes(b"id,title\ns1,Caf\xe9 report\n")
    assert problems(ds, skeleton) == [
        f"{ds}/bodies.csv:2:4: row has 4 cells but the header has 3",
        f"{ds}/sources.csv:2:7: not valid UTF-8 (save the file as 'CSV UTF-8' in your spreadsheet)",
    ]


def test_a_bom_is_tolerated(tmp_path: Path, skeleton: GraphDocument) -> None:
    ds = tmp_path / "ds"
    ds.mkdir()
    (ds / "bodies.csv").write_bytes("\ufeffid,name,kind\nx,X,mash\n".encode())
    doc = load_dataset(ds, skeleton)
    assert any(b.id == "x" for b in doc.bodies)


def test_yaml_dataset_reports_line_and_column(tmp_path: Path, skeleton: GraphDocument) -> None:
    path = tmp_path / "ds.yaml"
    path.write_text(
        "bodies:\n"
        "  - id: oldham-mash\n"
        "    name: Oldham MASH\n"
        "    kind: masj\n"
        "    covers: [Oldham]\n"
        "ownership:\n"
        "  - {body: oldham-mash, issue: CSE, claim: leads}\n", encoding="utf-8")
    assert problems(path, skeleton) == [
        f"{path}:4:11: unknown body kind 'masj' (did you mean 'mash'?); one of: council, police_force, pcc, "
        "fire_authority, probation, health, csp, csg, hwb, safeguarding_children, safeguarding_adults, mash, "
        "psb, police_and_crime_panel, scrutiny_committee, vcs, national_body, team, other, da_partnership_board, "
        "violence_reduction_unit, youth_justice, channel_panel, mappa_smb, lcjb, regional_safeguarding_board, "
        "healthwatch, regional_partnership_board, vawdasv_partnership, area_planning_board",
    ]


def test_yaml_python_tags_and_aliases_are_refused_without_constructing(tmp_path: Path,
                                                                       skeleton: GraphDocument) -> None:
    tagged = tmp_path / "tagged.yaml"
    tagged.write_text("bodies:\n  - id: x\n    name: !!python/object/apply:os.system ['echo pwned']\n"
                      "    kind: mash\n", encoding="utf-8")
    assert problems(tagged, skeleton) == [
        f"{tagged}:3:11: YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not accepted"]
    laughs = tmp_path / "laughs.yaml"
    laughs.write_text('a: &a ["lol","lol"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: [*b,*b,*b,*b,*b,*b,*b,*b]\n',
                      encoding="utf-8")
    assert problems(laughs, skeleton) == [
        f"{laughs}: YAML anchors and aliases (&, *) are not accepted in a dataset"]


def test_xlsx_workbook_matches_the_csv_form(tmp_path: Path, skeleton: GraphDocument) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "bodies"
    sheet.append(["id", "name", "kind", "covers", "source"])
    sheet.append(["oldham-mash", "Oldham MASH", "mash", "Oldham", "illustrative"])
    own = book.create_sheet("ownership")
    own.append(["body", "issue", "claim"])
    own.append(["oldham-mash", "CSE", "leads"])
    own.append(["oldham-mash", "=1+1", "leads"])
    path = tmp_path / "ds.xlsx"
    book.save(path)
    assert problems(path, skeleton) == [
        f"{path}[ownership]:3:2: formulas are not accepted; paste the values instead"]
    own.delete_rows(3)
    book.save(path)
    doc = load_dataset(path, skeleton, name="same")  # the same dataset name, so that only the content counts
    csv_doc = load_dataset(write(tmp_path / "csv", {
        "bodies.csv": "id,name,kind,covers,source\noldham-mash,Oldham MASH,mash,Oldham,illustrative\n",
        "ownership.csv": "body,issue,claim\noldham-mash,CSE,leads\n"}), skeleton, name="same")
    assert doc.model_copy(update={"dataset": None}) == csv_doc.model_copy(update={"dataset": None})


def test_yaml_form_equals_csv_form(tmp_path: Path, skeleton: GraphDocument) -> None:
    path = tmp_path / "ds.yaml"
    path.write_text(yaml.safe_dump({
        "bodies": [{"id": "oldham-mash", "name": "Oldham MASH", "kind": "mash", "covers": ["Oldham"],
                    "source": "illustrative"}],
        "memberships": [{"member": "council:oldham", "body": "oldham-mash", "role": "member",
                         "statutory": True, "source": "illustrative"}],
        "ownership": [{"body": "oldham-mash", "issue": "CSE", "claim": "leads", "source": "illustrative"},
                      {"body": "csp:oldham", "issue": "DA", "claim": "prioritises", "scope": "E08000004",
                       "source": "illustrative"}],
    }), encoding="utf-8")
    yaml_doc, csv_doc = load_dataset(path, skeleton), load_dataset(write(tmp_path / "ds", GOOD), skeleton)
    assert yaml_doc.dataset.name == csv_doc.dataset.name == "ds"  # type: ignore[union-attr]  # file stem, folder name
    assert yaml_doc.model_copy(update={"dataset": None}) == csv_doc.model_copy(update={"dataset": None})


def test_the_bundled_example_loads_and_every_claim_cites_a_source(example_doc: GraphDocument) -> None:
    sources = {s.id: s for s in example_doc.sources}
    assert example_doc.claims
    assert all(c.source in sources for c in example_doc.claims)
    # what the review states is authoritative; what it does not is illustrative (statutory and
    # sourced claims of the national skeleton are left aside here)
    local = [c for c in example_doc.claims if not c.statutory and not c.start.startswith("vru:")
             and not c.source.startswith("register:")]
    stated = [c for c in local if sources[c.source].authoritative]
    invented = [c for c in local if not sources[c.source].authoritative]
    assert stated and invented
    assert all(c.source == "lga-review-2016" for c in stated)
    assert all(c.evidence is None for c in invented)

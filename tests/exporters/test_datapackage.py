"""The open register: a Frictionless data package that frictionless itself validates, tried as a user would.

Packages are built once per module from the session's example store (the national skeleton with
the bundled example); facts are read from the bundled data (the ONS lookups), never hard-coded.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
import zipfile
from collections import defaultdict
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from partnership_graph.cli import cli
from partnership_graph.exporters.datapackage import DataPackage, build_package
from partnership_graph.exporters.datapackage.schema import RESOURCES
from partnership_graph.exporters.datapackage.tables import select_on
from partnership_graph.stores.embedded import EmbeddedStore
from tests._today import Today

ROOT = Path(__file__).resolve().parents[2]
LOOKUP = ROOT / "partnership_graph" / "data" / "ons" / "lad_csp_pfa.csv"   # ONS LAD24_CSP24_PFA24_EW_LU
TODAY = date.today().isoformat()
LATER = "2027-06-01"    # after Surrey's unitaries (1 April 2027): the reconstruction date


def publish(store_file: Path, *args: str) -> Any:
    return CliRunner().invoke(cli, ["--db", str(store_file), "publish", *args], catch_exceptions=False)


def read_csv(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


def as_at(package: Path) -> str:
    """The date the package written to ``package`` is as at (its datapackage.json says)."""
    day: str = json.loads((package / "datapackage.json").read_text())["partnership_graph"]["as_at"]
    return day


@pytest.fixture(scope="module")
def publishing() -> Today:
    """Today while ``published`` ran: the date its package must be as at."""
    return Today()


@pytest.fixture(scope="module")
def published(_example_store_file: Path, tmp_path_factory: pytest.TempPathFactory, publishing: Today) -> Path:
    """``partnership-graph publish -o reg/`` on the example store, as a user runs it (today)."""
    out = tmp_path_factory.mktemp("publish") / "reg"
    with publishing:
        result = publish(_example_store_file, "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "frictionless validate" in result.stderr
    return out


@pytest.fixture(scope="module")
def store(_example_store_file: Path) -> EmbeddedStore:
    return EmbeddedStore(_example_store_file)


@pytest.fixture(scope="module")
def today(store: EmbeddedStore) -> DataPackage:
    return build_package(store, on=TODAY)


@pytest.fixture(scope="module")
def every_date(store: EmbeddedStore) -> DataPackage:
    return build_package(store, on=TODAY, all_dates=True)


def frictionless_report(descriptor: Path) -> Any:
    import frictionless

    return frictionless.validate(str(descriptor))


# -- acceptance: publish, validate, publish again ------------------------------------------------------
def test_publish_writes_a_package_that_frictionless_validates(published: Path) -> None:
    # `frictionless validate reg/datapackage.json`, the command a data user runs
    done = subprocess.run([sys.executable, "-m", "frictionless", "validate", "--json",
                           str(published / "datapackage.json")], capture_output=True, text=True, timeout=300)
    report = json.loads(done.stdout)
    assert done.returncode == 0 and report["valid"], done.stdout[-3000:]
    assert sorted(t["name"] for t in report["tasks"]) == sorted(r.name for r in RESOURCES)
    assert all(t["valid"] and t["stats"]["rows"] > 0 for t in report["tasks"])


def test_frictionless_checks_the_foreign_keys_the_schema_declares(published: Path, tmp_path: Path) -> None:
    # a membership of a body that bodies.csv does not hold must fail validation as a foreign-key error
    descriptor = json.loads((published / "datapackage.json").read_text())
    keep = {"bodies", "memberships", "sources"}
    descriptor["resources"] = [r for r in descriptor["resources"] if r["name"] in keep]
    for r in descriptor["resources"]:
        del r["hash"], r["bytes"]                  # the files are cut down below
        shutil.copy(published / r["path"], tmp_path / r["path"])
    rows = (tmp_path / "memberships.csv").read_bytes().decode("utf-8").split("\r\n")
    member = rows[1].split(",", 1)[0]
    rows[1] = rows[1].replace(member, "no-such-body", 1)
    (tmp_path / "memberships.csv").write_bytes(("\r\n".join(rows[:20]) + "\r\n").encode("utf-8"))
    (tmp_path / "datapackage.json").write_text(json.dumps(descriptor))
    report = frictionless_report(tmp_path / "datapackage.json")
    errors = report.flatten(["type", "message"])
    assert not report.valid
    assert [e[0] for e in errors] == ["foreign-key"], errors
    assert "no-such-body" in errors[0][1]


def test_publishing_again_gives_identical_bytes(published: Path, _example_store_file: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    assert publish(_example_store_file, "-o", str(again)).exit_code == 0
    names = sorted(p.name for p in published.iterdir())
    assert names == sorted(p.name for p in again.iterdir())
    assert len(names) == len(RESOURCES) + 1
    for name in names:
        assert (published / name).read_bytes() == (again / name).read_bytes(), name
    # and the zip holds the same files, twice the same bytes, with fixed entry dates
    first, second = tmp_path / "a.zip", tmp_path / "b.zip"
    assert publish(_example_store_file, "-o", str(first)).exit_code == 0
    assert publish(_example_store_file, "-o", str(second)).exit_code == 0
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as z:
        infos = z.infolist()
        assert infos[0].filename == "datapackage.json"
        assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
        assert {i.filename: z.read(i) for i in infos} == {n: (published / n).read_bytes() for n in names}


def test_the_descriptor_declares_licences_keys_and_vocabularies(published: Path, publishing: Today) -> None:
    from partnership_graph.graphmodel.vocab import AreaKind, BodyKind

    d = json.loads((published / "datapackage.json").read_text())
    assert d["profile"] == "tabular-data-package" and d["version"]
    assert {lic["name"] for lic in d["licenses"]} >= {"OGL-UK-3.0", "MIT"}
    assert d["contributors"]
    publishing.said(d["partnership_graph"]["as_at"])        # publish's default date: today
    by_name = {r["name"]: r for r in d["resources"]}
    for r in by_name.values():
        assert r["schema"]["primaryKey"], r["name"]
        assert all(f["description"] for f in r["schema"]["fields"]), r["name"]
    kinds = {f["name"]: f for f in by_name["bodies"]["schema"]["fields"]}["kind"]
    assert kinds["constraints"]["enum"] == BodyKind.values()
    area_kinds = {f["name"]: f for f in by_name["areas"]["schema"]["fields"]}["kind"]
    assert area_kinds["constraints"]["enum"] == AreaKind.values()
    fks = {(tuple(k["fields"]), k["reference"]["resource"]) for k in by_name["memberships"]["schema"]["foreignKeys"]}
    assert {(("member_id",), "bodies"), (("body_id",), "bodies")} <= fks


def test_sources_carry_their_licence(published: Path) -> None:
    rows = list(csv.DictReader((published / "sources.csv").open(encoding="utf-8")))
    legislation = [r for r in rows if "legislation.gov.uk" in r["address"]]
    ons = [r for r in rows if r["id"].startswith("ons-")]
    assert legislation and ons
    assert {r["licence"] for r in legislation + ons} == {"OGL-UK-3.0"}
    assert "MIT" in {r["licence"] for r in rows}


# -- what is published ---------------------------------------------------------------------------
def test_bodies_are_one_row_per_body_that_stats_counts_on_the_date(published: Path, _example_store_file: Path) -> None:
    stats = CliRunner().invoke(cli, ["--db", str(_example_store_file), "stats", "--format", "json",
                                     "--on", as_at(published)])    # publish's date (today when it ran)
    expected = {r["kind"]: r["count"] for r in json.loads(stats.stdout) if r["label"] == "Body"}
    rows = list(csv.DictReader((published / "bodies.csv").open(encoding="utf-8")))
    per_kind: dict[str, int] = defaultdict(int)
    for r in rows:
        per_kind[r["kind"]] += 1
    assert per_kind == expected
    assert len({r["id"] for r in rows}) == len(rows) == sum(expected.values())


def test_every_body_cites_a_source_or_is_derived_with_its_reason(published: Path) -> None:
    sources = {r["id"]: r for r in csv.DictReader((published / "sources.csv").open(encoding="utf-8"))}
    rows = list(csv.DictReader((published / "bodies.csv").open(encoding="utf-8")))
    for r in rows:
        assert r["source"] in sources, r["id"]
        assert (sources[r["source"]]["authoritative"] == "true") == (r["source_authoritative"] == "true"), r["id"]
        if r["derived"] == "true":
            assert r["basis"] == "derived" and r["derived_reason"], r["id"]
        elif r["source_authoritative"] == "true":
            assert r["basis"] == "sourced", r["id"]
        else:                                   # flagged: never presented as fact
            assert r["basis"] == ("illustrative" if r["source"] == "illustrative" else "not_authoritative"), r["id"]
    bases = {r["basis"] for r in rows}
    assert {"sourced", "derived", "illustrative"} <= bases


def test_no_illustrative_claim_is_published_in_leads(published: Path, store: EmbeddedStore) -> None:
    from partnership_graph.queries.reader import reader

    g = reader(store, on=as_at(published)).graph()
    authoritative = {a["id"]: bool(a.get("authoritative", True)) for _, a in g.nodes(data=True)
                     if a.get("label") == "Source"}
    claims = [(g.nodes[u], e) for u, v, e in g.edges(data=True)
              if e.get("type") in ("LEADS", "SUPPORTS", "PRIORITISES", "HOLDS_DUTY")]
    invented = [(b["id"], e["source"]) for b, e in claims if e.get("source") == "illustrative"]
    assert invented, "the example has illustrative claims: the test must be able to fail"
    as_fact = [(b["id"], e["source"]) for b, e in claims
               if authoritative.get(e.get("source", "")) and b.get("source") != "illustrative"]
    rows = list(csv.DictReader((published / "leads.csv").open(encoding="utf-8")))
    assert sorted((r["body_id"], r["source"]) for r in rows) == sorted(as_fact)
    assert not {r["source"] for r in rows} & {s for s, ok in authoritative.items() if not ok}


def test_counts_hold_the_published_counts_beside_the_package(today: DataPackage) -> None:
    from partnership_graph.exporters.datapackage.published import published_counts

    counts = {(r["element"], r["kind"]): r for r in today.counts}
    bodies = today.tables["bodies"]
    for kind, p in published_counts().items():
        row = counts[("body", kind)]
        assert row["published_count"] == p.published_count and row["published_address"] == p.source_url
        assert row["count"] == sum(1 for b in bodies if b["kind"] == kind)
        assert row["derived"] == sum(1 for b in bodies if b["kind"] == kind and b["derived"])
    assert counts[("area", "LAD")]["count"] == sum(1 for a in today.tables["areas"] if a["kind"] == "LAD")


def test_footprints_are_the_footprints_every_question_uses(today: DataPackage, store: EmbeddedStore) -> None:
    from partnership_graph.queries._common import footprint
    from partnership_graph.queries.reader import reader

    g = reader(store, on=TODAY).graph()
    mine: dict[str, dict[str, float]] = defaultdict(dict)
    for r in today.tables["footprints"]:
        mine[r["body_id"]][r["district_code"]] = r["share"]
    partial = 0
    for b in today.tables["bodies"]:
        expected = {lad: round(share, 9) for lad, share in footprint(g, b["id"]).items()}
        assert mine.get(b["id"], {}) == expected, b["id"]
        partial += any(share < 1 for share in expected.values())
    assert partial, "some footprint holds part of a district (ICBs by LSOA share)"


# -- dates ---------------------------------------------------------------------------------------------
def test_all_dates_filtered_on_a_date_is_the_package_on_that_date(every_date: DataPackage, store: EmbeddedStore) -> None:
    later = build_package(store, on=LATER)
    changed = 0
    for r in RESOURCES:
        if not r.dated:
            continue
        filtered = select_on(every_date.tables[r.name], LATER)
        assert filtered == later.tables[r.name], r.name
        assert filtered, r.name
        changed += filtered != select_on(every_date.tables[r.name], TODAY)
    assert changed, "the graph changes between today and 2027-06-01 (Surrey): the test must be able to fail"
    assert later.tables["sources"] == [s for s in every_date.tables["sources"]
                                       if s["id"] in {x["id"] for x in later.tables["sources"]}]


def test_the_all_dates_package_validates_with_dated_rows(every_date: DataPackage, tmp_path: Path) -> None:
    from partnership_graph.exporters.datapackage import write_package

    write_package(every_date, tmp_path / "all")
    report = frictionless_report(tmp_path / "all" / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "message"])[:10]
    ended = [b for b in every_date.tables["bodies"] if b["valid_to"]]
    decided = [b for b in every_date.tables["bodies"] if b["change_status"] == "decided"]
    assert ended and decided
    assert all(b["valid_from"] for b in decided)


def test_a_scenario_publishes_its_changes_marked_announced(store: EmbeddedStore) -> None:
    from partnership_graph.changes import apply_to_graph
    from partnership_graph.national import load_scenario
    from partnership_graph.exporters.datapackage.schema import resource
    from partnership_graph.stores.dated import ProjectionStore

    g = store.graph()
    overlaid = ProjectionStore(apply_to_graph(g, load_scenario("pcc-abolition-2028", g)))
    package = build_package(overlaid, on=TODAY, all_dates=True)
    allowed = {f.name: f.enum for f in resource("bodies").fields}["change_status"]
    statuses = {r["change_status"] for t in ("bodies", "memberships", "leads") for r in package.tables[t]}
    assert "announced" in statuses and statuses - {None} <= set(allowed or ())


# -- facts, read back as a data user would ---------------------------------------------------------------
def test_pandas_reads_the_package_and_finds_what_the_lookups_say(published: Path) -> None:
    import pandas as pd

    lookup = list(csv.DictReader(LOOKUP.open(encoding="utf-8")))
    areas = pd.read_csv(published / "areas.csv", dtype=str, keep_default_na=False)
    pfas = set(areas.loc[areas.kind == "PFA", "code"])
    assert pfas == {r["PFA24CD"] for r in lookup} and len(pfas) == 43

    # a CSP's member councils: the districts they cover are the CSP's districts in the lookup
    parts = pd.read_csv(published / "area_parts.csv", dtype=str, keep_default_na=False)
    footprints = pd.read_csv(published / "footprints.csv", dtype=str, keep_default_na=False)
    bodies = pd.read_csv(published / "bodies.csv", dtype=str, keep_default_na=False)
    members = pd.read_csv(published / "memberships.csv", dtype=str, keep_default_na=False)
    csp_lads: dict[str, set[str]] = defaultdict(set)
    for r in lookup:
        csp_lads[r["CSP24CD"]].add(r["LAD24CD"])
    checked = 0
    for code, lads in sorted(csp_lads.items()):
        if len(lads) < 2 or set(parts.loc[parts.part_of_code == code, "area_code"]) != lads:
            continue                              # one district, or redrawn by a dated change
        covering = footprints[footprints.via_areas == code].merge(bodies[bodies.kind == "csp"],
                                                                  left_on="body_id", right_on="id")
        assert covering.body_id.nunique() == 1 and set(covering.district_code) == lads, code
        authorities = members[(members.body_id == covering.body_id.iloc[0])
                              & (members.role == "responsible_authority")]
        councils = bodies[bodies.id.isin(authorities.member_id) & (bodies.kind == "council")
                          & (bodies.council_type != "county")]
        assert set(footprints.loc[footprints.body_id.isin(councils.id), "district_code"]) == lads, code
        checked += 1
    assert checked >= 5


# -- the user's own data --------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def with_user_dataset(_example_store_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A copy of the example store with a small dataset of the user's own loaded (``my-data``)."""
    folder = tmp_path_factory.mktemp("user")
    db = folder / "graph.json"
    shutil.copy(_example_store_file, db)
    ds = folder / "my-data"
    ds.mkdir()
    (ds / "sources.csv").write_text("id,title,url\nmy-tor,My board's terms of reference,https://example.org/tor\n")
    (ds / "bodies.csv").write_text("id,name,kind,covers,source\nmy-board,My Safer Oldham Board,other,Oldham,my-tor\n")
    (ds / "ownership.csv").write_text("body,issue,claim,source\nmy-board,DA,leads,my-tor\n")
    result = CliRunner().invoke(cli, ["--db", str(db), "load", str(ds)])
    assert result.exit_code == 0, result.output
    yield db


def test_a_users_dataset_is_published_only_when_named(with_user_dataset: Path) -> None:
    store = EmbeddedStore(with_user_dataset)
    left_out = build_package(store, on=TODAY)
    named = build_package(store, on=TODAY, include_datasets=["my-data"])
    assert "my-board" not in {b["id"] for b in left_out.tables["bodies"]}
    assert "my-tor" not in {s["id"] for s in left_out.tables["sources"]}
    assert left_out.datasets == ("lga-review", "national-skeleton")
    board = [b for b in named.tables["bodies"] if b["id"] == "my-board"]
    assert [(b["datasets"], b["source"]) for b in board] == [("my-data", "my-tor")]
    assert [(r["issue_id"], r["role"]) for r in named.tables["leads"] if r["body_id"] == "my-board"] == \
        [("domestic-abuse", "leads")]
    assert len(named.tables["bodies"]) == len(left_out.tables["bodies"]) + 1


def test_an_unknown_dataset_name_exits_2_and_names_the_loaded_ones(with_user_dataset: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["--db", str(with_user_dataset), "publish", "-o", str(tmp_path / "x"),
                                      "--include-datasets", "my-dta"])
    assert result.exit_code == 2
    assert result.stderr == ("Error: no dataset named 'my-dta' is loaded (did you mean 'my-data'?); loaded: "
                             "my-data (partnership-graph datasets)\n")
    assert not (tmp_path / "x").exists()


def test_publishing_over_a_file_that_is_not_a_zip_is_refused(_example_store_file: Path, tmp_path: Path) -> None:
    target = tmp_path / "register"
    target.write_text("keep me")
    result = CliRunner().invoke(cli, ["--db", str(_example_store_file), "publish", "-o", str(target)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {target} is a file; publish writes datapackage.json")
    assert target.read_text() == "keep me"


# -- both stores -----------------------------------------------------------------------------------------
@pytest.mark.neo4j
def test_the_package_from_neo4j_is_the_package_from_the_embedded_store(neo4j_example: Any,
                                                                      store: EmbeddedStore) -> None:
    from partnership_graph.stores.dated import ProjectionStore

    read_once = ProjectionStore(neo4j_example.graph())     # build_package reads Store.graph(): read it once
    for kwargs in ({"on": TODAY}, {"on": TODAY, "all_dates": True}):
        from_neo4j = build_package(read_once, **kwargs)  # type: ignore[arg-type]
        embedded = build_package(store, **kwargs)  # type: ignore[arg-type]
        assert from_neo4j.tables["bodies"]
        for name, data in embedded.files.items():
            assert from_neo4j.files[name] == data, name


def test_every_column_of_every_file_is_documented_in_docs_register() -> None:
    text = (ROOT / "docs" / "register.md").read_text(encoding="utf-8")
    for r in RESOURCES:
        section = text.split(f"### `{r.path}`", 1)[1].split("\n### ", 1)[0].split("\n## ", 1)[0]
        assert [c for c in r.columns if f"`{c}`" not in section] == [], r.path

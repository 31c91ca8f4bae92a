"""The bundled changes, scenarios and diff, pinned to the sourced rows in data/changes/.

Every number here comes from the bundled data as it gives it: the ONS 2024 lookups and the
rows of partnership_graph/data/changes/*.csv (each citing its source).
"""

from __future__ import annotations

import csv
import hashlib
from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from click.testing import CliRunner

from partnership_graph.changes import ChangeError, apply_to_document, apply_to_graph, scenario_names
from partnership_graph.national import bundled_register, load_scenario
from partnership_graph.queries.diff import diff_graph
from partnership_graph.cli import cli
from partnership_graph.errors import LoadError
from partnership_graph.graphmodel import GraphDocument
from partnership_graph.loaders.bundled import DATA_DIR, ONS_DIR
from partnership_graph.queries.bodies import find_bodies
from partnership_graph.graphmodel.projection import edge_rows, node_rows
from partnership_graph.stores.dated import ProjectionStore, as_at
from partnership_graph.stores.embedded import EmbeddedStore

FIXTURES = Path(__file__).parent / "fixtures"


def projection(doc: GraphDocument) -> nx.MultiDiGraph[str]:
    g: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    g.add_nodes_from(node_rows(doc))
    g.add_edges_from(edge_rows(doc))
    return g


@pytest.fixture(scope="module")
def graph(skeleton: GraphDocument) -> nx.MultiDiGraph[str]:
    return projection(skeleton)


def count(g: nx.MultiDiGraph[str], attr: str, value: str) -> int:
    return sum(1 for _, a in g.nodes(data=True) if a.get(attr) == value)


def parents(g: nx.MultiDiGraph[str], lad: str, kind: str) -> dict[str, float]:
    return {g.nodes[v]["name"]: a["share"] for _, v, a in g.out_edges(f"Area:{lad}", data=True)
            if a["type"] == "PART_OF" and g.nodes[v].get("kind") == kind}


# -- the register ------------------------------------------------------------------------------

def test_csps_on_the_2024_lookup_and_on_2026_12_01(graph: nx.MultiDiGraph[str]) -> None:
    with open(ONS_DIR / "lad_csp_pfa.csv", newline="", encoding="utf-8") as f:
        on_lookup = {r["CSP24CD"] for r in csv.DictReader(f)}
    assert len(on_lookup) == 314
    then = as_at(graph, "2026-12-01")
    # 7 LADs each run one CSP: 20 legacy CSPs wholly inside them end, 7 single CSPs start;
    # Dorset's legacy CSP (E22000367) stays, for Dorset Council only
    assert count(then, "kind", "CSP") == 314 - 20 + 7 == 301
    # two joint Welsh partnerships each serve two of those CSP areas (data/register/wales:
    # Conwy and Denbighshire, Gwynedd and Anglesey), so two bodies fewer than areas
    assert count(then, "kind", "csp") == 301 - 2
    assert "Area:E22000367" in then and "Area:E22000063" not in then
    assert parents(then, "E06000058", "CSP") == {"Safer BCP (BCP Community Safety Partnership)": 1.0}
    assert parents(then, "E06000059", "CSP") == {"Dorset": 1.0}
    # North Northamptonshire's row is low confidence: carried into the body's notes, and its
    # source is not authoritative
    nn = next(a for _, a in then.nodes(data=True) if a.get("kind") == "csp"
              and a["name"].startswith("North Northamptonshire"))
    assert "confidence low" in nn["notes"]
    assert then.nodes[f"Source:{nn['source']}"]["authoritative"] is False


def test_waverley_icbs_and_shares_before_and_after_april_2026(graph: nx.MultiDiGraph[str]) -> None:
    # ONS 2024: 29 of Waverley's 82 LSOAs in Frimley (Farnham), 53 in Surrey Heartlands
    assert parents(as_at(graph, "2025-06-01"), "E07000216", "ICB") == {
        "NHS Frimley Integrated Care Board": pytest.approx(29 / 82, abs=1e-6),
        "NHS Surrey Heartlands Integrated Care Board": pytest.approx(53 / 82, abs=1e-6)}
    assert parents(as_at(graph, "2026-06-01"), "E07000216", "ICB") == {
        "NHS Surrey and Sussex Integrated Care Board": 1.0}


def test_icbs_on_2026_04_01_twelve_dissolved_into_six_and_hampshire_grows(graph: nx.MultiDiGraph[str]) -> None:
    before, after = as_at(graph, "2026-03-31"), as_at(graph, "2026-04-01")
    assert count(before, "kind", "ICB") == 42
    assert count(after, "kind", "ICB") == 42 - 12 + 6
    # Hart: 14 of 59 LSOAs already in Hampshire and the Isle of Wight, its 45 Frimley ones join
    hiow = "NHS Hampshire and Isle of Wight Integrated Care Board"
    assert parents(before, "E07000089", "ICB")[hiow] == pytest.approx(14 / 59, abs=1e-6)
    assert parents(after, "E07000089", "ICB") == {hiow: 1.0}
    # every LAD's ICB shares still add up to 1 (English LADs)
    for lad, a in after.nodes(data=True):
        if a.get("kind") == "LAD" and a["code"].startswith("E"):
            shares = parents(after, a["code"], "ICB")
            assert abs(sum(shares.values()) - 1) < 1e-5, (a["name"], shares)
    new = [a for _, a in after.nodes(data=True) if a.get("kind") == "ICB" and a.get("valid_from") == "2026-04-01"]
    assert len(new) == 6 and all("code of our own" in a["notes"] for a in new)


def police_and_crime(g: nx.MultiDiGraph[str], day: str, area: str) -> list[str]:
    return [r.name for r in find_bodies(ProjectionStore(g), kind="pcc", area=area, on=date.fromisoformat(day))]


def test_who_holds_police_and_crime_functions_for_sheffield(graph: nx.MultiDiGraph[str]) -> None:
    assert police_and_crime(graph, "2024-01-01", "Sheffield") == ["Police and Crime Commissioner for South Yorkshire"]
    assert police_and_crime(graph, "2024-06-01", "Sheffield") == [
        "Mayor of South Yorkshire (police and crime commissioner functions)"]
    # North Yorkshire: the PFCC until 7 May 2024, the mayor from then
    assert police_and_crime(graph, "2023-06-01", "York") == [
        "Police, Fire and Crime Commissioner for North Yorkshire"]
    assert police_and_crime(graph, "2024-06-01", "York") == [
        "Mayor of York and North Yorkshire (PCC functions)"]


def test_the_mayors_body_inherits_accountability_and_cooperation(graph: nx.MultiDiGraph[str]) -> None:
    g = as_at(graph, "2024-06-01")
    mayor = "Body:mayor-pcc:south-yorkshire"
    assert ("Body:police:south-yorkshire", mayor) in {(u, v) for u, v, a in g.in_edges(mayor, data=True)
                                                      if a["type"] == "ACCOUNTABLE_TO"}
    assert g.has_edge(mayor, "Body:csp:sheffield")  # co-operating with the CSP (PRSRA 2011)


def test_register_applies_the_same_to_document_and_graph(skeleton: GraphDocument) -> None:
    """One compiled list of operations: applying a scenario to the document or to its projection
    gives the same projection."""
    changes = load_scenario("lgr-essex-suffolk-2028")
    via_doc = projection(apply_to_document(skeleton, changes))
    via_graph = apply_to_graph(projection(skeleton), changes)
    assert sorted(via_doc.nodes(data=True)) == sorted(via_graph.nodes(data=True))
    assert sorted(via_doc.edges(keys=True, data=True)) == sorted(via_graph.edges(keys=True, data=True))


def test_surrey_diff_across_1_april_2027(graph: nx.MultiDiGraph[str]) -> None:
    d = diff_graph(graph, "2027-03-31", "2027-04-01", area="Surrey")
    counts = d.counts()
    assert counts["area"] == {"created": 4, "ended": 12}   # 2 unitaries + 2 CSP areas; county + 11 CSPs
    # ended: 12 councils, 11 CSPs, the CSG, and the county's HWB, SCP, SAB, youth justice service,
    # Channel panel, DA local partnership board and Healthwatch; each unitary gets its council and
    # the eight statutory bodies of an upper tier (derived until a source names them), and the
    # county council's fire functions pass to an assumed (derived) successor
    assert counts["body"] == {"created": 19, "ended": 31}
    created = {r.subject: r for r in d.rows if r.section == "body" and r.change == "created"}
    assert set(created) == {f"{p}:{s}" for p in ("council", "csp", "hwb", "scp", "sab", "yjs", "channel", "dalpb",
                                                  "healthwatch")
                            for s in ("east-surrey", "west-surrey")} | {"fire:surrey-assumed-successor"}
    assert created["fire:surrey-assumed-successor"].derived
    assert created["csp:east-surrey"].derived and not created["council:east-surrey"].derived
    assert created["yjs:east-surrey"].derived and created["healthwatch:west-surrey"].derived
    ended = {r.subject for r in d.rows if r.section == "area" and r.change == "ended"}
    assert "E10000030" in ended and "E22000288" in ended  # Surrey county; Waverley CSP
    # Waverley's council was a responsible authority of Waverley CSP; West Surrey Council is one
    # of West Surrey CSP, moved there by the change
    starts = {r.subject: r for r in d.rows if r.section == "membership" and r.change == "starts"}
    assert "council:west-surrey -> csp:west-surrey" in starts
    assert "lgr-" in starts["council:west-surrey -> csp:west-surrey"].detail
    assert {r.subject for r in d.rows if r.section == "protocol" and r.change == "new"} == {
        f"{p}:{s}" for p in ("csp", "hwb", "scp", "sab") for s in ("east-surrey", "west-surrey")}
    gone = {r.subject for r in d.rows if r.section == "coterminosity" and r.change == "gone"}
    assert "E22000288 / E23000031" in gone  # Waverley CSP within Surrey police
    new = {r.subject: r.detail for r in d.rows if r.section == "coterminosity" and r.change == "new"}
    assert new["E22999009 / E23000031"].startswith("within")  # West Surrey CSP within Surrey police
    assert new["E22999009 / E06999002"].startswith("equal")  # and coterminous with West Surrey


def test_pcc_scenario_replaces_pccs_in_may_2028(graph: nx.MultiDiGraph[str]) -> None:
    changes = load_scenario("pcc-abolition-2028")
    assert changes.statuses == ["announced"]
    g = apply_to_graph(graph, changes)
    assert police_and_crime(g, "2028-04-01", "Guildford") == ["Police and Crime Commissioner for Surrey"]
    after = police_and_crime(g, "2028-06-01", "Guildford")
    assert after == ["Policing and crime governance for Surrey from May 2028: Mayor where a mayoral strategic "
                     "authority covers the force area, otherwise a Policing and Crime Board of council leaders "
                     "(with a Policing and Crime Lead)"]
    # Sheffield already has a mayor: no row for South Yorkshire, nothing changes there
    assert police_and_crime(g, "2028-06-01", "Sheffield") == police_and_crime(graph, "2028-06-01", "Sheffield")
    # the store's graph is not touched
    assert police_and_crime(graph, "2028-06-01", "Guildford") == ["Police and Crime Commissioner for Surrey"]


def test_every_bundled_change_cites_a_source_and_a_known_status() -> None:
    for s in [bundled_register(), *(load_scenario(n) for n in scenario_names())]:
        assert s.changes
        for c in s.changes:
            assert c.source.title and c.source.id.split(":")[0].endswith(".csv")
            assert c.status in (("enacted", "decided") if s.name == "register" else ("announced",))


# -- a user's scenario -------------------------------------------------------------------------

def test_user_scenario_merging_two_oxfordshire_districts_shows_in_diff(graph: nx.MultiDiGraph[str]) -> None:
    changes = load_scenario(str(FIXTURES / "north-oxfordshire.yaml"))
    assert changes.name == "north-oxfordshire" and changes.statuses == ["proposal"]
    d = diff_graph(apply_to_graph(graph, changes), "2028-03-31", "2028-04-01", area="Oxfordshire")
    cot = {(r.change, r.subject): r.detail for r in d.rows if r.section == "coterminosity"}
    # the two district CSPs each lay within Thames Valley police, Oxfordshire fire, the
    # Thames Valley ICB (from 2026) and Oxfordshire county; the merged CSP does the same
    for old in ("E22000305", "E22000315"):
        for other in ("E23000029", "E10000025"):
            assert cot[("gone", f"{old} / {other}")].startswith("was within")
    assert cot[("new", "E22999501 / E23000029")].startswith("within")
    assert cot[("new", "E22999501 / E10000025")].startswith("within")
    bodies = {(r.change, r.subject) for r in d.rows if r.section == "body"}
    assert {("created", "csp:north-oxfordshire"), ("created", "council:north-oxfordshire"),
            ("ended", "csp:cherwell"), ("ended", "council:cherwell")} <= bodies
    redraft = {r.subject: r.detail for r in d.rows if r.section == "protocol" and r.change == "redraft"}
    # the county strategy group's parties change: two district CSPs leave, the merged one joins
    assert redraft["csg:oxfordshire"] == ("parties change: leave csp:cherwell, csp:west-oxfordshire; "
                                          "join csp:north-oxfordshire")


def test_five_mistakes_give_five_positioned_errors_exit_2_and_the_store_unchanged(tmp_path: Path) -> None:
    db = tmp_path / "graph.json"
    EmbeddedStore(db).load(GraphDocument.build(areas=[], bodies=[]))
    before = hashlib.sha256(db.read_bytes()).hexdigest() if db.exists() else None
    result = CliRunner().invoke(cli, ["--db", str(db), "scenario", "check", str(FIXTURES / "five-mistakes")],
                                env={"PARTNERSHIP_GRAPH_STORE": None})
    assert result.exit_code == 2
    lines = [x for x in result.output.splitlines() if "changes.csv:" in x]
    where = [x.split(": ", 1)[0].split("changes.csv:")[1] for x in lines]
    assert where == ["3:2", "4:3", "5:4", "6:9", "7:12"], result.output
    assert "did you mean 'decided'" in lines[1] and "did you mean Swale" in lines[3]
    assert "5 problems found" in result.output
    after = hashlib.sha256(db.read_bytes()).hexdigest() if db.exists() else None
    assert before == after


def test_a_change_that_cannot_apply_is_refused_at_its_row(tmp_path: Path) -> None:
    f = tmp_path / "s.yaml"
    f.write_text("changes:\n  - id: x\n    date: 2027-01-01\n    status: proposal\n    operation: move_lad\n"
                 "    lad: Waverley\n    from: Kent\n    to: csp:Guildford\n    source_title: mine\n")
    with pytest.raises(LoadError) as e:
        load_scenario(str(f))
    assert str(e.value.problems[0]).startswith(f"{f}:2:")
    assert "E07000216 is not part of E10000016" in str(e.value)


def test_apply_to_graph_refuses_unknown_references(graph: nx.MultiDiGraph[str]) -> None:
    from datetime import date

    from partnership_graph.changes import Change, ChangeSource

    bad = Change("x", date(2027, 1, 1), "proposal", "end_body", {"body": "csp:nowhere"}, ChangeSource("s", "t"))
    with pytest.raises(ChangeError, match="no body 'csp:nowhere'"):
        apply_to_graph(graph, [bad])


# -- the CLI -----------------------------------------------------------------------------------

def cli_run(*args: str, db: Path) -> Any:
    return CliRunner().invoke(cli, ["--db", str(db), *args], env={"PARTNERSHIP_GRAPH_STORE": None})


@pytest.fixture(scope="module")
def skeleton_db(tmp_path_factory: pytest.TempPathFactory, skeleton: GraphDocument) -> Path:
    db = tmp_path_factory.mktemp("skeleton") / "graph.json"
    EmbeddedStore(db).load(skeleton)
    return db


def test_scenario_list_shows_status_and_source(skeleton_db: Path) -> None:
    result = cli_run("scenario", "list", db=skeleton_db)
    assert result.exit_code == 0, result.output
    assert "pcc-abolition-2028" in result.output and "announced" in result.output
    assert "register" in result.output and "enacted, decided" in result.output


def test_scenario_option_answers_as_if_applied_without_writing(skeleton_db: Path) -> None:
    before = hashlib.sha256(skeleton_db.read_bytes()).hexdigest()
    # the policing body starts in May 2028: ask about a date after it
    plain = cli_run("bodies", "--kind", "pcc", "--area", "Guildford", "--format", "json", "--on", "2028-06-01",
                    db=skeleton_db)
    with_s = cli_run("bodies", "--kind", "pcc", "--area", "Guildford", "--format", "json", "--on", "2028-06-01",
                     "--scenario", "pcc-abolition-2028", db=skeleton_db)
    assert plain.exit_code == 0 and with_s.exit_code == 0, with_s.output
    assert "policing:surrey-2028" in with_s.output and "policing:" not in plain.output
    assert hashlib.sha256(skeleton_db.read_bytes()).hexdigest() == before


def test_diff_command_formats(skeleton_db: Path) -> None:
    md = cli_run("diff", "--from", "2027-03-31", "--to", "2027-04-01", "--area", "Waverley", "--format", "md",
                 db=skeleton_db)
    assert md.exit_code == 0, md.output
    assert md.output.startswith("# What changes from 2027-03-31 to 2027-04-01 in Waverley")
    assert "| ended | council:waverley | Waverley Borough Council |" in md.output
    bad = cli_run("diff", "--from", "2027-02-30", "--to", "2027-04-01", db=skeleton_db)
    assert bad.exit_code == 2 and "not a date" in bad.output


def test_bundled_change_files_carry_their_attribution() -> None:
    readme = (DATA_DIR / "changes" / "README.md").read_text(encoding="utf-8")
    assert "Open Government Licence v3.0" in readme
    for name in ("csp_unitary_mergers.csv", "icb_changes_2026.csv", "lgr_decisions.csv",
                 "police_fire_governance.csv"):
        assert name in readme and (DATA_DIR / "changes" / name).exists()


@pytest.mark.neo4j
def test_scenario_gives_identical_answers_on_both_stores(neo4j_skeleton: Any, skeleton_db: Path) -> None:
    from partnership_graph.queries.coterminosity import coterminosity
    from partnership_graph.queries.gaps import gaps

    changes = load_scenario("pcc-abolition-2028")
    answers = []
    for store in (neo4j_skeleton, EmbeddedStore(skeleton_db)):
        view = ProjectionStore(as_at(apply_to_graph(store.graph(), changes), "2028-06-01"))
        answers.append((
            [r.name for r in find_bodies(view, kind="pcc", area="Surrey", on=date(2028, 6, 1))],
            [r.model_dump() for r in coterminosity(view, "csp,pfa", area="Surrey", on=date(2028, 6, 1))],
            [r.model_dump() for r in gaps(view, "Surrey", on=date(2028, 6, 1))],
        ))
    assert answers[0] == answers[1]
    assert answers[0][0] and answers[0][1]


def test_retired_and_new_codes_of_barnsley_and_sheffield_resolve_with_a_note() -> None:
    from partnership_graph.resolve import AreaIndex, AreaRef

    index = AreaIndex([AreaRef("E08000016", "Barnsley", "LAD"), AreaRef("E08000019", "Sheffield", "LAD"),
                       AreaRef("E08000039", "Sheffield (new code)", "LAD")])
    barnsley = index.resolve("E08000038")
    assert barnsley.code == "E08000016" and "2025 ONS code of Barnsley" in (barnsley.note or "")
    sheffield = index.resolve("E08000019")  # the old code, where the data holds the new one too
    assert sheffield.code == "E08000019" and sheffield.note is None
    only_new = AreaIndex([AreaRef("E08000039", "Sheffield", "LAD")])
    found = only_new.resolve("e08000019")
    assert found.code == "E08000039" and "retired by ONS in 2025" in (found.note or "")
    assert index.resolve("E08000016").note is None

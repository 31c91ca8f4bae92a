"""Named datasets: a reload replaces what that dataset said before, on both stores.

Each load is a named dataset (the national skeleton is ``national-skeleton``); every node and
relationship records the datasets that state it; a reload removes (or, with ``keep_history``,
end-dates) what the dataset no longer states, unless another dataset still states it.
"""

from __future__ import annotations

import csv
import datetime
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx
import pytest
from click.testing import CliRunner

from partnership_graph.cli import cli
from partnership_graph.errors import LoadError, StoreError
from partnership_graph.graphmodel import GraphDocument
from partnership_graph.national import load_dataset
from partnership_graph.loaders.bundled import EXAMPLE_DATASET
from partnership_graph.stores.embedded import EmbeddedStore

from .test_neo4j import assert_same_graph

if TYPE_CHECKING:
    from ..conftest import Neo4jServer

DROPPED_BODY = "north-yorkshire-ldt-craven"   # a body of the example with a footprint and memberships
CRAVEN_SHARE = 0.09                           # its stated share of North Yorkshire (footprints.csv)
NORTH_YORKSHIRE = "E06000065"


@pytest.fixture(params=["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def store_factory(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Callable[[], Any]]:
    """A function giving the store under test (the same one on every call), emptied first."""
    if request.param == "embedded":
        store = EmbeddedStore(tmp_path / "graph.json")
        yield lambda: store
        return
    server: Neo4jServer = request.getfixturevalue("neo4j_server")
    request.getfixturevalue("neo4j_store")  # empties the database
    from partnership_graph.stores.neo4j import Neo4jStore

    with Neo4jStore.connect(server.settings()) as neo:
        yield lambda: neo


def rewrite(path: Path, change: Callable[[list[list[str]]], list[list[str]]]) -> None:
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    with open(path, "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(change(rows))


def edited_example(folder: Path) -> Path:
    """The example with one ownership row changed, one body and one membership deleted."""
    target = folder / "lga-review"
    shutil.copytree(EXAMPLE_DATASET, target)
    # ownership row 2: hwb:central-bedfordshire leads substance-misuse -> leads serious-violence
    rewrite(target / "ownership.csv", lambda rows: [rows[0], [rows[1][0], "serious-violence", *rows[1][2:]],
                                                    *rows[2:]])
    for name in ("bodies.csv", "footprints.csv", "memberships.csv", "accountability.csv", "ownership.csv",
                 "links.csv"):
        rewrite(target / name, lambda rows: [r for r in rows if DROPPED_BODY not in r[:2]])
    # and one membership of another body: the first row
    rewrite(target / "memberships.csv", lambda rows: [rows[0], *rows[2:]])
    return target


def fresh(tmp_path: Path, *docs: GraphDocument) -> nx.MultiDiGraph:
    store = EmbeddedStore(tmp_path / f"fresh-{len(list(tmp_path.iterdir()))}.json")
    for doc in docs:
        store.load(doc)
    return store.graph()


def covers_shares(g: nx.MultiDiGraph, area: str) -> dict[str, float]:
    return {u: a["share"] for u, v, a in g.edges(data=True) if v == f"Area:{area}" and a["type"] == "COVERS"
            and a["datasets"] != ["national-skeleton"]}


def test_a_reload_replaces_what_the_dataset_said(store_factory: Callable[[], Any], example_doc: GraphDocument,
                                                 tmp_path: Path) -> None:
    store = store_factory()
    store.load(example_doc)
    before = store.graph()
    assert f"Body:{DROPPED_BODY}" in before
    edited = load_dataset(str(edited_example(tmp_path)))
    assert edited.dataset is not None and edited.dataset.name == example_doc.dataset.name == "lga-review"  # type: ignore[union-attr]
    summary = store.load(edited)
    after = store.graph()
    assert_same_graph(after, fresh(tmp_path, edited))
    assert f"Body:{DROPPED_BODY}" not in after
    assert summary.nodes_removed == 1 and summary.relationships_removed >= 3  # body, its edges, the claim
    # the changed claim: the old edge is gone, not kept beside the new one
    claims = {(v, a["type"]) for u, v, a in after.out_edges("Body:hwb:central-bedfordshire", data=True)
              if a["type"] == "LEADS"}
    assert ("Issue:serious-violence", "LEADS") in claims and ("Issue:substance-misuse", "LEADS") not in claims
    # footprint shares count once: Craven's 0.09 of North Yorkshire went with it
    shares_before, shares_after = covers_shares(before, NORTH_YORKSHIRE), covers_shares(after, NORTH_YORKSHIRE)
    assert f"Body:{DROPPED_BODY}" not in shares_after
    assert sum(shares_before.values()) - sum(shares_after.values()) == pytest.approx(CRAVEN_SHARE)
    # a second reload changes nothing
    again = store.load(edited)
    assert not again.changed_anything


def test_every_element_records_the_datasets_that_state_it(store_factory: Callable[[], Any],
                                                          example_doc: GraphDocument) -> None:
    store = store_factory()
    store.load(example_doc)
    g = store.graph()
    assert g.nodes["Area:E08000004"]["datasets"] == ["national-skeleton"]
    assert g.nodes["Body:oldham-mash"]["datasets"] == ["lga-review"]
    # the example restates a skeleton body (pcc:greater-manchester): both datasets state it
    assert g.nodes["Body:pcc:greater-manchester"]["datasets"] == ["lga-review", "national-skeleton"]
    assert all(a["datasets"] for _, a in g.nodes(data=True))
    assert all(a["datasets"] for *_, a in g.edges(data=True))
    listed = {d.name: d for d in store.datasets()}
    assert set(listed) == {"lga-review", "national-skeleton"}
    assert listed["lga-review"].source == str(EXAMPLE_DATASET.resolve())
    stated = [a for _, a in g.nodes(data=True) if "lga-review" in a["datasets"]]
    assert listed["lga-review"].nodes == len(stated) == 15
    assert listed["lga-review"].relationships == sum(1 for *_, a in g.edges(data=True)
                                                     if "lga-review" in a["datasets"])
    assert datetime.datetime.fromisoformat(listed["lga-review"].loaded_at.replace("Z", "+00:00")).year >= 2026


def two_datasets(tmp_path: Path) -> tuple[Path, Path]:
    a, b = tmp_path / "county-a", tmp_path / "county-b"
    for folder, extra in ((a, "team-a,Team A,team\n"), (b, "team-b,Team B,team\n")):
        folder.mkdir()
        (folder / "bodies.csv").write_text("id,name,kind,covers\nshared-hub,Shared hub,mash,E08000004\n" + extra)
    return a, b


def test_a_body_two_datasets_state_stays_until_neither_does(store_factory: Callable[[], Any],
                                                            tmp_path: Path) -> None:
    store = store_factory()
    a, b = two_datasets(tmp_path)
    store.load(load_dataset(str(a)))
    store.load(load_dataset(str(b)))
    g = store.graph()
    assert g.nodes["Body:shared-hub"]["datasets"] == ["county-a", "county-b"]
    removed = store.remove_dataset("county-a")
    g = store.graph()
    assert "Body:shared-hub" in g and g.nodes["Body:shared-hub"]["datasets"] == ["county-b"]
    assert "Body:team-a" not in g and "Body:team-b" in g
    assert removed.nodes_removed == 1 and [d.name for d in store.datasets()] == ["county-b", "national-skeleton"]
    assert_same_graph(g, fresh(tmp_path, load_dataset(str(b))))
    (b / "bodies.csv").write_text("id,name,kind\nteam-b,Team B,team\n")
    store.load(load_dataset(str(b)))
    assert "Body:shared-hub" not in store.graph()
    with pytest.raises(StoreError, match="no dataset 'county-c' is loaded.*did you mean 'county-b'"):
        store.remove_dataset("county-c")


def test_a_skeleton_body_gets_its_own_version_back(store_factory: Callable[[], Any], skeleton: GraphDocument,
                                                   tmp_path: Path) -> None:
    store = store_factory()
    folder = tmp_path / "renames"
    folder.mkdir()
    (folder / "bodies.csv").write_text("id,name,kind\ncsp:oldham,Safer Oldham Partnership,csp\n")
    other = tmp_path / "other"
    other.mkdir()
    (other / "bodies.csv").write_text("id,name,kind\nmy-team,My team,team\n")
    store.load(load_dataset(str(folder)))
    store.load(load_dataset(str(other)))  # keep_existing: does not revert the rename
    assert store.graph().nodes["Body:csp:oldham"]["name"] == "Safer Oldham Partnership"
    (folder / "bodies.csv").write_text("id,name,kind\nmy-hub,My hub,mash\n")
    store.load(load_dataset(str(folder)))
    g = store.graph()
    original = next(b for b in skeleton.bodies if b.id == "csp:oldham")
    assert g.nodes["Body:csp:oldham"]["name"] == original.name
    assert g.nodes["Body:csp:oldham"]["datasets"] == ["national-skeleton"]


def test_keep_history_end_dates_instead_of_removing(store_factory: Callable[[], Any], example_doc: GraphDocument,
                                                    tmp_path: Path) -> None:
    store = store_factory()
    store.load(example_doc)
    edited = load_dataset(str(edited_example(tmp_path)))
    summary = store.load(edited, keep_history=True, today=datetime.date(2026, 3, 1))
    g = store.graph()
    body = g.nodes[f"Body:{DROPPED_BODY}"]
    assert body["valid_to"] == "2026-03-01" and body["datasets"] == []
    old_claim = g.edges["Body:hwb:central-bedfordshire", "Issue:substance-misuse", "LEADS||"]
    assert old_claim["valid_to"] == "2026-03-01" and old_claim["datasets"] == []
    assert summary.nodes_ended == 1 and summary.nodes_removed == summary.relationships_removed == 0
    # restated later, it is current again
    store.load(example_doc)
    assert "valid_to" not in store.graph().nodes[f"Body:{DROPPED_BODY}"]


def test_keep_history_removes_what_was_not_yet_in_force(store_factory: Callable[[], Any], tmp_path: Path) -> None:
    """Ending a body that starts after ``today`` would give it valid_to before valid_from: it (and
    its footprint) goes as it would without history, while a current body is end-dated."""
    store = store_factory()
    folder = tmp_path / "my-county"
    folder.mkdir()
    bodies = folder / "bodies.csv"
    bodies.write_text("id,name,kind,covers,valid_from\n"
                      "my-hub,My hub,mash,E08000004,2020-01-01\n"
                      "new-hub,New hub,mash,E08000004,2027-06-01\n"
                      "kept-hub,Kept hub,mash,E08000004,\n")
    store.load(load_dataset(str(folder)))
    bodies.write_text("id,name,kind,covers,valid_from\nkept-hub,Kept hub,mash,E08000004,\n")
    summary = store.load(load_dataset(str(folder)), keep_history=True, today=datetime.date(2026, 12, 1))
    g = store.graph()
    assert "Body:new-hub" not in g
    assert g.nodes["Body:my-hub"]["valid_to"] == "2026-12-01"
    assert (summary.nodes_removed, summary.nodes_ended) == (1, 1)
    assert (summary.relationships_removed, summary.relationships_ended) == (1, 1)   # the two COVERS
    for _, attrs in [*g.nodes(data=True), *((e, a) for *e, a in g.edges(keys=True, data=True))]:
        if attrs.get("valid_from") and attrs.get("valid_to"):
            assert attrs["valid_from"] < attrs["valid_to"], attrs


def test_the_skeleton_name_is_reserved_and_names_default_to_the_file(tmp_path: Path) -> None:
    folder = tmp_path / "my-county"
    folder.mkdir()
    (folder / "bodies.csv").write_text("id,name,kind\nmy-hub,My hub,mash\n")
    assert load_dataset(str(folder)).dataset.name == "my-county"  # type: ignore[union-attr]
    assert load_dataset(str(folder), name="Oldham 2026").dataset.name == "Oldham 2026"  # type: ignore[union-attr]
    with pytest.raises(LoadError, match="'national-skeleton' is the national skeleton's"):
        load_dataset(str(folder), name="national-skeleton")
    with pytest.raises(LoadError, match="is not a usable name"):
        load_dataset(str(folder), name="bad\x07name")


def test_the_datasets_command_lists_and_removes(tmp_path: Path) -> None:
    db = str(tmp_path / "graph.json")
    a, b = two_datasets(tmp_path)
    runner = CliRunner()
    for folder in (a, b):
        assert runner.invoke(cli, ["--db", db, "load", str(folder)]).exit_code == 0
    listed = runner.invoke(cli, ["--db", db, "datasets", "--format", "csv"])
    assert listed.exit_code == 0, listed.output
    lines = listed.stdout.splitlines()
    assert lines[0] == "name,loaded_at,source,nodes,relationships"
    assert [line.split(",")[0] for line in lines[1:]] == ["county-a", "county-b", "national-skeleton"]
    assert lines[1].split(",")[2:] == [str(a.resolve()), "2", "1"]  # two bodies, one footprint
    removed = runner.invoke(cli, ["--db", db, "datasets", "--remove", "county-a"])
    assert removed.exit_code == 0, removed.output
    assert "Removed the dataset county-a" in removed.stderr and "1 nodes and 0 relationships removed" in removed.stderr
    assert [line.split()[0] for line in removed.stdout.splitlines()[2:]] == ["county-b", "national-skeleton"]
    reloaded = runner.invoke(cli, ["--db", db, "load", str(b), "--name", "county-b"])
    assert "0 created, 0 changed" in reloaded.stdout

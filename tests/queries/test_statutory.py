"""Issue 11 acceptance: statutory leads read from the data, gaps the law fills, scrutiny lines,
derived bodies marked, and a joint arrangement replacing derived boards on both stores."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from partnership_graph import datasets
from partnership_graph.errors import LoadError
from partnership_graph.loaders.dataset import (
    joint_arrangements, load_dataset, skeleton_after_removal, skeleton_for,
)
from partnership_graph.national import national_skeleton
from partnership_graph.queries.accountability import accountability_unscrutinised
from partnership_graph.queries.bodies import find_bodies
from partnership_graph.queries.gaps import gaps
from partnership_graph.queries.who_leads import who_leads
from partnership_graph.stores.dated import ProjectionStore, iso, valid_on
from partnership_graph.stores.embedded import EmbeddedStore

from ..conftest import Neo4jServer

if TYPE_CHECKING:
    from neo4j import Driver

    from partnership_graph.graphmodel import GraphDocument

# (area, the body that leads safeguarding children, and safeguarding adults, and the section)
ENGLISH = [("Birmingham", "scp:birmingham", "sab:birmingham"),
           ("Oldham", "scp:oldham", "sab:oldham"),
           ("Surrey", "scp:surrey", "sab:surrey")]
WELSH = [("Cardiff", "rsb:cardiff-and-vale"), ("Bridgend", "rsb:cwm-taf-morgannwg"),
         ("Wrexham", "rsb:north-wales"), ("Powys", "rsb:mid-and-west-wales")]


@pytest.mark.parametrize("area,scp,sab", ENGLISH)
def test_who_leads_safeguarding_in_english_areas(example_store: EmbeddedStore, area: str, scp: str, sab: str) -> None:
    for issue, body, section in (("safeguarding children", scp, "ca-2004-s16e"),
                                 ("safeguarding adults", sab, "care-act-2014-s43")):
        # a local claim (the example's illustrative one in Central Bedfordshire) may sit beside
        # the statutory lead; it never removes it
        leads = [r for r in who_leads(example_store, issue, area) if r.role == "lead" and r.statutory]
        assert [(r.body_id, r.source, r.statutory, r.fit) for r in leads] == [(body, section, True, "whole")]
        assert leads[0].derived and "no row of the bundled register" in (leads[0].derived_reason or "")
        assert "Children Act 2004, section 16E" in leads[0].source_title or "Care Act 2014, section 43" in leads[0].source_title


def test_central_bedfordshire_s_leads_are_its_published_arrangements(example_store: EmbeddedStore) -> None:
    # its own safeguarding children partnership (confirmed_single) and the board it shares with
    # Bedford (scp_sab_arrangements), each citing its register row beside the Act
    from partnership_graph.loaders.register import register_rows

    own = next(r for r in register_rows("safeguarding/confirmed_single.csv")
               if r["council_code"] == "E06000056" and r["kind"] == "scp")
    shared = next(r for r in register_rows("safeguarding/scp_sab_arrangements.csv")
                  if r["kind"] == "sab" and "E06000056" in r.codes("council_codes"))
    for issue, row, section in (("safeguarding children", own, "ca-2004-s16e"),
                                ("safeguarding adults", shared, "care-act-2014-s43")):
        leads = [r for r in who_leads(example_store, issue, "Central Bedfordshire") if r.role == "lead"]
        statutory = [r for r in leads if r.statutory]
        assert [(r.source, r.body_source, r.derived) for r in statutory] == [(section, row.source_id, False)]
        # the example's illustrative claim sits beside the statutory lead; it never removes it
        assert all(r.body_id == statutory[0].body_id for r in leads)


def _today(store: EmbeddedStore) -> Any:
    """The store's graph without the edges that do not count today (the as-at rule)."""
    g = store.graph().copy()
    day = iso(None)
    g.remove_edges_from([(u, v, k) for u, v, k, a in g.edges(keys=True, data=True) if not valid_on(a, day)])
    return g


@pytest.mark.parametrize("area,board", WELSH)
def test_who_leads_safeguarding_in_welsh_areas(example_store: EmbeddedStore, area: str, board: str) -> None:
    today = ProjectionStore(_today(example_store))  # Bridgend's board changed in 2019
    for issue in ("safeguarding children", "safeguarding adults"):
        leads = [r for r in who_leads(today, issue, area) if r.role == "lead"]
        assert [(r.body_id, r.source, r.statutory) for r in leads] == [(board, "sswwa-2014-s134", True)]
        assert "Social Services and Well-being (Wales) Act 2014, section 134" in leads[0].source_title


def test_serious_violence_duty_holders_are_shown_but_do_not_lead(example_store: EmbeddedStore) -> None:
    rows = who_leads(example_store, "serious violence", "Oldham")
    roles = Counter(r.role for r in rows)
    assert [r.body_id for r in rows if r.role == "lead"] == ["csp:oldham"]
    assert roles["duty"] >= 6 and {"police:greater-manchester", "council:oldham"} <= {
        r.body_id for r in rows if r.role == "duty"}
    assert all(r.statutory and r.source == "pcsca-2022-s8-11" for r in rows if r.role == "duty")


STATUTORY_ISSUES = ["safeguarding children", "safeguarding adults", "youth justice", "anti-social behaviour",
                    "reoffending", "substance misuse", "Prevent", "domestic homicide reviews"]


@pytest.mark.parametrize("area", ["Birmingham", "Oldham", "Cardiff", "Bridgend", "Surrey"])
def test_gaps_require_is_empty_where_the_law_assigns_a_lead(example_store: EmbeddedStore, area: str) -> None:
    assert [g for g in gaps(example_store, area, required=STATUTORY_ISSUES) if g.body_id is None] == []


def test_gaps_require_is_empty_nationally_for_safeguarding(example_store: EmbeddedStore) -> None:
    required = ["safeguarding children", "safeguarding adults", "youth justice"]
    assert [g for g in gaps(example_store, None, required=required) if g.body_id is None] == []


def test_gaps_require_still_finds_what_the_law_does_not_assign(example_store: EmbeddedStore) -> None:
    # modern slavery has no statutory lead: requiring it leaves a gap in Birmingham
    found = [g for g in gaps(example_store, "Birmingham", required=["modern slavery"]) if g.body_id is None]
    assert [g.issue_id for g in found] == ["modern-slavery"]


def test_no_safeguarding_children_partnership_is_unscrutinised(example_store: EmbeddedStore) -> None:
    rows = accountability_unscrutinised(example_store)
    assert not [r for r in rows if r.kind in ("safeguarding_children", "safeguarding_adults")]


def test_bodies_listing_marks_derived_and_illustrative(example_store: EmbeddedStore) -> None:
    rows = {r.id: r for r in find_bodies(example_store, area="Oldham")}
    assert rows["oldham-mash"].authoritative is False and rows["oldham-mash"].source == "illustrative"
    assert rows["scp:oldham"].derived and rows["sab:oldham"].derived and rows["yjs:oldham"].derived
    assert not rows["csp:oldham"].derived and rows["csp:oldham"].authoritative


JOINT = ("id,name,kind,covers,source,replaces_derived,notes\n"
         "sab:joint-test,Joint Safeguarding Adults Board (test),safeguarding_adults,"
         "E08000004;E08000005;E08000002;E08000008,illustrative,yes,four councils share one board\n")
# four councils whose safeguarding adults boards the register does not publish (so they are derived)
FOUR = ["sab:oldham", "sab:rochdale", "sab:bury", "sab:tameside"]


def _joint_dataset(tmp_path: Path) -> Path:
    ds = tmp_path / "joint"
    ds.mkdir()
    (ds / "bodies.csv").write_text(JOINT, encoding="utf-8")
    return ds


def test_a_joint_board_replaces_the_four_derived_boards(tmp_path: Path, skeleton: GraphDocument) -> None:
    doc = load_dataset(_joint_dataset(tmp_path), skeleton)
    ids = {b.id for b in doc.bodies}
    assert not ids & set(FOUR) and "sab:joint-test" in ids
    # the boards in force today are one fewer than four (the skeleton also holds earlier boards, and
    # those of the dated 2027-28 reorganisations)
    today = date.today().isoformat()

    def in_force(d: GraphDocument) -> int:
        return sum(1 for b in d.bodies if b.kind == "safeguarding_adults" and (b.valid_from is None or str(
            b.valid_from) <= today) and (b.valid_to is None or today < str(b.valid_to)))

    assert in_force(doc) == in_force(skeleton) - 4 + 1
    # the statutory lead and the statutory members pass to the joint board
    assert [(c.start, c.statutory) for c in doc.claims
            if c.end == "safeguarding-adults" and c.start == "sab:joint-test"] == [("sab:joint-test", True)]
    members = {m.start for m in doc.memberships if m.end == "sab:joint-test"}
    assert {"council:oldham", "council:bury", "police:greater-manchester", "icb:greater-manchester"} <= members


def test_a_joint_arrangement_is_all_or_nothing(tmp_path: Path, skeleton: GraphDocument) -> None:
    ds = tmp_path / "bad"
    ds.mkdir()
    # E07000117 (Burnley) is a district: no derived board of its own to replace
    (ds / "bodies.csv").write_text(JOINT.replace("E08000008", "E07000117"), encoding="utf-8")
    with pytest.raises(LoadError) as e:
        load_dataset(ds, skeleton)
    assert "bodies.csv:2:6: replaces_derived: no derived safeguarding_adults body covers E07000117" in str(e.value)


@pytest.mark.neo4j
def test_a_joint_board_gives_the_same_answers_on_both_stores(tmp_path: Path, skeleton: GraphDocument,
                                                             neo4j_server: Neo4jServer, neo4j_driver: Driver) -> None:
    from partnership_graph.stores.neo4j import Neo4jStore

    from ..conftest import clear_neo4j

    doc = load_dataset(_joint_dataset(tmp_path), skeleton)
    embedded = EmbeddedStore(tmp_path / "graph.json")
    embedded.load(doc)
    clear_neo4j(neo4j_driver)
    with Neo4jStore.connect(neo4j_server.settings()) as neo4j:
        neo4j.load(doc)
        for area in ("Oldham", "Rochdale", "Bury", "Tameside"):
            on_neo4j = who_leads(neo4j, "safeguarding adults", area)
            on_embedded = who_leads(embedded, "safeguarding adults", area)
            assert on_neo4j == on_embedded
            assert [(r.body_id, r.statutory) for r in on_embedded if r.role == "lead"] == [("sab:joint-test", True)]
        assert find_bodies(neo4j, kind="safeguarding_adults") == find_bodies(embedded, kind="safeguarding_adults")
        assert gaps(neo4j, "Oldham") == gaps(embedded, "Oldham")


# A joint arrangement lasts as long as the dataset that declares it: every load restates the
# national skeleton, built by skeleton_for as the fresh skeleton with the joint arrangements of the
# other datasets in the store laid over it (docs/dataset-format.md, replaces_derived).
EXAMPLE = Path(__file__).resolve().parents[2] / "partnership_graph" / "data" / "examples" / "lga-review"


def _load(store: Any, path: Path, name: str | None = None) -> Any:
    """What `partnership-graph load` does: the library's datasets service."""
    return datasets.load(store, path, name=name)


def _remove(store: Any, name: str) -> Any:
    """What `partnership-graph datasets --remove` does."""
    return datasets.remove(store, name)


def _sab_ids(store: Any) -> set[str]:
    return {n.partition(":")[2] for n, a in store.graph().nodes(data=True)
            if a.get("label") == "Body" and a.get("kind") == "safeguarding_adults"}


def _answers(store: Any) -> list[Any]:
    """What the parity test compares: who leads safeguarding adults in the four councils, the
    boards of that kind, and Oldham's gaps."""
    return [*(who_leads(store, "safeguarding adults", area)
              for area in ("Oldham", "Rochdale", "Bury", "Tameside")),
            find_bodies(store, kind="safeguarding_adults"), gaps(store, "Oldham")]


def _joint_leads(store: Any) -> None:
    for area in ("Oldham", "Tameside"):
        leads = [(r.body_id, r.statutory, r.source) for r in who_leads(store, "safeguarding adults", area)
                 if r.role == "lead" and r.statutory]
        assert leads == [("sab:joint-test", True, "care-act-2014-s43")], area


def test_a_joint_board_is_persisted_with_what_it_replaces(tmp_path: Path, skeleton: GraphDocument) -> None:
    doc = load_dataset(_joint_dataset(tmp_path), skeleton)
    joint = next(b for b in doc.bodies if b.id == "sab:joint-test")
    assert joint.replaces == tuple(sorted(FOUR))
    store = EmbeddedStore(tmp_path / "graph.json")
    store.load(doc)
    assert store.graph().nodes["Body:sab:joint-test"]["replaces"] == sorted(FOUR)


def test_a_joint_arrangement_lasts_when_another_dataset_is_loaded(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "graph.json")
    _load(store, _joint_dataset(tmp_path))
    # the example refers to sab:oldham, which the joint board replaced: its rows
    # refer to the joint board instead (the loader says so in a note)
    notes: list[str] = []
    load_dataset(EXAMPLE, skeleton_for(store.graph(), "lga-review", national_skeleton()), notes=notes)
    assert notes == ["rows that refer to 'sab:oldham' refer to 'sab:joint-test' instead: the joint "
                     "arrangement of another dataset replaced it"]
    _load(store, EXAMPLE)
    assert not _sab_ids(store) & set(FOUR) and "sab:joint-test" in _sab_ids(store)
    assert [r.id for r in find_bodies(store, area="Oldham", kind="safeguarding_adults")] == ["sab:joint-test"]
    _joint_leads(store)
    # loading either again changes nothing
    assert not _load(store, EXAMPLE).changed_anything
    assert not _load(store, tmp_path / "joint").changed_anything


def test_reloading_the_joint_dataset_without_its_joint_body_brings_the_derived_boards_back(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "graph.json")
    joint = _joint_dataset(tmp_path)
    _load(store, joint)
    _load(store, EXAMPLE)
    (joint / "bodies.csv").write_text("id,name,kind,covers,source\nbeds-hub,Beds hub (test),mash,Luton,"
                                      "illustrative\n", encoding="utf-8")
    _load(store, joint)
    assert set(FOUR) <= _sab_ids(store)
    leads = [(r.body_id, r.statutory) for r in who_leads(store, "safeguarding adults", "Oldham") if r.role == "lead"]
    assert leads == [("sab:oldham", True)]
    # and the example, loaded again over the skeleton as it is now, refers to the derived board again
    _load(store, EXAMPLE)
    g = store.graph()
    assert g.has_edge("Body:csp:oldham", "Body:sab:oldham")
    # (the joint body stays as a node no dataset states and nothing touches: a store removes a
    # node only when a dataset that stated it stops, and the example only referred to it)
    assert g.degree("Body:sab:joint-test") == 0 and g.nodes["Body:sab:joint-test"]["datasets"] == []
    assert not _load(store, EXAMPLE).changed_anything


def test_removing_the_joint_dataset_brings_the_derived_boards_back(tmp_path: Path) -> None:
    from ..stores.test_neo4j import assert_same_graph

    store = EmbeddedStore(tmp_path / "graph.json")
    _load(store, _joint_dataset(tmp_path))
    other = tmp_path / "other"
    other.mkdir()
    (other / "bodies.csv").write_text("id,name,kind,covers,source\nbeds-hub,Beds hub (test),mash,Luton,"
                                      "illustrative\n", encoding="utf-8")
    _load(store, other)
    assert not _sab_ids(store) & set(FOUR)
    # a dataset without a joint arrangement goes without restating the skeleton
    assert skeleton_after_removal(store.graph(), "other", national_skeleton) is None
    summary = _remove(store, "joint")
    assert set(FOUR) <= _sab_ids(store) and "sab:joint-test" not in _sab_ids(store)
    assert summary.nodes_created == 4  # the four derived boards, in the one write of the removal
    assert [d.name for d in store.datasets()] == ["national-skeleton", "other"]
    leads = [(r.body_id, r.statutory) for r in who_leads(store, "safeguarding adults", "Oldham") if r.role == "lead"]
    assert leads == [("sab:oldham", True)]
    # the store is now what loading only the other dataset gives
    fresh = EmbeddedStore(tmp_path / "fresh.json")
    _load(fresh, other)
    assert_same_graph(store.graph(), fresh.graph())


def test_load_check_counts_what_the_load_then_holds(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "graph.json")
    _load(store, EXAMPLE)
    joint = _joint_dataset(tmp_path)
    after = datasets.check(store, joint)
    assert after == datasets.counts_after_load(store.graph(), load_dataset(joint, skeleton_for(store.graph(), "joint", national_skeleton())))
    _load(store, joint)
    g = store.graph()
    assert after["bodies"][0] == sum(1 for _, a in g.nodes(data=True) if a.get("label") == "Body")
    assert after["relationships"][0] == g.number_of_edges()


@pytest.mark.neo4j
def test_a_joint_arrangement_lasts_and_goes_the_same_way_on_both_stores(
        tmp_path: Path, neo4j_server: Neo4jServer, neo4j_driver: Driver) -> None:
    from partnership_graph.stores.neo4j import Neo4jStore

    from ..conftest import clear_neo4j
    from ..stores.test_neo4j import assert_same_graph

    joint = _joint_dataset(tmp_path)
    embedded = EmbeddedStore(tmp_path / "graph.json")
    clear_neo4j(neo4j_driver)
    with Neo4jStore.connect(neo4j_server.settings()) as neo4j:
        for store in (embedded, neo4j):
            _load(store, joint)
            _load(store, EXAMPLE)
        assert not _sab_ids(neo4j) & set(FOUR)
        # the one read a Neo4j load makes before writing (a fresh connection: no projection read
        # yet) finds what the whole projection holds
        with Neo4jStore.connect(neo4j_server.settings()) as fresh:
            targeted = fresh.joint_arrangements_graph()
            assert fresh._graph is None and targeted.number_of_nodes() == 2   # the board and its source
        assert joint_arrangements(targeted) == joint_arrangements(neo4j.graph())
        assert [b.id for b in joint_arrangements(targeted)[0]] == ["sab:joint-test"]
        _joint_leads(neo4j)
        assert _answers(neo4j) == _answers(embedded)
        assert_same_graph(neo4j.graph(), embedded.graph())
        for store in (embedded, neo4j):  # idempotent on both
            assert not _load(store, joint).changed_anything
            assert not _load(store, EXAMPLE).changed_anything
        for store in (embedded, neo4j):
            _remove(store, "joint")
        assert set(FOUR) <= _sab_ids(neo4j)
        assert _answers(neo4j) == _answers(embedded)
        assert_same_graph(neo4j.graph(), embedded.graph())


def _other_dataset(tmp_path: Path) -> Path:
    other = tmp_path / "other"
    other.mkdir()
    (other / "bodies.csv").write_text("id,name,kind,covers,source\nbeds-hub,Beds hub (test),mash,Luton,"
                                      "illustrative\n", encoding="utf-8")
    return other


def _load_at_once(store_for_thread: Any, tmp_path: Path) -> None:
    """Load the joint dataset and another one at the same time, each in its own thread with its own
    store object (two processes' worth): the other load starts while the joint one is building its
    document, under its lock or in its transaction, and is given time to read the joint
    arrangements; it must wait and read them after the joint load's write, or it would restate the
    skeleton with the four derived boards the joint board replaced."""
    import threading

    joint, other = _joint_dataset(tmp_path), _other_dataset(tmp_path)
    errors: list[BaseException] = []
    second: list[threading.Thread] = []

    def load_other() -> None:
        try:
            _load(store_for_thread(), other)
        except BaseException as e:  # noqa: BLE001 - reported by the test below
            errors.append(e)

    def make(base: GraphDocument) -> GraphDocument:
        doc = load_dataset(joint, base)
        if not second:   # the first build only (Neo4j may retry the transaction)
            second.append(threading.Thread(target=load_other))
            second[0].start()
            second[0].join(timeout=2.0)   # the other load blocks on the lock: still running
            assert second[0].is_alive(), "the other load did not wait for this one's write"
        return doc

    datasets.load_built(store_for_thread(), "joint", make)
    second[0].join(timeout=120)
    assert not second[0].is_alive() and not errors, errors


def test_two_loads_at_once_into_one_embedded_store_keep_both_datasets(tmp_path: Path) -> None:
    path = tmp_path / "graph.json"
    _load_at_once(lambda: EmbeddedStore(path), tmp_path)
    store = EmbeddedStore(path)
    assert [d.name for d in datasets.list_datasets(store)] == ["joint", "national-skeleton", "other"]
    assert not _sab_ids(store) & set(FOUR) and "sab:joint-test" in _sab_ids(store)
    assert "Body:beds-hub" in store.graph()
    _joint_leads(store)


@pytest.mark.neo4j
def test_two_loads_at_once_into_neo4j_keep_both_datasets(
        tmp_path: Path, neo4j_store: Any, neo4j_server: Neo4jServer) -> None:
    from partnership_graph.stores.neo4j import Neo4jStore

    opened: list[Neo4jStore] = []

    def connect() -> Neo4jStore:
        opened.append(Neo4jStore.connect(neo4j_server.settings()))
        return opened[-1]

    try:
        _load_at_once(connect, tmp_path)
    finally:
        for store in opened:
            store.close()
    assert [d.name for d in datasets.list_datasets(neo4j_store)] == ["joint", "national-skeleton", "other"]
    assert not _sab_ids(neo4j_store) & set(FOUR) and "sab:joint-test" in _sab_ids(neo4j_store)
    assert "Body:beds-hub" in neo4j_store.graph()
    _joint_leads(neo4j_store)


def test_the_cli_keeps_a_joint_arrangement_until_its_dataset_is_removed(tmp_path: Path) -> None:
    import json

    from click.testing import CliRunner

    from partnership_graph.cli import cli

    db = tmp_path / "graph.json"

    def run(*args: str) -> Any:
        result = CliRunner().invoke(cli, ["--db", str(db), *args],
                                    env={"PARTNERSHIP_GRAPH_STORE": None, "NEO4J_PASSWORD": None})
        assert result.exit_code == 0, result.output
        return result

    def boards() -> list[str]:
        rows = json.loads(run("bodies", "--area", "Oldham", "--kind", "sab", "--format", "json").stdout)
        return [r["id"] for r in rows]

    run("load", str(_joint_dataset(tmp_path)))
    check = run("load", "--check", str(EXAMPLE)).stdout
    loaded = run("load", str(EXAMPLE))
    assert "refer to 'sab:joint-test' instead" in loaded.stderr
    assert boards() == ["sab:joint-test"]
    # --check counted what the load then held
    g = EmbeddedStore(db).graph()
    assert f"{sum(1 for _, a in g.nodes(data=True) if a.get('label') == 'Body'):,} bodies" in check
    assert f"{g.number_of_edges():,} relationships" in check
    again = run("load", str(EXAMPLE)).stdout
    assert "nodes: 0 created, 0 changed" in again and "relationships: 0 created, 0 changed" in again
    run("datasets", "--remove", "joint")
    assert boards() == ["sab:oldham"]


def test_a_second_joint_arrangement_over_a_replaced_board_is_refused_and_rows_to_two_replaced_boards_merge(
        tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "graph.json")
    _load(store, _joint_dataset(tmp_path))
    rival = tmp_path / "rival"
    rival.mkdir()
    (rival / "bodies.csv").write_text("id,name,kind,covers,source,replaces_derived\nsab:rival,Rival board,"
                                      "safeguarding_adults,E08000004,illustrative,yes\n", encoding="utf-8")
    with pytest.raises(LoadError) as e:
        _load(store, rival)
    assert ("bodies.csv:2:6: replaces_derived: no derived safeguarding_adults body covers E08000004; a joint "
            "arrangement replaces derived bodies only (nothing was replaced); a joint arrangement another "
            "dataset declares ('sab:joint-test') may already replace it") in str(e.value)
    # Oldham's and Rochdale's boards are one board now: the two rows state one relationship
    (rival / "bodies.csv").unlink()
    (rival / "accountability.csv").write_text("body,accountable_to,mechanism\nsab:oldham,council:oldham,reports_to\n"
                                              "sab:rochdale,council:oldham,reports_to\n", encoding="utf-8")
    _load(store, rival)
    g = store.graph()
    assert [(v, k) for _, v, k, a in g.out_edges("Body:sab:joint-test", keys=True, data=True)
            if "rival" in a["datasets"]] == [("Body:council:oldham", "ACCOUNTABLE_TO|")]

"""Concurrent writers on one Neo4j: 2 and then 8 processes load different datasets at once.

Every process runs the real CLI (``partnership-graph --store neo4j load DIR``) against the
session's test server, starting from an empty database, so they all race to create the same
national skeleton and all add relationships to the same skeleton nodes (Oldham's CSP, the
domestic abuse issue): the worst case for locks and deadlocks. The rule: every process either
loads all of its data (exit 0) or refuses with one clear line (exit 1) and leaves none of it;
at the end the database holds exactly what loading the successful datasets one after another
into the embedded store holds: nothing lost, nothing doubled, nothing torn.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from partnership_graph.national import load_dataset
from partnership_graph.stores.embedded import EmbeddedStore

from ..conftest import Neo4jServer, clear_neo4j
from .test_neo4j import assert_same_graph, db_counts, fresh_graph

if TYPE_CHECKING:
    from neo4j import Driver

pytestmark = pytest.mark.neo4j

# Each writer's dataset: distinct bodies over a different LAD, all tied to shared skeleton nodes.
LADS = ["E08000004", "E06000056", "E06000065", "E09000033", "E08000003", "E06000023", "E07000178", "W06000015"]


def writer_dataset(folder: Path, i: int) -> Path:
    folder.mkdir(parents=True)
    lad = LADS[i % len(LADS)]
    (folder / "sources.csv").write_text(f"id,title\nwriter-{i}-minutes,Minutes of writer {i}\n", encoding="utf-8")
    (folder / "bodies.csv").write_text(
        "id,name,kind,covers,source,notes\n"
        + "".join(f"writer-{i}-team-{j},Writer {i} team {j},team,{lad},writer-{i}-minutes,team {j} of writer {i}\n"
                  for j in range(3)), encoding="utf-8")
    (folder / "memberships.csv").write_text(
        "member,body,role,source\n"
        f"writer-{i}-team-0,csp:oldham,member,writer-{i}-minutes\n"
        f"writer-{i}-team-1,writer-{i}-team-0,member,writer-{i}-minutes\n"
        f"writer-{i}-team-2,writer-{i}-team-0,chair,writer-{i}-minutes\n", encoding="utf-8")
    (folder / "ownership.csv").write_text(
        "body,issue,claim,source,evidence\n"
        f"writer-{i}-team-0,domestic-abuse,supports,writer-{i}-minutes,said by writer {i}\n"
        f"writer-{i}-team-1,county lines,leads,writer-{i}-minutes,\n", encoding="utf-8")
    (folder / "accountability.csv").write_text(
        f"body,accountable_to,mechanism\nwriter-{i}-team-0,csp:oldham,reports_to\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize("writers", [2, 8])
def test_concurrent_loads_all_land_or_refuse_cleanly_and_none_is_lost(
        writers: int, neo4j_server: Neo4jServer, neo4j_driver: Driver, tmp_path: Path) -> None:
    clear_neo4j(neo4j_driver)
    folders = [writer_dataset(tmp_path / f"writer-{i}", i) for i in range(writers)]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "PARTNERSHIP_GRAPH_"))}
    env.update(NEO4J_URI=neo4j_server.uri, NEO4J_USER=neo4j_server.user, NEO4J_PASSWORD=neo4j_server.password)
    procs = [subprocess.Popen([sys.executable, "-c", "from partnership_graph.cli import main; main()",
                               "--store", "neo4j", "load", str(folder)], env=env, cwd=tmp_path,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for folder in folders]
    results = [(p.wait(300), *p.communicate()) for p in procs]

    landed: list[Path] = []
    created = 0
    for folder, (code, stdout, stderr) in zip(folders, results):
        if code == 0:
            lines = stdout.splitlines()
            assert lines[0] == f"Loaded {folder} into the neo4j store at {neo4j_server.uri}" and stderr == ""
            summary = re.match(r"nodes: (\d+) created, \d+ changed, \d+ unchanged; relationships: (\d+) created",
                               lines[1])
            assert summary is not None, stdout
            created += int(summary.group(1)) + int(summary.group(2))
            landed.append(folder)
        else:  # a refusal is one clear line, never a traceback
            assert code == 1 and stdout == "", (code, stdout, stderr)
            assert len(stderr.splitlines()) == 1 and stderr.startswith("Error: "), stderr
    assert len(landed) == writers, [r for r in results if r[0] != 0]  # in practice every writer lands

    expected = EmbeddedStore(tmp_path / "expected.json")
    for folder in landed:
        expected.load(load_dataset(str(folder)))
    g = expected.graph()
    assert_same_graph(fresh_graph(neo4j_server), g)  # every writer's data, the skeleton once
    assert db_counts(neo4j_driver) == (g.number_of_nodes(), g.number_of_edges())
    # Each node and relationship was created by exactly one writer, however the retries went.
    assert created == g.number_of_nodes() + g.number_of_edges()

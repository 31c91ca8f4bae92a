"""Faults and contention for the embedded store: a killed writer, many writers at once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from partnership_graph.graphmodel import GraphDocument
from partnership_graph.stores.embedded import EmbeddedStore

KILLED_WRITER = textwrap.dedent("""
    import os, sys, time
    from partnership_graph.national import example_document
    from partnership_graph.stores import embedded

    real_fsync = os.fsync
    def stall(fd):
        # the temporary file is half-way: written, not yet renamed
        open(sys.argv[2], "w").close()
        time.sleep(60)
    embedded.os.fsync = stall
    embedded.EmbeddedStore(sys.argv[1]).load(example_document())
""")


def test_a_writer_killed_mid_write_leaves_the_previous_graph(db_path: Path, skeleton: GraphDocument,
                                                            tmp_path: Path) -> None:
    EmbeddedStore(db_path).load(skeleton)
    before = db_path.read_bytes()
    flag = tmp_path / "writing"
    proc = subprocess.Popen([sys.executable, "-c", KILLED_WRITER, str(db_path), str(flag)])
    try:
        deadline = time.monotonic() + 60
        while not flag.exists():
            assert proc.poll() is None, "the writer ended before it started writing"
            assert time.monotonic() < deadline
            time.sleep(0.05)
        leftovers = list(db_path.parent.glob("graph.json.*.tmp"))
        assert leftovers, "the writer should be part-way through its temporary file"
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(30)
    assert proc.returncode == -signal.SIGKILL
    assert db_path.read_bytes() == before
    # the lock died with the process, and the next load succeeds and tidies up
    from partnership_graph.national import example_document

    summary = EmbeddedStore(db_path, lock_timeout=5).load(example_document())
    assert summary.nodes_created > 0
    assert not list(db_path.parent.glob("graph.json.*.tmp"))


WRITER = textwrap.dedent("""
    import sys
    from partnership_graph.graphmodel import Body, Covers
    from partnership_graph.national import national_skeleton
    from partnership_graph.stores.embedded import EmbeddedStore

    name = sys.argv[2]
    doc = national_skeleton().as_defaults().overlay(
        bodies=[Body(id=f"team-{name}", name=f"Team {name}", kind="team")],
        covers=[Covers(start=f"team-{name}", end="E08000004")])
    EmbeddedStore(sys.argv[1], lock_timeout=120).load(doc)
""")


@pytest.mark.parametrize("writers", [2, 8])
def test_concurrent_writers_all_land_and_none_is_torn(db_path: Path, writers: int,
                                                     skeleton: GraphDocument) -> None:
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(db_path), f"w{i}"]) for i in range(writers)]
    for p in procs:
        assert p.wait(300) == 0
    g = EmbeddedStore(db_path).graph()
    assert all(f"Body:team-w{i}" in g for i in range(writers))
    skeleton_nodes = sum(1 for _ in skeleton.nodes())
    assert g.number_of_nodes() == skeleton_nodes + writers  # the skeleton once, plus one body per writer

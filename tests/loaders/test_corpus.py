"""The malformed-input corpus (tests/corpus, built by tests/corpus/build.py) and absurd sizes.

Every case must end in exit 2 with exactly its expected `file:row:column: message` lines, no
traceback, and the store byte-for-byte as it was.
"""

from __future__ import annotations

import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from partnership_graph.cli import cli
from partnership_graph.graphmodel import GraphDocument
from partnership_graph.stores.embedded import EmbeddedStore

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
CASES = sorted(p for p in CORPUS.iterdir() if p.is_dir() and p.name[:2].isdigit())


def dataset_of(case: Path) -> Path:
    return next(p for p in sorted(case.iterdir()) if p.name.startswith("data"))


@pytest.fixture(scope="module")
def store_file(tmp_path_factory: pytest.TempPathFactory, skeleton: GraphDocument) -> Path:
    path = tmp_path_factory.mktemp("corpus") / "graph.json"
    EmbeddedStore(path).load(skeleton)
    return path


def test_the_corpus_has_at_least_40_cases_across_csv_yaml_and_xlsx() -> None:
    kinds = {dataset_of(c).suffix or "folder" for c in CASES}
    assert len(CASES) >= 40
    assert {"folder", ".yaml", ".xlsx"} <= kinds


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_malformed_input_exits_2_with_every_problem_placed(case: Path, store_file: Path, tmp_path: Path) -> None:
    db = tmp_path / "graph.json"
    shutil.copy(store_file, db)
    before = db.read_bytes()
    data = dataset_of(case)
    expected = [line.replace("{data}", str(data))
                for line in (case / "expected.txt").read_text(encoding="utf-8").splitlines()]
    n = len(expected)
    result = CliRunner().invoke(cli, ["--db", str(db), "load", str(data)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.stderr.splitlines() == [*expected, f"{n} problem{'s' if n != 1 else ''} found; nothing was loaded."]
    assert db.read_bytes() == before


def _limited() -> None:
    cap = 1536 * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))


@pytest.mark.parametrize("make, expected", [
    (lambda d: (d / "bodies.csv").write_bytes(b"id,name,kind\nx," + b"A" * (50 * 2**20) + b",team\n"),
     "bodies.csv: file is 50.0 MB; the limit is 50 MB"),
    (lambda d: (d / "bodies.csv").write_bytes(b"id,name,kind\nx," + b"A" * (20 * 2**20) + b",team\n"),
     "bodies.csv:2:2: cell has 20971520 characters; the limit is 10000"),
    (lambda d: (d / "bodies.csv").write_bytes(
        b"id,name,kind\n" + b"".join(b"b%d,Body %d,team\n" % (i, i) for i in range(10**6))),
     "bodies.csv:200002: more than 200000 rows; split the dataset"),
], ids=["50MB-file", "20MB-cell", "million-rows"])
def test_absurd_sizes_are_refused_quickly_in_bounded_memory(tmp_path: Path, store_file: Path, make: object,
                                                            expected: str) -> None:
    data = tmp_path / "data"
    data.mkdir()
    make(data)  # type: ignore[operator]
    db = tmp_path / "graph.json"
    shutil.copy(store_file, db)
    before = db.read_bytes()
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "partnership_graph", "--db", str(db), "load", str(data)],
                          capture_output=True, text=True, timeout=120, preexec_fn=_limited)
    elapsed = time.perf_counter() - started
    assert proc.returncode == 2, proc.stderr[-2000:]
    assert proc.stderr.splitlines()[0] == f"{data}/{expected}"
    assert "Traceback" not in proc.stderr
    assert db.read_bytes() == before
    print(f"refused in {elapsed:.1f} s")

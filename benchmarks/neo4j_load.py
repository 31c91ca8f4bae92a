"""Loading into Neo4j: batched UNWIND in one transaction against one row per transaction.

Run: python -m benchmarks.neo4j_load [--runs N] [--sample ROWS] [--sizes 1,10] [--batch-sizes ...]

Loads the national data (skeleton plus LGA example, ~10.8k nodes and relationships) x1 and x10
(synthetic copies with distinct ids, benchmarks/synthetic.py) into an empty database with
``Neo4jStore.load`` and prints rows per second. In the same run it writes a sample of the same
rows (the same statements, each with one row) one row per transaction, and extrapolates that rate
to the whole load; the ratio of the two rates is the point (goal: at least 20x).

Uses the server NEO4J_URI / NEO4J_USER / NEO4J_PASSWORD name; without NEO4J_URI it starts a
throwaway tools/neo4j-local server (home .neo4j-local-bench, port 7698) and stops it afterwards.
The database it uses is emptied.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, LiteralString

import neo4j as neo4j_driver
from neo4j import ManagedTransaction

from partnership_graph.config import Secret, Settings
from partnership_graph.stores.neo4j import DEFAULT_BATCH_SIZE, Batch, Neo4jStore, plan

from .synthetic import synthetic_document

REPO = Path(__file__).resolve().parents[1]
BENCH_HOME = REPO / ".neo4j-local-bench"
BENCH_PORT = 7698
BENCH_PASSWORD = "pg-bench-password"  # of a throwaway local benchmark server; not a secret


@contextmanager
def server() -> Iterator[Settings]:
    """Settings for NEO4J_URI's server, or for a local one started (and stopped) here."""
    if os.environ.get("NEO4J_URI"):
        yield Settings.from_env(store="neo4j")
        return
    env = {**os.environ, "NEO4J_PASSWORD": os.environ.get("NEO4J_PASSWORD") or BENCH_PASSWORD,
           "NEO4J_LOCAL_HOME": str(BENCH_HOME), "NEO4J_LOCAL_PORT": str(BENCH_PORT)}
    tool = str(REPO / "tools" / "neo4j-local" / "neo4j-local")
    running = subprocess.run([tool, "status"], env=env, capture_output=True, check=False).returncode == 0
    if not running:
        started = time.perf_counter()
        subprocess.run([tool, "start"], env=env, check=True, stdout=subprocess.DEVNULL)
        print(f"started tools/neo4j-local on port {BENCH_PORT} in {time.perf_counter() - started:.1f} s",
              file=sys.stderr)
    try:
        yield Settings(store="neo4j", neo4j_uri=f"bolt://127.0.0.1:{BENCH_PORT}",
                       neo4j_password=Secret(env["NEO4J_PASSWORD"]))
    finally:
        if not running:
            subprocess.run([tool, "stop"], env=env, check=False, stdout=subprocess.DEVNULL)


def empty(store: Neo4jStore) -> None:
    """Delete everything, in chunks (a 100k-element delete in one transaction wastes heap)."""
    with store._driver.session(database=store.database) as session:  # noqa: SLF001 (benchmark set-up)
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()


def one_row_per_transaction(store: Neo4jStore, batches: list[Batch], sample: int) -> tuple[int, float]:
    """Write ``sample`` rows spread over the whole plan, each in its own transaction.

    The other rows' nodes are loaded first (batched, not timed) so that every sampled
    relationship finds its ends; sampled nodes are written before sampled relationships, as in
    a real load. Returns (rows written, seconds).
    """
    rows = [(b, row) for b in batches for row in b.rows]
    step = max(1, len(rows) // sample)
    chosen = set(list(range(0, len(rows), step))[:sample])
    picked = [rows[i] for i in sorted(chosen)]
    # Untimed: every node row that is not sampled, batched.
    rest = [Batch(b.element, b.query, [r for j, (bb, r) in enumerate(rows) if bb is b and j not in chosen])
            for b in batches if b.element == "node"]

    def write(tx: ManagedTransaction, query: LiteralString, batch_rows: list[dict[str, Any]]) -> int:
        written: int = tx.run(query, rows=batch_rows).single(strict=True)["rows"]
        return written

    with store._driver.session(database=store.database) as session:  # noqa: SLF001
        for batch in rest:
            if batch.rows:
                session.execute_write(write, batch.query, batch.rows)
        started = time.perf_counter()
        written = sum(session.execute_write(write, batch.query, [row]) for batch, row in picked)
        seconds = time.perf_counter() - started
    if written != len(picked):
        raise RuntimeError(f"one-row-per-transaction sample wrote {written} of {len(picked)} rows")
    return written, seconds


def server_version(store: Neo4jStore) -> str:
    row = store.read("CALL dbms.components() YIELD name, versions, edition "
                     "RETURN name, versions[0] AS version, edition")[0]
    return f"{row['version']} {row['edition']}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="batched loads per size (median and best)")
    parser.add_argument("--sample", type=int, default=2000, help="rows written one per transaction")
    parser.add_argument("--sizes", default="1,10", help="copies of the national data")
    parser.add_argument("--batch-sizes", default="1000,5000,10000,20000,50000",
                        help="rows per statement to compare on the largest size ('' to skip)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    with server() as settings, Neo4jStore.connect(settings) as store:
        print(f"python {platform.python_version()}, neo4j driver {neo4j_driver.__version__}, "
              f"Neo4j {server_version(store)} at {store.location}, {os.cpu_count()} cpus")
        print(f"{'operation':58} {'size':>4} {'rows':>7} {'runs':>4} {'median ms':>10} {'best ms':>9} "
              f"{'rows/s':>8}")
        ratios: list[tuple[int, float]] = []
        for size in sizes:
            doc = synthetic_document(size)
            batches = plan(doc, DEFAULT_BATCH_SIZE)
            total = sum(len(b.rows) for b in batches)
            times: list[float] = []
            for _ in range(args.runs):
                empty(store)
                store.ensure_constraints()
                summary = store.load(doc)
                assert summary.nodes_created + summary.relationships_created == total
                times.append(summary.seconds)
            batched_rate = total / statistics.median(times)
            _row(f"batched: UNWIND {DEFAULT_BATCH_SIZE} rows/statement, 1 transaction", size, total,
                 args.runs, times, batched_rate)
            empty(store)
            written, seconds = one_row_per_transaction(store, batches, min(args.sample, total))
            single_rate = written / seconds
            _row(f"one row per transaction (sample of {written}, extrapolated)", size, total, 1,
                 [total / single_rate], single_rate)
            ratios.append((size, batched_rate / single_rate))
        for size, ratio in ratios:
            print(f"x{size}: batched is {ratio:.0f}x the rows/s of one row per transaction (goal >= 20x)")
        batch_sizes = [int(s) for s in args.batch_sizes.split(",") if s.strip()]
        if batch_sizes:
            size = max(sizes)
            doc = synthetic_document(size)
            total = sum(len(b.rows) for b in plan(doc, DEFAULT_BATCH_SIZE))
            print(f"\nrows per statement, x{size} ({total} rows), one run each:")
            for batch_size in batch_sizes:
                empty(store)
                summary = store.load(doc, batch_size=batch_size)
                print(f"  {batch_size:>6} rows/statement: {summary.seconds * 1000:8.0f} ms "
                      f"{total / summary.seconds:8.0f} rows/s ({summary.extra['batches']} statements)")
        empty(store)


def _row(name: str, size: int, total: int, runs: int, times: list[float], rate: float) -> None:
    print(f"{name:58} {'x' + str(size):>4} {total:7d} {runs:4d} {statistics.median(times) * 1000:10.0f} "
          f"{min(times) * 1000:9.0f} {rate:8.0f}")


if __name__ == "__main__":
    main()

"""Loading into Neo4j: batched UNWIND in one transaction, against one row per transaction and
against Neo4j's own LOAD CSV of the same rows.

Run: python -m benchmarks.neo4j_load [--runs N] [--big-runs N] [--sample ROWS] [--sizes 1,10,100]
                                     [--batch-sizes ...] [--no-load-csv]

Loads the national data (skeleton plus LGA example, ~10.8k nodes and relationships) x1, x10 and
x100 (synthetic copies with distinct ids, benchmarks/synthetic.py) into an empty database with
``Neo4jStore.load`` and prints rows per second. In the same run, for each size:

- **the MERGE path**: the same load with ``create_when_empty=False``. Into an empty database the
  load CREATEs its rows (nothing to compare with; the first, big load); into one that holds
  elements it MERGEs, compares and sets what changed. Both make the same graph (checked at x1).
- **one row per transaction**: a sample of the same rows (the same statements, each with one row)
  written one row per transaction, its rate extrapolated to the whole load (goal: batched at
  least 20x faster);
- **LOAD CSV**: the same rows written as CSV files into the server's import folder (untimed), then
  read by the server with ``LOAD CSV WITH HEADERS ... MERGE ... SET x = {...}``, every statement
  in ONE explicit transaction, as the batched load (goal: batched within 1.5x of it). Same rows,
  same MERGE keys, same properties and types (checked: the x1 graph it makes is compared with the
  batched one, node for node and edge for edge). Two forms: plain MERGE + SET (the idiomatic
  import), and the batched load's own statements fed by LOAD CSV instead of ``$rows`` (the same
  per-row counting of created/changed), which isolates what shipping rows over Bolt costs.

Uses the server NEO4J_URI / NEO4J_USER / NEO4J_PASSWORD name (LOAD CSV then needs
``--import-dir``, the server's ``server.directories.import``); without NEO4J_URI it starts a
throwaway tools/neo4j-local server (home .neo4j-local-bench, port 7698, heap 4g and 3g of
transaction memory unless NEO4J_LOCAL_HEAP / NEO4J_LOCAL_TX_MEMORY say otherwise: x100 is ~1.08M
nodes and relationships in one transaction) and stops it afterwards. The database is emptied.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, LiteralString

import neo4j as neo4j_driver
from neo4j import ManagedTransaction

from partnership_graph.config import Secret, Settings
from partnership_graph.errors import StoreError
from partnership_graph.stores.neo4j import DEFAULT_BATCH_SIZE, Batch, Neo4jStore, plan

from .synthetic import synthetic_document

REPO = Path(__file__).resolve().parents[1]
BENCH_HOME = REPO / ".neo4j-local-bench"
BENCH_PORT = 7698
BENCH_PASSWORD = "pg-bench-password"  # of a throwaway local benchmark server; not a secret
WARM_UP_ROUNDS = 6
BENCH_HEAP, BENCH_TX_MEMORY = "4g", "3g"  # x100 in one transaction needs more than the default 1g


@contextmanager
def server() -> Iterator[Settings]:
    """Settings for NEO4J_URI's server, or for a local one started (and stopped) here."""
    if os.environ.get("NEO4J_URI"):
        yield Settings.from_env(store="neo4j")
        return
    env = {**os.environ, "NEO4J_PASSWORD": os.environ.get("NEO4J_PASSWORD") or BENCH_PASSWORD,
           "NEO4J_LOCAL_HOME": str(BENCH_HOME), "NEO4J_LOCAL_PORT": str(BENCH_PORT),
           "NEO4J_LOCAL_HEAP": os.environ.get("NEO4J_LOCAL_HEAP") or BENCH_HEAP,
           "NEO4J_LOCAL_TX_MEMORY": os.environ.get("NEO4J_LOCAL_TX_MEMORY") or BENCH_TX_MEMORY}
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
    rest_rows: dict[int, list[dict[str, Any]]] = {}
    for j, (b, row) in enumerate(rows):
        if b.element == "node" and j not in chosen:
            rest_rows.setdefault(id(b), []).append(row)
    rest = [Batch(b.element, b.query, rest_rows.get(id(b), []), b.params) for b in batches if b.element == "node"]

    def write(tx: ManagedTransaction, batch: Batch, batch_rows: list[dict[str, Any]]) -> int:
        written: int = tx.run(batch.query, rows=batch_rows, **batch.params).single(strict=True)["rows"]
        return written

    with store._driver.session(database=store.database) as session:  # noqa: SLF001
        for batch in rest:
            if batch.rows:
                session.execute_write(write, batch, batch.rows)
        started = time.perf_counter()
        written = sum(session.execute_write(write, batch, [row]) for batch, row in picked)
        seconds = time.perf_counter() - started
    if written != len(picked):
        raise RuntimeError(f"one-row-per-transaction sample wrote {written} of {len(picked)} rows")
    return written, seconds


def server_version(store: Neo4jStore) -> str:
    row = store.read("CALL dbms.components() YIELD name, versions, edition "
                     "RETURN name, versions[0] AS version, edition")[0]
    return f"{row['version']} {row['edition']}"


# -- LOAD CSV of the same rows -------------------------------------------------------------------
_TYPES = {str: "str", bool: "bool", int: "int", float: "float", list: "list"}
_CONVERT = {"str": "row.{c}", "bool": "toBoolean(row.{c})", "int": "toInteger(row.{c})",
            "float": "toFloat(row.{c})",
            # a list is its items joined by US (\x1f) behind an RS (\x1e), so [] is not null
            "list": "[x IN split(substring(row.{c}, 1), '\u001f') WHERE x <> '']"}


def _cell(value: Any) -> str:
    """One CSV field: null is an empty unquoted field, everything else is quoted (so '' stays '')."""
    if value is None:
        return ""
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, float):
        text = repr(value)
    elif isinstance(value, list):
        text = "\x1e" + "\x1f".join(str(v) for v in value)
    else:
        text = str(value)
    return '"' + text.replace('"', '""') + '"'


def _props_map(rows: list[dict[str, Any]]) -> tuple[list[str], str]:
    """The CSV columns for the rows' properties (one per key and Python type) and the Cypher map
    that rebuilds ``props`` from them with the same types: ``{name: row.name__str, ...}``."""
    kinds: dict[str, set[str]] = {}
    for row in rows:
        for key, value in row["props"].items():
            kinds.setdefault(key, set()).add(_TYPES[type(value)])
    columns, entries = [], []
    for key in sorted(kinds):
        parts = []
        for kind in sorted(kinds[key]):
            column = f"{key}__{kind}"
            columns.append(column)
            expression = _CONVERT[kind].format(c=column)
            parts.append(f"CASE WHEN row.{column} IS NULL THEN null ELSE {expression} END" if kind == "list"
                         else expression)
        entries.append(f"{key}: " + (parts[0] if len(parts) == 1 else f"coalesce({', '.join(parts)})"))
    return columns, "{" + ", ".join(entries) + "}"


def _write_csv(path: Path, header: list[str], rows: list[dict[str, Any]], columns: list[str]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(",".join(header + columns) + "\n")
        for row in rows:
            fixed = [_cell(row[h]) for h in header]
            props = row["props"]
            cells = []
            for column in columns:
                key, _, kind = column.rpartition("__")
                value = props.get(key)
                cells.append(_cell(value) if value is not None and _TYPES[type(value)] == kind else "")
            f.write(",".join(fixed + cells) + "\n")


Statement = tuple[str, dict[str, Any]]
BATCHED = f"batched: UNWIND {DEFAULT_BATCH_SIZE} rows/statement, 1 transaction"
MERGE_PATH = "  the same, MERGE path (create_when_empty=False)"
LOAD_CSV = "LOAD CSV, MERGE + SET, 1 transaction"
LOAD_CSV_COUNTED = "LOAD CSV into the batched statements (same counting)"


def load_csv_statements(batches: list[Batch], folder: Path,
                        url_prefix: str) -> tuple[list[Statement], list[Statement]]:
    """Write every group of rows (one MERGE statement shape) as one CSV file in ``folder``.

    Returns two lists of statements over those files: the plain import (``LOAD CSV ... MERGE ...
    SET x = {...}``) and the batched load's own statements with ``LOAD CSV`` in place of
    ``UNWIND $rows`` (the same per-row counting).
    """
    import re

    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    element: dict[str, str] = {}
    params: dict[tuple[str, str], dict[str, Any]] = {}
    for batch in batches:
        group = (batch.query, repr(sorted(batch.params.items())))
        # the rows leave ``datasets`` to the statement's $stated; the CSV carries it per row
        groups.setdefault(group, []).extend(
            {**row, "props": {**row["props"], "datasets": batch.params["stated"]}} for row in batch.rows)
        params[group] = batch.params
        element[batch.query] = batch.element
    folder.mkdir(parents=True, exist_ok=True)
    plain: list[Statement] = []
    counted: list[Statement] = []
    for i, ((query, shape), rows) in enumerate(groups.items()):
        group_params = params[(query, shape)]
        name = f"{element[query]}s-{i}.csv"
        columns, props = _props_map(rows)
        node = element[query] == "node"
        header = ["key"] if node else ["start", "end", "key"]
        _write_csv(folder / name, header, rows, columns)
        load = f"LOAD CSV WITH HEADERS FROM '{url_prefix}{name}' AS row"
        setter = "SET"  # the idiomatic import: MERGE, then SET every property
        if node:
            m = re.search(r"MERGE \(n:(\w+) \{(\w+): row\.key\}\)", query)
            assert m, query
            plain.append((f"{load}\nMERGE (n:{m.group(1)} {{{m.group(2)}: row.key}})\n{setter} n = {props}", {}))
            fields = "key: row.key"
        else:
            a = re.search(r"MATCH \(a:(\w+) \{(\w+): row\.start\}\)", query)
            b = re.search(r"MATCH \(b:(\w+) \{(\w+): row\.end\}\)", query)
            r = re.search(r"MERGE \(a\)-\[r:(\w+) \{key: row\.key\}\]->\(b\)", query)
            assert a and b and r, query
            plain.append((f"{load}\nMATCH (a:{a.group(1)} {{{a.group(2)}: row.start}})\n"
                          f"MATCH (b:{b.group(1)} {{{b.group(2)}: row.end}})\n"
                          f"MERGE (a)-[r:{r.group(1)} {{key: row.key}}]->(b)\n{setter} r = {props}", {}))
            fields = "start: row.start, end: row.end, key: row.key"
        assert query.startswith("UNWIND $rows AS row\n"), query
        counted.append((f"{load}\nWITH {{{fields}, props: {props}}} AS row\n" + query.split("\n", 1)[1],
                        group_params))
    return plain, counted


def run_in_one_transaction(store: Neo4jStore, statements: list[Statement]) -> float:
    """Seconds to run every statement in one explicit write transaction (all or nothing)."""

    def work(tx: ManagedTransaction) -> None:
        for statement, params in statements:
            tx.run(statement, params).consume()  # benchmark text built above

    started = time.perf_counter()
    with store._driver.session(database=store.database) as session:  # noqa: SLF001
        session.execute_write(work)
    return time.perf_counter() - started


def import_folder(settings: Settings, given: str | None) -> Path | None:
    """The server's import folder: given, or the local benchmark server's."""
    if given:
        return Path(given)
    if not os.environ.get("NEO4J_URI"):
        return BENCH_HOME / "import"
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="loads per size up to x10 (median and best)")
    parser.add_argument("--big-runs", type=int, default=1, help="loads per size above x10")
    parser.add_argument("--sample", type=int, default=2000, help="rows written one per transaction")
    parser.add_argument("--sizes", default="1,10,100", help="copies of the national data")
    parser.add_argument("--batch-sizes", default="1000,5000,10000,20000,50000",
                        help="rows per statement to compare ('' to skip)")
    parser.add_argument("--batch-sizes-at", type=int, default=10, help="the size the batch sizes are compared at")
    parser.add_argument("--no-load-csv", action="store_true", help="skip the LOAD CSV comparison")
    parser.add_argument("--import-dir", help="the server's import folder (with NEO4J_URI)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    with server() as settings, Neo4jStore.connect(settings) as store:
        folder = None if args.no_load_csv else import_folder(settings, args.import_dir)
        print(f"python {platform.python_version()}, neo4j driver {neo4j_driver.__version__} ({packstream()}), "
              f"Neo4j {server_version(store)} at {store.location}, {os.cpu_count()} cpus")
        print(f"{'operation':62} {'size':>5} {'rows':>9} {'runs':>4} {'median ms':>10} {'best ms':>9} "
              f"{'rows/s':>8}")
        ratios: list[tuple[int, float, dict[str, float]]] = []
        merge_paths: dict[int, float] = {}
        warm_up(store, folder)
        for size in sizes:
            runs = args.runs if size <= 10 else args.big_runs
            t0 = time.perf_counter()
            doc = synthetic_document(size)
            build = time.perf_counter() - t0
            t0 = time.perf_counter()
            batches = plan(doc, DEFAULT_BATCH_SIZE)
            planning = time.perf_counter() - t0
            t0 = time.perf_counter()
            total = sum(len(b.rows) for b in batches)
            rows_made = time.perf_counter() - t0
            print(f"  (x{size}: synthetic document built in {build:.1f} s; plan() of {total} rows in "
                  f"{planning * 1000:.0f} ms and their rows in {rows_made * 1000:.0f} ms, both part of every "
                  "batched load below: the load makes each statement's rows while the server runs the one "
                  "before)", file=sys.stderr, flush=True)
            # The methods take turns within each run (batched, its MERGE path, then the two LOAD
            # CSV forms), so none of them gains from running after the others: the server's JIT
            # keeps warming up for minutes, and whatever ran last would look faster.
            methods: dict[str, Callable[[], float]] = {}

            def load_batched(create: bool) -> float:
                store.ensure_constraints()
                summary = store.load(doc, create_when_empty=create)
                assert summary.nodes_created + summary.relationships_created == total
                assert summary.extra["created_fresh"] is create
                return summary.seconds

            methods[BATCHED] = lambda: load_batched(True)
            methods[MERGE_PATH] = lambda: load_batched(False)
            if folder is not None:
                plain, counted = load_csv_statements(batches, folder / "pg-bench", "file:///pg-bench/")
                methods[LOAD_CSV] = lambda: run_in_one_transaction(store, plain)
                methods[LOAD_CSV_COUNTED] = lambda: run_in_one_transaction(store, counted)
            timings: dict[str, list[float]] = {label: [] for label in methods}
            failed: set[str] = set()
            reference = None
            for _ in range(runs):
                for label, method in methods.items():
                    if label in failed:
                        continue
                    empty(store)
                    try:
                        timings[label].append(method())
                    except Exception as e:  # noqa: BLE001 - e.g. the transaction memory limit: say so, go on
                        print(f"{label:62} {'x' + str(size):>5} failed: {type(e).__name__}: {str(e)[:300]}",
                              flush=True)
                        failed.add(label)
                        continue
                    assert sum(db_counts(store)) == total, (label, db_counts(store), total)
                    if size == 1:   # every method makes the same graph
                        if reference is None:
                            reference = fresh_graph(settings)
                        else:
                            same_graph(fresh_graph(settings), reference, label)
            if BATCHED in failed:
                continue
            for label, taken in timings.items():
                if label not in failed:
                    _row(label, size, total, runs, taken, total / statistics.median(taken))
            others = {label: statistics.median(taken) for label, taken in timings.items()
                      if label not in failed and label not in (BATCHED, MERGE_PATH)}
            times = timings[BATCHED]
            merge_path = statistics.median(timings[MERGE_PATH]) if MERGE_PATH not in failed else float("nan")
            empty(store)
            written, seconds = one_row_per_transaction(store, batches, min(args.sample, total))
            single_rate = written / seconds
            _row(f"one row per transaction (sample of {written}, extrapolated)", size, total, 1,
                 [total / single_rate], single_rate)
            others["one row per transaction"] = total / single_rate
            ratios.append((size, statistics.median(times), others))
            merge_paths[size] = merge_path
            del doc, batches
        print()
        for size, batched, others in ratios:
            for label, seconds in others.items():
                if label.startswith("one row"):
                    print(f"x{size}: batched ({batched:.2f} s) is {seconds / batched:.0f}x faster than one row per "
                          f"transaction ({seconds:.0f} s) [goal: >= 20x]")
                else:
                    goal = "<= 1.0x" if label.startswith("LOAD CSV, MERGE") and size <= 10 else \
                        "<= 1.15x" if label.startswith("LOAD CSV, MERGE") else "for comparison"
                    print(f"x{size}: batched ({batched:.2f} s) takes {batched / seconds:.2f}x the time of {label} "
                          f"({seconds:.2f} s) [goal: {goal}]")
                    if label.startswith("LOAD CSV, MERGE"):
                        print(f"x{size}:   its MERGE path ({merge_paths[size]:.2f} s, what a reload into a "
                              f"store with elements runs) takes {merge_paths[size] / seconds:.2f}x [for comparison]")
        if len(ratios) > 1:
            base = ratios[0]
            for size, batched, others in ratios[1:]:
                f = size / base[0]
                growth = ", ".join(f"{label.split(',')[0]} x{seconds / base[2][label]:.1f}"
                                   for label, seconds in others.items() if label in base[2])
                print(f"x{base[0]} -> x{size} (data x{f:.0f}): batched x{batched / base[1]:.1f}, {growth}")
        batch_sizes = [int(s) for s in args.batch_sizes.split(",") if s.strip()]
        if batch_sizes and args.batch_sizes_at in sizes:
            size = args.batch_sizes_at
            doc = synthetic_document(size)
            total = sum(b.size for b in plan(doc, DEFAULT_BATCH_SIZE))
            print(f"\nrows per statement, x{size} ({total} rows), one run each:")
            for batch_size in batch_sizes:
                empty(store)
                summary = store.load(doc, batch_size=batch_size)
                print(f"  {batch_size:>6} rows/statement: {summary.seconds * 1000:8.0f} ms "
                      f"{total / summary.seconds:8.0f} rows/s ({summary.extra['batches']} statements)")
        empty(store)


def packstream() -> str:
    """Which PackStream encoder the driver uses: the optional Rust extension (neo4j-rust-ext) or
    the pure-Python one, which is most of the client's share of a batched load."""
    from neo4j._codec.packstream import v1

    return "packstream: Rust extension" if getattr(v1, "_rust_pack", None) else "packstream: pure Python"


def warm_up(store: Neo4jStore, folder: Path | None) -> None:
    """Untimed loads of each kind: a server just started runs its first queries interpreted
    (about 4 s for the national data instead of 1), and its JIT keeps warming for several loads
    more (measured: x1 loads settle after about six of each kind), which is not what a load costs."""
    doc = synthetic_document(1)
    batches = plan(doc, DEFAULT_BATCH_SIZE)
    for _ in range(WARM_UP_ROUNDS):
        for create in (True, False):   # both statement sets: the fresh store's CREATEs and the MERGEs
            empty(store)
            store.ensure_constraints()
            store.load(doc, create_when_empty=create)
        if folder is not None:
            plain, counted = load_csv_statements(batches, folder / "pg-bench", "file:///pg-bench/")
            for statements in (plain, counted):
                empty(store)
                run_in_one_transaction(store, statements)


def db_counts(store: Neo4jStore) -> tuple[int, int]:
    row = store.read("CALL () { MATCH (n) WHERE NOT n:Dataset RETURN count(n) AS nodes } "
                     "CALL () { MATCH ()-[r]->() RETURN count(r) AS rels } RETURN nodes, rels")[0]
    return row["nodes"], row["rels"]


def fresh_graph(settings: Settings) -> Any:
    with Neo4jStore.connect(settings) as store:
        return store.graph()


def same_graph(actual: Any, expected: Any, label: str) -> None:
    if dict(actual.nodes(data=True)) != dict(expected.nodes(data=True)) or \
            sorted(actual.edges(keys=True, data=True)) != sorted(expected.edges(keys=True, data=True)):
        raise AssertionError(f"{label} did not write the same graph as the batched load")


def _row(name: str, size: int, total: int, runs: int, times: list[float], rate: float) -> None:
    print(f"{name:62} {'x' + str(size):>5} {total:9d} {runs:4d} {statistics.median(times) * 1000:10.0f} "
          f"{min(times) * 1000:9.0f} {rate:8.0f}", flush=True)


if __name__ == "__main__":
    main()

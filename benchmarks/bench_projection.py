"""Building the projections every question starts from: the embedded store's graph from its file
rows (``_to_graph``) and the graph as at a date (``as_at``), in a fresh process and in one that
holds other graphs, as the web app, a notebook or a test worker does.

Run: python -m benchmarks.bench_projection [--runs 7] [--held 6] [--neo4j]

Columns, each the median of ``--runs`` calls in ms, on the national data (x1):

- **networkx builder**: ``add_nodes_from`` / ``add_edges_from`` over the same rows (what
  ``_to_graph`` did before it wrote networkx's adjacency dicts directly);
- **_to_graph**: the store's builder (the file's JSON parse is not timed: both share it; both run
  with the collector paused, as ``EmbeddedStore.graph`` runs them);
- **as_at, collector on**: the dated cut with the cyclic collector left running (as before);
- **as_at**: the dated cut as the library makes it, the collector paused (``stores.base.paused_gc``);
- **open, new bytes**: ``EmbeddedStore(path).graph()`` and the cut at a date through the store's
  reader, for bytes this process has not read (read, hash, parse, build, cut);
- **open, same bytes**: the same for a new store on bytes the process has read lately: the
  projection and its cuts are shared by content (``stores.embedded._SharedProjections``).

With ``--neo4j`` (the server NEO4J_URI names, else a private tools/neo4j-local one, emptied; see
``neo4j_load.py``), the Neo4j store's read of the same graph, in client CPU ms and wall ms: a
record per element (``r.data()`` of each, as the store read before) against the store's chunks
of 2,000 elements per record (``READ_NODES``, ``READ_RELATIONSHIPS``).

The ratios are the point: a full collection scans every object alive, so with other graphs held
the collector's share of an allocation-heavy cut grows with the heap, not with the cut.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

DAY = "2026-12-07"


def median_ms(f: Callable[[], Any], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        f()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def networkx_builder(data: dict[str, Any]) -> Any:
    import networkx as nx

    g = nx.MultiDiGraph()
    g.add_nodes_from((k, a) for k, a in data["nodes"])
    g.add_edges_from((u, v, k, a) for u, v, k, a in data["edges"])
    return g


def open_and_cut(path: Path) -> None:
    from partnership_graph.queries.reader import reader
    from partnership_graph.stores.embedded import EmbeddedStore

    reader(EmbeddedStore(path), on=DAY)


def measure(path: Path, runs: int) -> dict[str, float]:
    from partnership_graph.stores import dated
    from partnership_graph.stores.embedded import _SHARED, EmbeddedStore, _to_graph

    from partnership_graph.stores.base import paused_gc

    data = json.loads(path.read_bytes())
    g = EmbeddedStore(path).graph()
    with paused_gc():  # as the store builds its graph (the builders themselves are compared)
        builders = {"networkx builder": median_ms(lambda: networkx_builder(data), runs),
                    "_to_graph": median_ms(lambda: _to_graph(data), runs)}
    return {
        **builders,
        "as_at, collector on": median_ms(lambda: dated._as_at(g, DAY), runs),
        "as_at": median_ms(lambda: dated.as_at(g, DAY), runs),
        "open, new bytes": median_ms(lambda: (_SHARED.clear(), open_and_cut(path)), runs),
        "open, same bytes": median_ms(lambda: open_and_cut(path), runs),
    }


def measure_neo4j(runs: int) -> None:
    """Client CPU and wall ms of the Neo4j projection read: a record per element, or chunks."""
    from partnership_graph.national import example_document
    from partnership_graph.stores import neo4j as store_module
    from partnership_graph.stores.base import paused_gc
    from partnership_graph.stores.neo4j import Neo4jStore

    from .neo4j_load import empty, server

    per_record_nodes = ("MATCH (n) WHERE n:Area OR n:Body OR n:Issue OR n:Source "
                        "RETURN elementId(n) AS eid, labels(n) AS labels, properties(n) AS props")
    per_record_rels = ("MATCH (a)-[r]->(b) WHERE type(r) IN $types "
                       "RETURN elementId(a) AS start, elementId(b) AS end, type(r) AS type, properties(r) AS props")
    types = sorted(store_module.REL_TYPES)

    def per_record(tx: Any) -> int:
        return len([r.data() for r in tx.run(per_record_nodes)]) + len(
            [r.data() for r in tx.run(per_record_rels, types=types)])

    def chunks(tx: Any) -> int:
        chunk = store_module.READ_CHUNK
        return len([row for rec in tx.run(store_module.READ_NODES, chunk=chunk) for row in rec[0]]) + len(
            [row for rec in tx.run(store_module.READ_RELATIONSHIPS, chunk=chunk, types=types) for row in rec[0]])

    with server() as settings, Neo4jStore.connect(settings) as store:
        empty(store)
        store.load(example_document())
        rows: dict[str, tuple[float, float]] = {}
        for name, work in (("a record per element", per_record), ("chunks of 2,000", chunks)):
            cpu, wall, counts = [], [], set()
            for _ in range(runs + 1):
                with paused_gc(), store._session() as session:
                    c, w = time.process_time(), time.perf_counter()
                    counts.add(session.execute_read(work))
                    cpu.append(time.process_time() - c)
                    wall.append(time.perf_counter() - w)
            assert len(counts) == 1, counts
            rows[name] = (statistics.median(cpu[1:]) * 1000, statistics.median(wall[1:]) * 1000)
        print(f"\nNeo4j projection read, {counts.pop():,} elements (x1 national data)\n")
        print(f"| {'read':<22} | client CPU ms | wall ms |")
        print(f"|{'-' * 24}|---------------|---------|")
        for name, (cpu_ms, wall_ms) in rows.items():
            print(f"| {name:<22} | {cpu_ms:13.0f} | {wall_ms:7.0f} |")
        (c1, w1), (c2, w2) = rows.values()
        print(f"\nper record / chunks: client CPU {c1 / c2:.1f}x, wall {w1 / w2:.1f}x")
        empty(store)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--held", type=int, default=6, help="other national graphs held alive in the busy process")
    parser.add_argument("--neo4j", action="store_true", help="also time the Neo4j store's projection read")
    args = parser.parse_args()

    from partnership_graph.national import example_document
    from partnership_graph.stores.embedded import EmbeddedStore

    path = Path(tempfile.mkdtemp(prefix="pg-bench-projection-")) / "graph.json"
    EmbeddedStore(path).load(example_document())
    fresh = measure(path, args.runs)
    from partnership_graph.stores.embedded import _to_graph

    held = [_to_graph(json.loads(path.read_bytes())) for _ in range(args.held)]  # distinct graphs (stores share)
    busy = measure(path, args.runs)
    print(f"x1 national data; busy = {args.held} other graphs held, {len(gc.get_objects()):,} objects tracked\n")
    print(f"| {'step':<22} | fresh process ms | busy process ms |")
    print(f"|{'-' * 24}|------------------|-----------------|")
    for name in fresh:
        print(f"| {name:<22} | {fresh[name]:16.0f} | {busy[name]:15.0f} |")
    print()
    for label, m in (("fresh", fresh), ("busy", busy)):
        print(f"{label}: networkx builder / _to_graph = {m['networkx builder'] / m['_to_graph']:.1f}x; "
              f"as_at collector on / paused = {m['as_at, collector on'] / m['as_at']:.1f}x; "
              f"open new bytes / same bytes = {m['open, new bytes'] / m['open, same bytes']:.0f}x")
    del held
    if args.neo4j:
        measure_neo4j(args.runs)


if __name__ == "__main__":
    main()

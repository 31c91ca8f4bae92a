"""Building the projections every question starts from: the embedded store's graph from its file
rows (``_to_graph``) and the graph as at a date (``as_at``), in a fresh process and in one that
holds other graphs, as the web app, a notebook or a test worker does.

Run: python -m benchmarks.bench_projection [--runs 7] [--held 6]

Columns, each the median of ``--runs`` calls in ms, on the national data (x1):

- **networkx builder**: ``add_nodes_from`` / ``add_edges_from`` over the same rows (what
  ``_to_graph`` did before it wrote networkx's adjacency dicts directly);
- **_to_graph**: the store's builder (the file's JSON parse is not timed: both share it; both run
  with the collector paused, as ``EmbeddedStore.graph`` runs them);
- **as_at, collector on**: the dated cut with the cyclic collector left running (as before);
- **as_at**: the dated cut as the library makes it, the collector paused (``stores.base.paused_gc``).

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


def measure(path: Path, runs: int) -> dict[str, float]:
    from partnership_graph.stores import dated
    from partnership_graph.stores.embedded import EmbeddedStore, _to_graph

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
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--held", type=int, default=6, help="other national graphs held alive in the busy process")
    args = parser.parse_args()

    from partnership_graph.national import example_document
    from partnership_graph.stores.embedded import EmbeddedStore

    path = Path(tempfile.mkdtemp(prefix="pg-bench-projection-")) / "graph.json"
    EmbeddedStore(path).load(example_document())
    fresh = measure(path, args.runs)
    held = [EmbeddedStore(path).graph() for _ in range(args.held)]
    busy = measure(path, args.runs)
    print(f"x1 national data; busy = {args.held} other graphs held, {len(gc.get_objects()):,} objects tracked\n")
    print(f"| {'step':<22} | fresh process ms | busy process ms |")
    print(f"|{'-' * 24}|------------------|-----------------|")
    for name in fresh:
        print(f"| {name:<22} | {fresh[name]:16.0f} | {busy[name]:15.0f} |")
    print()
    for label, m in (("fresh", fresh), ("busy", busy)):
        print(f"{label}: networkx builder / _to_graph = {m['networkx builder'] / m['_to_graph']:.1f}x; "
              f"as_at collector on / paused = {m['as_at, collector on'] / m['as_at']:.1f}x")
    del held


if __name__ == "__main__":
    main()

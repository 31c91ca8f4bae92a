"""brokers and the one-entity detail views (body, area) on both stores, at x1: wall and CPU time.

Run: python -m benchmarks.bench_details [--runs 7] [--stores embedded,neo4j] [--reference]

Goal (issue 13): ``brokers`` under 100 ms in-process at x1 on both stores, with exact scores;
``body_detail`` / ``area_detail`` and name resolution on Neo4j under 100 ms cold at x1, by
indexed Cypher reads rather than a projection of the whole graph.

- **warm**: repeated calls on one open store after one untimed call (in-process: a notebook, the
  web app). Neo4jStore keeps its projection, which brokers reads; the detail views do not read it.
- **cold**: a new store object per call (what one CLI command pays after Python's start-up):
  the embedded store parses its file; Neo4jStore connects, logs in and runs the query (brokers:
  reads the projection).

Each figure is the median of ``--runs`` calls, as wall time and as this process's CPU time. On a
machine shared with other work the wall time stretches with the load while the CPU time mostly
does not, so both are printed with the load average; for Neo4j the CPU column leaves out the
server's own work. ``--reference`` also times networkx's own exact betweenness on the same
membership graph (seconds), igraph's over the whole graph (what brokers used before) and the
block-by-block computation alone, for the speed-ups measured in the same run. Neo4j: the server NEO4J_URI names, else a private tools/neo4j-local server (see
benchmarks/neo4j_load.py); its database is emptied.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from contextlib import ExitStack
from typing import Any

from partnership_graph.queries.areas import area_detail
from partnership_graph.queries.bodies import body_detail
from partnership_graph.queries.brokers import brokers, membership_graph

from .bench_queries import embedded_store, neo4j_store
from .synthetic import synthetic_document

GOAL_MS = 100.0
CENTRAL_BEDFORDSHIRE = "E06000056"
CALLS: dict[str, Callable[[Any], Any]] = {
    "brokers --top 10 (national, exact)": lambda s: brokers(s, None, 10),
    "body csp:oldham": lambda s: body_detail(s, "csp:oldham"),
    "body 'Oldham Community Safety Partnership'": lambda s: body_detail(s, "Oldham Community Safety Partnership"),
    "area 'Central Bedfordshire' (code)": lambda s: area_detail(s, CENTRAL_BEDFORDSHIRE),
    "area 'oldham' (name, any case)": lambda s: area_detail(s, "oldham"),
}


def timed(call: Callable[[], Any], runs: int) -> tuple[float, float]:
    """Median wall and CPU milliseconds of ``runs`` calls."""
    wall, cpu = [], []
    for _ in range(runs):
        w, c = time.perf_counter(), time.process_time()
        call()
        cpu.append((time.process_time() - c) * 1000)
        wall.append((time.perf_counter() - w) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def measure(open_store: Callable[[], Any], runs: int) -> dict[str, tuple[tuple[float, float], tuple[float, float]]]:
    out = {}
    warm_store = open_store()
    for name, call in CALLS.items():
        call(warm_store)  # untimed: caches, server plans

        def cold() -> None:
            store = open_store()
            try:
                call(store)
            finally:
                store.close()

        out[name] = (timed(lambda: call(warm_store), runs), timed(cold, runs))
        print(f"  {name:45} warm {out[name][0][0]:8.1f} ms  cold {out[name][1][0]:8.1f} ms", file=sys.stderr)
    if hasattr(warm_store, "close"):
        warm_store.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--stores", default="embedded,neo4j")
    parser.add_argument("--reference", action="store_true", help="also time networkx's exact betweenness")
    args = parser.parse_args()
    stores = [s.strip() for s in args.stores.split(",") if s.strip()]
    doc = synthetic_document(1)
    results = {}
    with ExitStack() as stack:
        settings = None
        if "neo4j" in stores:
            from .neo4j_load import server

            settings = stack.enter_context(server())
        for kind in stores:
            print(f"x1 on {kind}:", file=sys.stderr)
            ctx = embedded_store(doc) if kind == "embedded" else neo4j_store(settings, doc)
            with ctx as open_store:
                results[kind] = measure(open_store, args.runs)
                if args.reference and kind == "embedded":
                    import igraph  # type: ignore[import-untyped]
                    import networkx as nx

                    from partnership_graph.queries._betweenness import raw_betweenness

                    m = membership_graph(open_store().graph())
                    index = {b: i for i, b in enumerate(m)}
                    pairs = [(index[u], index[v]) for u, v in m.edges()]
                    whole = igraph.Graph(n=len(index), edges=pairs, directed=False)
                    ref = timed(lambda: nx.betweenness_centrality(m, normalized=True), 1)
                    ref_igraph = timed(lambda: whole.betweenness(directed=False), args.runs)
                    ours_alone = timed(lambda: raw_betweenness(len(index), pairs), args.runs)
    load = os.getloadavg()
    print(f"python {platform.python_version()}; {os.cpu_count()} cpus; load average {load[0]:.1f} {load[1]:.1f} "
          f"{load[2]:.1f}; median of {args.runs} runs; wall / CPU ms")
    print(f"| call | {' | '.join(f'{k} warm | {k} cold' for k in stores)} |")
    print("| --- |" + " ---: | ---: |" * len(stores))
    for name in CALLS:
        cells = [f"{results[k][name][m][0]:.1f} / {results[k][name][m][1]:.1f}" for k in stores for m in (0, 1)]
        print(f"| {name} | {' | '.join(cells)} |")
    if args.reference and "embedded" in results:
        ours = results["embedded"]["brokers --top 10 (national, exact)"][0]
        print(f"\nexact betweenness of the {len(index)}-body, {len(pairs)}-link membership graph, wall / CPU ms: "
              f"networkx {ref[0]:.0f} / {ref[1]:.0f} (one run); igraph over the whole graph "
              f"{ref_igraph[0]:.1f} / {ref_igraph[1]:.1f}; block by block (brokers' own) "
              f"{ours_alone[0]:.1f} / {ours_alone[1]:.1f} (x{ref_igraph[0] / ours_alone[0]:.1f} igraph's speed); "
              f"brokers, whole query: {ours[0]:.1f} / {ours[1]:.1f} "
              f"(x{ref[0] / ours[0]:.0f} wall, x{ref[1] / ours[1]:.0f} CPU faster than networkx alone)")
    print(f"\ngoal: under {GOAL_MS:.0f} ms at x1 (brokers warm on both stores; details cold on Neo4j)")


if __name__ == "__main__":
    main()

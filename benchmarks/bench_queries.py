"""Every query's latency on both stores, at x1 and x10 the national data.

Run: python -m benchmarks.bench_queries [--sizes 1,10] [--runs 5] [--stores embedded,neo4j]
     [--queries brokers,body_detail,area_detail]

The data is the national skeleton plus the LGA example (x1) and synthetic copies with distinct
ids (x10, benchmarks/synthetic.py), loaded once per size into each store. Each query runs with
the arguments the README uses (national where the command's default is national, the worst
case), in two ways:

- **warm**: on one open store, after one untimed call: what a notebook or a long-running process
  sees. The embedded store keeps its networkx graph in memory; Neo4jStore keeps its projection
  (the queries that read it: body_detail, area_detail, brokers...) and the server its plans.
- **cold**: a new store object per call, no cache: what each CLI command pays on top of Python's
  start-up (the embedded store reads and parses its file; Neo4jStore connects, checks the login
  and reads what the query needs, the whole projection for networkx-based queries).

Prints median and best of N runs (fewer when a query is slow: at most ``--budget`` seconds per
measurement, at least 2 runs; a query whose first call alone exceeds the budget is measured by
that call (warm) and one cold call), the ratio neo4j/embedded, the growth x10/x1, and which queries miss
the goal (under 100 ms at x1). Neo4j: the server NEO4J_URI names, else a private tools/neo4j-local
server (see benchmarks/neo4j_load.py); its database is emptied.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

from partnership_graph.queries.accountability import accountability, accountability_unscrutinised
from partnership_graph.queries.areas import area_detail, find_areas
from partnership_graph.queries.bodies import body_detail, find_bodies
from partnership_graph.queries.brokers import brokers
from partnership_graph.queries.coterminosity import coterminosity, coterminosity_summary
from partnership_graph.queries.gaps import gaps
from partnership_graph.queries.issues import issue_tree
from partnership_graph.queries.overlaps import overlaps
from partnership_graph.queries.stats import stats
from partnership_graph.queries.who_leads import who_leads

from .synthetic import synthetic_document

GOAL_MS = 100.0
OLDHAM, CENTRAL_BEDFORDSHIRE = "E08000004", "E06000056"

# name -> (what it asks, the call; keywords such as ``on`` are passed through). Copy 0 of the synthetic data is the real data, so these
# arguments mean the same at every size; codes and ids rather than names, which repeat in copies.
QUERIES: dict[str, tuple[str, Callable[..., list[Any] | Any]]] = {
    "stats": ("stats", stats),
    "find_areas": ("areas york", lambda s, **kw: find_areas(s, "york", **kw)),
    "find_bodies": ("bodies --area Oldham", lambda s, **kw: find_bodies(s, None, None, OLDHAM, **kw)),
    "body_detail": ("body csp:oldham", lambda s, **kw: body_detail(s, "csp:oldham", **kw)),
    "area_detail": ("area 'Central Bedfordshire'", lambda s, **kw: area_detail(s, CENTRAL_BEDFORDSHIRE, **kw)),
    "issue_tree": ("issues", issue_tree),
    "who_leads": ("who-leads DA (national)", lambda s, **kw: who_leads(s, "domestic-abuse", **kw)),
    "gaps": ("gaps (national)", lambda s, **kw: gaps(s, **kw)),
    "overlaps": ("overlaps (national)", lambda s, **kw: overlaps(s, **kw)),
    "coterminosity": ("coterminosity --area Nottinghamshire", lambda s, **kw: coterminosity(s, None, "E10000024", **kw)),
    "coterminosity_summary": ("coterminosity --summary (national)", lambda s, **kw: coterminosity_summary(s, **kw)),
    "accountability": ("accountability csp:oldham", lambda s, **kw: accountability(s, "csp:oldham", **kw)),
    "accountability_unscrutinised": ("accountability --unscrutinised", lambda s, **kw: accountability_unscrutinised(s, **kw)),
    "brokers": ("brokers --top 10 (national, exact)", lambda s, **kw: brokers(s, None, 10, **kw)),
}


def timed(call: Callable[[], Any], runs: int, budget: float) -> list[float]:
    """Milliseconds of up to ``runs`` calls, stopping once ``budget`` seconds are spent (>= 2 calls,
    or 1 when ``runs`` is 1)."""
    out: list[float] = []
    spent = 0.0
    while len(out) < runs and (len(out) < min(2, runs) or spent < budget):
        t0 = time.perf_counter()
        call()
        out.append((time.perf_counter() - t0) * 1000)
        spent += out[-1] / 1000
    return out


@contextmanager
def embedded_store(doc: Any) -> Iterator[Callable[[], Any]]:
    from partnership_graph.stores.embedded import EmbeddedStore

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "graph.json"
        EmbeddedStore(path).load(doc)
        yield lambda: EmbeddedStore(path)


@contextmanager
def neo4j_store(settings: Any, doc: Any) -> Iterator[Callable[[], Any]]:
    from partnership_graph.stores.neo4j import Neo4jStore

    from .neo4j_load import empty

    with Neo4jStore.connect(settings) as store:
        empty(store)
        store.ensure_constraints()
        store.load(doc)
    opened: list[Any] = []

    def open_one() -> Any:
        store = Neo4jStore.connect(settings)
        opened.append(store)
        return store

    try:
        yield open_one
    finally:
        for store in opened:
            store.close()


def measure(open_store: Callable[[], Any], runs: int, budget: float,
            only: list[str] | None = None) -> dict[str, tuple[list[float], list[float]]]:
    """query -> (warm ms, cold ms), for every query or those named in ``only``."""
    results: dict[str, tuple[list[float], list[float]]] = {}
    warm_store = open_store()
    for name, (_, query) in QUERIES.items():
        if only and name not in only:
            continue
        t0 = time.perf_counter()
        query(warm_store)  # untimed: caches and server plans
        first = (time.perf_counter() - t0) * 1000

        def cold_call() -> None:
            store = open_store()
            try:
                query(store)
            finally:
                store.close()

        if first > budget * 1000:  # one call takes longer than the budget: that call is the measurement
            warm, cold = [first], timed(cold_call, 1, 0)
        else:
            warm, cold = timed(lambda: query(warm_store), runs, budget), timed(cold_call, runs, budget)
        results[name] = (warm, cold)
        print(f"  {name:30} warm {statistics.median(warm):9.1f} ms  cold {statistics.median(cold):9.1f} ms",
              file=sys.stderr, flush=True)
    warm_store.close()
    return results


def fmt(times: list[float]) -> str:
    return f"{statistics.median(times):9.1f} {min(times):9.1f} {len(times):3d}"


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", default="1,10")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--budget", type=float, default=10.0, help="seconds per measurement before stopping early")
    parser.add_argument("--stores", default="embedded,neo4j")
    parser.add_argument("--queries", default="", help="comma-separated query names (default: all)")
    args = parser.parse_args()
    only = [q.strip() for q in args.queries.split(",") if q.strip()]
    unknown = sorted(set(only) - set(QUERIES))
    if unknown:
        parser.error(f"unknown queries {', '.join(unknown)}; known: {', '.join(QUERIES)}")
    sizes = [int(s) for s in args.sizes.split(",")]
    stores = [s.strip() for s in args.stores.split(",") if s.strip()]
    import networkx

    results: dict[tuple[str, int], dict[str, tuple[list[float], list[float]]]] = {}
    versions = f"python {platform.python_version()}, networkx {networkx.__version__}"
    with ExitStack() as stack:
        settings = None
        if "neo4j" in stores:
            import neo4j as neo4j_driver

            from partnership_graph.stores.neo4j import Neo4jStore

            from .neo4j_load import server, server_version

            settings = stack.enter_context(server())
            with Neo4jStore.connect(settings) as probe:
                versions += f", neo4j driver {neo4j_driver.__version__}, Neo4j {server_version(probe)}"
        for size in sizes:
            doc = synthetic_document(size)
            rows = sum(doc.counts().values())
            for store_kind in stores:
                print(f"x{size} ({rows:,} rows) on {store_kind}:", file=sys.stderr, flush=True)
                ctx = embedded_store(doc) if store_kind == "embedded" else neo4j_store(settings, doc)
                with ctx as open_store:
                    results[(store_kind, size)] = measure(open_store, args.runs, args.budget, only)

    names = [n for n in QUERIES if not only or n in only]
    print(f"{versions}; {os.cpu_count()} cpus; median and best of up to {args.runs} runs (n), in ms")
    print(f"{'query':30} {'store':8} {'size':>4} | {'warm med':>9} {'best':>9} {'n':>3} | {'cold med':>9} "
          f"{'best':>9} {'n':>3} | {'warm vs emb':>11} {'cold vs emb':>11}")
    for name in names:
        for size in sizes:
            for store_kind in stores:
                warm, cold = results[(store_kind, size)][name]
                ratio = ""
                if store_kind != "embedded" and ("embedded", size) in results:
                    ew, ec = results[("embedded", size)][name]
                    ratio = (f"{statistics.median(warm) / statistics.median(ew):10.1f}x "
                             f"{statistics.median(cold) / statistics.median(ec):10.1f}x")
                print(f"{name:30} {store_kind:8} {'x' + str(size):>4} | {fmt(warm)} | {fmt(cold)} | {ratio}")
    if len(sizes) > 1:
        small, big = sizes[0], sizes[-1]
        print(f"\ngrowth x{small} -> x{big} (data x{big // small}; 1.0 = flat, {big // small} = linear), median:")
        print(f"{'query':30} " + " ".join(f"{s + ' warm':>14} {s + ' cold':>14}" for s in stores))
        for name in names:
            cells = []
            for store_kind in stores:
                (w1, c1), (w2, c2) = results[(store_kind, small)][name], results[(store_kind, big)][name]
                cells.append(f"{statistics.median(w2) / statistics.median(w1):13.1f}x "
                             f"{statistics.median(c2) / statistics.median(c1):13.1f}x")
            print(f"{name:30} " + " ".join(cells))
    if 1 in sizes:
        print(f"\ngoal: every query under {GOAL_MS:.0f} ms at x1 (median)")
        for store_kind in stores:
            for mode, i in (("warm", 0), ("cold", 1)):
                missed = [f"{n} {statistics.median(results[(store_kind, 1)][n][i]):.0f} ms" for n in names
                          if statistics.median(results[(store_kind, 1)][n][i]) >= GOAL_MS]
                print(f"  {store_kind:8} {mode}: {'all met' if not missed else 'missed: ' + ', '.join(missed)}")


if __name__ == "__main__":
    main()

"""Query latency as at a date: every query with ``--on`` against without, and against the code
before dates were read (optional), on both stores.

Run: python -m benchmarks.bench_dated [--runs 5] [--stores embedded,neo4j] [--baseline /path/to/old/checkout]

The data is the national skeleton plus the LGA example (x1), with the bundled dated changes since
the 2024 lookups (4,196 of its 20,847 elements carry ``valid_from`` / ``valid_to``): so the
networkx reader cuts a dated copy of the whole projection (``as_at``) for any date, and every
Cypher match tests every element's dates.
Columns, each the median of up to ``--runs`` calls in ms (as ``bench_queries``: warm = one open
store after an untimed call; cold = a new store per call, what each CLI command pays):

- **no --on**: the query as the CLI runs it without ``--on`` (as at today);
- **--on**: the same query ``on=2027-06-01``, a date other than today (on a warm store the dated
  projection for that date is cached after the first call, as within one command);
- **--scenario**: the same query under ``--scenario pcc-abolition-2028``, the store wrapped as the
  CLI wraps it (the projection with the scenario's changes applied, once per command: in "warm",
  once for all calls; in "cold", in every call);
- **before** (with ``--baseline``): the same query by the code of another checkout that does not
  read dates at all (e.g. a checkout of main before the read interface), over the same store.

The ratios ``--on / no --on`` and ``--on / before`` are the goal (within 1.2x).
Neo4j: the server NEO4J_URI names, else a private tools/neo4j-local server (see neo4j_load.py);
its database is emptied.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

ON = date(2027, 6, 1)
SCENARIO = "pcc-abolition-2028"
REPO = Path(__file__).resolve().parents[1]

# Run in a subprocess with the checkout to time first on sys.path; prints {query: [warm..], [cold..]}.
WORKER = r"""
import json, statistics, sys
from datetime import date
sys.path.insert(0, sys.argv[1])
from benchmarks.bench_queries import QUERIES, timed
kind, location, runs, budget, on = sys.argv[2], sys.argv[3], int(sys.argv[4]), float(sys.argv[5]), sys.argv[6]
skip = set(sys.argv[7].split(",")) if len(sys.argv) > 7 else set()
kw = {"on": date.fromisoformat(on)} if on else {}
import os
scenario = os.environ.get("PG_BENCH_SCENARIO")
def open_plain():
    if kind == "embedded":
        from partnership_graph.stores.embedded import EmbeddedStore
        return EmbeddedStore(location)
    from partnership_graph.config import Settings
    from partnership_graph.stores.neo4j import Neo4jStore
    return Neo4jStore.connect(Settings.from_env(store="neo4j"))
def open_store():
    store = open_plain()
    if not scenario:
        return store
    # as the CLI's --scenario does (cli_changes.wrap_store): the projection with the changes applied
    from partnership_graph.changes import apply_to_graph
    from partnership_graph.national import load_scenario
    from partnership_graph.stores.dated import ProjectionStore
    g = store.graph()
    store.close()
    return ProjectionStore(apply_to_graph(g, load_scenario(scenario, g)), "scenario")
out = {}
warm_store = open_store()
for name, (_, query) in QUERIES.items():
    if name in skip:
        continue
    call = (lambda q=query: q(warm_store, **kw))
    call()
    def cold(q=query):
        s = open_store()
        try:
            q(s, **kw)
        finally:
            s.close()
    out[name] = [timed(call, runs, budget), timed(cold, runs, budget)]
    print(f"  {name:30} warm {statistics.median(out[name][0]):9.1f} ms", file=sys.stderr, flush=True)
warm_store.close()
print(json.dumps(out))
"""


def run_worker(tree: Path, kind: str, location: str, runs: int, budget: float, on: str, skip: str,
               env: dict[str, str], scenario: str = "") -> dict[str, list[list[float]]]:
    env = {**env, "PG_BENCH_SCENARIO": scenario}
    done = subprocess.run([sys.executable, "-c", WORKER, str(tree), kind, location, str(runs), str(budget), on, skip],
                          env=env, cwd=str(tree), stdout=subprocess.PIPE, check=True, text=True)
    result: dict[str, list[list[float]]] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def med(times: list[float]) -> float:
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--budget", type=float, default=10.0)
    parser.add_argument("--stores", default="embedded,neo4j")
    parser.add_argument("--skip", default="", help="queries to leave out, comma-separated (e.g. brokers)")
    parser.add_argument("--baseline", type=Path, default=None,
                        help="a checkout whose code does not read dates, timed over the same stores")
    args = parser.parse_args()
    stores = [s.strip() for s in args.stores.split(",") if s.strip()]

    from partnership_graph.stores.embedded import EmbeddedStore

    from .synthetic import synthetic_document

    doc = synthetic_document(1)
    results: dict[tuple[str, str], dict[str, list[list[float]]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for kind in stores:
            env = dict(os.environ)
            location = str(Path(tmp) / "graph.json")
            if kind == "embedded":
                EmbeddedStore(location).load(doc)
                ctx: Any = None
            else:
                from partnership_graph.stores.neo4j import Neo4jStore

                from .neo4j_load import empty, server

                ctx = server()
                settings = ctx.__enter__()
                env.update(NEO4J_URI=settings.neo4j_uri, NEO4J_USER=settings.neo4j_user,
                           NEO4J_PASSWORD=settings.neo4j_password.get() or "")
                with Neo4jStore.connect(settings) as store:
                    empty(store)
                    store.ensure_constraints()
                    store.load(doc)
            try:
                for column, tree, on, scen in (("no --on", REPO, "", ""), ("--on", REPO, ON.isoformat(), ""),
                                               ("--scenario", REPO, "", SCENARIO),
                                               *((("before", args.baseline, "", ""),) if args.baseline else ())):
                    print(f"{kind}, {column}:", file=sys.stderr, flush=True)
                    results[(kind, column)] = run_worker(tree, kind, location, args.runs, args.budget, on, args.skip,
                                                         env, scen)
            finally:
                if ctx is not None:
                    ctx.__exit__(None, None, None)

    load = os.getloadavg()
    print(f"x1 national data with the bundled dated changes; median ms of up to {args.runs} runs; "
          f"load average at the end {load[0]:.1f} on {os.cpu_count()} cpus")
    cols = ["no --on", "--on", "--scenario"] + (["before"] if args.baseline else [])
    head = " | ".join(f"{c + ' ' + w:>16}" for w in ("warm", "cold") for c in cols)
    print(f"{'query':30} {'store':8} | {head} | {'on/no warm':>10} {'on/no cold':>10}"
          f" {'scen/no warm':>12} {'scen/no cold':>12}"
          + (f" {'on/before w':>11} {'on/before c':>11}" if args.baseline else ""))
    worst = worst_scenario = 0.0
    for kind in stores:
        names = results[(kind, "--on")]
        for name in names:
            cells = [med(results[(kind, c)][name][i]) for i in (0, 1) for c in cols]
            on_w, on_c = med(results[(kind, "--on")][name][0]), med(results[(kind, "--on")][name][1])
            no_w, no_c = med(results[(kind, "no --on")][name][0]), med(results[(kind, "no --on")][name][1])
            sc_w, sc_c = med(results[(kind, "--scenario")][name][0]), med(results[(kind, "--scenario")][name][1])
            line = (f"{name:30} {kind:8} | " + " | ".join(f"{c:16.1f}" for c in cells)
                    + f" | {on_w / no_w:9.2f}x {on_c / no_c:9.2f}x {sc_w / no_w:11.2f}x {sc_c / no_c:11.2f}x")
            worst = max(worst, on_w / no_w, on_c / no_c)
            worst_scenario = max(worst_scenario, sc_w / no_w)
            if args.baseline:
                be_w, be_c = med(results[(kind, "before")][name][0]), med(results[(kind, "before")][name][1])
                line += f" {on_w / be_w:10.2f}x {on_c / be_c:10.2f}x"
            print(line)
    print(f"worst --on / no --on: {worst:.2f}x (goal: within 1.2x)")
    print(f"worst --scenario / no --scenario, warm (the scenario applied once per command): {worst_scenario:.2f}x "
          "(goal: within 1.2x); cold includes applying the scenario's changes to the projection")


if __name__ == "__main__":
    main()

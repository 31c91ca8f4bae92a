"""The national graph's GEXF and GraphML exports (``gexf_bytes``, ``graphml_bytes``), against the
code of another checkout, with a check that both write the same bytes.

Run: python -m benchmarks.bench_gexf [--runs 5] [--baseline /path/to/old/checkout]

The graphs are what ``export`` hands the writers (``select`` then ``for_people``) for the national
data (skeleton, dated changes and the LGA example): as at today (``export --format gexf``) and
with every date (``--all-dates``, GEXF's timeline on). They are built once and pickled, so this
code and the baseline's (each in a process of its own, with the baseline first on
``PYTHONPATH``) write the very same graphs. Columns: median wall and CPU ms of ``--runs`` calls
(after one untimed call; CPU time is the steadier figure on a shared machine), and the SHA-256 of
the bytes written; with ``--baseline``, the baseline's medians, the ratios before / after and
whether the bytes are identical.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import pickle
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

CASES = [("gexf 1.3", "1.3"), ("gexf 1.2draft", "1.2draft"), ("graphml", None)]


def graphs(path: Path) -> None:
    """Pickle the national graphs ``export`` would write: as at today, and with every date."""
    from partnership_graph.exporters.select import for_people, select
    from partnership_graph.national import example_document
    from partnership_graph.stores.embedded import EmbeddedStore

    with tempfile.TemporaryDirectory() as tmp:
        store = EmbeddedStore(Path(tmp) / "graph.json")
        store.load(example_document())
        out = {"today": for_people(select(store).graph, node_type=True),
               "all dates": for_people(select(store, all_dates=True).graph, node_type=True)}
    path.write_bytes(pickle.dumps(out))


def measure(path: Path, runs: int) -> dict[str, dict[str, Any]]:
    """Median ms and SHA-256 of each writer on each pickled graph, by the code on ``sys.path``."""
    from partnership_graph.exporters.gexf import gexf_bytes
    from partnership_graph.exporters.graphml import graphml_bytes

    results: dict[str, dict[str, Any]] = {}
    for name, g in pickle.loads(path.read_bytes()).items():
        for case, version in CASES:
            timeline = name == "all dates"
            write: Callable[[], bytes] = ((lambda: graphml_bytes(g)) if version is None else
                                          (lambda: gexf_bytes(g, version, timeline=timeline)))  # type: ignore[arg-type]
            data = write()
            times, cpu = [], []
            for _ in range(runs):
                started, started_cpu = time.perf_counter(), time.process_time()
                write()
                times.append(time.perf_counter() - started)
                cpu.append(time.process_time() - started_cpu)
            results[f"{case}, {name}"] = {"ms": statistics.median(times) * 1000,
                                          "cpu": statistics.median(cpu) * 1000,
                                          "sha256": hashlib.sha256(data).hexdigest(),
                                          "size": len(data), "edges": g.number_of_edges()}
    return results


def run(code: Path, path: Path, runs: int) -> dict[str, dict[str, Any]]:
    """``measure`` in a new process importing ``partnership_graph`` from ``code``."""
    here = Path(__file__).resolve().parent.parent   # for ``benchmarks`` (after ``code``)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(code), str(here)]))
    # -P: the working directory is not put first on the path (it would shadow ``code``)
    out = subprocess.run([sys.executable, "-P", "-m", "benchmarks.bench_gexf", "--measure", str(path),
                          "--runs", str(runs)], env=env, check=True, capture_output=True, text=True)
    results = dict(json.loads(out.stdout.splitlines()[-1]))
    imported = Path(results.pop("imported from"))
    if not imported.is_relative_to(code):
        raise SystemExit(f"partnership_graph came from {imported}, not from {code}")
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--baseline", type=Path, default=None, help="an older checkout to compare with")
    parser.add_argument("--measure", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        import partnership_graph

        print(json.dumps({**measure(args.measure, args.runs), "imported from": partnership_graph.__file__}))
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "graphs.pickle"
        graphs(path)
        after = run(Path(__file__).resolve().parent.parent, path, args.runs)
        before = run(args.baseline.resolve(), path, args.runs) if args.baseline else {}
    print(f"{'export':<26} {'edges':>7} {'bytes':>11} {'ms':>6} {'cpu ms':>6}"
          + (f" {'before':>6} {'cpu':>6} {'ratio':>6} {'cpu':>6}  same bytes" if before else "  sha256"))
    for case, row in after.items():
        line = f"{case:<26} {row['edges']:>7,} {row['size']:>11,} {row['ms']:>6.0f} {row['cpu']:>6.0f}"
        if before:
            old = before[case]
            line += (f" {old['ms']:>6.0f} {old['cpu']:>6.0f} {old['ms'] / row['ms']:>5.2f}x {old['cpu'] / row['cpu']:>5.2f}x"
                     f"  {old['sha256'] == row['sha256']}")
        else:
            line += f"  {row['sha256'][:16]}"
        print(line)


if __name__ == "__main__":
    main()

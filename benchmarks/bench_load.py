"""Load benchmark for the embedded store at x1, x10 and x100 the national data.

Run: python -m benchmarks.bench_load [--sizes 1,10,100] [--runs 3]

Each size runs in a fresh subprocess so that its peak resident memory (ru_maxrss) is its own.
Prints, per size: rows (nodes + relationships), time to build and validate the synthetic
document (not part of the load), first load into an empty store, reload of the same data (no
change), reading the graph back, peak memory, and rows per second; then how each grows from x1
(a ratio of 10 or 100 means linear).
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD = r"""
import json, resource, sys, tempfile, time
from pathlib import Path
from benchmarks.synthetic import synthetic_document
from partnership_graph.stores.embedded import EmbeddedStore

size, runs = int(sys.argv[1]), int(sys.argv[2])
t0 = time.perf_counter(); doc = synthetic_document(size); build = time.perf_counter() - t0
rows = sum(doc.counts().values())
first, reload, read = [], [], []
for _ in range(runs):
    path = Path(tempfile.mkdtemp()) / "graph.json"
    store = EmbeddedStore(path)
    t0 = time.perf_counter(); store.load(doc); first.append(time.perf_counter() - t0)
    t0 = time.perf_counter(); store.load(doc); reload.append(time.perf_counter() - t0)
    t0 = time.perf_counter(); EmbeddedStore(path).graph(); read.append(time.perf_counter() - t0)
    size_mb = path.stat().st_size / 2**20
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(dict(size=size, rows=rows, build=build, first=first, reload=reload, read=read,
                      peak_mb=peak, file_mb=size_mb)))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,10,100")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    import networkx

    print(f"python {platform.python_version()}, networkx {networkx.__version__}, {platform.machine()}; "
          f"median of {args.runs} runs (best in brackets)")
    results = []
    for size in (int(s) for s in args.sizes.split(",")):
        out = subprocess.run([sys.executable, "-c", CHILD, str(size), str(args.runs)], check=True,
                             capture_output=True, text=True, cwd=Path(__file__).resolve().parents[1])
        results.append(json.loads(out.stdout))
    print(f"{'size':>5} {'rows':>10} {'build s':>8} {'load s':>14} {'reload s':>14} {'read s':>14} "
          f"{'rows/s':>10} {'peak MB':>8} {'file MB':>8}")
    for r in results:
        med = {k: statistics.median(r[k]) for k in ("first", "reload", "read")}
        best = {k: min(r[k]) for k in ("first", "reload", "read")}
        print(f"x{r['size']:<4} {r['rows']:>10,} {r['build']:>8.2f} "
              + " ".join(f"{med[k]:>7.3f} ({best[k]:.3f})" for k in ("first", "reload", "read"))
              + f" {r['rows'] / med['first']:>10,.0f} {r['peak_mb']:>8.0f} {r['file_mb']:>8.1f}")
    base = results[0]
    for r in results[1:]:
        f = r["size"] / base["size"]
        growth = {k: statistics.median(r[k]) / statistics.median(base[k]) for k in ("first", "reload", "read")}
        print(f"x{base['size']} -> x{r['size']} (data x{f:.0f}): load x{growth['first']:.1f}, "
              f"reload x{growth['reload']:.1f}, read x{growth['read']:.1f}, "
              f"peak memory x{r['peak_mb'] / base['peak_mb']:.1f}")


if __name__ == "__main__":
    main()

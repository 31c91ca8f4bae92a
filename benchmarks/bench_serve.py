"""`partnership-graph serve`: start-up, and the latency of every page and API call, at x1 and x10.

Runs the real command (`python -m partnership_graph --db FILE serve --port P`) on the embedded
store, loaded with the national data (x1: the skeleton plus the LGA example) or N synthetic
copies (x10, ``synthetic.py``), and asks it over HTTP from this process:

- start-up: from launching the command to the first answer of ``/api/meta`` (wall time), and the
  "Ready in" figure the command prints (imports, reading the store, building the search index);
- per URL: the first request (cold: the answer is computed, and the app's small cache filled
  where it has one: area overview, protocol, network data, issue overview) and the median and
  best of the next ``--runs`` requests (warm).

The goal (issue 12): every page under 200 ms at x1 on the embedded store. Prints a table;
``--sizes 1`` for a quick run.

    python -m benchmarks.bench_serve
    python -m benchmarks.bench_serve --sizes 1 --runs 5
"""

from __future__ import annotations

import argparse
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote
from urllib.request import urlopen

ROOT = Path(__file__).resolve().parents[1]

PAGES = [
    "/",
    "/search?q=Oldham",
    "/areas/E08000004",
    "/areas/E08000004/protocol",
    "/bodies/csp:oldham",
    "/issues",
    "/issues/domestic-abuse",
    "/network?area=" + quote("Greater Manchester"),
    "/network/frame?area=" + quote("Greater Manchester"),
]
API = [
    "/api/search?q=Oldham",
    "/api/search?q=Oldam",
    "/api/areas?q=oldham",
    "/api/areas/E08000004",
    "/api/areas/E08000004/overview",
    "/api/areas/E08000004/protocol",
    "/api/bodies?area=E08000004",
    "/api/bodies/csp:oldham",
    "/api/bodies/csp:oldham/accountability",
    "/api/issues",
    "/api/issues/domestic-abuse",
    "/api/who-leads?issue=DA&area=Oldham",
    "/api/who-leads?issue=DA",
    "/api/gaps?area=Oldham",
    "/api/gaps",
    "/api/overlaps?area=Oldham",
    "/api/coterminosity?area=Oldham",
    "/api/coterminosity/summary",
    "/api/brokers?area=Oldham",
    "/api/stats",
    "/api/network?area=" + quote("Greater Manchester"),
    "/api/areas/Oldam",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def fetch(url: str) -> tuple[float, int]:
    started = time.perf_counter()
    try:
        with urlopen(url, timeout=600) as r:  # noqa: S310 - our own loopback server
            r.read()
            status = r.status
    except Exception as e:  # noqa: BLE001 - 404/422 are answers too
        status = getattr(e, "code", 0)
    return (time.perf_counter() - started) * 1000, status


def build_store(size: int, folder: Path) -> Path:
    from partnership_graph.stores.embedded import EmbeddedStore

    from .synthetic import synthetic_document

    path = folder / f"x{size}.json"
    EmbeddedStore(path).load(synthetic_document(size))
    return path


def run_size(size: int, runs: int, folder: Path) -> list[tuple[str, float, float, float, int]]:
    db = build_store(size, folder)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "partnership_graph", "--db", str(db), "serve", "--port", str(port)],
                            cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    ready_line = ""
    try:
        while True:
            try:
                with urlopen(base + "/api/meta", timeout=5):  # noqa: S310
                    break
            except OSError:
                if proc.poll() is not None:
                    raise SystemExit(f"serve exited: {proc.stderr.read() if proc.stderr else ''}") from None
                time.sleep(0.01)
        startup = (time.perf_counter() - started) * 1000
        assert proc.stderr is not None
        while "Ready in" not in ready_line:
            ready_line = proc.stderr.readline()
        ready = float(ready_line.rsplit("Ready in ", 1)[1].split(" s")[0]) * 1000
        rows = [("start-up: launch to first answer", startup, startup, startup, 200),
                ("start-up: 'Ready in' (imports, read store, index)", ready, ready, ready, 200)]
        for path in PAGES + API:
            cold, status = fetch(base + path)
            warm = [fetch(base + path)[0] for _ in range(runs)]
            rows.append((path, cold, statistics.median(warm), min(warm), status))
        return rows
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1,10", help="comma-separated copies of the national data")
    parser.add_argument("--runs", type=int, default=5, help="warm requests per URL")
    args = parser.parse_args()
    import fastapi
    import networkx
    import uvicorn

    print(f"Python {platform.python_version()}, networkx {networkx.__version__}, fastapi {fastapi.__version__}, "
          f"uvicorn {uvicorn.__version__}; {os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.1f} at start")
    results: dict[int, list[tuple[str, float, float, float, int]]] = {}
    with tempfile.TemporaryDirectory(prefix="pg-bench-serve-") as tmp:
        for size in (int(s) for s in args.sizes.split(",")):
            results[size] = run_size(size, args.runs, Path(tmp))
    sizes = sorted(results)
    head = f"{'request':<50} " + " ".join(f"{'x' + str(s) + ' cold':>10} {'x' + str(s) + ' warm':>10} {'best':>7}"
                                              for s in sizes) + "  status"
    print(head)
    print("-" * len(head))
    for i, (name, *_rest) in enumerate(results[sizes[0]]):
        cells = []
        for s in sizes:
            _, cold, warm, best, status = results[s][i]
            cells.append(f"{cold:>10.0f} {warm:>10.0f} {best:>7.0f}")
        print(f"{name[:50]:<50} " + " ".join(cells) + f"  {results[sizes[0]][i][4]}")
    x1 = results[sizes[0]]
    pages = [r for r in x1 if r[0] in PAGES]
    slow = [r[0] for r in pages if r[1] >= 200]
    print(f"\nx{sizes[0]} pages under 200 ms cold: {len(pages) - len(slow)} of {len(pages)}"
          + (f" (over: {', '.join(slow)})" if slow else ""))
    print(f"x{sizes[0]} pages under 200 ms warm (median): {sum(1 for r in pages if r[2] < 200)} of {len(pages)}")
    if len(sizes) > 1:
        ratios = [results[sizes[-1]][i][1] / max(x1[i][1], 0.1) for i in range(2, len(x1))]
        print(f"x{sizes[-1]} / x{sizes[0]} cold, median over requests: {statistics.median(ratios):.1f}")
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()

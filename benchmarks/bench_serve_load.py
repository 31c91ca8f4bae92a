"""`partnership-graph serve` under load: concurrent clients, with and without datasets loading, and
the server's memory as clients walk through dates (issue 25).

Runs the real command (``python -m partnership_graph --db FILE serve --port P``) on an embedded
store holding the national skeleton and the LGA example, and measures from this process:

1. **steady**: ``--clients`` threads (default 4), each cycling through area pages, the who-leads
   API, stats and search, for ``--seconds`` (default 40);
2. **reload**: the same while a loop of ``partnership-graph datasets --remove lga-review`` and
   ``partnership-graph load .../lga-review`` (separate processes, as a user runs them) writes to
   the store the server reads;
3. **dates**: ``--dates`` (default 80) area pages, each on a date not asked before, one after the
   other; then ``--network-dates`` (default 40) whole-graph network answers on new dates.

For each phase: requests, requests per second, errors (5xx and other non-200), p50 / p95 / max
latency, and the server's resident memory (VmRSS from /proc) before and after. Goals (issue 25):
no 5xx and p95 under 2 s during the reload phase; under 300 MB of growth over the 80 dates.

    python -m benchmarks.bench_serve_load
    python -m benchmarks.bench_serve_load --seconds 10 --dates 20 --network-dates 10   # quick
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from urllib.error import HTTPError
from urllib.request import urlopen

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "partnership_graph" / "data" / "examples" / "lga-review"
CLIENT_URLS = [
    "/areas/E08000004",                              # Oldham
    "/api/who-leads?issue=DA&area=Oldham",
    "/api/stats",
    "/search?q=Oldham",
    "/areas/E10000030",                              # Surrey
    "/api/who-leads?issue=modern-slavery&area=Surrey",
    "/api/search?q=safeguarding",
]


@dataclass
class Phase:
    name: str
    latencies: list[float] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)
    seconds: float = 0.0
    rss_before: int = 0
    rss_after: int = 0
    note: str = ""

    def row(self) -> str:
        lat = sorted(self.latencies)
        n = len(lat)
        p95 = lat[min(n - 1, int(0.95 * (n - 1) + 0.5))] if n else float("nan")
        bad = sum(1 for s in self.statuses if s >= 500)
        other = sum(1 for s in self.statuses if s != 200 and s < 500)
        return (f"{self.name:<14} {n:>6} {n / self.seconds if self.seconds else 0:>7.1f} {bad:>5} {other:>6} "
                f"{statistics.median(lat) if n else float('nan'):>7.2f} {p95:>7.2f} {max(lat) if n else 0:>7.2f} "
                f"{self.rss_before / 2**20:>8.0f} {self.rss_after / 2**20:>8.0f} {(self.rss_after - self.rss_before) / 2**20:>+8.0f}"
                f"  {self.note}")


HEADER = (f"{'phase':<14} {'reqs':>6} {'req/s':>7} {'5xx':>5} {'other':>6} {'p50 s':>7} {'p95 s':>7} {'max s':>7} "
          f"{'RSS MB':>8} {'after':>8} {'growth':>8}")


def rss(pid: int) -> int:
    with open(f"/proc/{pid}/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


def get(url: str) -> tuple[int, float]:
    started = time.perf_counter()
    try:
        with urlopen(url, timeout=300) as r:  # noqa: S310 - loopback
            r.read()
            status = int(r.status)
    except HTTPError as e:
        e.read()
        status = e.code
    return status, time.perf_counter() - started


def cli(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "partnership_graph", "--db", str(db), *args], cwd=ROOT,
                          capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})


def start_server(db: Path, port: int) -> subprocess.Popen[str]:
    proc = subprocess.Popen([sys.executable, "-m", "partnership_graph", "--db", str(db), "serve", "--port", str(port)],
                            cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    assert proc.stderr is not None
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        if line.startswith("Serving "):
            threading.Thread(target=proc.stderr.read, daemon=True).start()   # keep the pipe drained
            return proc
        if not line and proc.poll() is not None:
            break
    proc.kill()
    raise SystemExit("serve did not start")


def clients(base: str, n: int, seconds: float, phase: Phase, stop: threading.Event | None = None) -> None:
    lock = threading.Lock()
    end = time.monotonic() + seconds

    def run(offset: int) -> None:
        i = offset
        while time.monotonic() < end and not (stop and stop.is_set()):
            status, took = get(base + CLIENT_URLS[i % len(CLIENT_URLS)])
            i += 1
            with lock:
                phase.statuses.append(status)
                phase.latencies.append(took)

    started = time.perf_counter()
    threads = [threading.Thread(target=run, args=(k,)) for k in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    phase.seconds = time.perf_counter() - started


def reload_loop(db: Path, stop: threading.Event, counts: list[int], failures: list[str]) -> None:
    while not stop.is_set():
        for args in (("datasets", "--remove", "lga-review"), ("load", str(EXAMPLE))):
            done = cli(db, *args)
            if done.returncode != 0:
                failures.append(f"{' '.join(args)}: {done.stderr.strip()[-300:]}")
            counts.append(1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=8731)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=40.0)
    parser.add_argument("--dates", type=int, default=80)
    parser.add_argument("--network-dates", type=int, default=40)
    parser.add_argument("--phases", default="steady,reload,dates,network-dates",
                        help="which phases to run, in this order (each on the same server)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "graph.json"
        made = cli(db, "load", str(EXAMPLE))
        if made.returncode != 0:
            raise SystemExit(made.stderr)
        server = start_server(db, args.port)
        base = f"http://127.0.0.1:{args.port}"
        phases: list[Phase] = []
        try:
            for url in CLIENT_URLS:   # warm: every page once, so the phases compare answers, not first reads
                get(base + url)

            wanted = args.phases.split(",")
            if "steady" in wanted:
                steady = Phase("steady")
                steady.rss_before = rss(server.pid)
                clients(base, args.clients, args.seconds, steady)
                steady.rss_after = rss(server.pid)
                phases.append(steady)

            reload = Phase("reload")
            reload.rss_before = rss(server.pid)
            stop = threading.Event()
            counts: list[int] = []
            failures: list[str] = []
            if "reload" in wanted:
                loop = threading.Thread(target=reload_loop, args=(db, stop, counts, failures))
                loop.start()
                clients(base, args.clients, args.seconds, reload)
                stop.set()
                loop.join()
                reload.rss_after = rss(server.pid)
                reload.note = f"{len(counts)} remove/load commands ran{'; FAILED: ' + failures[0] if failures else ''}"
                phases.append(reload)

            for name, count, url in (("dates", args.dates, "/areas/E08000004?on={}"),
                                     ("network-dates", args.network_dates, "/api/network?on={}")):
                if name not in wanted:
                    continue
                phase = Phase(name)
                phase.rss_before = rss(server.pid)
                start = date(2020, 1, 1) if name == "dates" else date(2030, 1, 1)
                began = time.perf_counter()
                for k in range(count):
                    status, took = get(base + url.format((start + timedelta(days=11 * k)).isoformat()))
                    phase.statuses.append(status)
                    phase.latencies.append(took)
                phase.seconds = time.perf_counter() - began
                phase.rss_after = rss(server.pid)
                phase.note = f"{count} distinct dates, one request each"
                phases.append(phase)
        finally:
            server.terminate()
            server.wait(timeout=30)

    print(f"serve under load: {args.clients} clients x {args.seconds:.0f} s; embedded store, national skeleton + "
          f"LGA example; load average at the end {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(HEADER)
    for phase in phases:
        print(phase.row())


if __name__ == "__main__":
    main()

"""How long a user waits: `partnership-graph --help` from cold, and `partnership-graph demo`.

Run: python -m benchmarks.bench_startup [--runs N]
Prints median and best of N runs in milliseconds, and the ratio of --help to a bare Python start
(the floor no CLI can beat). Goal: --help under 300 ms.
"""

from __future__ import annotations

import argparse
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def timed(argv: list[str], runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        out.append((time.perf_counter() - t0) * 1000)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    exe = shutil.which("partnership-graph")
    cli = [exe] if exe else [sys.executable, "-m", "partnership_graph"]
    tmp = Path(tempfile.mkdtemp())
    rows = [
        ("python -c pass (floor)", timed([sys.executable, "-c", "pass"], args.runs)),
        ("partnership-graph --help", timed([*cli, "--help"], args.runs)),
        ("partnership-graph demo (fresh store)", [
            timed([*cli, "--db", str(tmp / f"fresh{i}.json"), "demo"], 1)[0] for i in range(max(3, args.runs // 3))]),
        ("partnership-graph demo (reload, no change)", timed([*cli, "--db", str(tmp / "fresh0.json"), "demo"],
                                                             max(3, args.runs // 3))),
    ]
    print(f"python {platform.python_version()} on {platform.machine()}, {args.runs} runs")
    print(f"{'operation':45} {'median ms':>10} {'best ms':>10} {'x floor':>8}")
    floor = statistics.median(rows[0][1])
    for name, times in rows:
        med = statistics.median(times)
        print(f"{name:45} {med:10.0f} {min(times):10.0f} {med / floor:8.1f}")
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()

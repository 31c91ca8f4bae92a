"""How long a planning pack takes to build and render, on the embedded store.

Run: python -m benchmarks.bench_plan [--runs 3]

The national skeleton plus the LGA example, loaded once into a temporary embedded store. For each
of the packs the tests pin (Surrey across 1 April 2027, Norfolk across 1 April 2028, Staffordshire
across May 2028 under pcc-abolition-2028, Oldham with nothing to plan), it times:

- **warm**: ``plan_pack`` on one open store after one untimed call (a notebook, the web app after
  its first page: the dated projections and readers are cached per date);
- **drafts**: the share of it spent drafting the attached joint protocols (``drafts=False`` beside);
- **render**: Markdown, Word and HTML from the built pack.

Prints median and best of N runs in ms and the ratio with drafts / without. The CLI also pays for
reading the store file and building the bundled register once (``bundled_register``), printed
apart.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

CASES = {
    "surrey-2027": ("Surrey", "2027-03-31", "2027-04-01", None),
    "norfolk-2028": ("Norfolk", "2028-03-31", "2028-04-01", None),
    "staffordshire-pcc-2028": ("pfa:Staffordshire", "2028-04-30", "2028-05-01", "pcc-abolition-2028"),
    "oldham-nothing": ("Oldham", "2027-03-31", "2027-04-01", None),
}


def timed(runs: int, call: Any) -> tuple[float, float]:
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds) * 1000, min(seconds) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    import networkx

    from partnership_graph.national import bundled_register
    from partnership_graph.exporters.plan import plan_pack, render
    from partnership_graph.national import example_document
    from partnership_graph.stores.embedded import EmbeddedStore

    print(f"Python {platform.python_version()}, networkx {networkx.__version__}, {args.runs} runs")
    with tempfile.TemporaryDirectory() as tmp:
        store = EmbeddedStore(Path(tmp) / "graph.json")
        store.load(example_document())
        started = time.perf_counter()
        bundled_register()
        print(f"bundled_register (once per process): {(time.perf_counter() - started) * 1000:.0f} ms")
        store = EmbeddedStore(Path(tmp) / "graph.json")
        started = time.perf_counter()
        store.graph()
        print(f"reading the store file (once per command): {(time.perf_counter() - started) * 1000:.0f} ms")
        print(f"{'pack':<24} {'warm median':>12} {'best':>8} {'no drafts':>10} {'ratio':>6} "
              f"{'md':>6} {'docx':>6} {'html':>6}")
        for name, (area, d1, d2, scenario) in CASES.items():
            plan_pack(store, area, d1, d2, scenario)   # untimed: caches the dated projections
            case = (area, d1, d2, scenario)
            med, best = timed(args.runs, lambda case=case: plan_pack(store, *case))
            bare, _ = timed(args.runs, lambda case=case: plan_pack(store, *case, drafts=False))
            pack = plan_pack(store, *case)
            formats = [timed(args.runs, lambda f=f, pack=pack: render(pack, f))[0] for f in ("md", "docx", "html")]
            print(f"{name:<24} {med:>10.0f} ms {best:>6.0f} ms {bare:>8.0f} ms {med / bare:>6.2f} "
                  + " ".join(f"{x:>6.0f}" for x in formats))


if __name__ == "__main__":
    main()

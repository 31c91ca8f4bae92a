"""A short portrait of what a store holds, for `demo` and first-time users."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from ._common import Row, nodes, out_edges, source_info

if TYPE_CHECKING:
    from ..stores.base import Store

__all__ = ["DemoSummary", "demo_summary"]


class DemoSummary(Row):
    areas_by_kind: dict[str, int]
    bodies_by_kind: dict[str, int]
    relationships_by_type: dict[str, int]
    lads_with_several_csps: list[str]   # "Name (code): n CSPs"
    lads_split_between_icbs: list[str]
    claims_authoritative: int
    claims_illustrative: int


def demo_summary(store: Store) -> DemoSummary:
    from .reader import reader

    g = reader(store).graph()
    areas = Counter(a["kind"] for _, a in nodes(g, "Area"))
    bodies = Counter(a["kind"] for _, a in nodes(g, "Body"))
    rels = Counter(a["type"] for _, _, a in g.edges(data=True))
    several_csps, split_icbs = [], []
    for key, a in nodes(g, "Area"):
        if a["kind"] != "LAD":
            continue
        # as at the demo's date: the lookups' edges and those the dated changes since 2024 made
        # (the ICBs of 2026-04-01 split Vale of White Horse and others)
        parents = Counter(g.nodes[v]["kind"] for v in {v for v, _ in out_edges(g, key, "PART_OF")})
        if parents["CSP"] > 1:
            several_csps.append(f"{a['name']} ({a['code']}): {parents['CSP']} CSPs")
        if parents["ICB"] > 1:
            split_icbs.append(f"{a['name']} ({a['code']}): {parents['ICB']} ICBs")
    auth = illus = 0
    for _, _, e in g.edges(data=True):
        if e["type"] in ("LEADS", "SUPPORTS", "PRIORITISES"):
            if source_info(g, e.get("source"))[2]:
                auth += 1
            else:
                illus += 1
    return DemoSummary(areas_by_kind=dict(sorted(areas.items())), bodies_by_kind=dict(sorted(bodies.items())),
                       relationships_by_type=dict(sorted(rels.items())),
                       lads_with_several_csps=sorted(several_csps), lads_split_between_icbs=sorted(split_icbs),
                       claims_authoritative=auth, claims_illustrative=illus)

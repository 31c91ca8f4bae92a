"""Walking the networkx projection: nodes of a label, typed edges, a cited source, and the share
arithmetic every footprint rests on (an area's LADs, a body's footprint). Imports nothing of the
queries, so the networkx reader and the questions' helpers both build on it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["footprint", "in_edges", "lad_shares", "nodes", "out_edges", "source_info"]


def nodes(g: nx.MultiDiGraph[str], label: str) -> Iterator[tuple[str, dict[str, Any]]]:
    for key, attrs in g.nodes(data=True):
        if attrs.get("label") == label:
            yield key, attrs


def out_edges(g: nx.MultiDiGraph[str], key: str, rel_type: str) -> Iterator[tuple[str, dict[str, Any]]]:
    for _, v, attrs in g.out_edges(key, data=True):
        if attrs.get("type") == rel_type:
            yield v, attrs


def in_edges(g: nx.MultiDiGraph[str], key: str, rel_type: str) -> Iterator[tuple[str, dict[str, Any]]]:
    for u, _, attrs in g.in_edges(key, data=True):
        if attrs.get("type") == rel_type:
            yield u, attrs


def source_info(g: nx.MultiDiGraph[str], source_id: str | None) -> tuple[str, str, bool]:
    """(id, title, authoritative) of a cited source; an unknown or missing one is not authoritative."""
    sid = source_id or "unsourced"
    attrs = g.nodes.get(f"Source:{sid}")
    if attrs is None:
        return sid, sid, False
    return sid, attrs.get("title", sid), bool(attrs.get("authoritative", True))


def lad_shares(g: nx.MultiDiGraph[str], area_code: str) -> dict[str, float]:
    """The LADs of an area with the share of each inside it: the basis of all geography maths."""
    key = f"Area:{area_code}"
    attrs = g.nodes.get(key)
    if attrs is None:
        return {}
    if attrs.get("kind") == "LAD":
        return {area_code: 1.0}
    shares: dict[str, float] = {}
    for u, e in in_edges(g, key, "PART_OF"):
        child = g.nodes[u]
        if child.get("kind") == "LAD":
            shares[child["code"]] = max(shares.get(child["code"], 0.0), float(e.get("share", 1.0)))
    return shares


def footprint(g: nx.MultiDiGraph[str], body_id: str) -> dict[str, float]:
    """A body's footprint as LAD -> share covered, through its COVERS edges."""
    out: dict[str, float] = {}
    for v, e in out_edges(g, f"Body:{body_id}", "COVERS"):
        cover = float(e.get("share", 1.0))
        for lad, share in lad_shares(g, g.nodes[v]["code"]).items():
            out[lad] = min(1.0, out.get(lad, 0.0) + share * cover)
    return out

"""Which bodies there are, and everything the graph says about one of them.

A claim is only as good as its source: every claim and link row carries the source id, its
title, and ``authoritative`` (false for illustrative or unsourced claims), so no output can show
an invented claim as fact.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from ._common import Row, Rows, footprint, lad_shares, out_edges, resolve_area, resolve_body, source_info
from .reader import reader

if TYPE_CHECKING:
    import networkx as nx

    from ..stores.base import Store
    from .reader import Overlay

__all__ = ["BodyDetail", "BodyRow", "ClaimRow", "FootprintRow", "RelationRow", "body_detail", "find_bodies"]


class BodyRow(Row):
    id: str
    name: str
    kind: str
    lads: int            # how many LADs its footprint touches


class FootprintRow(Row):
    code: str
    name: str
    kind: str
    share: float
    lads: int


class RelationRow(Row):
    """A relationship seen from the body: ``direction`` is "out" (body -> other) or "in"."""

    type: str
    direction: str
    other_id: str
    other_name: str
    other_kind: str
    detail: str          # role, mechanism or amount
    statutory: bool = False
    source: str
    source_title: str
    authoritative: bool
    evidence: str | None = None


class ClaimRow(Row):
    claim: str           # LEADS, SUPPORTS or PRIORITISES
    issue_id: str
    issue_name: str
    scope: str | None
    source: str
    source_title: str
    authoritative: bool
    evidence: str | None = None


class BodyDetail(Row):
    id: str
    name: str
    kind: str
    council_type: str | None
    notes: str | None
    source: str
    source_title: str
    authoritative: bool
    footprint: list[FootprintRow]
    lads: int
    memberships: list[RelationRow]
    accountability: list[RelationRow]
    links: list[RelationRow]
    claims: list[ClaimRow]
    as_at: str | None = None     # the date the detail describes (ISO)


def find_bodies(store: Store, text: str | None = None, kind: str | None = None,
                area: str | None = None, *, on: date | None = None,
                scenario: Overlay | None = None) -> Rows[BodyRow]:
    """Bodies whose id or name contains ``text``, of ``kind``, whose footprint touches ``area``.

    A footprint touches an area when they share a LAD (through the LADs of each covered area).
    Sorted by kind, then name (any case), then id; the sort is applied here, after either reader.
    Bodies, footprints and the area are as at ``on`` (default today).
    """
    needle = (text or "").strip().lower()
    rd = reader(store, on=on, scenario=scenario)
    area_lads = list(rd.lad_shares(resolve_area(rd, area).code)) if area else None
    rows = [BodyRow(id=b.id, name=b.name, kind=b.kind, lads=b.lads) for b in rd.find_bodies(needle, kind, area_lads)]
    return Rows(sorted(rows, key=lambda r: (r.kind, r.name.lower(), r.id)), rd.on)


def _relation(g: nx.MultiDiGraph[str], other: str, e: dict[str, Any], direction: str) -> RelationRow:
    o = g.nodes[other]
    sid, title, auth = source_info(g, e.get("source"))
    detail = str(e.get("role") or e.get("mechanism") or e.get("amount") or e.get("period") or "")
    return RelationRow(type=e["type"], direction=direction, other_id=o["id"], other_name=o["name"],
                       other_kind=o["kind"], detail=detail, statutory=bool(e.get("statutory", False)),
                       source=sid, source_title=title, authoritative=auth, evidence=e.get("evidence"))


def body_detail(store: Store, body: str, *, on: date | None = None,
                scenario: Overlay | None = None) -> BodyDetail:
    """One body (id or exact name): footprint, memberships both ways, accountability, links, claims,
    as at ``on`` (default today)."""
    rd = reader(store, on=on, scenario=scenario)
    body_id = resolve_body(rd, body)
    g = rd.graph()
    key = f"Body:{body_id}"
    b = g.nodes[key]
    fp_rows = []
    for v, e in out_edges(g, key, "COVERS"):
        a = g.nodes[v]
        fp_rows.append(FootprintRow(code=a["code"], name=a["name"], kind=a["kind"],
                                    share=float(e.get("share", 1.0)), lads=len(lad_shares(g, a["code"]))))

    def rels(types: tuple[str, ...]) -> list[RelationRow]:
        rows = [_relation(g, v, e, "out") for _, v, e in g.out_edges(key, data=True) if e["type"] in types]
        rows += [_relation(g, u, e, "in") for u, _, e in g.in_edges(key, data=True) if e["type"] in types]
        return sorted(rows, key=lambda r: (r.type, r.direction, r.other_kind, r.other_id))

    claims = []
    for _, v, e in g.out_edges(key, data=True):
        if e["type"] in ("LEADS", "SUPPORTS", "PRIORITISES"):
            sid, title, auth = source_info(g, e.get("source"))
            issue = g.nodes[v]
            claims.append(ClaimRow(claim=e["type"], issue_id=issue["id"], issue_name=issue["name"],
                                   scope=e.get("scope"), source=sid, source_title=title, authoritative=auth,
                                   evidence=e.get("evidence")))
    sid, title, auth = source_info(g, b.get("source"))
    return BodyDetail(
        id=b["id"], name=b["name"], kind=b["kind"], council_type=b.get("council_type"), notes=b.get("notes"),
        source=sid, source_title=title, authoritative=auth,
        footprint=sorted(fp_rows, key=lambda r: r.code), lads=len(footprint(g, body_id)),
        memberships=rels(("MEMBER_OF",)), accountability=rels(("ACCOUNTABLE_TO",)),
        links=rels(("FUNDS", "COMMISSIONS", "SHARES_INFORMATION_WITH")),
        claims=sorted(claims, key=lambda c: (c.claim, c.issue_id, c.scope or "")), as_at=rd.on,
    )

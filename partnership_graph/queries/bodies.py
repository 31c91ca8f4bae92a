"""Which bodies there are, and everything the graph says about one of them.

A claim is only as good as its source: every claim and link row carries the source id, its
title, and ``authoritative`` (false for illustrative or unsourced claims), so no output can show
an invented claim as fact.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, LiteralString

from ._common import (
    Row, footprint, in_edges, is_neo4j, lad_shares, nodes, out_edges, resolve_area, resolve_body,
    source_info,
)

if TYPE_CHECKING:
    import networkx as nx

    from ..stores.base import Store

__all__ = ["BodyDetail", "BodyRow", "ClaimRow", "FootprintRow", "RelationRow", "body_detail", "find_bodies"]


class BodyRow(Row):
    """A body found; ``derived`` (with its reason) marks a body we infer rather than read from a
    register, ``authoritative`` false a body an example invents (ILLUSTRATIVE) or cites nothing for."""

    id: str
    name: str
    kind: str
    lads: int            # how many LADs its footprint touches
    source: str = "unsourced"
    authoritative: bool = True
    derived: bool = False
    derived_reason: str | None = None


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
    claim: str           # LEADS, SUPPORTS, PRIORITISES or HOLDS_DUTY
    issue_id: str
    issue_name: str
    scope: str | None
    source: str
    source_title: str
    authoritative: bool
    evidence: str | None = None
    statutory: bool = False  # the law assigns it (the source cites the Act section)


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
    derived: bool = False
    derived_reason: str | None = None


def find_bodies(store: Store, text: str | None = None, kind: str | None = None,
                area: str | None = None) -> list[BodyRow]:
    """Bodies whose id or name contains ``text``, of ``kind``, whose footprint touches ``area``.

    A footprint touches an area when they share a LAD (through the LADs of each covered area).
    Sorted by kind, then name (any case), then id; the sort is applied here, after either twin.
    """
    needle = (text or "").strip().lower()
    area_code = resolve_area(store, area).code if area else None
    if is_neo4j(store):
        rows = _via_cypher(store, needle, kind, area_code)
    else:
        rows = _via_networkx(store, needle, kind, area_code)
    return sorted(rows, key=lambda r: (r.kind, r.name.lower(), r.id))


def _via_networkx(store: Store, needle: str, kind: str | None, area_code: str | None) -> list[BodyRow]:
    g = store.graph()
    area_lads = set(lad_shares(g, area_code)) if area_code else None
    out = []
    for _, b in nodes(g, "Body"):
        if kind and b["kind"] != kind:
            continue
        if needle and needle not in b["id"].lower() and needle not in b["name"].lower():
            continue
        fp = footprint(g, b["id"])
        if area_lads is not None and not (area_lads & set(fp)):
            continue
        sid, _, auth = source_info(g, b.get("source"))
        out.append(BodyRow(id=b["id"], name=b["name"], kind=b["kind"], lads=len(fp), source=sid,
                           authoritative=auth, derived=bool(b.get("derived", False)),
                           derived_reason=b.get("derived_reason")))
    return out


# The LADs of an area: itself if it is a LAD, else the LADs directly PART_OF it (as lad_shares).
CYPHER_AREA_LADS: LiteralString = """\
MATCH (a:Area {code: $code})
OPTIONAL MATCH (lad:Area {kind: 'LAD'})-[:PART_OF]->(a)
WITH a, collect(DISTINCT lad.code) AS lad_codes
RETURN CASE WHEN a.kind = 'LAD' THEN [a.code] ELSE lad_codes END AS lad_codes"""

# A body's footprint LADs are the LADs of every area it COVERS (as footprint()).
CYPHER_FIND_BODIES: LiteralString = """\
MATCH (b:Body)
WHERE ($kind IS NULL OR b.kind = $kind)
  AND ($needle = '' OR toLower(b.id) CONTAINS $needle OR toLower(b.name) CONTAINS $needle)
WITH b, COLLECT {
  MATCH (b)-[:COVERS]->(a:Area)
  OPTIONAL MATCH (lad:Area {kind: 'LAD'})-[:PART_OF]->(a)
  WITH CASE WHEN a.kind = 'LAD' THEN a.code ELSE lad.code END AS lad_code
  WHERE lad_code IS NOT NULL
  RETURN DISTINCT lad_code
} AS lad_codes
WHERE $area_lads IS NULL OR any(code IN lad_codes WHERE code IN $area_lads)
OPTIONAL MATCH (src:Source {id: coalesce(b.source, 'unsourced')})
RETURN b.id AS id, b.name AS name, b.kind AS kind, size(lad_codes) AS lads,
       coalesce(b.source, 'unsourced') AS source,
       src IS NOT NULL AND coalesce(src.authoritative, true) AS authoritative,
       coalesce(b.derived, false) AS derived, b.derived_reason AS derived_reason"""


def _via_cypher(store: Store, needle: str, kind: str | None, area_code: str | None) -> list[BodyRow]:
    area_lads: list[str] | None = None
    if area_code is not None:
        found = store.read(CYPHER_AREA_LADS, code=area_code)  # type: ignore[attr-defined]
        area_lads = found[0]["lad_codes"] if found else []
    rows = store.read(CYPHER_FIND_BODIES, needle=needle, kind=kind or None,  # type: ignore[attr-defined]
                      area_lads=area_lads)
    return [BodyRow(**r) for r in rows]


def _relation(g: nx.MultiDiGraph[str], other: str, e: dict[str, Any], direction: str) -> RelationRow:
    o = g.nodes[other]
    sid, title, auth = source_info(g, e.get("source"))
    detail = str(e.get("role") or e.get("mechanism") or e.get("amount") or e.get("period") or "")
    return RelationRow(type=e["type"], direction=direction, other_id=o["id"], other_name=o["name"],
                       other_kind=o["kind"], detail=detail, statutory=bool(e.get("statutory", False)),
                       source=sid, source_title=title, authoritative=auth, evidence=e.get("evidence"))


def body_detail(store: Store, body: str) -> BodyDetail:
    """One body (id or exact name): footprint, memberships both ways, accountability, links, claims."""
    body_id = resolve_body(store, body)
    g = store.graph()
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
        if e["type"] in ("LEADS", "SUPPORTS", "PRIORITISES", "HOLDS_DUTY"):
            sid, title, auth = source_info(g, e.get("source"))
            issue = g.nodes[v]
            claims.append(ClaimRow(claim=e["type"], issue_id=issue["id"], issue_name=issue["name"],
                                   scope=e.get("scope"), source=sid, source_title=title, authoritative=auth,
                                   evidence=e.get("evidence"), statutory=bool(e.get("statutory", False))))
    sid, title, auth = source_info(g, b.get("source"))
    return BodyDetail(
        id=b["id"], name=b["name"], kind=b["kind"], council_type=b.get("council_type"), notes=b.get("notes"),
        source=sid, source_title=title, authoritative=auth,
        footprint=sorted(fp_rows, key=lambda r: r.code), lads=len(footprint(g, body_id)),
        memberships=rels(("MEMBER_OF",)), accountability=rels(("ACCOUNTABLE_TO",)),
        links=rels(("FUNDS", "COMMISSIONS", "SHARES_INFORMATION_WITH")),
        claims=sorted(claims, key=lambda c: (c.claim, c.issue_id, c.scope or "")),
        derived=bool(b.get("derived", False)), derived_reason=b.get("derived_reason"),
    )

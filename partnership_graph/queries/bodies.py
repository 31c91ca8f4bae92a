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


def _relation_row(e: dict[str, Any], o: dict[str, Any], direction: str,
                  source: tuple[str, str, bool]) -> RelationRow:
    sid, title, auth = source
    detail = str(e.get("role") or e.get("mechanism") or e.get("amount") or e.get("period") or "")
    return RelationRow(type=e["type"], direction=direction, other_id=o["id"], other_name=o["name"],
                       other_kind=o["kind"], detail=detail, statutory=bool(e.get("statutory", False)),
                       source=sid, source_title=title, authoritative=auth, evidence=e.get("evidence"))


def _relation(g: nx.MultiDiGraph[str], other: str, e: dict[str, Any], direction: str) -> RelationRow:
    return _relation_row(e, g.nodes[other], direction, source_info(g, e.get("source")))


MEMBERSHIP_TYPES = ("MEMBER_OF",)
ACCOUNTABILITY_TYPES = ("ACCOUNTABLE_TO",)
LINK_TYPES = ("FUNDS", "COMMISSIONS", "SHARES_INFORMATION_WITH")
CLAIM_TYPES = ("LEADS", "SUPPORTS", "PRIORITISES", "HOLDS_DUTY")


def body_detail(store: Store, body: str) -> BodyDetail:
    """One body (id or exact name): footprint, memberships both ways, accountability, links, claims.

    On Neo4j, one Cypher query reads the body and what touches it through the id's uniqueness
    index (no projection of the whole graph for a one-body question); on the embedded store, the
    same rows come from the networkx projection.
    """
    body_id = resolve_body(store, body)
    if is_neo4j(store):
        return _detail_via_cypher(store, body_id)
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
        if e["type"] in CLAIM_TYPES:
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
        memberships=rels(MEMBERSHIP_TYPES), accountability=rels(ACCOUNTABILITY_TYPES), links=rels(LINK_TYPES),
        claims=sorted(claims, key=lambda c: (c.claim, c.issue_id, c.scope or "")),
    )


# One body and everything body_detail shows, in one round trip, through the Body.id index. Each
# COVERS gives the covered area's LADs (itself, or the LADs PART_OF it, as lad_shares); sources
# are looked up by id for the body, every relationship and every claim.
CYPHER_BODY_DETAIL: LiteralString = """MATCH (b:Body {id: $id})
WITH b, COLLECT {
  MATCH (b)-[r:COVERS]->(a:Area)
  RETURN {code: a.code, name: a.name, kind: a.kind, share: r.share,
          lads: CASE WHEN a.kind = 'LAD' THEN [a.code]
                     ELSE COLLECT { MATCH (lad:Area {kind: 'LAD'})-[:PART_OF]->(a) RETURN DISTINCT lad.code } END}
} AS covers, COLLECT {
  MATCH (b)-[r]->(o) WHERE type(r) IN $types
  RETURN {props: properties(r), type: type(r), other: o {.id, .name, .kind}}
} AS outgoing, COLLECT {
  MATCH (b)<-[r]-(o) WHERE type(r) IN $types
  RETURN {props: properties(r), type: type(r), other: o {.id, .name, .kind}}
} AS incoming, COLLECT {
  MATCH (b)-[r]->(i:Issue) WHERE type(r) IN $claim_types
  RETURN {props: properties(r), type: type(r), issue: i {.id, .name}}
} AS claims
WITH b, covers, outgoing, incoming, claims,
     [coalesce(b.source, 'unsourced')] +
     [x IN outgoing + incoming + claims | coalesce(x.props.source, 'unsourced')] AS source_ids
RETURN properties(b) AS body, covers, outgoing, incoming, claims, COLLECT {
  MATCH (s:Source) WHERE s.id IN source_ids RETURN s {.id, .title, .authoritative}
} AS sources"""


def _detail_via_cypher(store: Store, body_id: str) -> BodyDetail:
    found = store.read(CYPHER_BODY_DETAIL, id=body_id,  # type: ignore[attr-defined]
                       types=[*MEMBERSHIP_TYPES, *ACCOUNTABILITY_TYPES, *LINK_TYPES], claim_types=list(CLAIM_TYPES))
    row = found[0]
    b = row["body"]
    sources = {s["id"]: s for s in row["sources"]}

    def source(source_id: str | None) -> tuple[str, str, bool]:  # as _common.source_info
        sid = source_id or "unsourced"
        s = sources.get(sid)
        if s is None:
            return sid, sid, False
        title = s.get("title")
        authoritative = s.get("authoritative")
        return sid, sid if title is None else title, True if authoritative is None else bool(authoritative)

    fp_rows = [FootprintRow(code=c["code"], name=c["name"], kind=c["kind"],
                            share=float(c["share"] if c["share"] is not None else 1.0), lads=len(c["lads"]))
               for c in row["covers"]]
    relations = [(r, "out") for r in row["outgoing"]] + [(r, "in") for r in row["incoming"]]

    def rels(types: tuple[str, ...]) -> list[RelationRow]:
        rows = [_relation_row({**r["props"], "type": r["type"]}, r["other"], direction, source(r["props"].get("source")))
                for r, direction in relations if r["type"] in types]
        return sorted(rows, key=lambda r: (r.type, r.direction, r.other_kind, r.other_id))

    claims = []
    for c in row["claims"]:
        e = c["props"]
        sid, title, auth = source(e.get("source"))
        claims.append(ClaimRow(claim=c["type"], issue_id=c["issue"]["id"], issue_name=c["issue"]["name"],
                               scope=e.get("scope"), source=sid, source_title=title, authoritative=auth,
                               evidence=e.get("evidence"), statutory=bool(e.get("statutory", False))))
    sid, title, auth = source(b.get("source"))
    return BodyDetail(
        id=b["id"], name=b["name"], kind=b["kind"], council_type=b.get("council_type"), notes=b.get("notes"),
        source=sid, source_title=title, authoritative=auth,
        footprint=sorted(fp_rows, key=lambda r: r.code), lads=len({lad for c in row["covers"] for lad in c["lads"]}),
        memberships=rels(MEMBERSHIP_TYPES), accountability=rels(ACCOUNTABILITY_TYPES), links=rels(LINK_TYPES),
        claims=sorted(claims, key=lambda c: (c.claim, c.issue_id, c.scope or "")),
        derived=bool(b.get("derived", False)), derived_reason=b.get("derived_reason"),
    )

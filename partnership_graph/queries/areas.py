"""Which areas there are, and what one area is part of, contains and is covered by."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, LiteralString

from ..resolve import AREA_PRIORITY
from ._common import Row, in_edges, is_neo4j, nodes, out_edges, resolve_area, source_info

if TYPE_CHECKING:
    from ..stores.base import Store

__all__ = ["AreaDetail", "AreaLinkRow", "AreaRow", "CoveringBodyRow", "area_detail", "find_areas"]

_RANK = {k.value: i for i, k in enumerate(AREA_PRIORITY)}


class AreaRow(Row):
    code: str
    name: str
    kind: str
    population: int | None = None


class AreaLinkRow(Row):
    code: str
    name: str
    kind: str
    share: float          # fraction of the (smaller) LAD that lies in the larger area
    share_basis: str


class CoveringBodyRow(Row):
    id: str
    name: str
    kind: str
    share: float
    derived: bool = False        # inferred (one board per council), not read from a register
    authoritative: bool = True   # false for a body an example invents (ILLUSTRATIVE) or cites nothing for


class AreaDetail(Row):
    area: AreaRow
    part_of: list[AreaLinkRow]
    contains: list[AreaLinkRow]
    covered_by: list[CoveringBodyRow]


def _sort_key(r: AreaRow) -> tuple[int, str, str]:
    return (_RANK.get(r.kind, 99), r.name.lower(), r.code)


def find_areas(store: Store, text: str | None = None, kind: str | None = None) -> list[AreaRow]:
    """Areas whose code equals or whose name contains ``text`` (any case), optionally of one kind.

    ``kind`` ``"UTLA"`` means every upper tier: the CTYUA areas and the LADs that are their own
    upper tier (as ``coterminosity --kinds utla`` compares them).

    Sorted by kind (LAD, CTYUA, CSP, PFA, FRA, ICB, LHB, SICBL, RGN, CTRY), then name, then code;
    the sort is applied here, after either twin, so both return the same list.
    """
    needle = (text or "").strip().lower()
    rows = _via_cypher(store, needle, kind) if is_neo4j(store) else _via_networkx(store, needle, kind)
    return sorted(rows, key=_sort_key)


def _via_networkx(store: Store, needle: str, kind: str | None) -> list[AreaRow]:
    g = store.graph()
    out = []
    for _, a in nodes(g, "Area"):
        if kind == "UTLA":
            if not (a["kind"] == "CTYUA" or (a["kind"] == "LAD" and a.get("upper_tier"))):
                continue
        elif kind and a["kind"] != kind:
            continue
        if needle and needle != a["code"].lower() and needle not in a["name"].lower():
            continue
        out.append(AreaRow(code=a["code"], name=a["name"], kind=a["kind"], population=a.get("population")))
    return out


CYPHER_FIND_AREAS: LiteralString = """\
MATCH (a:Area)
WHERE ($kind IS NULL OR a.kind = $kind
       OR ($kind = 'UTLA' AND (a.kind = 'CTYUA' OR (a.kind = 'LAD' AND a.upper_tier = true))))
  AND ($needle = '' OR toLower(a.code) = $needle OR toLower(a.name) CONTAINS $needle)
RETURN a.code AS code, a.name AS name, a.kind AS kind, a.population AS population"""


def _via_cypher(store: Store, needle: str, kind: str | None) -> list[AreaRow]:
    rows = store.read(CYPHER_FIND_AREAS, needle=needle, kind=kind or None)  # type: ignore[attr-defined]
    return [AreaRow(**r) for r in rows]


def area_detail(store: Store, area: str) -> AreaDetail:
    """One area (code, name or prefix) with its parents, its LADs and the bodies covering it.

    On Neo4j, one Cypher query reads the area and its neighbours through the Area.code index (no
    projection of the whole graph for a one-area question); on the embedded store, the same rows
    come from the networkx projection.
    """
    ref = resolve_area(store, area)
    if is_neo4j(store):
        return _detail_via_cypher(store, ref.code)
    g = store.graph()
    key = f"Area:{ref.code}"
    a = g.nodes[key]

    def link(other: str, e: dict[str, object]) -> AreaLinkRow:
        o = g.nodes[other]
        return AreaLinkRow(code=o["code"], name=o["name"], kind=o["kind"],
                           share=float(e.get("share", 1.0)),  # type: ignore[arg-type]
                           share_basis=str(e.get("share_basis", "whole")))

    part_of = sorted((link(v, e) for v, e in out_edges(g, key, "PART_OF")),
                     key=lambda r: (_RANK.get(r.kind, 99), r.name, r.code))
    contains = sorted((link(u, e) for u, e in in_edges(g, key, "PART_OF")),
                      key=lambda r: (_RANK.get(r.kind, 99), r.name, r.code))
    covered_by = sorted((CoveringBodyRow(id=g.nodes[u]["id"], name=g.nodes[u]["name"], kind=g.nodes[u]["kind"],
                                         share=float(e.get("share", 1.0)), derived=bool(g.nodes[u].get("derived")),
                                         authoritative=source_info(g, g.nodes[u].get("source"))[2])
                         for u, e in in_edges(g, key, "COVERS")), key=lambda r: (r.kind, r.id))
    return AreaDetail(area=AreaRow(code=a["code"], name=a["name"], kind=a["kind"], population=a.get("population")),
                      part_of=part_of, contains=contains, covered_by=covered_by)


CYPHER_AREA_DETAIL: LiteralString = """\
MATCH (a:Area {code: $code})
RETURN a {.code, .name, .kind, .population} AS area, COLLECT {
  MATCH (a)-[r:PART_OF]->(o:Area)
  RETURN {code: o.code, name: o.name, kind: o.kind, share: r.share, share_basis: r.share_basis}
} AS part_of, COLLECT {
  MATCH (a)<-[r:PART_OF]-(o:Area)
  RETURN {code: o.code, name: o.name, kind: o.kind, share: r.share, share_basis: r.share_basis}
} AS contains, COLLECT {
  MATCH (a)<-[r:COVERS]-(b:Body)
  RETURN {id: b.id, name: b.name, kind: b.kind, share: r.share}
} AS covered_by"""


def _detail_via_cypher(store: Store, code: str) -> AreaDetail:
    row = store.read(CYPHER_AREA_DETAIL, code=code)[0]  # type: ignore[attr-defined]

    def link(o: dict[str, Any]) -> AreaLinkRow:
        return AreaLinkRow(code=o["code"], name=o["name"], kind=o["kind"],
                           share=float(o["share"] if o["share"] is not None else 1.0),
                           share_basis=str(o["share_basis"] if o["share_basis"] is not None else "whole"))

    def order(r: AreaLinkRow) -> tuple[int, str, str]:
        return (_RANK.get(r.kind, 99), r.name, r.code)

    covered_by = [CoveringBodyRow(id=b["id"], name=b["name"], kind=b["kind"],
                                  share=float(b["share"] if b["share"] is not None else 1.0))
                  for b in row["covered_by"]]
    return AreaDetail(area=AreaRow(**row["area"]), part_of=sorted(map(link, row["part_of"]), key=order),
                      contains=sorted(map(link, row["contains"]), key=order),
                      covered_by=sorted(covered_by, key=lambda r: (r.kind, r.id)))

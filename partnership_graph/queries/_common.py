"""What every query shares: result-row base, graph helpers and argument resolution.

Helpers here read the networkx projection (``store.graph()``), which both stores provide; the
Cypher twins live beside each query and read Neo4j directly.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, LiteralString

from pydantic import BaseModel, ConfigDict

from ..errors import QueryError
from ..resolve import AreaIndex, AreaRef, BodyIndex, IssueIndex, IssueRef, ResolveError

if TYPE_CHECKING:
    import networkx as nx

    from ..stores.base import Store


class Row(BaseModel):
    """A result row: frozen, and the unit of table, CSV and JSON output."""

    model_config = ConfigDict(frozen=True, extra="forbid")


def is_neo4j(store: Store) -> bool:
    return getattr(store, "kind", "") == "neo4j"


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


# -- argument resolution ---------------------------------------------------------------------
def area_index(store: Store) -> AreaIndex:
    if is_neo4j(store):
        rows = store.read("MATCH (a:Area) RETURN a.code AS code, a.name AS name, a.kind AS kind, "  # type: ignore[attr-defined]
                          "[(a)-[:PART_OF]->(p:Area) | p.code] AS part_of")
        return AreaIndex((AreaRef(r["code"], r["name"], r["kind"]) for r in rows),
                         {r["code"]: r["part_of"] for r in rows})
    g = store.graph()
    areas = list(nodes(g, "Area"))
    return AreaIndex((AreaRef(a["code"], a["name"], a["kind"]) for _, a in areas),
                     {a["code"]: [g.nodes[v]["code"] for v, _ in out_edges(g, k, "PART_OF")] for k, a in areas})


def issue_index(store: Store) -> IssueIndex:
    if is_neo4j(store):
        rows = store.read("MATCH (i:Issue) RETURN i.id AS id, i.name AS name, i.synonyms AS synonyms")  # type: ignore[attr-defined]
        return IssueIndex(IssueRef(r["id"], r["name"], tuple(r["synonyms"] or ())) for r in rows)
    g = store.graph()
    return IssueIndex(IssueRef(a["id"], a["name"], tuple(a.get("synonyms", ()))) for _, a in nodes(g, "Issue"))


def body_index(store: Store) -> BodyIndex:
    if is_neo4j(store):
        rows = store.read("MATCH (b:Body) RETURN b.id AS id, b.name AS name")  # type: ignore[attr-defined]
        return BodyIndex((r["id"], r["name"]) for r in rows)
    g = store.graph()
    return BodyIndex((a["id"], a["name"]) for _, a in nodes(g, "Body"))


# Neo4j: a code through the Area.code index, or an exact name (any case), without reading every
# area; only what these cannot settle (a prefix, a typo to suggest for) reads the whole index.
CYPHER_AREA_LOOKUP: LiteralString = """\
OPTIONAL MATCH (c:Area {code: $code})
RETURN c {.code, .name, .kind} AS by_code, COLLECT {
  MATCH (n:Area) WHERE toLower(n.name) = $lower RETURN n {.code, .name, .kind}
} AS named"""

CYPHER_BODY_LOOKUP: LiteralString = """\
OPTIONAL MATCH (b:Body {id: $id})
RETURN b.id AS by_id, COLLECT { MATCH (n:Body) WHERE toLower(n.name) = $lower RETURN n.id } AS named"""


def _area_lookup(store: Store, text: str) -> AreaRef | None:
    """The area ``text`` names by code or exact name, as ``AreaIndex.resolve`` would; else None."""
    from ..graphmodel.vocab import AREA_KIND_ALIASES

    query = text.strip()
    if ":" in query and query.split(":", 1)[0].strip().lower() in AREA_KIND_ALIASES:
        query = query.split(":", 1)[1].strip()
    if not query:
        return None
    row = store.read(CYPHER_AREA_LOOKUP, code=query.upper(), lower=query.lower())[0]  # type: ignore[attr-defined]
    candidates = [AreaRef(r["code"], r["name"], r["kind"]) for r in [row["by_code"], *row["named"]] if r]
    if not candidates:
        return None
    try:
        found = AreaIndex(candidates).resolve(text)
    except ResolveError:
        return None
    return found if found.code.upper() == query.upper() or found.name.lower() == query.lower() else None


def resolve_area(store: Store, text: str) -> AreaRef:
    if is_neo4j(store):
        found = _area_lookup(store, text)
        if found is not None:
            return found
    try:
        return area_index(store).resolve(text)
    except ResolveError as e:
        raise QueryError(str(e)) from None


def resolve_issue(store: Store, text: str) -> IssueRef:
    try:
        return issue_index(store).resolve(text)
    except ResolveError as e:
        raise QueryError(str(e)) from None


def resolve_body(store: Store, text: str) -> str:
    if is_neo4j(store) and text.strip():
        query = text.strip()
        row = store.read(CYPHER_BODY_LOOKUP, id=query, lower=query.lower())[0]  # type: ignore[attr-defined]
        if row["by_id"] is not None:
            return str(row["by_id"])
        if len(row["named"]) == 1:
            return str(row["named"][0])
    try:
        return body_index(store).resolve(text)
    except ResolveError as e:
        from ._names import body_hint

        raise QueryError(body_hint(store, text) or str(e)) from None


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

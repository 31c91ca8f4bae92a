"""The Cypher reader: the facts of ``queries.reader.Reader``, asked of Neo4j as at ``$on``.

Every node and relationship a query matches is held to the dated rule with ``at()``, and every
LAD share and footprint is built by ``lad_shares_of()`` / ``footprint_of()`` (``queries.reader``),
so the rule and the share arithmetic are written once. Parameters only; no text is spliced in
but those LiteralString fragments.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, LiteralString

from ..graphmodel.vocab import RelType
from ..resolve import AreaIndex, AreaRef, BodyIndex, IssueIndex, IssueRef
from .facts import (
    AccountabilityLine, AreaFact, BodyFact, ClaimFact, Counts, IssueFact, PartnershipFact, Shares, Taxonomy,
)
from .protocol import DATE_KEYS, MARK_KEYS, CypherStore, at, dated_graph, footprint_of, lad_shares_of

if TYPE_CHECKING:
    import networkx as nx

# Every area on the date, as one list in one record: the driver's work per record (a Record, its
# hydration, its dict) cost as much as the query itself for the ~900 areas of a date (stores/neo4j.py,
# READ_CHUNK: the same reason).
AREA_INDEX: LiteralString = ("MATCH (a:Area) WHERE " + at("a")
                             + " RETURN collect({code: a.code, name: a.name, kind: a.kind, part_of:"
                             " COLLECT { MATCH (a)-[r:PART_OF]->(p:Area) WHERE " + at("r", "p")
                             + " RETURN p.code }}) AS areas")

# A code through the Area.code index, or an exact name (any case), without reading every area.
AREA_LOOKUP: LiteralString = (
    "OPTIONAL MATCH (c:Area {code: $code}) WHERE " + at("c") + "\n"
    "RETURN c {.code, .name, .kind} AS by_code, COLLECT {\n"
    "  MATCH (n:Area) WHERE toLower(n.name) = $lower AND " + at("n") + " RETURN n {.code, .name, .kind}\n"
    "} AS named")
BODY_LOOKUP: LiteralString = (
    "OPTIONAL MATCH (b:Body {id: $id}) WHERE " + at("b") + "\n"
    "RETURN b.id AS by_id, COLLECT { MATCH (n:Body) WHERE toLower(n.name) = $lower AND " + at("n")
    + " RETURN n.id } AS named")
ISSUE_INDEX: LiteralString = ("MATCH (i:Issue) WHERE " + at("i")
                              + " RETURN i.id AS id, i.name AS name, i.synonyms AS synonyms")
# The reads below that return a row per body, LAD or claim (hundreds to thousands) return them as
# one list in one record, ``rows``, as AREA_INDEX does: the same values, without a driver Record per row.
BODY_INDEX: LiteralString = "MATCH (b:Body) WHERE " + at("b") + " RETURN collect([b.id, b.name]) AS rows"

ALL_LADS: LiteralString = ("MATCH (l:Area {kind: 'LAD'}) WHERE " + at("l")
                           + " RETURN collect({lad: l.code, share: 1.0}) AS rows")

AREA_SHARES: LiteralString = ("MATCH (a:Area {code: $code}) WHERE " + at("a") + "\n"
                              + lad_shares_of("a") + "RETURN lad, share")

POPULATIONS: LiteralString = ("MATCH (l:Area {kind: 'LAD'}) WHERE " + at("l")
                              + " RETURN collect([l.code, l.population]) AS rows")

AREA_FOOTPRINTS: LiteralString = (
    "MATCH (a:Area)\n"
    "WHERE (a.kind IN $kinds OR ($utla AND a.kind = 'LAD' AND a.upper_tier = true)) AND " + at("a") + "\n"
    + lad_shares_of("a", "a") +
    "WITH a, collect([lad, share]) AS shares\n"
    "RETURN collect([a.code, a.name, shares]) AS rows")

AREA_PARENTS: LiteralString = (
    "MATCH (a:Area)-[r:PART_OF]->(p:Area) WHERE a.kind <> 'LAD' AND " + at("a", "r", "p") + "\n"
    "RETURN a.code AS code, collect(DISTINCT p.code) AS parents")

BODY_FOOTPRINTS: LiteralString = (
    "MATCH (b:Body {kind: $kind}) WHERE " + at("b") + "\n"
    "WITH b, " + footprint_of("b") + " AS fp\n"
    "WHERE size(fp) > 0\n"
    "RETURN collect([b.id, b.name, [c IN fp | [c.lad, c.share]]]) AS rows")

TAXONOMY: LiteralString = (
    "MATCH (i:Issue) WHERE " + at("i") + "\n"
    "OPTIONAL MATCH (i)-[r:PART_OF]->(p:Issue) WHERE " + at("r", "p") + "\n"
    "RETURN i.id AS id, i.name AS name, coalesce(i.synonyms, []) AS synonyms, collect(p.id) AS parents,\n"
    "       collect([p.id, coalesce(r.source, '')]) AS cited")

# A source counts when it exists on the date; an unknown one is shown by its id, not authoritative.
SOURCE_OF_R: LiteralString = ("OPTIONAL MATCH (src:Source {id: coalesce(r.source, 'unsourced')}) WHERE "
                              + at("src") + "\n")
SOURCE_FIELDS: LiteralString = ("coalesce(r.source, 'unsourced') AS source, src IS NOT NULL AS source_known, "
                                "src.title AS source_title, src.authoritative AS source_authoritative, "
                                "r.evidence AS evidence")
SOURCE_MAP: LiteralString = ("source: coalesce(r.source, 'unsourced'), source_known: src IS NOT NULL, "
                             "source_title: src.title, source_authoritative: src.authoritative, evidence: r.evidence")

CLAIMS: LiteralString = (
    "MATCH (b:Body)-[r]->(i:Issue)\n"
    "WHERE type(r) IN $types AND ($issues IS NULL OR i.id IN $issues) AND " + at("b", "r", "i") + "\n"
    "WITH b, r, i, r.scope AS scope_code, " + footprint_of("b") + " AS fp\n"
    "WITH b, r, i, scope_code, fp, CASE WHEN scope_code IS NULL THEN null ELSE COLLECT {\n"
    "  MATCH (s:Area {code: scope_code}) WHERE " + at("s") + "\n"
    + lad_shares_of("s") +
    "  RETURN {lad: lad, share: share}\n"
    "} END AS scope_cells\n"
    "UNWIND fp AS cell\n"
    "WITH b, r, i, scope_code, cell.lad AS lad, cell.share AS share,\n"
    "     [sc IN coalesce(scope_cells, []) WHERE sc.lad = cell.lad | sc.share] AS scope_share\n"
    "WHERE ($lads IS NULL OR lad IN $lads) AND (scope_code IS NULL OR size(scope_share) > 0)\n"
    "WITH b, r, i, scope_code, lad,\n"
    "     CASE WHEN scope_code IS NULL OR share <= scope_share[0] THEN share ELSE scope_share[0] END AS share\n"
    "WHERE share > 0\n"
    "WITH b, r, i, scope_code, collect([lad, share]) AS coverage\n"
    + SOURCE_OF_R +
    "RETURN collect({claim: type(r), body_id: b.id, body_name: b.name, body_kind: b.kind, issue_id: i.id,\n"
    "       scope: scope_code, " + SOURCE_MAP + ", coverage: coverage,\n"
    "       statutory: coalesce(r.statutory, false), body_derived: coalesce(b.derived, false),\n"
    "       body_derived_reason: b.derived_reason, body_source: b.source,\n"
    "       body_source_title: head(COLLECT { MATCH (bs:Source {id: b.source}) RETURN bs.title }),\n"
    "       body_status: b[$status], body_status_note: b[$status_note]}) AS rows")

PARTNERSHIPS: LiteralString = (
    "MATCH (b:Body) WHERE b.kind IN $kinds AND " + at("b") + "\n"
    "WITH b, " + footprint_of("b") + " AS fp,\n"
    "     COLLECT { MATCH (m:Body)-[r:MEMBER_OF]->(b) WHERE " + at("m", "r") + " RETURN DISTINCT m.kind }\n"
    "     + COLLECT { MATCH (m:Body)-[r:MEMBER_OF]->(b) WHERE " + at("m", "r") + "\n"
    "                 AND EXISTS { MATCH (m)-[cv:COVERS]->(f:Area {kind: 'FRA'}) WHERE " + at("cv", "f") + " }\n"
    "                 RETURN DISTINCT 'fire_authority' } AS member_kinds\n"
    "RETURN collect([b.id, b.name, b.kind, [c IN fp | [c.lad, c.share]], member_kinds,\n"
    "                coalesce(b.derived, false), b[$status]]) AS rows")

# Bodies reachable from the start along ACCOUNTABLE_TO whatever their dates (the plain expansion
# with DISTINCT lets the planner prune it; a date test on every path would enumerate the paths),
# then every line out of them that counts on the date. The question keeps the lines reached from
# the start along lines that count (``accountability.depths``), so the superset is harmless.
ACCOUNTABILITY_LINES: LiteralString = (
    "MATCH (start:Body {id: $body}) WHERE " + at("start") + "\n"
    "MATCH (start)-[:ACCOUNTABLE_TO*0..]->(x:Body)\n"
    "WITH DISTINCT x\n"
    "WHERE " + at("x") + "\n"
    "MATCH (x)-[r:ACCOUNTABLE_TO]->(y:Body) WHERE " + at("r", "y") + "\n"
    + SOURCE_OF_R +
    "RETURN x.id AS start, x.name AS start_name, y.id AS end, y.name AS end_name, y.kind AS end_kind,\n"
    "       r.mechanism AS mechanism, " + SOURCE_FIELDS)

UNSCRUTINISED: LiteralString = (
    "MATCH (b:Body)\n"
    "WHERE ($kind IS NULL OR b.kind = $kind) AND " + at("b") + "\n"
    "  AND NOT EXISTS { MATCH (b)-[r:ACCOUNTABLE_TO]->(y:Body) WHERE " + at("r", "y") + " }\n"
    "RETURN b.id AS id, b.name AS name, b.kind AS kind")

FIND_AREAS: LiteralString = (
    "MATCH (a:Area)\n"
    "WHERE ($kind IS NULL OR a.kind = $kind\n"
    "       OR ($kind = 'UTLA' AND (a.kind = 'CTYUA' OR (a.kind = 'LAD' AND a.upper_tier = true))))\n"
    "  AND " + at("a") + "\n"
    "  AND ($needle = '' OR toLower(a.code) = $needle OR toLower(a.name) CONTAINS $needle)\n"
    "RETURN a.code AS code, a.name AS name, a.kind AS kind, a.population AS population")

FIND_BODIES: LiteralString = (
    "MATCH (b:Body)\n"
    "WHERE ($kind IS NULL OR b.kind = $kind) AND " + at("b") + "\n"
    "  AND ($needle = '' OR toLower(b.id) CONTAINS $needle OR toLower(b.name) CONTAINS $needle)\n"
    "WITH b, " + footprint_of("b") + " AS fp\n"
    "WITH b, [c IN fp | c.lad] AS lad_codes\n"
    "WHERE $area_lads IS NULL OR any(code IN lad_codes WHERE code IN $area_lads)\n"
    "OPTIONAL MATCH (src:Source {id: coalesce(b.source, 'unsourced')}) WHERE " + at("src") + "\n"
    "RETURN b.id AS id, b.name AS name, b.kind AS kind, size(lad_codes) AS lads,\n"
    "       coalesce(b.source, 'unsourced') AS source,\n"
    "       src IS NOT NULL AND coalesce(src.authoritative, true) AS authoritative,\n"
    "       coalesce(b.derived, false) AS derived, b.derived_reason AS derived_reason,\n"
    "       b[$status] AS status, b[$status_note] AS status_note")

# One area and its neighbours on the date, in one round trip through the Area.code index.
AREA_RECORD: LiteralString = (
    "MATCH (a:Area {code: $code}) WHERE " + at("a") + "\n"
    "RETURN a {.code, .name, .kind, .population, valid_from: a[$since], valid_to: a[$until],\n"
    "          status: a[$status], status_note: a[$status_note]} AS area, COLLECT {\n"
    "  MATCH (a)-[r:PART_OF]->(o:Area) WHERE " + at("r", "o") + "\n"
    "  RETURN {code: o.code, name: o.name, kind: o.kind, share: r.share, share_basis: r.share_basis}\n"
    "} AS part_of, COLLECT {\n"
    "  MATCH (a)<-[r:PART_OF]-(o:Area) WHERE " + at("r", "o") + "\n"
    "  RETURN {code: o.code, name: o.name, kind: o.kind, share: r.share, share_basis: r.share_basis}\n"
    "} AS contains, COLLECT {\n"
    "  MATCH (a)<-[r:COVERS]-(b:Body) WHERE " + at("r", "b") + "\n"
    "  RETURN {id: b.id, name: b.name, kind: b.kind, share: r.share, derived: coalesce(b.derived, false),\n"
    "          status: b[$status],\n"
    "          authoritative: EXISTS { MATCH (s:Source {id: coalesce(b.source, 'unsourced')})\n"
    "                                  WHERE coalesce(s.authoritative, true) }}\n"
    "} AS covered_by")

# One body and everything its detail shows, in one round trip through the Body.id index. Each
# COVERS gives the covered area's LADs on the date (itself, or the LADs PART_OF it, as
# lad_shares); sources are looked up by id for the body, every relationship and every claim.
BODY_RECORD: LiteralString = (
    "MATCH (b:Body {id: $id}) WHERE " + at("b") + "\n"
    "WITH b, COLLECT {\n"
    "  MATCH (b)-[r:COVERS]->(a:Area) WHERE " + at("r", "a") + "\n"
    "  WITH r, a, COLLECT {\n"
    "    MATCH (x:Area {code: a.code})\n"
    + lad_shares_of("x") +
    "    RETURN lad\n"
    "  } AS lads\n"
    "  RETURN {code: a.code, name: a.name, kind: a.kind, share: r.share, lads: lads}\n"
    "} AS covers, COLLECT {\n"
    "  MATCH (b)-[r]->(o) WHERE type(r) IN $types AND " + at("r", "o") + "\n"
    "  RETURN {props: properties(r), type: type(r), other: o {.id, .name, .kind}}\n"
    "} AS outgoing, COLLECT {\n"
    "  MATCH (b)<-[r]-(o) WHERE type(r) IN $types AND " + at("r", "o") + "\n"
    "  RETURN {props: properties(r), type: type(r), other: o {.id, .name, .kind}}\n"
    "} AS incoming, COLLECT {\n"
    "  MATCH (b)-[r]->(i:Issue) WHERE type(r) IN $claim_types AND " + at("r", "i") + "\n"
    "  RETURN {props: properties(r), type: type(r), issue: i {.id, .name}}\n"
    "} AS claims\n"
    "WITH b, covers, outgoing, incoming, claims,\n"
    "     [coalesce(b.source, 'unsourced')] +\n"
    "     [x IN outgoing + incoming + claims | coalesce(x.props.source, 'unsourced')] AS source_ids\n"
    "RETURN properties(b) AS body, covers, outgoing, incoming, claims, COLLECT {\n"
    "  MATCH (s:Source) WHERE s.id IN source_ids AND " + at("s") + " RETURN s {.id, .title, .authoritative}\n"
    "} AS sources")

# Only our labels and relationship types, as the networkx projection reads them, so a database
# shared with other data gives the same counts as the projection.
COUNT_NODES: LiteralString = (
    "MATCH (n) WHERE (n:Area OR n:Body OR n:Issue OR n:Source) AND " + at("n") + "\n"
    "RETURN [l IN labels(n) WHERE l IN ['Area', 'Body', 'Issue', 'Source']][0] AS label,\n"
    "       coalesce(toString(n.kind), '') AS kind, count(*) AS count,\n"
    "       sum(CASE WHEN n.derived = true THEN 1 ELSE 0 END) AS derived")
COUNT_RELATIONSHIPS: LiteralString = (
    "MATCH (a)-[r]->(b)\n"
    "WHERE type(r) IN $types AND (a:Area OR a:Body OR a:Issue OR a:Source)\n"
    "  AND (b:Area OR b:Body OR b:Issue OR b:Source) AND " + at("a", "r", "b") + "\n"
    "RETURN type(r) AS label, count(*) AS count")


def source_fields(sid: str, known: bool, title: str | None, authoritative: bool | None) -> tuple[str, str, bool]:
    """``source_info`` over a Cypher row: an unknown source is shown by id and is not authoritative."""
    if not known:
        return sid, sid, False
    return sid, title or sid, True if authoritative is None else bool(authoritative)


def _shares(pairs: Iterable[Any]) -> Shares:
    return {lad: float(s) for lad, s in pairs}


class CypherReader:
    """Facts asked of Neo4j as at ``on``."""

    def __init__(self, store: CypherStore, on: str):
        self.store = store
        self.on = on

    def _read(self, cypher: LiteralString, **params: Any) -> list[dict[str, Any]]:
        return self.store.read(cypher, on=self.on, **DATE_KEYS, **MARK_KEYS, **params)

    def _rows(self, cypher: LiteralString, **params: Any) -> list[Any]:
        """The ``rows`` list of a query that returns its rows as one list in one record."""
        rows: list[Any] = self._read(cypher, **params)[0]["rows"]
        return rows

    def graph(self) -> nx.MultiDiGraph[str]:
        return dated_graph(self.store.graph(), self.on, self.store.cache)

    # -- name resolution ---------------------------------------------------------------------
    def area_index(self) -> AreaIndex:
        rows = self._read(AREA_INDEX)[0]["areas"]
        return AreaIndex((AreaRef(r["code"], r["name"], r["kind"]) for r in rows),
                         {r["code"]: r["part_of"] for r in rows})

    def lookup_areas(self, code: str, lower: str) -> list[AreaRef]:
        row = self._read(AREA_LOOKUP, code=code, lower=lower)[0]
        return [AreaRef(r["code"], r["name"], r["kind"]) for r in [row["by_code"], *row["named"]] if r]

    def lookup_body(self, body_id: str, lower: str) -> tuple[str | None, list[str]]:
        row = self._read(BODY_LOOKUP, id=body_id, lower=lower)[0]
        return (str(row["by_id"]) if row["by_id"] is not None else None, [str(i) for i in row["named"]])

    def issue_index(self) -> IssueIndex:
        return IssueIndex(IssueRef(r["id"], r["name"], tuple(r["synonyms"] or ())) for r in self._read(ISSUE_INDEX))

    def body_index(self) -> BodyIndex:
        return BodyIndex((body_id, name) for body_id, name in self._rows(BODY_INDEX))

    # -- geography ---------------------------------------------------------------------------
    def lad_shares(self, code: str | None) -> Shares:
        rows = self._rows(ALL_LADS) if code is None else self._read(AREA_SHARES, code=code)
        return {r["lad"]: float(r["share"]) for r in rows}

    def populations(self) -> dict[str, int | None]:
        return {lad: population for lad, population in self._rows(POPULATIONS)}

    def area_footprints(self, kinds: Iterable[str], utla: bool) -> list[tuple[str, str, Shares]]:
        rows = self._rows(AREA_FOOTPRINTS, kinds=sorted(kinds), utla=utla)
        return [(code, name, _shares(shares)) for code, name, shares in rows]

    def area_parents(self) -> dict[str, frozenset[str]]:
        return {r["code"]: frozenset(r["parents"]) for r in self._read(AREA_PARENTS)}

    def body_footprints(self, kind: str) -> list[tuple[str, str, Shares]]:
        return [(code, name, _shares(shares)) for code, name, shares in self._rows(BODY_FOOTPRINTS, kind=kind)]

    # -- issues and claims -------------------------------------------------------------------
    def taxonomy(self) -> Taxonomy:
        rows = self._read(TAXONOMY)
        return Taxonomy({r["id"]: r["name"] for r in rows}, {r["id"]: frozenset(r["parents"]) for r in rows})

    def issues(self) -> list[IssueFact]:
        out = []
        for r in self._read(TAXONOMY):
            cited = {p: str(s) for p, s in r["cited"] if p is not None}
            parents = sorted(cited)
            out.append(IssueFact(r["id"], r["name"], tuple(r["synonyms"]), max(parents) if parents else None,
                                 tuple(parents), tuple(cited[p] for p in parents)))
        return out

    def claims(self, claim_types: Iterable[str], issues: Iterable[str] | None,
               lads: Iterable[str] | None) -> list[ClaimFact]:
        rows = self._rows(CLAIMS, types=sorted(claim_types), issues=sorted(issues) if issues is not None else None,
                          lads=sorted(lads) if lads is not None else None)
        out = []
        for r in rows:
            sid, title, auth = source_fields(r["source"], r["source_known"], r["source_title"],
                                             r["source_authoritative"])
            out.append(ClaimFact(claim=r["claim"], body_id=r["body_id"], body_name=r["body_name"],
                                 body_kind=r["body_kind"], issue_id=r["issue_id"], scope=r["scope"], source=sid,
                                 source_title=title, authoritative=auth, evidence=r["evidence"],
                                 coverage=_shares(r["coverage"]), statutory=bool(r["statutory"]),
                                 body_derived=bool(r["body_derived"]),
                                 body_derived_reason=r["body_derived_reason"], body_source=r["body_source"],
                                 body_source_title=r["body_source_title"],
                                 body_status=r["body_status"], body_status_note=r["body_status_note"]))
        return out

    # -- bodies ------------------------------------------------------------------------------
    def partnerships(self, kinds: Iterable[str]) -> list[PartnershipFact]:
        return [PartnershipFact(body_id, name, kind, _shares(shares), frozenset(member_kinds), bool(derived), status)
                for body_id, name, kind, shares, member_kinds, derived, status
                in self._rows(PARTNERSHIPS, kinds=sorted(kinds))]

    def accountability_lines(self, body_id: str) -> list[AccountabilityLine]:
        out = []
        for r in self._read(ACCOUNTABILITY_LINES, body=body_id):
            sid, title, auth = source_fields(r["source"], r["source_known"], r["source_title"],
                                             r["source_authoritative"])
            out.append(AccountabilityLine(r["start"], r["start_name"], r["end"], r["end_name"], r["end_kind"],
                                          r["mechanism"], sid, title, auth, r["evidence"]))
        return out

    def unscrutinised(self, kind: str | None) -> list[tuple[str, str, str]]:
        return [(r["id"], r["name"], r["kind"]) for r in self._read(UNSCRUTINISED, kind=kind)]

    # -- listings ----------------------------------------------------------------------------
    def find_areas(self, needle: str, kind: str | None) -> list[AreaFact]:
        return [AreaFact(r["code"], r["name"], r["kind"], r["population"])
                for r in self._read(FIND_AREAS, needle=needle, kind=kind or None)]

    def find_bodies(self, needle: str, kind: str | None, area_lads: Iterable[str] | None) -> list[BodyFact]:
        rows = self._read(FIND_BODIES, needle=needle, kind=kind or None,
                          area_lads=sorted(area_lads) if area_lads is not None else None)
        return [BodyFact(r["id"], r["name"], r["kind"], r["lads"], r["source"], bool(r["authoritative"]),
                         bool(r["derived"]), r["derived_reason"], r["status"], r["status_note"]) for r in rows]

    def counts(self) -> Counts:
        found = self._read(COUNT_NODES)
        nodes = {(r["label"], r["kind"]): r["count"] for r in found}
        derived = {(r["label"], r["kind"]): r["derived"] for r in found if r["derived"]}
        rels = {r["label"]: r["count"] for r in self._read(COUNT_RELATIONSHIPS, types=RelType.values())}
        return Counts(nodes, rels, derived)

    # -- one node and what touches it ----------------------------------------------------------
    def area_record(self, code: str) -> dict[str, Any]:
        return self._read(AREA_RECORD, code=code)[0]

    def body_record(self, body_id: str, types: Iterable[str], claim_types: Iterable[str]) -> dict[str, Any]:
        return self._read(BODY_RECORD, id=body_id, types=list(types), claim_types=list(claim_types))[0]

"""Facts the question queries share, read from either store, and the share arithmetic on them.

Every question module (who_leads, gaps, overlaps, coterminosity) works in two steps:

1. *read the facts*: the LADs of the area asked about with the share of each, the issue
   taxonomy, LAD populations, the ownership claims with the LADs each one covers, the footprints
   of a kind. Each fact has a networkx reader (``nx_*``, over ``store.graph()``) and a Cypher
   reader (``cypher_*``, run by Neo4j, where the graph work happens: footprints aggregated from
   COVERS and PART_OF, scope narrowing, the area filter). The two return identical values.
2. *apply the rule*: one pure function per question over those facts, shared by both twins, so
   the twins cannot drift apart on a rule; the parity tests pin that the reads agree.

Geography is LAD-level, with shares: a footprint is ``{LAD code: share of the LAD}``. The
lookups never say *where* inside a LAD a part lies (three legacy CSPs each hold one third of
Bournemouth, Christchurch and Poole), so comparisons are by share only: a footprint holding
share ``a`` of a LAD is taken to lie within one holding ``b >= a`` of it. Shares are compared
with the tolerance ``TOL``; floats in result rows are rounded to ``DIGITS`` decimals in both
twins so that rows compare equal.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, LiteralString

from ._common import footprint, lad_shares, nodes, out_edges, resolve_area, source_info

if TYPE_CHECKING:
    import networkx as nx

    from ..resolve import AreaRef
    from ..stores.base import Store

TOL = 1e-9
DIGITS = 6
ENGLAND_AND_WALES = "England and Wales"

Shares = dict[str, float]


def rounded(x: float) -> float:
    """Round a share, index or ratio for a result row (the same way in both twins)."""
    return round(x + 0.0, DIGITS) + 0.0  # "+ 0.0" turns -0.0 into 0.0


# -- areas -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Place:
    """The area a question is asked about: its LAD shares, or every LAD when no area is given."""

    code: str | None
    name: str
    kind: str | None
    need: Mapping[str, float]

    @property
    def national(self) -> bool:
        return self.code is None


def place(store: Store, area: str | None, *, neo4j: bool) -> Place:
    """Resolve ``area`` (code, name, prefix) and read its LAD shares; ``None`` is all of E&W."""
    ref: AreaRef | None = resolve_area(store, area) if area else None
    if neo4j:
        need = cypher_lad_shares(store, ref.code if ref else None)
    else:
        g = store.graph()
        need = lad_shares(g, ref.code) if ref else {k: 1.0 for k in nx_lad_codes(g)}
    if ref is None:
        return Place(None, ENGLAND_AND_WALES, None, need)
    return Place(ref.code, ref.name, ref.kind, need)


def nx_lad_codes(g: nx.MultiDiGraph[str]) -> list[str]:
    return sorted(a["code"] for _, a in nodes(g, "Area") if a.get("kind") == "LAD")


CYPHER_ALL_LADS: LiteralString = "MATCH (l:Area {kind: 'LAD'}) RETURN l.code AS lad, 1.0 AS share"

# lad_shares() in Cypher: a LAD is itself; any other area holds the LADs directly PART_OF it,
# with the largest share when the same pair is linked more than once.
CYPHER_AREA_SHARES: LiteralString = """\
MATCH (a:Area {code: $code})
OPTIONAL MATCH (l:Area {kind: 'LAD'})-[p:PART_OF]->(a)
WITH a, CASE WHEN a.kind = 'LAD' THEN a.code ELSE l.code END AS lad,
     CASE WHEN a.kind = 'LAD' THEN 1.0 ELSE coalesce(p.share, 1.0) END AS share
WHERE lad IS NOT NULL
RETURN lad, max(share) AS share"""


def cypher_lad_shares(store: Store, code: str | None) -> Shares:
    if code is None:
        rows = store.read(CYPHER_ALL_LADS)  # type: ignore[attr-defined]
    else:
        rows = store.read(CYPHER_AREA_SHARES, code=code)  # type: ignore[attr-defined]
    return {r["lad"]: float(r["share"]) for r in rows}


def nx_populations(g: nx.MultiDiGraph[str]) -> dict[str, int | None]:
    return {a["code"]: a.get("population") for _, a in nodes(g, "Area") if a.get("kind") == "LAD"}


CYPHER_POPULATIONS: LiteralString = "MATCH (l:Area {kind: 'LAD'}) RETURN l.code AS lad, l.population AS population"


def cypher_populations(store: Store) -> dict[str, int | None]:
    return {r["lad"]: r["population"] for r in store.read(CYPHER_POPULATIONS)}  # type: ignore[attr-defined]


def populations(store: Store, *, neo4j: bool) -> dict[str, int | None]:
    return cypher_populations(store) if neo4j else nx_populations(store.graph())


def weighted_population(shares: Mapping[str, float], population: Mapping[str, int | None]) -> int:
    """People in a share-weighted set of LADs (LADs without a population count as none)."""
    return round(sum((population.get(lad) or 0) * s for lad, s in shares.items()))


def covers_all(cover: Mapping[str, float], need: Mapping[str, float]) -> bool:
    """True when ``cover`` holds at least the share ``need`` asks for on every one of its LADs."""
    return all(cover.get(lad, 0.0) >= share - TOL for lad, share in need.items())


# -- the issue taxonomy --------------------------------------------------------------------------
@dataclass(frozen=True)
class Taxonomy:
    names: Mapping[str, str]
    parents: Mapping[str, frozenset[str]]

    def ancestors(self, issue: str) -> dict[str, int]:
        """The issue and every broader issue, each with its distance (0 for the issue itself).

        Breadth-first, so with more than one path (a user's taxonomy may give an issue two
        parents) the shortest distance counts; cycle-safe.
        """
        dist = {issue: 0}
        queue = deque([issue])
        while queue:
            i = queue.popleft()
            for p in sorted(self.parents.get(i, ())):
                if p not in dist:
                    dist[p] = dist[i] + 1
                    queue.append(p)
        return dist

    def narrower_or_self(self, issue: str) -> set[str]:
        return {i for i in self.names if issue in self.ancestors(i)}


def nx_taxonomy(g: nx.MultiDiGraph[str]) -> Taxonomy:
    names = {a["id"]: a["name"] for _, a in nodes(g, "Issue")}
    parents = {i: frozenset(g.nodes[v]["id"] for v, _ in out_edges(g, f"Issue:{i}", "PART_OF")) for i in names}
    return Taxonomy(names, parents)


CYPHER_TAXONOMY: LiteralString = """\
MATCH (i:Issue)
OPTIONAL MATCH (i)-[:PART_OF]->(p:Issue)
RETURN i.id AS id, i.name AS name, collect(p.id) AS parents"""


def cypher_taxonomy(store: Store) -> Taxonomy:
    rows = store.read(CYPHER_TAXONOMY)  # type: ignore[attr-defined]
    return Taxonomy({r["id"]: r["name"] for r in rows}, {r["id"]: frozenset(r["parents"]) for r in rows})


def taxonomy(store: Store, *, neo4j: bool) -> Taxonomy:
    return cypher_taxonomy(store) if neo4j else nx_taxonomy(store.graph())


# -- ownership claims ----------------------------------------------------------------------------
@dataclass(frozen=True)
class ClaimFact:
    """One LEADS / SUPPORTS / PRIORITISES claim with the LADs it covers inside the place asked about.

    ``coverage`` is the body's footprint, narrowed to the claim's ``scope`` area when it has one
    (the smaller share of the two on each LAD), restricted to the place's LADs.
    """

    claim: str
    body_id: str
    body_name: str
    body_kind: str
    issue_id: str
    scope: str | None
    source: str
    source_title: str
    authoritative: bool
    evidence: str | None
    coverage: Mapping[str, float] = field(default_factory=dict)
    statutory: bool = False        # the law assigns the claim (its source cites the Act section)
    body_derived: bool = False     # the body is our derivation (one board per council...), not a register
    body_derived_reason: str | None = None

    @property
    def key(self) -> tuple[str, str, str, str, str]:
        return (self.claim, self.body_id, self.issue_id, self.scope or "", self.source)


def _narrow(fp: Mapping[str, float], scope: Mapping[str, float] | None,
            lads: Iterable[str] | None) -> Shares:
    keep = set(lads) if lads is not None else None
    out: Shares = {}
    for lad, share in fp.items():
        if keep is not None and lad not in keep:
            continue
        if scope is not None:
            if lad not in scope:
                continue
            share = min(share, scope[lad])
        if share > 0:
            out[lad] = share
    return out


def nx_claims(g: nx.MultiDiGraph[str], claim_types: Iterable[str], issues: Iterable[str] | None,
              lads: Iterable[str] | None) -> list[ClaimFact]:
    types = set(claim_types)
    wanted = set(issues) if issues is not None else None
    keep = list(lads) if lads is not None else None
    footprints: dict[str, Shares] = {}
    out: list[ClaimFact] = []
    for u, v, e in g.edges(data=True):
        if e.get("type") not in types:
            continue
        issue = g.nodes[v]
        if issue.get("label") != "Issue" or (wanted is not None and issue["id"] not in wanted):
            continue
        body = g.nodes[u]
        if body["id"] not in footprints:
            footprints[body["id"]] = footprint(g, body["id"])
        scope = e.get("scope")
        coverage = _narrow(footprints[body["id"]], lad_shares(g, scope) if scope else None, keep)
        if not coverage:
            continue
        sid, title, auth = source_info(g, e.get("source"))
        out.append(ClaimFact(claim=e["type"], body_id=body["id"], body_name=body["name"], body_kind=body["kind"],
                             issue_id=issue["id"], scope=scope, source=sid, source_title=title,
                             authoritative=auth, evidence=e.get("evidence"), coverage=coverage,
                             statutory=bool(e.get("statutory", False)), body_derived=bool(body.get("derived", False)),
                             body_derived_reason=body.get("derived_reason")))
    return out


# A body's footprint (footprint() in Cypher): the LADs of every area it COVERS, each LAD's share
# in the area times the share of the area covered, summed over COVERS and capped at 1.
CYPHER_FOOTPRINT_OF_B: LiteralString = """\
COLLECT {
  MATCH (b)-[cv:COVERS]->(x:Area)
  OPTIONAL MATCH (l:Area {kind: 'LAD'})-[p:PART_OF]->(x)
  WITH cv, CASE WHEN x.kind = 'LAD' THEN x.code ELSE l.code END AS lad,
       CASE WHEN x.kind = 'LAD' THEN 1.0 ELSE coalesce(p.share, 1.0) END AS share
  WHERE lad IS NOT NULL
  WITH cv, lad, max(share) AS share
  WITH lad, sum(share * coalesce(cv.share, 1.0)) AS total
  RETURN {lad: lad, share: CASE WHEN total > 1.0 THEN 1.0 ELSE total END} AS cell
}"""

CYPHER_CLAIMS: LiteralString = """\
MATCH (b:Body)-[c]->(i:Issue)
WHERE type(c) IN $types AND ($issues IS NULL OR i.id IN $issues)
WITH b, c, i, """ + CYPHER_FOOTPRINT_OF_B + """ AS fp
WITH b, c, i, fp, c.scope AS scope_code
WITH b, c, i, scope_code, CASE WHEN scope_code IS NULL THEN null ELSE COLLECT {
  MATCH (s:Area {code: scope_code})
  OPTIONAL MATCH (l:Area {kind: 'LAD'})-[p:PART_OF]->(s)
  WITH CASE WHEN s.kind = 'LAD' THEN s.code ELSE l.code END AS lad,
       CASE WHEN s.kind = 'LAD' THEN 1.0 ELSE coalesce(p.share, 1.0) END AS share
  WHERE lad IS NOT NULL
  WITH lad, max(share) AS share
  RETURN {lad: lad, share: share} AS cell
} END AS scope_cells, fp
UNWIND fp AS cell
WITH b, c, i, scope_code, cell.lad AS lad, cell.share AS share,
     [sc IN coalesce(scope_cells, []) WHERE sc.lad = cell.lad | sc.share] AS scope_share
WHERE ($lads IS NULL OR lad IN $lads) AND (scope_code IS NULL OR size(scope_share) > 0)
WITH b, c, i, scope_code, lad,
     CASE WHEN scope_code IS NULL OR share <= scope_share[0] THEN share ELSE scope_share[0] END AS share
WHERE share > 0
WITH b, c, i, scope_code, collect([lad, share]) AS coverage
OPTIONAL MATCH (src:Source {id: coalesce(c.source, 'unsourced')})
RETURN type(c) AS claim, b.id AS body_id, b.name AS body_name, b.kind AS body_kind, i.id AS issue_id,
       scope_code AS scope, coalesce(c.source, 'unsourced') AS source, src IS NOT NULL AS source_known,
       src.title AS source_title, src.authoritative AS source_authoritative, c.evidence AS evidence,
       coverage, coalesce(c.statutory, false) AS statutory, coalesce(b.derived, false) AS body_derived,
       b.derived_reason AS body_derived_reason"""


def source_fields(sid: str, known: bool, title: str | None, authoritative: bool | None) -> tuple[str, str, bool]:
    """``source_info`` over a Cypher row: an unknown source is shown by id and is not authoritative."""
    if not known:
        return sid, sid, False
    return sid, title or sid, True if authoritative is None else bool(authoritative)


def cypher_claims(store: Store, claim_types: Iterable[str], issues: Iterable[str] | None,
                  lads: Iterable[str] | None) -> list[ClaimFact]:
    rows = store.read(CYPHER_CLAIMS, types=sorted(claim_types),  # type: ignore[attr-defined]
                      issues=sorted(issues) if issues is not None else None,
                      lads=sorted(lads) if lads is not None else None)
    out = []
    for r in rows:
        sid, title, auth = source_fields(r["source"], r["source_known"], r["source_title"], r["source_authoritative"])
        out.append(ClaimFact(claim=r["claim"], body_id=r["body_id"], body_name=r["body_name"],
                             body_kind=r["body_kind"], issue_id=r["issue_id"], scope=r["scope"], source=sid,
                             source_title=title, authoritative=auth, evidence=r["evidence"],
                             coverage={lad: float(s) for lad, s in r["coverage"]},
                             statutory=bool(r["statutory"]), body_derived=bool(r["body_derived"]),
                             body_derived_reason=r["body_derived_reason"]))
    return out


def claims(store: Store, claim_types: Iterable[str], issues: Iterable[str] | None,
           place: Place, *, neo4j: bool) -> list[ClaimFact]:
    """Claims of the given types on the given issues (``None``: all), covering part of ``place``."""
    lads = None if place.national else list(place.need)
    if neo4j:
        found = cypher_claims(store, claim_types, issues, lads)
    else:
        found = nx_claims(store.graph(), claim_types, issues, lads)
    return sorted(found, key=lambda c: c.key)


# -- who leads where: the rule shared by who_leads, gaps and overlaps ---------------------------
def body_cover(claims: Iterable[ClaimFact]) -> dict[str, Shares]:
    """Per body, the largest share it claims on each LAD (two claims of one body do not add up)."""
    out: dict[str, Shares] = {}
    for c in claims:
        mine = out.setdefault(c.body_id, {})
        for lad, share in c.coverage.items():
            mine[lad] = max(mine.get(lad, 0.0), share)
    return out


def led_share(claims: Iterable[ClaimFact]) -> Shares:
    """How much of each LAD the given claims cover together: bodies add up, capped at 1.

    Adding is right where parts of a LAD come from splitting it (legacy CSPs, delivery teams);
    the data cannot say when two partial footprints overlap instead.
    """
    total: Shares = {}
    for cover in body_cover(claims).values():
        for lad, share in cover.items():
            total[lad] = min(1.0, total.get(lad, 0.0) + share)
    return total


# -- footprints of a kind (coterminosity) ---------------------------------------------------------
@dataclass(frozen=True)
class Footprint:
    kind: str            # the word shown: an area kind (CSP, UTLA...) or a body kind (pcc, hwb...)
    code: str            # GSS code of an area, or id of a body
    name: str
    shares: Mapping[str, float]


def nx_area_footprints(g: nx.MultiDiGraph[str], kinds: Iterable[str], utla: bool) -> list[tuple[str, str, Shares]]:
    wanted = set(kinds)
    out = []
    for _, a in nodes(g, "Area"):
        kind = a.get("kind")
        if kind in wanted or (utla and kind == "LAD" and a.get("upper_tier")):
            shares = lad_shares(g, a["code"])
            if shares:
                out.append((a["code"], a["name"], shares))
    return out


def nx_body_footprints(g: nx.MultiDiGraph[str], kind: str) -> list[tuple[str, str, Shares]]:
    out = []
    for _, b in nodes(g, "Body"):
        if b.get("kind") == kind:
            shares = footprint(g, b["id"])
            if shares:
                out.append((b["id"], b["name"], shares))
    return out


CYPHER_AREA_FOOTPRINTS: LiteralString = """\
MATCH (a:Area)
WHERE a.kind IN $kinds OR ($utla AND a.kind = 'LAD' AND a.upper_tier = true)
OPTIONAL MATCH (l:Area {kind: 'LAD'})-[p:PART_OF]->(a)
WITH a, CASE WHEN a.kind = 'LAD' THEN a.code ELSE l.code END AS lad,
     CASE WHEN a.kind = 'LAD' THEN 1.0 ELSE coalesce(p.share, 1.0) END AS share
WHERE lad IS NOT NULL
WITH a, lad, max(share) AS share
RETURN a.code AS code, a.name AS name, collect([lad, share]) AS shares"""

CYPHER_BODY_FOOTPRINTS: LiteralString = """\
MATCH (b:Body {kind: $kind})
WITH b, """ + CYPHER_FOOTPRINT_OF_B + """ AS fp
WHERE size(fp) > 0
RETURN b.id AS code, b.name AS name, [cell IN fp | [cell.lad, cell.share]] AS shares"""


def cypher_area_footprints(store: Store, kinds: Iterable[str], utla: bool) -> list[tuple[str, str, Shares]]:
    rows = store.read(CYPHER_AREA_FOOTPRINTS, kinds=sorted(kinds), utla=utla)  # type: ignore[attr-defined]
    return [(r["code"], r["name"], {lad: float(s) for lad, s in r["shares"]}) for r in rows]


def cypher_body_footprints(store: Store, kind: str) -> list[tuple[str, str, Shares]]:
    rows = store.read(CYPHER_BODY_FOOTPRINTS, kind=kind)  # type: ignore[attr-defined]
    return [(r["code"], r["name"], {lad: float(s) for lad, s in r["shares"]}) for r in rows]


def touches(shares: Mapping[str, float], lads: Mapping[str, float]) -> bool:
    return any(s > 0 and lads.get(lad, 0.0) > 0 for lad, s in shares.items())

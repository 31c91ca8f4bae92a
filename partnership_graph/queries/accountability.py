"""Accountability: the chain from a body to whoever scrutinises it or holds it to account.

``accountability(store, body)`` follows ACCOUNTABLE_TO edges (scrutiny, reports_to,
holds_to_account) out of the body, breadth first, and lists every edge met on the way, each once,
with its depth (1: the body answers to it directly). Lines of accountability are often two-way (a
joint protocol in which four boards hold each other to account) or circular, so the walk is
cycle-safe: an edge back to a body already reached is listed with ``already_reached`` and not
followed again. The chain ends at bodies that answer to nobody in the graph.

``accountability_unscrutinised(store, kind=None)`` lists bodies with no outgoing ACCOUNTABLE_TO.
For some kinds that is expected: their accountability lies outside this graph
(``EXPECTED_UNSCRUTINISED``: councils answer to their electorate, national bodies and the
Probation Service to Parliament through ministers, ICBs and health boards to NHS England or the
Welsh Government, fire and rescue authorities are committees of elected members or a
commissioner's, and police and crime panels and scrutiny committees *are* the scrutiny). For the
others (CSPs, commissioners, police forces, the boards, teams) it is a gap to look at: the
statutes give each of them someone to answer to. The national skeleton gives each safeguarding
children partnership its yearly report to the Child Safeguarding Practice Review Panel (Working
Together to Safeguard Children 2023) and each safeguarding adults board its annual report to the
council, the local policing body, the local Healthwatch and the Health and Wellbeing Board (Care
Act 2014 Sch. 2 para 4), so neither is unscrutinised there.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, LiteralString

from ..errors import QueryError
from ..graphmodel.vocab import BodyKind
from ..resolve import did_you_mean
from ._common import Row, is_neo4j, nodes, out_edges, resolve_body, source_info
from ._geo import source_fields

if TYPE_CHECKING:
    from ..stores.base import Store

__all__ = ["EXPECTED_UNSCRUTINISED", "AccountabilityRow", "UnscrutinisedRow", "accountability",
           "accountability_unscrutinised"]

EXPECTED_UNSCRUTINISED: dict[str, str] = {
    "council": "answers to its electorate",
    "national_body": "answers to Parliament through ministers",
    "probation": "answers to Parliament through the Ministry of Justice (HMPPS)",
    "health": "answers to NHS England (ICB) or the Welsh Government (LHB)",
    "fire_authority": "a committee of elected members, or a commissioner's or mayor's function",
    "police_and_crime_panel": "is itself the scrutiny of the commissioner (a joint committee of councils)",
    "scrutiny_committee": "is itself scrutiny (a committee of the council)",
    "vcs": "answers to its trustees and the Charity Commission",
    "healthwatch": "answers to the council that commissions it (LGPIHA 2007 s.221) and Healthwatch England",
}
UNEXPECTED_NOTE = "no line of accountability in the graph; add who scrutinises it"


class AccountabilityRow(Row):
    """One line of accountability met walking out from the body asked about."""

    depth: int                   # 1: the body asked about answers to it directly
    body_id: str                 # who answers
    body_name: str
    accountable_to_id: str       # to whom
    accountable_to_name: str
    accountable_to_kind: str
    mechanism: str               # scrutiny, reports_to or holds_to_account
    already_reached: bool        # the walk met this body before: a two-way or circular line
    source: str
    source_title: str
    authoritative: bool
    evidence: str | None = None


class UnscrutinisedRow(Row):
    id: str
    name: str
    kind: str
    expected: bool               # its kind's accountability lies outside the graph
    note: str


@dataclass(frozen=True)
class _Edge:
    start: str
    start_name: str
    end: str
    end_name: str
    end_kind: str
    mechanism: str
    source: str
    source_title: str
    authoritative: bool
    evidence: str | None


def accountability(store: Store, body: str) -> list[AccountabilityRow]:
    """The chain of accountability out of ``body`` (id or exact name).

    Parameters
    ----------
    store : Store
        The embedded store or Neo4j.
    body : str
        A body id (``csp:oldham``) or an unambiguous exact name.

    Returns
    -------
    list[AccountabilityRow]
        Sorted by depth, then the answering body's id, the other body's id, mechanism, source.

    Raises
    ------
    QueryError
        The body does not resolve.

    Examples
    --------
    Oldham CSP is scrutinised by Oldham Council and, under the joint protocol, held to account by
    the HWB, SCP and SAB, which it holds to account in turn::

        >>> [(r.depth, r.accountable_to_id) for r in accountability(store, "csp:oldham")][:2]  # doctest: +SKIP
        [(1, 'council:oldham'), (1, 'hwb:oldham')]
    """
    body_id = resolve_body(store, body)
    edges, depth = _via_cypher(store, body_id) if is_neo4j(store) else _via_networkx(store, body_id)
    rows = [AccountabilityRow(
        depth=depth[e.start] + 1, body_id=e.start, body_name=e.start_name, accountable_to_id=e.end,
        accountable_to_name=e.end_name, accountable_to_kind=e.end_kind, mechanism=e.mechanism,
        already_reached=depth[e.end] <= depth[e.start], source=e.source, source_title=e.source_title,
        authoritative=e.authoritative, evidence=e.evidence) for e in edges]
    return sorted(rows, key=lambda r: (r.depth, r.body_id, r.accountable_to_id, r.mechanism, r.source))


def _via_networkx(store: Store, body_id: str) -> tuple[list[_Edge], dict[str, int]]:
    g = store.graph()
    depth = {body_id: 0}
    queue = deque([body_id])
    edges: list[_Edge] = []
    while queue:
        here = queue.popleft()
        key = f"Body:{here}"
        for v, e in out_edges(g, key, "ACCOUNTABLE_TO"):
            other = g.nodes[v]
            if other["id"] not in depth:
                depth[other["id"]] = depth[here] + 1
                queue.append(other["id"])
            sid, title, auth = source_info(g, e.get("source"))
            edges.append(_Edge(here, g.nodes[key]["name"], other["id"], other["name"], other["kind"],
                               e["mechanism"], sid, title, auth, e.get("evidence")))
    return edges, depth


# Bodies reachable along ACCOUNTABLE_TO (DISTINCT lets the planner prune the expansion), the
# shortest distance to each, then every line out of them.
CYPHER_CHAIN: LiteralString = """\
MATCH (start:Body {id: $body})
MATCH (start)-[:ACCOUNTABLE_TO*0..]->(x:Body)
WITH DISTINCT start, x
OPTIONAL CALL (start, x) {
  WITH start, x WHERE x <> start
  MATCH p = shortestPath((start)-[:ACCOUNTABLE_TO*1..]->(x))
  RETURN length(p) AS depth
}
WITH x, coalesce(depth, 0) AS depth
OPTIONAL MATCH (x)-[r:ACCOUNTABLE_TO]->(y:Body)
OPTIONAL MATCH (src:Source {id: coalesce(r.source, 'unsourced')})
RETURN x.id AS start, x.name AS start_name, depth, y.id AS end, y.name AS end_name, y.kind AS end_kind,
       r.mechanism AS mechanism, coalesce(r.source, 'unsourced') AS source, src IS NOT NULL AS source_known,
       src.title AS source_title, src.authoritative AS source_authoritative, r.evidence AS evidence"""


def _via_cypher(store: Store, body_id: str) -> tuple[list[_Edge], dict[str, int]]:
    rows = store.read(CYPHER_CHAIN, body=body_id)  # type: ignore[attr-defined]
    depth = {r["start"]: int(r["depth"]) for r in rows}
    edges = []
    for r in rows:
        if r["end"] is None:
            continue
        sid, title, auth = source_fields(r["source"], r["source_known"], r["source_title"], r["source_authoritative"])
        edges.append(_Edge(r["start"], r["start_name"], r["end"], r["end_name"], r["end_kind"], r["mechanism"],
                           sid, title, auth, r["evidence"]))
    return edges, depth


def accountability_unscrutinised(store: Store, kind: str | None = None) -> list[UnscrutinisedRow]:
    """Bodies (of ``kind``) that answer to nobody in the graph.

    Returns
    -------
    list[UnscrutinisedRow]
        Unexpected ones first, then by kind and id.

    Raises
    ------
    QueryError
        ``kind`` is not a body kind.
    """
    if kind is not None and kind not in BodyKind.values():
        raise QueryError(f"unknown body kind {kind!r}{did_you_mean(kind, BodyKind.values())}; "
                         f"one of: {', '.join(BodyKind.values())}")
    found = _unscrutinised_cypher(store, kind) if is_neo4j(store) else _unscrutinised_networkx(store, kind)
    rows = [UnscrutinisedRow(id=i, name=n, kind=k, expected=k in EXPECTED_UNSCRUTINISED,
                             note=EXPECTED_UNSCRUTINISED.get(k, UNEXPECTED_NOTE)) for i, n, k in found]
    return sorted(rows, key=lambda r: (r.expected, r.kind, r.id))


def _unscrutinised_networkx(store: Store, kind: str | None) -> Sequence[tuple[str, str, str]]:
    g = store.graph()
    return [(b["id"], b["name"], b["kind"]) for key, b in nodes(g, "Body")
            if (kind is None or b["kind"] == kind) and next(out_edges(g, key, "ACCOUNTABLE_TO"), None) is None]


CYPHER_UNSCRUTINISED: LiteralString = """\
MATCH (b:Body)
WHERE ($kind IS NULL OR b.kind = $kind) AND NOT EXISTS { (b)-[:ACCOUNTABLE_TO]->(:Body) }
RETURN b.id AS id, b.name AS name, b.kind AS kind"""


def _unscrutinised_cypher(store: Store, kind: str | None) -> Sequence[tuple[str, str, str]]:
    rows = store.read(CYPHER_UNSCRUTINISED, kind=kind)  # type: ignore[attr-defined]
    return [(r["id"], r["name"], r["kind"]) for r in rows]

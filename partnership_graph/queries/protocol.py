"""The facts every question reads (``Reader``), the dated projection, and the Cypher blocks that
hold the dated rule: the protocol both readers implement (``reader_nx``, ``reader_cypher``).

``queries.reader.reader(store, on=...)`` picks the implementation; the questions only ever see a
``Reader``. The dated rule (``stores.dated``): an element counts on DATE when ``valid_from <= DATE
< valid_to``, a missing bound being open; dates are ISO text in both stores and compare as text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import TYPE_CHECKING, Any, LiteralString, Protocol, runtime_checkable

from ..stores.dated import as_at, iso

if TYPE_CHECKING:
    import networkx as nx

    from ..resolve import AreaIndex, AreaRef, BodyIndex, IssueIndex
    from ..stores.cache import ProjectionCache
    from .facts import (
        AccountabilityLine, AreaFact, BodyFact, ClaimFact, Counts, IssueFact, PartnershipFact, Shares,
        Taxonomy,
    )

__all__ = ["DATE_KEYS", "MARK_KEYS", "CypherStore", "Overlay", "Reader", "at", "dated_graph", "footprint_of",
           "lad_shares_of"]

#: A scenario: a function that lays changes over a networkx projection and returns the result
#: (``changes.apply_to_graph`` bound to a change set). It never writes to a store.
Overlay = Callable[["nx.MultiDiGraph[str]"], "nx.MultiDiGraph[str]"]


@runtime_checkable
class Reader(Protocol):
    """The facts the questions ask for, all as at ``on`` (ISO date)."""

    on: str

    # -- name resolution ---------------------------------------------------------------------
    def area_index(self) -> AreaIndex: ...

    def issue_index(self) -> IssueIndex: ...

    def body_index(self) -> BodyIndex: ...

    def lookup_areas(self, code: str, lower: str) -> list[AreaRef]:
        """The area with this code (upper case) and the areas with this exact name (lower case):
        on Neo4j one read through the Area.code index, without reading every area."""
        ...

    def lookup_body(self, body_id: str, lower: str) -> tuple[str | None, list[str]]:
        """(the id of the body with this id or None, the ids of the bodies with this exact name)."""
        ...

    # -- geography ---------------------------------------------------------------------------
    def lad_shares(self, code: str | None) -> Shares:
        """The LADs of an area with the share of each inside it (``None``: every LAD, whole)."""
        ...

    def populations(self) -> dict[str, int | None]:
        """Every LAD's population (mid-2023), None where the data has none."""
        ...

    def area_footprints(self, kinds: Iterable[str], utla: bool) -> list[tuple[str, str, Shares]]:
        """(code, name, LAD shares) of every area of these kinds (``utla``: and upper-tier LADs)."""
        ...

    def area_parents(self) -> dict[str, frozenset[str]]:
        """What the lookups say directly: each area above LAD level -> the areas it is PART_OF
        (a sub-ICB location -> its ICB)."""
        ...

    def body_footprints(self, kind: str) -> list[tuple[str, str, Shares]]:
        """(id, name, footprint) of every body of this kind whose footprint is not empty."""
        ...

    # -- issues and claims -------------------------------------------------------------------
    def taxonomy(self) -> Taxonomy: ...

    def issues(self) -> list[IssueFact]: ...

    def claims(self, claim_types: Iterable[str], issues: Iterable[str] | None,
               lads: Iterable[str] | None) -> list[ClaimFact]:
        """Claims of these types on these issues (``None``: all), each with the LADs (of ``lads``,
        ``None``: all) its body's footprint, narrowed to the claim's scope, covers."""
        ...

    # -- bodies ------------------------------------------------------------------------------
    def partnerships(self, kinds: Iterable[str]) -> list[PartnershipFact]: ...

    def accountability_lines(self, body_id: str) -> list[AccountabilityLine]:
        """Every ACCOUNTABLE_TO line out of the body and out of every body reachable along them.

        A reader may return more (lines out of bodies reachable only along lines that do not
        count on the date); ``accountability`` keeps the lines reached from the body."""
        ...

    def unscrutinised(self, kind: str | None) -> list[tuple[str, str, str]]:
        """(id, name, kind) of the bodies (of ``kind``) with no ACCOUNTABLE_TO line out."""
        ...

    # -- listings ----------------------------------------------------------------------------
    def find_areas(self, needle: str, kind: str | None) -> list[AreaFact]: ...

    def find_bodies(self, needle: str, kind: str | None, area_lads: Iterable[str] | None) -> list[BodyFact]: ...

    def counts(self) -> Counts: ...

    # -- one node and what touches it (detail views) -------------------------------------------
    def area_record(self, code: str) -> dict[str, Any]:
        """One area and its neighbours: ``area`` ({code, name, kind, population}), ``part_of`` and
        ``contains`` ([{code, name, kind, share, share_basis}]), ``covered_by`` ([{id, name, kind,
        share}]); a share or basis the data leaves out is None. On Neo4j one indexed read."""
        ...

    def body_record(self, body_id: str, types: Iterable[str], claim_types: Iterable[str]) -> dict[str, Any]:
        """One body and what touches it: ``body`` (its properties), ``covers`` ([{code, name, kind,
        share, lads}]), ``outgoing`` / ``incoming`` ([{props, type, other: {id, name, kind}}] of
        ``types``), ``claims`` ([{props, type, issue: {id, name}}] of ``claim_types``) and
        ``sources`` ([{id, title, authoritative}] that they cite). On Neo4j one indexed read."""
        ...

    # -- the projection, for graph algorithms and detail views ---------------------------------
    def graph(self) -> nx.MultiDiGraph[str]:
        """The networkx projection as at ``on`` (read-only: do not modify it)."""
        ...


@runtime_checkable
class CypherStore(Protocol):
    """A store that runs read-only Cypher (Neo4j)."""

    cache: ProjectionCache

    def read(self, cypher: LiteralString, **params: Any) -> list[dict[str, Any]]: ...

    def graph(self) -> nx.MultiDiGraph[str]: ...


# -- the dated projection, cut once per store and date -------------------------------------------
def _has_dates(g: nx.MultiDiGraph[str]) -> bool:
    return any("valid_from" in a or "valid_to" in a for _, a in g.nodes(data=True)) or any(
        "valid_from" in a or "valid_to" in a for _, _, a in g.edges(data=True))




def dated_graph(g: nx.MultiDiGraph[str], on: date | str | None,
                cache: ProjectionCache | None = None) -> nx.MultiDiGraph[str]:
    """``as_at(g, on)``: with ``cache`` (the ``Store.cache`` of the store whose projection ``g``
    is), cut once per date and shared (the last few dates are kept); without it, cut afresh.

    A graph with no dated element at all is its own projection on every date and is returned
    as it is. The result may be shared: treat it as read-only.
    """
    day = iso(on)
    if g.graph.get("as_at") == day:
        return g
    if cache is None:
        return _cut(g, day) if _has_dates(g) else g
    if not cache.get(g, "has-dates", None, lambda: _has_dates(g)):
        return g
    return cache.get(g, "dated", day, lambda: _cut(g, day))


def _cut(g: nx.MultiDiGraph[str], day: str) -> nx.MultiDiGraph[str]:
    out = as_at(g, day)
    out.graph["as_at"] = day
    return out


# -- the dated rule and the share block in Cypher, written once ------------------------------------
#: The parameters every query written with ``at()`` takes besides ``$on``: the names of the two
#: date properties. They are looked up by parameter (``n[$valid_from]``) so that a database
#: holding no dated element yet does not warn of an unknown property key on every query.
DATE_KEYS: dict[str, str] = {"valid_from": "valid_from", "valid_to": "valid_to"}
#: Properties only some graphs have (the status mark of an element a decided or announced change
#: made, the successors of a retired code), read the same way: ``n[$status]``.
#: ``since`` and ``until`` read an element's dates as values (for display: when an area starts or
#: ended), never as the dated rule, which is ``at()`` alone.
MARK_KEYS: dict[str, str] = {"status": "status", "status_note": "status_note", "successors": "successors",
                             "since": "valid_from", "until": "valid_to"}


def at(*names: LiteralString) -> LiteralString:
    """The dated rule for the bound nodes and relationships ``names``, as at the parameter ``$on``:
    ``valid_from <= $on < valid_to``, a missing bound being open (see ``DATE_KEYS``)."""
    return " AND ".join(f"({n}[$valid_from] IS NULL OR {n}[$valid_from] <= $on) AND "
                        f"({n}[$valid_to] IS NULL OR $on < {n}[$valid_to])" for n in names)


def lad_shares_of(area: LiteralString, carry: LiteralString = "") -> LiteralString:
    """``lad_shares`` in Cypher: clauses that turn each row binding the Area ``area`` into one row
    per LAD of it on ``$on``, binding ``lad`` and ``share`` (and keeping the variables ``carry``).

    A LAD is itself, whole; any other area holds the LADs PART_OF it on the date, each with the
    largest share when the same pair is linked more than once. An area with no LAD on the date
    gives no row.
    """
    keep: LiteralString = carry + ", " if carry else ""
    return (f"OPTIONAL MATCH (l:Area {{kind: 'LAD'}})-[p:PART_OF]->({area})\n"
            f"  WHERE {area}.kind <> 'LAD' AND {at('l', 'p')}\n"
            f"WITH {keep}CASE WHEN {area}.kind = 'LAD' THEN {area}.code ELSE l.code END AS lad,\n"
            f"     CASE WHEN {area}.kind = 'LAD' THEN 1.0 ELSE coalesce(p.share, 1.0) END AS share\n"
            f"WHERE lad IS NOT NULL\n"
            f"WITH {keep}lad, max(share) AS share\n")


def footprint_of(body: LiteralString) -> LiteralString:
    """``footprint`` in Cypher: an expression, the list of ``{lad, share}`` maps of the Body bound
    to ``body``: the LADs of every area it COVERS on the date, each LAD's share in the area times
    the share of the area covered, summed over COVERS and capped at 1.
    """
    return (f"COLLECT {{\n"
            f"  MATCH ({body})-[cv:COVERS]->(x:Area)\n"
            f"  WHERE {at('cv', 'x')}\n"
            + lad_shares_of("x", "cv") +
            f"  WITH lad, sum(share * coalesce(cv.share, 1.0)) AS total\n"
            f"  RETURN {{lad: lad, share: CASE WHEN total > 1.0 THEN 1.0 ELSE total END}}\n"
            f"}}")

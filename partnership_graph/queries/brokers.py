"""Brokers: the bodies that connect the most partnerships (betweenness over memberships).

The membership graph has one node per body and an undirected edge wherever one body is a
MEMBER_OF another (several memberships between the same two bodies count once). A body's
betweenness centrality is the share of shortest paths between other pairs of bodies that pass
through it (normalised, so 0 to 1): a body that sits on many boards that otherwise share nobody
is a broker. Nationally the Probation Service dominates: one national body is a responsible
authority of every CSP.

It runs in networkx over the projection as at ``on`` (default today) that the reader gives
(``reader(store, on=...).graph()``), so the embedded store and Neo4j run the same code on the
same graph; there is no Cypher twin. Exact betweenness
is O(bodies x memberships); on the national skeleton (~1,400 bodies) it takes a few seconds. For
larger graphs pass ``sample`` to estimate it from that many source bodies, drawn with a fixed
``seed`` so that results repeat.

With ``area``, the graph is first cut down to the bodies whose footprint shares a LAD with the
area, plus bodies without a footprint (national bodies such as the DWP) that are members of
them or have them as members, so the ranking is about brokerage inside the area.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from ._common import Row, Rows, footprint, nodes, resolve_area
from ._geo import rounded, touches
from .reader import reader

if TYPE_CHECKING:
    import networkx as nx

    from ..stores.base import Store
    from .reader import Overlay

__all__ = ["BrokerRow", "brokers", "membership_graph"]

DEFAULT_SEED = 42


class BrokerRow(Row):
    rank: int
    id: str
    name: str
    kind: str
    betweenness: float   # normalised betweenness centrality, 6 decimals
    degree: int          # bodies it is linked to by membership, either way
    member_of: int       # bodies it is a member of
    members: int         # bodies that are members of it


def membership_graph(g: nx.MultiDiGraph[str]) -> nx.Graph[str]:
    """Bodies as nodes (keyed by id), one undirected edge per pair linked by MEMBER_OF."""
    import networkx as nx

    m: nx.Graph[str] = nx.Graph()
    m.add_nodes_from((b["id"], {"name": b["name"], "kind": b["kind"]}) for _, b in nodes(g, "Body"))
    for u, v, e in g.edges(data=True):
        if e.get("type") == "MEMBER_OF" and u != v:
            m.add_edge(g.nodes[u]["id"], g.nodes[v]["id"])
    return m


def brokers(store: Store, area: str | None = None, top: int | None = 10, sample: int | None = None,
            seed: int = DEFAULT_SEED, *, on: date | None = None, scenario: Overlay | None = None) -> Rows[BrokerRow]:
    """The ``top`` bodies by betweenness over memberships (all of them when ``top`` is None).

    Parameters
    ----------
    store : Store
        The embedded store or Neo4j (both project the same networkx graph).
    area : str, optional
        Only bodies whose footprint touches this area (and footprint-less bodies linked to them).
    top : int, optional
        How many rows; ``None`` for every body.
    sample : int, optional
        Estimate betweenness from this many source bodies (``k`` in networkx), drawn with ``seed``.
    on : date, optional
        The date the memberships are taken at (default: today); ``as_at`` of the result says it.

    Returns
    -------
    Rows[BrokerRow]
        Sorted by betweenness (descending), then degree (descending), then id; ``rank`` from 1.

    Raises
    ------
    QueryError
        The area does not resolve.

    Examples
    --------
    ::

        >>> brokers(store, top=1)[0].id  # doctest: +SKIP
        'probation:probation-service'
    """
    import networkx as nx

    rd = reader(store, on=on, scenario=scenario)
    g = rd.graph()
    m = membership_graph(g)
    if area is not None:
        lads = rd.lad_shares(resolve_area(rd, area).code)
        inside = {b for b in m if touches(footprint(g, b), lads)}
        linked = {n for b in inside for n in m.neighbors(b) if not footprint(g, n)}
        m = m.subgraph(inside | linked).copy()
    k = sample if sample is not None and sample < m.number_of_nodes() else None
    scores = nx.betweenness_centrality(m, k=k, normalized=True, seed=seed if k else None)
    links = {(g.nodes[u]["id"], g.nodes[v]["id"]) for u, v, e in g.edges(data=True)
             if e.get("type") == "MEMBER_OF" and u != v}
    member_of = {b: 0 for b in m}
    members = {b: 0 for b in m}
    for a, b in links:
        if a in m and b in m:
            member_of[a] += 1
            members[b] += 1
    rows = [BrokerRow(rank=0, id=b, name=m.nodes[b]["name"], kind=m.nodes[b]["kind"],
                      betweenness=rounded(scores[b]), degree=m.degree(b), member_of=member_of[b],
                      members=members[b]) for b in m]
    rows.sort(key=lambda r: (-r.betweenness, -r.degree, r.id))
    chosen = rows if top is None else rows[:top]
    return Rows((r.model_copy(update={"rank": n}) for n, r in enumerate(chosen, start=1)), rd.on)

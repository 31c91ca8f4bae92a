"""Brokers: the bodies that connect the most partnerships (betweenness over memberships).

The membership graph has one node per body and an undirected edge wherever one body is a
MEMBER_OF another (several memberships between the same two bodies count once). A body's
betweenness centrality is the share of shortest paths between other pairs of bodies that pass
through it (normalised, so 0 to 1): a body that sits on many boards that otherwise share nobody
is a broker. Nationally the Probation Service dominates: one national body is a responsible
authority of every CSP.

It runs over the projection as at ``on`` (default today) that the reader gives
(``reader(store, on=...).graph()``), so the embedded store and
Neo4j run the same code on the same graph; there is no Cypher twin. Exact betweenness is
computed block by block (``_betweenness``: the membership graph splits at its cut vertices into
one core per region and hundreds of single links, and the cores go to igraph's C code and numpy),
and equals networkx's ``betweenness_centrality(normalized=True)`` to the last digit we print (a
test checks every body of the national data against networkx). On the national data (2,094
bodies, 5,376 links) it takes about 70 ms, against about 310 ms for igraph's own exact
betweenness and over 10 s for networkx's (benchmarks/README.md). The membership links of a
projection are worked out once and kept while the projection lives. For larger graphs
pass ``sample`` to estimate it (networkx) from that many source bodies, drawn with a fixed
``seed`` so that results repeat.

With ``area``, the graph is first cut down to the bodies whose footprint shares a LAD with the
area, plus bodies without a footprint (national bodies such as the DWP) that are members of
them or have them as members, so the ranking is about brokerage inside the area.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from ._common import Row, Rows, footprint, resolve_area
from ._rules import rounded, touches
from .reader import reader

if TYPE_CHECKING:
    import networkx as nx

    from ..stores.base import Store
    from .reader import Overlay

__all__ = ["BrokerRow", "betweenness", "brokers", "membership_graph"]

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


def _walk_membership_links(g: nx.MultiDiGraph[str]) -> tuple[dict[str, dict[str, Any]], set[tuple[str, str]]]:
    by_key = {key: attrs for key, attrs in g.nodes(data=True) if attrs.get("label") == "Body"}
    links: set[tuple[str, str]] = set()
    rel_type: Any
    for u, v, rel_type in g.edges.data("type"):
        if rel_type == "MEMBER_OF" and u != v and u in by_key and v in by_key:
            links.add((by_key[u]["id"], by_key[v]["id"]))
    return {attrs["id"]: attrs for attrs in by_key.values()}, links


def membership_graph(g: nx.MultiDiGraph[str]) -> nx.Graph[str]:
    """Bodies as nodes (keyed by id), one undirected edge per pair linked by MEMBER_OF."""
    import networkx as nx

    bodies, links = _walk_membership_links(g)
    m: nx.Graph[str] = nx.Graph()
    m.add_nodes_from((b, {"name": a["name"], "kind": a["kind"]}) for b, a in bodies.items())
    m.add_edges_from(links)
    return m


def betweenness(m: nx.Graph[str]) -> dict[str, float]:
    """Exact normalised betweenness of every node of the undirected graph ``m``, as networkx's
    ``betweenness_centrality(m, normalized=True)`` gives it, computed by igraph (in C)."""
    return _betweenness(list(m), m.edges())


def _betweenness(names: list[str], pairs: Iterable[tuple[str, str]]) -> dict[str, float]:
    """``betweenness`` over nodes ``names`` and undirected ``pairs`` (each pair once)."""
    from ._betweenness import raw_betweenness

    index = {n: i for i, n in enumerate(names)}
    raw = raw_betweenness(len(names), [(index[u], index[v]) for u, v in pairs])
    n = len(names)
    scale = 2.0 / ((n - 1) * (n - 2)) if n > 2 else 1.0   # networkx's normalisation for undirected graphs
    return {name: value * scale for name, value in zip(names, raw)}


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
    rd = reader(store, on=on, scenario=scenario)
    g = rd.graph()
    # the links of the store's projection as at the date, walked once and kept by the store
    # (repeated rankings share them); a scenario's projection is new each time: walked afresh
    bodies, links = _walk_membership_links(g) if scenario is not None else store.cache.get(
        store.graph(), "membership-links", rd.on, lambda: _walk_membership_links(g))
    neighbours: dict[str, set[str]] = {b: set() for b in bodies}
    for a, b in links:
        neighbours[a].add(b)
        neighbours[b].add(a)
    keep: set[str] | None = None
    if area is not None:
        lads = rd.lad_shares(resolve_area(rd, area).code)
        inside = {b for b in bodies if touches(footprint(g, b), lads)}
        keep = inside | {n for b in inside for n in neighbours[b] if not footprint(g, n)}
        neighbours = {b: ns & keep for b, ns in neighbours.items() if b in keep}
    names = [b for b in bodies if keep is None or b in keep]
    pairs = {(a, b) if a < b else (b, a) for a, b in links if a in neighbours and b in neighbours}
    k = sample if sample is not None and sample < len(names) else None
    if k is None:
        scores = _betweenness(names, pairs)
    else:
        import networkx as nx

        m: nx.Graph[str] = nx.Graph()
        m.add_nodes_from(names)
        m.add_edges_from(pairs)
        scores = nx.betweenness_centrality(m, k=k, normalized=True, seed=seed)
    member_of = dict.fromkeys(names, 0)
    members = dict.fromkeys(names, 0)
    for a, b in links:
        if a in neighbours and b in neighbours:
            member_of[a] += 1
            members[b] += 1
    order = sorted(names, key=lambda b: (-rounded(scores[b]), -len(neighbours[b]), b))
    chosen = order if top is None else order[:top]
    return Rows((BrokerRow(rank=n, id=b, name=bodies[b]["name"], kind=bodies[b]["kind"],
                           betweenness=rounded(scores[b]), degree=len(neighbours[b]), member_of=member_of[b],
                           members=members[b]) for n, b in enumerate(chosen, start=1)), rd.on)

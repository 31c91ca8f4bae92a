"""The graph as at a date, and a store over an in-memory projection.

Every node and relationship may carry ``valid_from`` / ``valid_to`` (ISO dates; ``valid_to`` is
exclusive, the first day an arrangement no longer holds). An element counts on DATE when
``valid_from <= DATE < valid_to``; a missing bound is open. ISO dates compare correctly as
strings, which is how both stores keep them, so the rule is written once here for networkx and
mirrored by the Cypher predicate of the read interface.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from .base import paused_gc
from .cache import ProjectionCache

if TYPE_CHECKING:
    import networkx as nx

    from ..graphmodel import GraphDocument
    from .base import DatasetInfo, LoadSummary


def iso(on: date | str | None) -> str:
    """The date a question is asked about, as ISO text; ``None`` means today."""
    if on is None:
        return date.today().isoformat()
    return on if isinstance(on, str) else on.isoformat()


def valid_on(attrs: Mapping[str, Any], on: str) -> bool:
    """True when an element with these attributes counts on the ISO date ``on``."""
    start = attrs.get("valid_from")
    end = attrs.get("valid_to")
    return (start is None or str(start) <= on) and (end is None or on < str(end))


def as_at(g: nx.MultiDiGraph[str], on: date | str | None) -> nx.MultiDiGraph[str]:
    """A copy of ``g`` holding only what counts on ``on``: edges whose own interval and both of
    whose ends count. Undated graphs come back whole (as a copy).

    Built straight into networkx's adjacency dicts (the same structure ``add_edges_from``
    makes, where a successor's and a predecessor's key dict are one object), which is several
    times faster than adding the edges one by one; attribute dicts are copied. The copy holds no
    reference cycle, so the cyclic collector is paused while it is made: in a process that holds
    other graphs (the web app, a notebook) its scans of them made this 3-4 times slower.
    """
    with paused_gc():
        return _as_at(g, iso(on))


def _as_at(g: nx.MultiDiGraph[str], day: str) -> nx.MultiDiGraph[str]:
    out = g.__class__()
    out.graph.update(g.graph)
    src: Any = g      # the stubs do not declare networkx's adjacency dicts
    built: Any = out
    nodes, succ, pred = built._node, built._succ, built._pred
    # valid_on, inlined: most elements carry no dates, and this loop runs over every element of
    # the graph for every dated question (a third faster than calling it)
    for n, a in src._node.items():
        if "valid_from" in a or "valid_to" in a:
            start, end = a.get("valid_from"), a.get("valid_to")
            if not ((start is None or str(start) <= day) and (end is None or day < str(end))):
                continue
        nodes[n] = a.copy()
        succ[n] = {}
        pred[n] = {}
    for u, nbrs in src._succ.items():
        if u not in nodes:
            continue
        mine = succ[u]
        for v, keydict in nbrs.items():
            if v not in nodes:
                continue
            kept = {}
            for k, a in keydict.items():
                if "valid_from" in a or "valid_to" in a:
                    start, end = a.get("valid_from"), a.get("valid_to")
                    if not ((start is None or str(start) <= day) and (end is None or day < str(end))):
                        continue
                kept[k] = a.copy()
            if kept:
                mine[v] = kept
                pred[v][u] = kept
    return out


class ProjectionStore:
    """A read-only store over a networkx projection held in memory: the graph of another store as
    at a date, or with a scenario laid over it. Queries read it exactly as they read the embedded
    store; it never writes anywhere."""

    kind = "embedded"

    def __init__(self, graph: nx.MultiDiGraph[str], location: str = "(in memory)",
                 datasets: Callable[[], list[DatasetInfo]] | None = None):
        self._graph = graph
        self.location = location
        self._datasets = datasets
        self.cache = ProjectionCache()

    def graph(self) -> nx.MultiDiGraph[str]:
        return self._graph

    def datasets(self) -> list[DatasetInfo]:
        """The datasets of the store this views (none for a graph held only in memory)."""
        return self._datasets() if self._datasets is not None else []

    def load(self, doc: GraphDocument) -> LoadSummary:
        from ..errors import StoreError

        raise StoreError(f"{self.location} is a read-only view; load into the store itself")

    def close(self) -> None:
        return None

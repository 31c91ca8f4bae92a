"""The store as a question asks for it: a scenario laid over its projection, then cut to a date.

Built here and nowhere else, for the queries' readers, the web service, the CLI's ``--scenario``,
the planning pack and ``diff``: each hands in the overlay (a scenario bound to its change set,
``Overlay``) and the date, and gets a read-only ``ProjectionStore`` (or the projection) back. A
scenario is never written to a store.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..stores.cache import ProjectionCache
    import networkx as nx

    from ..changes.model import ChangeSet
    from ..stores.base import Store
    from .protocol import Overlay

__all__ = ["scenario_overlay", "view", "view_graph"]


def view_graph(g: nx.MultiDiGraph[str], *, on: date | str | None = None,
               overlay: Overlay | None = None, cache: ProjectionCache | None = None) -> nx.MultiDiGraph[str]:
    """``g`` with ``overlay`` laid over it, then as at ``on`` (each only when given; read-only).

    The dated cut is ``queries.reader.dated_graph``; with ``cache`` (the ``Store.cache`` of the
    store whose projection ``g`` is) it is the cut the readers keep, so a view and the questions
    asked of it share one cut per date. An overlaid graph is new: its cut is never kept there.
    """
    if overlay is not None:
        g = overlay(g)
        cache = None
    if on is not None:
        from .protocol import dated_graph

        g = dated_graph(g, on, cache)
    return g


def view(store: Store, *, on: date | str | None = None, overlay: Overlay | None = None,
         scenario: str | None = None) -> Store:
    """The store itself when neither is given, else a read-only ``ProjectionStore`` over
    ``view_graph``, named for what it shows (``scenario`` is the overlay's name)."""
    if on is None and overlay is None:
        return store
    from ..stores.dated import ProjectionStore, iso

    where = ([f"scenario {scenario}"] if overlay is not None and scenario else []) + (
        [f"as at {iso(on)}"] if on is not None else [])
    g = view_graph(store.graph(), on=on, overlay=overlay, cache=store.cache)
    return ProjectionStore(g, f"{store.location} ({', '.join(where)})" if where else store.location,
                           datasets=store.datasets)


def scenario_overlay(changes: ChangeSet) -> Overlay:
    """The overlay that applies a change set to a projection (``changes.apply_to_graph``)."""
    def apply(g: nx.MultiDiGraph[str]) -> nx.MultiDiGraph[str]:
        from ..changes.ops import apply_to_graph

        return apply_to_graph(g, changes)

    return apply


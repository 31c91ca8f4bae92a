"""Named datasets in a store: load, check, remove, list. The library API the CLI and the web app call.

Every rule of a dataset lives here, so a library user calling ``datasets.load(store, path)`` gets
what ``partnership-graph load`` does:

- **The skeleton for this store.** Each load restates the national skeleton with the joint
  arrangements (``replaces_derived``) of every *other* dataset the store holds laid over it
  (``loaders.dataset.skeleton_for``), so a joint body another dataset declares keeps replacing the
  derived bodies it names, and a removal gives back those only its own arrangements replaced.
- **Read under the write's own lock.** Those joint arrangements are read by the store's
  ``load_with``, under the embedded store's file lock or in the Neo4j write transaction (after
  locking the registry nodes of the datasets it restates), so two loads of different datasets at
  once leave both, each with its arrangements.
- **Counts.** ``check`` plays the load on a copy of the store's projection with the embedded
  store's merge and says what the store would hold; nothing is written.

Loaders only turn files into documents and never import a store; stores only write documents.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx

    from .graphmodel import GraphDocument
    from .loaders.tables import RawDataset
    from .stores.base import DatasetInfo, LoadSummary, WritableStore

__all__ = ["check", "counts_after_load", "list_datasets", "load", "load_built", "remove"]


def load(store: WritableStore, path: str | Path, *, name: str | None = None, keep_history: bool = False,
         today: datetime.date | None = None, notes: list[str] | None = None,
         raw: RawDataset | None = None) -> LoadSummary:
    """Load the dataset at ``path`` (CSV folder, .yaml or .xlsx) as the named dataset ``name``
    (default: its folder or file name) over the skeleton for this store; all or nothing.

    Raises ``LoadError`` (every problem at file:row:column) before anything is written. ``notes``
    receives what was skipped on purpose; ``raw``: the cells ``loaders.dataset.read_tables`` read.
    """
    from .loaders.dataset import dataset_name, load_dataset, read_tables

    if raw is None:
        raw = read_tables(path)   # a file that cannot be read at all is refused before the store is read
    dataset = dataset_name(path) if name is None else name.strip()
    given = raw

    def make(base: GraphDocument) -> GraphDocument:
        return load_dataset(path, base, name=name, notes=_fresh(notes), raw=given)

    return load_built(store, dataset, make, keep_history=keep_history, today=today)


def load_built(store: WritableStore, dataset: str, make: Callable[[GraphDocument], GraphDocument], *,
               keep_history: bool = False, today: datetime.date | None = None) -> LoadSummary:
    """Load the document ``make`` lays over the skeleton for this store (the dataset ``dataset``
    being loaded, say ``loaders.example_document`` for the demo), reading the other datasets'
    joint arrangements under the write's lock or transaction. ``make`` may run again if Neo4j
    retries the transaction."""
    from .loaders.dataset import SKELETON_DATASET, skeleton_for
    from .national import national_skeleton

    def build(joint: nx.MultiDiGraph[str]) -> GraphDocument:
        return make(skeleton_for(joint, dataset, national_skeleton()))

    return store.load_with(build, datasets=[SKELETON_DATASET, dataset], keep_history=keep_history, today=today)


def check(store: WritableStore, path: str | Path, *, name: str | None = None, keep_history: bool = False,
          notes: list[str] | None = None, raw: RawDataset | None = None) -> dict[str, tuple[int, int]]:
    """Check the dataset at ``path`` against the store and say what loading it would leave:
    ``{what: (total after, new)}``. Raises ``LoadError`` as ``load`` does; writes nothing."""
    from .loaders.dataset import dataset_name, load_dataset, read_tables, skeleton_for
    from .national import national_skeleton

    if raw is None:
        raw = read_tables(path)
    existing = store.graph()   # the count needs the whole graph, not only the joint bodies
    base = skeleton_for(existing, dataset_name(path) if name is None else name.strip(), national_skeleton())
    doc = load_dataset(path, base, name=name, notes=_fresh(notes), raw=raw)
    return counts_after_load(existing, doc, keep_history=keep_history)


def remove(store: WritableStore, name: str, *, keep_history: bool = False,
           today: datetime.date | None = None) -> LoadSummary:
    """Withdraw the dataset ``name``: what only it states goes (end-dated with ``keep_history``),
    and the derived bodies only its joint arrangements replaced come back, in the same write.
    Raises ``StoreError`` naming the loaded datasets when ``name`` is not one of them."""
    from .loaders.dataset import skeleton_after_removal
    from .national import national_skeleton

    def restate(joint: nx.MultiDiGraph[str]) -> GraphDocument | None:
        return skeleton_after_removal(joint, name, national_skeleton)

    return store.remove_dataset(name, keep_history=keep_history, today=today, restate=restate)


def list_datasets(store: WritableStore) -> list[DatasetInfo]:
    """The datasets loaded, by name, from the store's registry."""
    return store.datasets()


def counts_after_load(existing: nx.MultiDiGraph[str], doc: GraphDocument,
                      keep_history: bool = False) -> dict[str, tuple[int, int]]:
    """What a store holding ``existing`` (its networkx projection) would hold after loading ``doc``:
    ``{what: (total after, new)}`` for bodies, areas, issues, sources, claims and relationships.

    The load is played on a copy of the projection with the embedded store's own merge (the
    Neo4j store's load gives the same graph, which the parity tests hold), so what the load
    removes counts too: the rows its datasets no longer state, and the derived bodies a joint
    arrangement replaces.
    """
    from .graphmodel import ClaimType
    from .stores.embedded import merge

    data: dict[str, Any] = {"nodes": [[k, dict(a)] for k, a in existing.nodes(data=True)],
                            "edges": [[u, v, k, dict(a)] for u, v, k, a in existing.edges(keys=True, data=True)],
                            "datasets": {}}
    have_nodes = set(existing.nodes)
    have_edges = {(u, v, k) for u, v, k in existing.edges(keys=True)}
    merge(data, doc, keep_history)
    labels = {"Body": "bodies", "Area": "areas", "Issue": "issues", "Source": "sources"}
    out: dict[str, list[int]] = {w: [0, 0] for w in (*labels.values(), "claims", "relationships")}
    for key, attrs in data["nodes"]:
        if attrs.get("label") in labels:
            counts = out[labels[attrs["label"]]]
            counts[0] += 1
            counts[1] += key not in have_nodes
    claim_types = {t.value for t in ClaimType}
    for u, v, k, attrs in data["edges"]:
        new = (u, v, k) not in have_edges
        out["relationships"][0] += 1
        out["relationships"][1] += new
        if attrs.get("type") in claim_types:
            out["claims"][0] += 1
            out["claims"][1] += new
    return {w: (total, new) for w, (total, new) in out.items()}


def _fresh(notes: list[str] | None) -> list[str] | None:
    """``notes`` emptied: a document built again (a retried transaction) notes things once."""
    if notes is not None:
        notes.clear()
    return notes

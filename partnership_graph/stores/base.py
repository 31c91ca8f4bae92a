"""The one interface every store offers, and the graph shape both stores project to.

Queries get a store; set-based ones ask it for ``graph()`` (networkx) or, on Neo4j, run their
Cypher twin. The networkx projection is the same for both stores: node keys are
``Label:key`` (``Area:E08000004``, ``Body:csp:oldham``), node attributes are the model's fields
plus ``label``; edge keys are ``TYPE|merge_key`` and edge attributes the relationship's fields
plus ``type``. ``None`` values are left out, as Neo4j has no null properties.
"""

from __future__ import annotations

import datetime
import gc
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from pydantic import BaseModel

if TYPE_CHECKING:
    import networkx as nx

    from ..graphmodel import GraphDocument, Issue, Relationship, Source
    from ..graphmodel.nodes import Node


@dataclass
class LoadSummary:
    """What a load changed; a reload of the same data reports zero created and zero changed."""

    nodes_created: int = 0
    nodes_changed: int = 0
    nodes_unchanged: int = 0
    relationships_created: int = 0
    relationships_changed: int = 0
    relationships_unchanged: int = 0
    # What the load's datasets no longer state: removed, or end-dated with ``keep_history``.
    nodes_removed: int = 0
    relationships_removed: int = 0
    nodes_ended: int = 0
    relationships_ended: int = 0
    seconds: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def changed_anything(self) -> bool:
        return bool(self.nodes_created or self.nodes_changed or self.relationships_created
                    or self.relationships_changed or self.nodes_removed or self.relationships_removed
                    or self.nodes_ended or self.relationships_ended)


@dataclass(frozen=True)
class DatasetInfo:
    """One loaded dataset as a store's registry records it."""

    name: str
    loaded_at: str          # UTC, ISO 8601 to the second: the last load that changed what it states
    source: str | None      # the file or folder it was read from
    nodes: int              # nodes and relationships it states
    relationships: int


DATASETS_PROPERTY = "datasets"


class DatasetRow(BaseModel):
    """A ``DatasetInfo`` as a row for tables, CSV and JSON."""

    name: str
    loaded_at: str
    source: str | None
    nodes: int
    relationships: int


class Store(Protocol):
    kind: str
    location: str

    # The two writable stores also take ``load(doc, keep_history=False, today=None)`` and offer
    # ``datasets()`` and ``remove_dataset(name, keep_history=False, today=None, skeleton=None)``
    # (named datasets; ``skeleton`` restates the national skeleton in the same transaction), and
    # ``joint_arrangements_graph()`` (the joint bodies and their sources, as projection nodes).
    def load(self, doc: GraphDocument) -> LoadSummary: ...

    def graph(self) -> nx.MultiDiGraph[str]: ...

    def close(self) -> None: ...


def node_key(label: str, key: str) -> str:
    return f"{label}:{key}"


def node_attrs(node: Node | Issue | Source) -> dict[str, Any]:
    """The stored properties of one node (without its label): one definition for both stores."""
    attrs = node.model_dump(mode="json", exclude_none=True)
    if "synonyms" in attrs:
        attrs["synonyms"] = list(attrs["synonyms"])
    for empty_as_none in ("successors", "replaces"):  # like None: Neo4j keeps no empty property
        if not attrs.get(empty_as_none):
            attrs.pop(empty_as_none, None)
    return attrs


def node_rows(doc: GraphDocument) -> Iterator[tuple[str, dict[str, Any]]]:
    """(networkx key, attributes) for every node of a document."""
    for node in doc.nodes():
        attrs = node_attrs(node)
        attrs["label"] = node.label.value
        yield node_key(node.label.value, node.key), attrs


def edge_identity(start: str, end: str, key: str) -> str:
    """The identity string of a projected edge, as ``graphmodel.document.identity`` makes it."""
    return f"{start}->{key}->{end}"


def edge_attrs(rel: Relationship) -> dict[str, Any]:
    """The stored properties of one relationship (without its type, with ``key``, its merge key)."""
    attrs = rel.model_dump(mode="json", exclude_none=True, exclude=_NOT_STORED)
    attrs["key"] = rel.merge_key
    return attrs


_NOT_STORED: set[str] = {"start", "end", "link", "claim"}


def edge_rows(doc: GraphDocument) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
    """(start key, end key, edge key, attributes) for every relationship of a document."""
    for rel in doc.relationships():
        attrs = edge_attrs(rel)
        attrs["type"] = rel.rel_type
        yield (node_key(rel.start_label.value, rel.start), node_key(rel.end_label.value, rel.end),
               f"{rel.rel_type}|{rel.merge_key}", attrs)


def stated_counts(doc: GraphDocument) -> dict[str, tuple[int, int]]:
    """For each dataset the document restates whole: (nodes, relationships) it states."""
    from ..graphmodel.document import identity

    names = doc.dataset_names()
    counts = {n: [0, 0] for n in names}
    for i, items in enumerate((doc.nodes(), doc.relationships())):
        for item in items:
            for n in doc.stated_by(identity(item)):
                counts[n][i] += 1
    return {n: (c[0], c[1]) for n, c in counts.items()}


def removal_document(name: str, skeleton: GraphDocument | None = None) -> GraphDocument:
    """What ``remove_dataset(name)`` loads: the dataset ``name`` stating nothing, so everything only
    it states goes. With ``skeleton`` (``loaders.dataset.skeleton_for(graph, name)``), the national
    skeleton is restated in the same load, as every dataset load restates it: the derived bodies
    that a joint arrangement of ``name`` replaced come back in the same transaction."""
    from ..graphmodel import GraphDocument
    from ..graphmodel.document import DatasetRef

    gone = DatasetRef(name=name)
    if skeleton is None:
        return GraphDocument(dataset=gone)
    return skeleton.as_defaults().model_copy(update={"dataset": gone})


def now_utc() -> str:
    return datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


class paused_gc:
    """Pause the cyclic garbage collector while a load builds many acyclic objects.

    JSON parsing, graph building and a Neo4j load's rows allocate containers that hold no
    reference cycles; letting the collector scan them (and everything else alive, such as the
    document being loaded) again and again made embedded x100 loads grow faster than the data,
    and added 0.1-0.5 s pauses to x1 Neo4j loads (benchmarks/README.md).
    """

    def __enter__(self) -> None:
        self.was_enabled = gc.isenabled()
        gc.disable()

    def __exit__(self, *exc: object) -> None:
        if self.was_enabled:
            gc.enable()

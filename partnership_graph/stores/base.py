"""The one interface every store offers, and what a load reports.

Queries get a store; set-based ones ask it for ``graph()`` (networkx) or, on Neo4j, run their
Cypher twin. The networkx projection is the same for both stores; its shape (node and edge keys
and attributes) is written once, in ``graphmodel.projection``.
"""

from __future__ import annotations

import datetime
import gc
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from pydantic import BaseModel

if TYPE_CHECKING:
    import networkx as nx

    from ..graphmodel import GraphDocument
    from .cache import ProjectionCache


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
    """What every store offers the questions: its projection (and, on Neo4j, Cypher), and the
    cache of what the readers derive from that projection, owned by the store (``stores.cache``)."""

    kind: str
    location: str
    cache: ProjectionCache

    def load(self, doc: GraphDocument) -> LoadSummary: ...

    def graph(self) -> nx.MultiDiGraph[str]: ...

    def datasets(self) -> list[DatasetInfo]:
        """The named datasets it holds (a read-only view: those of the store it views)."""
        ...

    def close(self) -> None: ...


@runtime_checkable
class WritableStore(Store, Protocol):
    """The two stores that hold named datasets (embedded and Neo4j); ``datasets`` (the module)
    is the API over them. ``load_with`` builds the document from the joint arrangements it reads
    under its own lock or transaction (``datasets`` names what it restates, locked first)."""

    def load(self, doc: GraphDocument, *, keep_history: bool = False,
             today: datetime.date | None = None) -> LoadSummary: ...

    def load_with(self, build: Callable[[nx.MultiDiGraph[str]], GraphDocument], *, datasets: Iterable[str] = (),
                  keep_history: bool = False, today: datetime.date | None = None,
                  forget: str | None = None) -> LoadSummary: ...

    def remove_dataset(self, name: str, *, keep_history: bool = False, today: datetime.date | None = None,
                       restate: Callable[[nx.MultiDiGraph[str]], GraphDocument | None] | None = None,
                       ) -> LoadSummary: ...

    def joint_arrangements_graph(self) -> nx.MultiDiGraph[str]: ...


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

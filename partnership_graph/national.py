"""The dated national skeleton, and what is laid over it: datasets, the bundled register and scenarios.

The skeleton is assembled here, above both halves it joins: ``loaders.skeleton`` builds the
statutory bodies from the 2024 lookups (``lookup_skeleton``) and ``changes.bundled`` builds the
register of changes since then and the bundled scenarios from a document it is given. Neither
imports the other; this module applies the one to the other, caches the result on disk
(``loaders._cache``, keyed on every module of the package and the bundled data) and hands it to
what needs the national skeleton as its base: a dataset loaded with no base of its own, the
LGA-review example, a bundled scenario, a scenario file checked against an empty store.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx

    from .changes.model import ChangeSet
    from .graphmodel import GraphDocument

__all__ = ["bundled_register", "bundled_scenario", "dated_skeleton", "example_document", "load_dataset",
           "load_scenario", "national_skeleton", "skeleton_graph"]


@cache
def bundled_register() -> ChangeSet:
    """The register of changes since the 2024 lookups and decided futures, built over the lookup
    skeleton (cached): what ``dated_skeleton`` applies."""
    from .changes.bundled import build_register
    from .loaders.skeleton import lookup_skeleton

    return build_register(lookup_skeleton())


@cache
def dated_skeleton() -> GraphDocument:
    """The skeleton with the bundled dated changes applied: what has changed since the 2024
    lookups and the decided futures, each element dated and sourced (partnership_graph/changes).
    Not yet a named dataset: ``national_skeleton`` is, and is what a store holds."""
    from .changes.ops import apply_to_document
    from .loaders._cache import cached_document
    from .loaders.skeleton import lookup_skeleton

    return cached_document("national-skeleton", lambda: apply_to_document(lookup_skeleton(), bundled_register()))


@cache
def national_skeleton() -> GraphDocument:
    """The national skeleton as the dataset ``national-skeleton`` (cached): what every load restates."""
    from . import __version__
    from .loaders.dataset import SKELETON_DATASET

    return dated_skeleton().named(SKELETON_DATASET, f"bundled with partnership-graph {__version__}: "
                                     "ONS lookups and the statutes cited")


@cache
def bundled_scenario(name: str) -> ChangeSet:
    """A bundled scenario by name, built over the national skeleton (``KeyError`` if not bundled)."""
    from .changes.bundled import build_scenario

    return build_scenario(name, dated_skeleton())


def load_dataset(path: str | Path, base: GraphDocument | None = None, name: str | None = None,
                 notes: list[str] | None = None) -> GraphDocument:
    """``loaders.dataset.load_dataset`` over ``base``, by default the national skeleton."""
    from .loaders.dataset import load_dataset as load

    return load(path, national_skeleton() if base is None else base, name, notes)


def example_document(base: GraphDocument | None = None) -> GraphDocument:
    """The national skeleton (or ``base``: ``loaders.dataset.skeleton_for`` a store) with the bundled
    LGA-review example dataset laid over it."""
    from .loaders.bundled import EXAMPLE_DATASET

    return load_dataset(EXAMPLE_DATASET, base)


def load_scenario(name_or_path: str, graph: nx.MultiDiGraph[str] | None = None) -> ChangeSet:
    """A bundled scenario by name, or a user's scenario file (CSV folder or YAML) checked against
    ``graph`` (default: the national skeleton's projection)."""
    from .changes import scenario_names, unknown_scenario

    if name_or_path in scenario_names():
        return bundled_scenario(name_or_path)
    path = Path(name_or_path)
    if not path.exists():
        from .errors import LoadError, Problem

        raise LoadError(Problem(name_or_path, None, None, unknown_scenario(name_or_path, files=True)))
    from .changes.scenario_file import read_scenario

    return read_scenario(path, graph if graph is not None else skeleton_graph())


def skeleton_graph() -> nx.MultiDiGraph[str]:
    """The national skeleton's networkx projection (a fresh copy each call)."""
    from .graphmodel.projection import to_graph

    return to_graph(dated_skeleton())

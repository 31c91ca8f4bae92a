"""Dated change: one format for what has changed, what is decided and what a scenario proposes.

``ChangeSet`` / ``Change`` (model.py) is the format; ``apply_to_graph`` and ``apply_to_document``
(ops.py) apply one compiled list of operations to a networkx projection or a document;
``load_scenario`` finds a bundled scenario by name or reads a user's file (reader.py);
``diff`` (diff.py) says what changes between two dates.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .model import APPLIED_ALWAYS, OPERATIONS, STATUSES, Change, ChangeSet, ChangeSource
from .ops import ChangeError, apply_to_document, apply_to_graph

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["APPLIED_ALWAYS", "OPERATIONS", "STATUSES", "Change", "ChangeError", "ChangeSet", "ChangeSource",
           "apply_to_document", "apply_to_graph", "load_scenario", "scenario_names"]


def scenario_names() -> list[str]:
    from .bundled import SCENARIOS

    return list(SCENARIOS)


def load_scenario(name_or_path: str, graph: nx.MultiDiGraph[str] | None = None) -> ChangeSet:
    """A bundled scenario by name, or a user's scenario file (CSV folder or YAML), checked."""
    from pathlib import Path

    from .bundled import SCENARIOS, bundled_scenario

    if name_or_path in SCENARIOS:
        return bundled_scenario(name_or_path)
    path = Path(name_or_path)
    if not path.exists():
        from ..errors import LoadError, Problem
        from ..resolve import did_you_mean

        raise LoadError(Problem(name_or_path, None, None,
                                f"no bundled scenario or file named {name_or_path!r}"
                                f"{did_you_mean(name_or_path, SCENARIOS)}; bundled: {', '.join(SCENARIOS)}"))
    from .reader import read_scenario

    return read_scenario(path, graph)

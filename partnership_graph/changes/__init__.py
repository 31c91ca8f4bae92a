"""Dated change: one format for what has changed, what is decided and what a scenario proposes.

``ChangeSet`` / ``Change`` (model.py) is the format; ``apply_to_graph`` and ``apply_to_document``
(ops.py) apply one compiled list of operations to a networkx projection or a document;
``scenario_file.read_scenario`` reads a user's file; the bundled register and scenarios are built
(``bundled.py``) over a document they are given: ``partnership_graph.national`` gives them the
national skeleton and ``national.load_scenario`` finds a scenario by name or file. What changes
between two dates is a question, ``queries.diff``.
"""

from __future__ import annotations

from .model import APPLIED_ALWAYS, OPERATIONS, STATUSES, Change, ChangeSet, ChangeSource
from .ops import ChangeError, apply_to_document, apply_to_graph

__all__ = ["APPLIED_ALWAYS", "OPERATIONS", "STATUSES", "Change", "ChangeError", "ChangeSet", "ChangeSource",
           "apply_to_document", "apply_to_graph", "bundled_scenario_name", "scenario_names",
           "unknown_scenario"]


def scenario_names() -> list[str]:
    from .bundled import SCENARIOS

    return list(SCENARIOS)


def unknown_scenario(name: str, *, files: bool) -> str:
    """The message for a scenario name that is not bundled (nor, when ``files``, a file): the one
    wording the CLI's ``--scenario`` and the web app's ``scenario`` parameter give."""
    from ..suggest import did_you_mean
    from .bundled import SCENARIOS

    return (f"no bundled scenario {'or file ' if files else ''}named {name!r}{did_you_mean(name, SCENARIOS)}; "
            f"bundled: {', '.join(SCENARIOS) or 'none'}")


def bundled_scenario_name(name: str) -> str:
    """``name`` when it is a bundled scenario's (as the web app takes it: never a file on the
    server); ``QueryError`` with the near names otherwise."""
    if name in scenario_names():
        return name
    from ..errors import QueryError

    raise QueryError(unknown_scenario(name, files=False))

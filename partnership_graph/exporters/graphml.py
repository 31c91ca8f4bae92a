"""GraphML export through networkx, for yEd, Cytoscape and other tools.

The projection passes through the one sanitiser (``_sanitise.flat_graph``) first, so the file
validates against the GraphML 1.0 schema and reads back into networkx with the same nodes,
edges and attribute values (lists and dicts as JSON text).

A carriage return survives: XML parsers turn a raw CR (and CR LF) in element text into LF, and
networkx's writer leaves CR raw, so we write every CR as the character reference ``&#13;``, which
parsers keep. (ElementTree escapes CR in attribute values already and the pretty-printer indents
with LF only, so a raw CR in the serialised bytes can only be a CR in a value.) The output is
byte-reproducible: nodes, edges and attribute keys in sorted order (``_sanitise``), no date.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

from ..stores.base import paused_gc
from ._io import write_atomic
from ._sanitise import flat_graph

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["graphml_bytes", "write_graphml"]


def graphml_bytes(g: nx.MultiDiGraph[str]) -> bytes:
    """The GraphML document for ``g`` (UTF-8)."""
    import networkx as nx

    buf = io.BytesIO()
    with paused_gc():  # networkx's ElementTree of some 200,000 acyclic elements: nothing to collect
        nx.write_graphml_xml(flat_graph(g), buf, encoding="utf-8", prettyprint=True, named_key_ids=False)
    return buf.getvalue().replace(b"\r", b"&#13;")


def write_graphml(g: nx.MultiDiGraph[str], path: str | Path) -> Path:
    return write_atomic(path, graphml_bytes(g))

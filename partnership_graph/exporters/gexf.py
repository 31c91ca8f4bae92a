"""GEXF export through networkx, for Gephi; the written file is valid against the official XSD.

networkx's writer needs three fixes, made on its XML tree before it is serialised (see the
schema notes in tests/exporters/schemas/README.md):

1. it always writes a ``name`` attribute on ``<graph>``, which neither the 1.2draft nor the 1.3
   schema defines: removed;
2. for version 1.3 it declares the XSI namespace as ``http://w3.org/2001/XMLSchema-instance``
   (no ``www.``), which turns ``xsi:schemaLocation`` into an unknown attribute: corrected;
3. values and keys go through the one sanitiser (``_sanitise.flat_graph``): no ``None``, one type
   per key, scalars only, no reserved keys.

We write no viz elements (colour, size, position): the published XSDs declare them in the wrong
namespace, so a file using them cannot validate. Gephi colours by the ``kind`` attribute instead.
The GEXF ``label`` of a node is its name (of an edge, its relationship type), as Gephi shows it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Literal

from ._io import write_atomic
from ._sanitise import flat_graph

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["GEXF_VERSIONS", "XSI", "gexf_bytes", "write_gexf"]

GEXF_VERSIONS = ("1.2draft", "1.3")
XSI = "http://www.w3.org/2001/XMLSchema-instance"
GexfVersion = Literal["1.2draft", "1.3"]


def gexf_bytes(g: nx.MultiDiGraph[str], version: GexfVersion = "1.2draft") -> bytes:
    """The GEXF document for ``g`` (UTF-8), valid against the official schema of ``version``."""
    from networkx.readwrite.gexf import GEXFWriter

    flat = flat_graph(g)
    for _, attrs in flat.nodes(data=True):
        attrs["label"] = str(attrs.get("name", attrs.get("title", attrs.get("node_id", ""))))
    for _, _, attrs in flat.edges(data=True):
        attrs["label"] = str(attrs.get("rel_type", ""))
    writer = GEXFWriter(encoding="utf-8", prettyprint=True, version=version)
    writer.add_graph(flat)
    writer.xml.set("xmlns:xsi", XSI)
    for graph_element in writer.xml.iter("graph"):
        graph_element.attrib.pop("name", None)
    return (f'<?xml version="1.0" encoding="utf-8"?>\n{writer}').encode("utf-8")


def write_gexf(g: nx.MultiDiGraph[str], path: str | Path, version: GexfVersion = "1.2draft") -> Path:
    return write_atomic(path, gexf_bytes(g, version))

"""The bundled GraphML and GEXF schemas, loaded for offline validation (see schemas/README.md)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import xmlschema

HERE = Path(__file__).resolve().parent / "schemas"
GRAPHML_BASE = "http://graphml.graphdrawing.org/xmlns/1.0/"
GRAPHML_URI_MAP = {GRAPHML_BASE + name: str(HERE / "graphml" / name)
                   for name in ("graphml.xsd", "graphml-structure.xsd", "xlink.xsd")}


@lru_cache(maxsize=None)
def graphml_schema() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(HERE / "graphml" / "graphml.xsd"), uri_mapper=GRAPHML_URI_MAP, allow="local")


@lru_cache(maxsize=None)
def gexf_schema(version: str) -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(HERE / f"gexf-{version}" / "gexf.xsd"), allow="local")


GEXF_NAMESPACES = {"1.3": ("http://gexf.net/1.3", "http://gexf.net/1.3/viz"),
                   "1.2draft": ("http://www.gexf.net/1.2draft", "http://www.gexf.net/1.2draft/viz")}


def validate_gexf(source: str | Path | bytes, version: str) -> None:
    """Validate a GEXF file against the published schema, bridging its one known defect.

    The published XSDs declare the viz elements (``color``, ``size``, ``shape``, ``thickness``...)
    in the main GEXF namespace, while Gephi and networkx write and read them in the viz namespace
    (schemas/README.md). So the viz elements are moved into the namespace the schema declares
    them in, and the rest of the file is checked as it is: where they may appear, and their
    attributes' types (colour channels 0-255, sizes >= 0, the shape vocabulary), still are.
    """
    import xml.etree.ElementTree as ET

    main, viz = GEXF_NAMESPACES[version]
    root = ET.fromstring(source) if isinstance(source, bytes) else ET.parse(source).getroot()
    for element in root.iter():
        if element.tag.startswith(f"{{{viz}}}"):
            element.tag = f"{{{main}}}" + element.tag.split("}", 1)[1]
    gexf_schema(version).validate(root)

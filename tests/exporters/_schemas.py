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

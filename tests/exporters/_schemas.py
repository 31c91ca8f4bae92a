"""The bundled GraphML and GEXF schemas, loaded for offline validation (see schemas/README.md).

Validation runs in libxml2 through lxml: the national export validated in 12-27 s with the
pure-Python xmlschema and in well under a second here. The schemas are the published bytes;
the GraphML files' absolute URLs resolve to the local copies and the network is never used.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from lxml import etree

HERE = Path(__file__).resolve().parent / "schemas"
GRAPHML_BASE = "http://graphml.graphdrawing.org/xmlns/1.0/"
GRAPHML_URI_MAP = {GRAPHML_BASE + name: str(HERE / "graphml" / name)
                   for name in ("graphml.xsd", "graphml-structure.xsd", "xlink.xsd")}


class _LocalCopies(etree.Resolver):
    """The GraphML schemas refer to each other by URL: answer with the bundled files, or refuse."""

    def resolve(self, url: str | None, pubid: str | None, context: Any) -> Any:
        if url in GRAPHML_URI_MAP:
            return self.resolve_filename(GRAPHML_URI_MAP[url], context)
        if url and url.startswith(("http://", "https://")):
            raise OSError(f"the schemas may not be fetched from the network: {url}")
        return None


class Schema:
    """An XML Schema; ``validate`` raises AssertionError listing libxml2's errors with their lines."""

    def __init__(self, path: Path):
        parser = etree.XMLParser(no_network=True)
        parser.resolvers.add(_LocalCopies())
        self.path = path
        self._schema = etree.XMLSchema(etree.parse(str(path), parser))

    def is_valid(self, document: str | Path | bytes) -> bool:
        return bool(self._schema.validate(_parse(document)))

    def validate(self, document: str | Path | bytes) -> None:
        if not self._schema.validate(_parse(document)):
            errors = "\n".join(f"line {e.line}: {e.message}" for e in list(self._schema.error_log)[:20])
            raise AssertionError(f"not valid against {self.path.relative_to(HERE)}:\n{errors}")


def _parse(document: str | Path | bytes) -> Any:
    parser = etree.XMLParser(no_network=True, huge_tree=True, resolve_entities=False)
    if isinstance(document, bytes):
        return etree.fromstring(document, parser).getroottree()
    return etree.parse(str(document), parser)


@lru_cache(maxsize=None)
def graphml_schema() -> Schema:
    return Schema(HERE / "graphml" / "graphml.xsd")


@lru_cache(maxsize=None)
def gexf_schema(version: str) -> Schema:
    return Schema(HERE / f"gexf-{version}" / "gexf.xsd")

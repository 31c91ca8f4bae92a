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

    def is_valid(self, document: str | Path | bytes | Any) -> bool:
        return bool(self._schema.validate(_parse(document)))

    def validate(self, document: str | Path | bytes | Any) -> None:
        if not self._schema.validate(_parse(document)):
            errors = "\n".join(f"line {e.line}: {e.message}" for e in list(self._schema.error_log)[:20])
            raise AssertionError(f"not valid against {self.path.relative_to(HERE)}:\n{errors}")


def _parse(document: str | Path | bytes | Any) -> Any:
    """A parsed tree of a path, the file's bytes, or an lxml tree already parsed."""
    if not isinstance(document, (str, Path, bytes)):
        return document
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


GEXF_NAMESPACES = {"1.3": ("http://gexf.net/1.3", "http://gexf.net/1.3/viz"),
                   "1.2draft": ("http://www.gexf.net/1.2draft", "http://www.gexf.net/1.2draft/viz")}


def _bridged(source: str | Path | bytes, version: str) -> Any:
    main, viz = GEXF_NAMESPACES[version]
    tree = _parse(source)
    for element in tree.getroot().iter():
        if isinstance(element.tag, str) and element.tag.startswith(f"{{{viz}}}"):
            element.tag = f"{{{main}}}" + element.tag.split("}", 1)[1]
    return tree


def validate_gexf(source: str | Path | bytes, version: str) -> None:
    """Validate a GEXF file against the published schema, bridging its one known defect.

    The published XSDs declare the viz elements (``color``, ``size``, ``shape``, ``thickness``...)
    in the main GEXF namespace, while Gephi and networkx write and read them in the viz namespace
    (schemas/README.md). So the viz elements are moved into the namespace the schema declares
    them in, and the rest of the file is checked as it is: where they may appear, and their
    attributes' types (colour channels 0-255, sizes >= 0, the shape vocabulary), still are.
    """
    gexf_schema(version).validate(_bridged(source, version))


def gexf_is_valid(source: str | Path | bytes, version: str) -> bool:
    return gexf_schema(version).is_valid(_bridged(source, version))

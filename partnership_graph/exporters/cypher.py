"""Cypher export: a script that recreates the graph in an empty Neo4j 5 database.

The script is data for a person or for ``cypher-shell -f graph.cypher``: it has no parameters,
so this is the one place where values are written into query text. Every value is therefore an
escaped Cypher string (or number, boolean, list) literal made by ``literal``; labels,
relationship types and property names come from our vocabulary and models and are checked
against it (no backticks are ever needed or written).

What the script creates is exactly what ``Neo4jStore.load`` writes for the same data: the same
uniqueness constraints, node properties without ``label``, relationship properties without
``type`` but with ``key`` (the merge key), MERGE on the same keys. Run twice, it changes
nothing. Statements are ``UNWIND [literal rows] AS row MERGE ...`` in batches, each ending with
``;``; each runs in its own transaction (a schema change cannot share one with data).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import __version__
from ..errors import ExportError
from ..graphmodel.vocab import Label, RelType
from ._io import write_atomic

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["BATCH_ROWS", "cypher_script", "literal", "statements", "write_cypher"]

BATCH_ROWS = 500
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_LABELS = frozenset(Label.values())
_TYPES = frozenset(RelType.values())
_ESCAPES = {"\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


def _escape_char(ch: str) -> str:
    if ch in _ESCAPES:
        return _ESCAPES[ch]
    code = ord(ch)
    if code < 0x20 or code == 0x7F or code in (0x2028, 0x2029, 0x85):
        return f"\\u{code:04x}"
    return ch


def literal(value: Any) -> str:
    r"""A Cypher literal for a property value: string, integer, float, boolean or list of them.

    Backslashes, single quotes and control characters are escaped, so a value can never end
    the literal it sits in.

    >>> print(literal("O'Brien \\ <b>"))
    'O\'Brien \\ <b>'
    >>> print(literal(["DA", "DV"]), literal(True), literal(0.25), literal(3))
    ['DA', 'DV'] true 0.25 3
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ExportError(f"cannot write the non-finite number {value!r} as a Neo4j property")
        text = repr(value).replace("e+", "e")
        return text if any(c in text for c in ".e") else text + ".0"
    if isinstance(value, str):
        return "'" + "".join(_escape_char(c) for c in value) + "'"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    raise ExportError(f"cannot write a {type(value).__name__} value as a Neo4j property")


def _name(word: str, allowed: frozenset[str] | None, what: str) -> str:
    if not _NAME.match(word) or (allowed is not None and word not in allowed):
        raise ExportError(f"refusing to write {what} {word!r} into a Cypher script")
    return word


def _map(props: dict[str, Any]) -> str:
    return "{" + ", ".join(f"{_name(k, None, 'the property name')}: {literal(v)}"
                           for k, v in sorted(props.items()) if v is not None) + "}"


def _batches(rows: Sequence[str]) -> Iterator[Sequence[str]]:
    for i in range(0, len(rows), BATCH_ROWS):
        yield rows[i:i + BATCH_ROWS]


def cypher_script(g: nx.MultiDiGraph[str], title: str = "England and Wales") -> str:
    """The script for ``g``: a header comment, the constraints, node batches, relationship batches."""
    from ..stores.neo4j import CONSTRAINTS, KEY_PROPERTY

    node_rows: dict[str, list[str]] = {}
    for key, attrs in g.nodes(data=True):
        label = _name(str(attrs.get("label", "")), _LABELS, "the node label")
        props = {k: v for k, v in attrs.items() if k != "label"}
        if KEY_PROPERTY[label] not in props:
            raise ExportError(f"node {key!r} has no {KEY_PROPERTY[label]!r}")
        node_rows.setdefault(label, []).append(
            f"  {{key: {literal(props[KEY_PROPERTY[label]])}, props: {_map(props)}}}")
    rel_rows: dict[tuple[str, str, str], list[str]] = {}
    for u, v, attrs in g.edges(data=True):
        start_label = g.nodes[u]["label"]
        end_label = g.nodes[v]["label"]
        rel_type = _name(str(attrs.get("type", "")), _TYPES, "the relationship type")
        props = {k: val for k, val in attrs.items() if k != "type"}
        start = g.nodes[u][KEY_PROPERTY[start_label]]
        end = g.nodes[v][KEY_PROPERTY[end_label]]
        rel_rows.setdefault((start_label, rel_type, end_label), []).append(
            f"  {{start: {literal(start)}, end: {literal(end)}, key: {literal(props.get('key', ''))}, "
            f"props: {_map(props)}}}")
    lines = [
        f"// partnership-graph {__version__}: {_comment(title)}",
        f"// {g.number_of_nodes()} nodes and {g.number_of_edges()} relationships, for an empty Neo4j 5 database.",
        "// Run with: cypher-shell -a bolt://localhost:7687 -u neo4j -f this-file.cypher",
        "// Values are literals in this file; running it twice changes nothing (MERGE on keys).",
        "",
        *(statement + ";" for statement in CONSTRAINTS),
        "",
    ]
    for label in sorted(node_rows):
        k = KEY_PROPERTY[label]
        for batch in _batches(node_rows[label]):
            lines += ["UNWIND [", ",\n".join(batch), "] AS row",
                      f"MERGE (n:{label} {{{k}: row.key}})", "SET n = row.props;", ""]
    for (start_label, rel_type, end_label) in sorted(rel_rows):
        for batch in _batches(rel_rows[(start_label, rel_type, end_label)]):
            lines += ["UNWIND [", ",\n".join(batch), "] AS row",
                      f"MATCH (a:{start_label} {{{KEY_PROPERTY[start_label]}: row.start}})",
                      f"MATCH (b:{end_label} {{{KEY_PROPERTY[end_label]}: row.end}})",
                      f"MERGE (a)-[r:{rel_type} {{key: row.key}}]->(b)", "SET r = row.props;", ""]
    return "\n".join(lines)


def _comment(text: str) -> str:
    return " ".join(text.split())


def statements(script: str) -> list[str]:
    """Split a script into statements at ``;`` outside string literals and ``//`` comments.

    For running the script through the Python driver, which takes one statement at a time.
    """
    out: list[str] = []
    buf: list[str] = []
    i, n = 0, len(script)
    quote: str | None = None
    while i < n:
        ch = script[i]
        if quote:
            buf.append(ch)
            if ch == "\\" and i + 1 < n:
                buf.append(script[i + 1])
                i += 2
                continue
            if ch == quote:
                quote = None
        elif ch in ("'", '"'):
            quote = ch
            buf.append(ch)
        elif script.startswith("//", i):
            end = script.find("\n", i)
            i = n if end < 0 else end
            continue
        elif ch == ";":
            text = "".join(buf).strip()
            if text:
                out.append(text)
            buf = []
        else:
            buf.append(ch)
        i += 1
    text = "".join(buf).strip()
    if text:
        out.append(text)
    return out


def write_cypher(g: nx.MultiDiGraph[str], path: str | Path, title: str = "England and Wales") -> Path:
    return write_atomic(path, cypher_script(g, title).encode("utf-8"))

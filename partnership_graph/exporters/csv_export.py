"""CSV export: ``nodes.csv`` and ``edges.csv`` in one folder, for spreadsheets and other tools.

``-o PATH`` names a folder (created if missing) that receives both files; an existing file at
PATH is refused rather than overwritten. Columns:

- ``nodes.csv``: ``node_key`` (``Body:csp:oldham``), ``label`` (Area, Body, Issue, Source), then
  every attribute any node has, in name order;
- ``edges.csv``: ``from``, ``to`` (node keys), ``type`` (``LEADS``...), ``key`` (the merge key),
  then every other attribute in name order, among them ``source``: the document the fact comes
  from (hence ``from`` / ``to`` for the ends, as in the JSON export).

Cells: empty for a missing value, ``true`` / ``false`` for booleans, JSON text for lists (an
issue's synonyms). Files are UTF-8 with a byte-order mark, so Excel reads names correctly.

**Formula injection.** A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@``
(and some read a leading tab or carriage return the same way) as a formula, so a body named
``=HYPERLINK(...)`` could act when the file is opened. Every text cell that starts with one of
those characters gets a leading apostrophe (``'=HYPERLINK(...)``), which spreadsheets show as
text; numbers are written as numbers and are left alone (OWASP, "CSV Injection").
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ExportError
from ..render import neutralise_formula
from ._io import write_atomic
from ._sanitise import scalar

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["csv_cell", "csv_tables", "write_csv"]

NODE_COLUMNS = ("node_key", "label")
EDGE_COLUMNS = ("from", "to", "type", "key")


def csv_cell(value: Any) -> str:
    """One cell: booleans as true/false, lists as JSON, text starting like a formula neutralised."""
    v = scalar(value)
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v) if isinstance(v, float) else str(v)
    return neutralise_formula(v)


def _table(fixed: Sequence[str], rows: Iterable[dict[str, Any]]) -> bytes:
    rows = list(rows)
    extra = sorted({k for r in rows for k in r} - set(fixed))
    columns = [*fixed, *extra]
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(columns)
    for r in rows:
        writer.writerow([csv_cell(r.get(c)) for c in columns])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def csv_tables(g: nx.MultiDiGraph[str]) -> dict[str, bytes]:
    """``{"nodes.csv": ..., "edges.csv": ...}`` for ``g``."""
    nodes = ({"node_key": n, **a} for n, a in g.nodes(data=True))
    edges = ({"from": u, "to": v, **a} for u, v, a in g.edges(data=True))
    return {"nodes.csv": _table(NODE_COLUMNS, nodes), "edges.csv": _table(EDGE_COLUMNS, edges)}


def write_csv(g: nx.MultiDiGraph[str], folder: str | Path) -> list[Path]:
    """Write ``nodes.csv`` and ``edges.csv`` into ``folder``; returns their paths."""
    target = Path(folder)
    if target.exists() and not target.is_dir():
        raise ExportError(f"{target} is a file; CSV export writes nodes.csv and edges.csv into a folder: "
                          "give a folder name")
    return [write_atomic(target / name, data) for name, data in csv_tables(g).items()]

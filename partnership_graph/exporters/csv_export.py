"""CSV export: ``nodes.csv``, ``edges.csv`` and ``claims.csv`` in one folder, for spreadsheets.

``-o PATH`` names a folder (created if missing) that receives the files; an existing file at
PATH is refused rather than overwritten. Each file reads in Excel without lookups: names stand
beside keys and codes. Columns:

- ``nodes.csv``: ``node_key`` (``Body:csp:oldham``), ``label`` (Area, Body, Issue), ``name``, then
  every other attribute any node has, in name order (``source`` and ``source_title``: who states
  it);
- ``edges.csv``: ``from``, ``from_name``, ``to``, ``to_name`` (node keys and the names of both
  ends), ``type`` (``LEADS``...), then every other attribute in name order, among them
  ``source`` and ``source_title``: the document the fact comes from (hence ``from`` / ``to`` for
  the ends, as in the JSON export);
- ``claims.csv``: one row per ownership claim (``CLAIM_COLUMNS``): the body (``body_derived``
  marks one assumed where no published arrangement was found), the issue, the role
  (leads, supports, prioritises), the scope, the districts the claim covers by code and by name
  (the body's footprint narrowed to the scope), the source and whether it is authoritative
  (``false`` for the bundled example's ILLUSTRATIVE claims).

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

NODE_COLUMNS = ("node_key", "label", "name")
EDGE_COLUMNS = ("from", "from_name", "to", "to_name", "type")
CLAIM_COLUMNS = ("body_id", "body", "body_kind", "body_derived", "issue_id", "issue", "role", "statutory", "scope",
                 "scope_name", "district_codes", "districts", "source", "source_title", "authoritative", "evidence")
ROLES = {"LEADS": "leads", "SUPPORTS": "supports", "PRIORITISES": "prioritises", "HOLDS_DUTY": "holds duty"}


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


def _table(fixed: Sequence[str], rows: Iterable[dict[str, Any]], extra_columns: bool = True) -> bytes:
    rows = list(rows)
    extra = sorted({k for r in rows for k in r} - set(fixed)) if extra_columns else []
    columns = [*fixed, *extra]
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(columns)
    for r in rows:
        writer.writerow([csv_cell(r.get(c)) for c in columns])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def _name(attrs: dict[str, Any]) -> str:
    return str(attrs.get("name") or attrs.get("title") or attrs.get("id") or attrs.get("code") or "")


def claim_rows(g: nx.MultiDiGraph[str], full: nx.MultiDiGraph[str] | None = None) -> list[dict[str, Any]]:
    """One row per ownership claim in ``g``; footprints and names are read from ``full`` (the whole
    projection the selection came from), since a selection need not hold every LAD."""
    from ..queries._common import footprint, lad_shares, source_info

    whole = full if full is not None else g
    names = {a["code"]: a.get("name", a["code"]) for _, a in whole.nodes(data=True) if a.get("label") == "Area"}
    rows = []
    for u, v, e in g.edges(data=True):
        if e.get("type") not in ROLES or g.nodes[v].get("label") != "Issue":
            continue
        body, issue = g.nodes[u], g.nodes[v]
        lads = footprint(whole, body["id"])
        scope = e.get("scope")
        if scope:
            within = lad_shares(whole, scope)
            lads = {lad: s for lad, s in lads.items() if lad in within}
        codes = sorted(lads, key=lambda c: (names.get(c, c), c))
        sid, title, authoritative = source_info(whole, e.get("source"))
        rows.append({"body_id": body.get("id"), "body": _name(body), "body_kind": body.get("kind"),
                     "body_derived": bool(body.get("derived", False)), "issue_id": issue.get("id"), "issue": _name(issue), "role": ROLES[e["type"]],
                     "statutory": bool(e.get("statutory", False)), "scope": scope,
                     "scope_name": names.get(scope, scope) if scope else None,
                     "district_codes": "; ".join(codes), "districts": "; ".join(names.get(c, c) for c in codes),
                     "source": sid, "source_title": title, "authoritative": authoritative,
                     "evidence": e.get("evidence")})
    return sorted(rows, key=lambda r: (str(r["body_id"]), str(r["issue_id"]), r["role"], r["scope"] or ""))


def csv_tables(g: nx.MultiDiGraph[str], full: nx.MultiDiGraph[str] | None = None) -> dict[str, bytes]:
    """``{"nodes.csv": ..., "edges.csv": ..., "claims.csv": ...}`` for ``g``."""
    nodes = ({"node_key": n, "name": _name(a), **a} for n, a in g.nodes(data=True))
    edges = ({"from": u, "from_name": _name(g.nodes[u]), "to": v, "to_name": _name(g.nodes[v]), **a}
             for u, v, a in g.edges(data=True))
    return {"nodes.csv": _table(NODE_COLUMNS, nodes), "edges.csv": _table(EDGE_COLUMNS, edges),
            "claims.csv": _table(CLAIM_COLUMNS, claim_rows(g, full), extra_columns=False)}


def write_csv(g: nx.MultiDiGraph[str], folder: str | Path, full: nx.MultiDiGraph[str] | None = None) -> list[Path]:
    """Write ``nodes.csv``, ``edges.csv`` and ``claims.csv`` into ``folder``; returns their paths."""
    target = Path(folder)
    if target.exists() and not target.is_dir():
        raise ExportError(f"{target} is a file; CSV export writes nodes.csv, edges.csv and claims.csv into a "
                          "folder: give a folder name")
    return [write_atomic(target / name, data) for name, data in csv_tables(g, full).items()]

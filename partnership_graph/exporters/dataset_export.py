"""A dataset in the loader's own shape: an XLSX workbook or a folder of CSV files to edit and load back.

Sheets (or files) and columns are exactly the loader's tables (``loaders.dataset.TABLES``, in
that order), so a council can edit the workbook in Excel and load it again:

- **a named dataset as loaded** (``dataset="lga-review"``): every node and relationship the
  store records as stated by that dataset, written back as the rows that state it. Loading the
  file again (its name is the dataset's name, so it replaces the same dataset) gives the same
  graph: same nodes, relationships and properties.
- **a starter workbook for an area** (``area="Oldham"``): the skeleton bodies whose footprint
  touches the area (``select``'s rule), the memberships and accountability among them, and an
  ownership sheet with one row per body to fill in (issue, claim, evidence; a row with only its
  body is skipped by the loader). It loads cleanly as it is and changes nothing but the
  ``datasets`` bookkeeping: derived bodies (DERIVED in every output) are referred to but not
  restated in the bodies sheet, since restating one would make the inference a statement; the
  skeleton's footprints stay the skeleton's.

Reverse mapping: a COVERS relationship of the ``whole`` basis goes back to its body's
``covers`` cell, one with a stated share to ``footprints``; a claim's type to ``claim`` (leads,
supports, prioritises); a link's type to ``type``; an issue's PART_OF to ``part_of``; lists
(synonyms, covers) are joined with ``; ``. What the loader cannot state (statutory claims and
duty holders, derived bodies, geography) is never part of a user dataset and is left out.

**Formula-like text** (starting with ``=``, ``+``, ``-``, ``@``, tab or CR: the one rule of
``render.neutralise_formula``): in CSV it gets the leading apostrophe the CSV export gives it; in
XLSX it is stored as text with Excel's own "quote prefix" (what typing the apostrophe does), so
Excel never runs it and the value read back is the text itself. The loader reads a CSV cell that
starts with an apostrophe followed by one of those characters without the apostrophe, so both
round trips are exact.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ExportError
from ..render import FORMULA_STARTS, neutralise_formula
from ._io import write_atomic

if TYPE_CHECKING:
    import networkx as nx

    from ..stores.base import Store

__all__ = ["dataset_tables", "starter_tables", "table_columns", "write_dataset_csv", "write_xlsx"]

CLAIMS = {"LEADS": "leads", "SUPPORTS": "supports", "PRIORITISES": "prioritises"}
LINKS = {"FUNDS": "funds", "COMMISSIONS": "commissions", "SHARES_INFORMATION_WITH": "shares_information_with"}
PROVENANCE = ("valid_from", "valid_to", "source", "evidence")
SKELETON = "national-skeleton"


def table_columns() -> dict[str, list[str]]:
    """The loader's tables and their columns, in the loader's order."""
    from ..loaders.dataset import TABLES

    return {name: [c.name for c in columns] for name, columns in TABLES.items()}


def _key(node: str) -> str:
    return node.partition(":")[2]


def _pick(attrs: dict[str, Any], *names: str) -> dict[str, Any]:
    return {n: attrs[n] for n in names if attrs.get(n) is not None}


def _rows(g: nx.MultiDiGraph[str], nodes: set[str], edges: list[tuple[str, str, dict[str, Any]]],
          whole_covers: bool = True) -> dict[str, list[dict[str, Any]]]:
    """Loader rows for the given nodes and relationships of ``g``."""
    tables: dict[str, list[dict[str, Any]]] = {name: [] for name in table_columns()}
    covers: dict[str, list[str]] = {}
    parents: dict[str, str] = {}
    for u, v, a in edges:
        kind = a.get("type")
        if kind == "COVERS":
            if a.get("share_basis", "whole") == "whole" and whole_covers:
                covers.setdefault(u, []).append(_key(v))
            elif a.get("share_basis", "whole") != "whole":
                tables["footprints"].append({"body": _key(u), "area": _key(v), "share": a.get("share", 1.0),
                                             **_pick(a, "valid_from", "valid_to", "source")})
        elif kind == "MEMBER_OF":
            tables["memberships"].append({"member": _key(u), "body": _key(v), "role": a.get("role"),
                                          **({"statutory": True} if a.get("statutory") else {}),
                                          **_pick(a, *PROVENANCE)})
        elif kind == "ACCOUNTABLE_TO":
            tables["accountability"].append({"body": _key(u), "accountable_to": _key(v),
                                             "mechanism": a.get("mechanism"), **_pick(a, *PROVENANCE)})
        elif kind in CLAIMS and not a.get("statutory"):
            tables["ownership"].append({"body": _key(u), "issue": _key(v), "claim": CLAIMS[kind],
                                        **_pick(a, "scope", *PROVENANCE)})
        elif kind in LINKS:
            tables["links"].append({"from": _key(u), "to": _key(v), "type": LINKS[kind],
                                    **_pick(a, "amount", "period", *PROVENANCE)})
        elif kind == "PART_OF" and u.startswith("Issue:"):
            parents[u] = _key(v)
    for n in sorted(nodes):
        a = g.nodes[n]
        label = a.get("label")
        if label == "Body":
            row = _pick(a, "id", "name", "kind", "council_type", "valid_from", "valid_to", "source", "notes")
            if n in covers:
                row["covers"] = "; ".join(sorted(covers[n]))
            if a.get("replaces"):  # a joint arrangement: the loader works out again what it replaces
                row["replaces_derived"] = True
            tables["bodies"].append(row)
        elif label == "Source":
            tables["sources"].append({**_pick(a, "id", "title", "date", "url", "publisher"),
                                      "authoritative": bool(a.get("authoritative", True))})
        elif label == "Issue":
            tables["issues"].append({**_pick(a, "id", "name", "description"),
                                     **({"synonyms": "; ".join(a["synonyms"])} if a.get("synonyms") else {}),
                                     **({"part_of": parents[n]} if n in parents else {})})
    for name in ("footprints", "memberships", "accountability", "ownership", "links"):
        tables[name].sort(key=lambda r: [str(r.get(c, "")) for c in table_columns()[name]])
    return tables


def dataset_tables(g: nx.MultiDiGraph[str], dataset: str, loaded: Iterable[str] = ()) -> dict[str, list[dict[str, Any]]]:
    """The rows of the named dataset as the store holds it (``datasets`` on every element)."""
    if dataset == SKELETON:
        raise ExportError("the national skeleton is built in, not a spreadsheet dataset; export a loaded dataset "
                          "(see `partnership-graph datasets`) or a starter workbook with --area")
    nodes = {n for n, a in g.nodes(data=True) if dataset in a.get("datasets", ())}
    edges = [(u, v, a) for u, v, a in g.edges(data=True) if dataset in a.get("datasets", ())]
    if not nodes and not edges:
        from ..suggest import did_you_mean

        names = sorted(set(loaded) - {SKELETON})
        hint = did_you_mean(dataset, names) if names else ""
        raise ExportError(f"no dataset {dataset!r} is loaded{hint}; `partnership-graph datasets` lists them")
    return _rows(g, nodes, edges)


def starter_tables(store: Store, area: str) -> dict[str, list[dict[str, Any]]]:
    """A starter dataset for ``area``: its skeleton bodies, their memberships and accountability,
    and one empty ownership row per body."""
    from .select import select

    g = select(store, area).graph
    bodies = {n for n, a in g.nodes(data=True) if a.get("label") == "Body" and SKELETON in a.get("datasets", ())}
    edges = [(u, v, a) for u, v, a in g.edges(data=True)
             if a.get("type") in ("MEMBER_OF", "ACCOUNTABLE_TO") and u in bodies and v in bodies]
    # the skeleton's footprints stay the skeleton's: restating them would only copy them
    # a derived body (one inferred per council, DERIVED in every output) is not restated, so
    # loading the starter as it is does not turn an inference into a statement; nor is a joint
    # body (``replaces``): it is the statement of the dataset that declares the arrangement
    stated = {b for b in bodies if not g.nodes[b].get("derived") and not g.nodes[b].get("replaces")}
    tables = _rows(g, stated, edges, whole_covers=False)
    tables["ownership"] = [{"body": _key(b)} for b in sorted(bodies)]
    return tables


def _cell(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def write_xlsx(tables: dict[str, list[dict[str, Any]]], path: str | Path) -> Path:
    """One sheet per loader table, header row first; formula-like text kept as quoted text."""
    import io

    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    columns = table_columns()
    for name, cols in columns.items():
        sheet = book.create_sheet(name)
        sheet.append(cols)
        for r, row in enumerate(tables.get(name, []), start=2):
            for c, column in enumerate(cols, start=1):
                value = _cell(row.get(column))
                if value is None:
                    continue
                cell = sheet.cell(row=r, column=c, value=value)
                if isinstance(value, str) and value.startswith(FORMULA_STARTS):
                    cell.data_type = "s"      # text, never a formula
                    cell.quotePrefix = True   # what typing a leading apostrophe in Excel does
        sheet.freeze_panes = "A2"
    buf = io.BytesIO()
    book.save(buf)
    return write_atomic(path, buf.getvalue())


def write_dataset_csv(tables: dict[str, list[dict[str, Any]]], folder: str | Path) -> list[Path]:
    """One ``<table>.csv`` per loader table with rows (UTF-8 with BOM, as the CSV export)."""
    import csv
    import io

    target = Path(folder)
    if target.exists() and not target.is_dir():
        raise ExportError(f"{target} is a file; dataset-csv writes one CSV file per table into a folder")
    paths = []
    for name, cols in table_columns().items():
        rows = tables.get(name, [])
        if not rows:
            continue
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerow(cols)
        for row in rows:
            cells = [_cell(row.get(c)) for c in cols]
            writer.writerow(["" if v is None else neutralise_formula(v) if isinstance(v, str) else repr(v)
                             if isinstance(v, float) else str(v) for v in cells])
        paths.append(write_atomic(target / f"{name}.csv", ("\ufeff" + buf.getvalue()).encode("utf-8")))
    return paths

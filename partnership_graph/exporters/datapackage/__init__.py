"""The open national register: the graph as a Frictionless data package (CSV + ``datapackage.json``).

``build_package(store, on=..., all_dates=..., include_datasets=...)`` reads the store's projection
(``Store.graph``: the embedded store or Neo4j, the same rows from either) and returns a
``DataPackage``: one CSV per resource of ``schema.RESOURCES`` and a ``datapackage.json`` with a
Table Schema for each (types, descriptions, enumerations from the graph's vocabularies, primary
and foreign keys), the licences, contributors and a version. ``write_package`` writes it to a
folder or a ``.zip``. The ``publish`` command and the web app's ``/register`` page only wrap these.

- **As at a date** (default today): the rows that hold on it. **All dates**: every row with its
  dates; filtering on ``valid_from <= D < valid_to`` gives the package on D (``tables``).
- **Reproducible**: the same data and date give the same bytes: rows sorted by primary key,
  no timestamps, zip entries in a fixed order with a fixed date and permissions.
- **Honest**: every body row cites a source or is ``derived`` with its reason; claims invented
  for the example or resting on a source that is not authoritative are never in ``leads.csv``;
  datasets the user loaded are left out unless named in ``include_datasets``.

Nothing here needs frictionless: the descriptor is written with the standard library, and the
tests validate the package with frictionless itself (docs/register.md).
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .schema import LICENCES, RESOURCES, Resource

if TYPE_CHECKING:
    import networkx as nx

    from ...stores.base import Store
    from .tables import Built

__all__ = ["BUNDLED_DATASETS", "DESCRIPTOR", "DataPackage", "build_package", "package_name", "write_package"]

DESCRIPTOR = "datapackage.json"
#: What every package holds: the national skeleton and the bundled example (loaders.bundled).
BUNDLED_DATASETS = ("national-skeleton", "lga-review")
ZIP_DATE = (1980, 1, 1, 0, 0, 0)    # the earliest date a zip entry can carry: fixed, so zips repeat


@dataclass(frozen=True)
class DataPackage:
    """A built package: its date, what it holds, and the bytes of each file in order."""

    as_at: str
    all_dates: bool
    datasets: tuple[str, ...]
    tables: dict[str, list[dict[str, Any]]]
    descriptor: dict[str, Any]
    files: dict[str, bytes]

    @property
    def counts(self) -> list[dict[str, Any]]:
        return self.tables["counts"]

    @cached_property
    def zip(self) -> bytes:
        """``zip_bytes()``, made once (a server hands the same package out many times)."""
        return self.zip_bytes()

    def zip_bytes(self) -> bytes:
        """The package as one zip: ``datapackage.json`` first, then the CSVs, entries dated 1980-01-01."""
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            for name, data in self.files.items():
                info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.create_system = 3                   # unix, so the permissions below are read
                info.external_attr = 0o644 << 16
                z.writestr(info, data, compresslevel=6)
        return buf.getvalue()


def package_name(as_at: str, all_dates: bool) -> str:
    """The file name a download suggests: ``partnership-graph-register-2026-12-07.zip``."""
    return f"partnership-graph-register-{'all-dates-' if all_dates else ''}{as_at}.zip"


def build_package(store: Store, *, on: date | str | None = None, all_dates: bool = False,
                  include_datasets: Iterable[str] = ()) -> DataPackage:
    """The register from ``store`` as at ``on`` (default today), or with every dated element.

    Parameters
    ----------
    store : Store
        The embedded store, Neo4j, or a read-only view (a scenario laid over either).
    on : date, optional
        The date the package describes (with ``all_dates``: the date of ``counts.csv`` and of
        the title).
    all_dates : bool
        Every row with its dates instead of the rows that hold on ``on``.
    include_datasets : iterable of str
        Datasets the user loaded to publish as well (``partnership-graph datasets`` lists them);
        without them only the bundled national data and example are published.

    Raises
    ------
    QueryError
        A dataset named in ``include_datasets`` is not loaded.
    """
    from ...errors import QueryError
    from ...stores.dated import iso
    from .tables import cited_sources, select_on

    day = iso(on)
    g = store.graph()
    loaded = _dataset_names(g)
    wanted = tuple(sorted({d.strip() for d in include_datasets if d.strip()}))
    unknown = [d for d in wanted if d not in loaded]
    if unknown:
        from ...suggest import did_you_mean

        listed = ", ".join(sorted(loaded - set(BUNDLED_DATASETS))) or "none besides the bundled data"
        raise QueryError(f"no dataset named {unknown[0]!r} is loaded{did_you_mean(unknown[0], sorted(loaded))}; "
                         f"loaded: {listed} (partnership-graph datasets)")
    allowed = frozenset(BUNDLED_DATASETS) | frozenset(wanted)
    built = store.cache.get(g, "datapackage-rows", allowed, lambda: _built(g, allowed))
    tables: dict[str, list[dict[str, Any]]] = {}
    for r in RESOURCES:
        if r.name in ("sources", "counts"):
            continue
        rows = built.tables[r.name]
        tables[r.name] = rows if all_dates or not r.dated else select_on(rows, day)
    tables["sources"] = cited_sources(tables, built.sources)
    tables["counts"] = _counts(tables, day)
    for r in RESOURCES:
        tables[r.name] = sorted(tables[r.name], key=_key(r))
    files: dict[str, bytes] = {}
    described = []
    for r in RESOURCES:
        data = _csv(r, tables[r.name], None if r.name == "counts" else built.lines)
        files[r.path] = data
        described.append(_resource_descriptor(r, data))
    included = tuple(d for d in sorted(allowed) if d in loaded)
    descriptor = _descriptor(day, all_dates, included, described)
    out = {DESCRIPTOR: (json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n").encode("utf-8"), **files}
    return DataPackage(day, all_dates, included, tables, descriptor, out)


def write_package(package: DataPackage, path: str | Path) -> list[Path]:
    """Write the package to the folder ``path`` (created if missing), or as one zip when ``path``
    ends in ``.zip``. Each file is replaced whole or not at all. Returns what was written.

    Raises
    ------
    ExportError
        ``path`` is a file that is not a zip, or cannot be written.
    """
    from ...errors import ExportError
    from .._io import write_atomic

    target = Path(path)
    if target.suffix.lower() == ".zip":
        return [write_atomic(target, package.zip)]
    if target.exists() and not target.is_dir():
        raise ExportError(f"{target} is a file; publish writes datapackage.json and the CSV files into a folder "
                          "(or give a name ending in .zip for one zip file)")
    return [write_atomic(target / name, data) for name, data in package.files.items()]


# -- building blocks --------------------------------------------------------------------------------
def _built(g: nx.MultiDiGraph[str], allowed: frozenset[str]) -> Built:
    """The rows of the whole graph (they do not depend on the date): the store keeps them."""
    from .tables import build_rows

    return build_rows(g, allowed)


def _dataset_names(g: nx.MultiDiGraph[str]) -> set[str]:
    names: set[str] = set()
    for _, a in g.nodes(data=True):
        names.update(a.get("datasets") or ())
    for _, _, a in g.edges(data=True):
        names.update(a.get("datasets") or ())
    return names


def _key(resource: Resource) -> Any:
    columns = resource.primary_key

    def key(row: Mapping[str, Any]) -> tuple[str, ...]:
        return tuple("" if row.get(c) is None else str(row[c]) for c in columns)

    return key


def _counts(tables: Mapping[str, Sequence[Mapping[str, Any]]], day: str) -> list[dict[str, Any]]:
    """Areas and bodies of every kind on ``day``, beside the published count where there is one."""
    from ...graphmodel.vocab import AreaKind, BodyKind
    from .published import published_counts
    from .tables import select_on

    published = published_counts()
    areas = select_on(tables["areas"], day)
    bodies = select_on(tables["bodies"], day)
    rows = []
    for element, kinds, held in (("area", AreaKind.values(), areas), ("body", BodyKind.values(), bodies)):
        for kind in kinds:
            mine = [r for r in held if r["kind"] == kind]
            p = published.get(kind) if element == "body" else None
            rows.append({"element": element, "kind": kind, "as_at": day, "count": len(mine),
                         "derived": sum(1 for r in mine if r.get("derived")),
                         "published_count": p.published_count if p else None,
                         "published_approximate": p.approximate if p else None,
                         "published_as_of": p.as_of if p else None,
                         "published_source": p.source_title if p else None,
                         "published_address": p.source_url if p else None,
                         "published_notes": p.notes if p else None})
    return rows


def _csv(resource: Resource, rows: Sequence[Mapping[str, Any]], lines: dict[int, str] | None) -> bytes:
    """UTF-8 CSV (no byte-order mark), one header row, CRLF line ends (RFC 4180); cells as the
    CSV export writes them (``csv_export.csv_cell``: text that a spreadsheet would run as a formula
    gets a leading apostrophe). ``lines`` keeps each row's line for the next package (by id: only
    for rows that outlive it)."""
    import csv

    from ..csv_export import csv_cell

    columns = resource.columns
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(columns)
    out = [buf.getvalue()]
    for row in rows:
        line = lines.get(id(row)) if lines is not None else None
        if line is None:
            buf.seek(0)
            buf.truncate()
            writer.writerow([csv_cell(row.get(c)) for c in columns])
            line = buf.getvalue()
            if lines is not None:
                lines[id(row)] = line
        out.append(line)
    return "".join(out).encode("utf-8")


def _resource_descriptor(resource: Resource, data: bytes) -> dict[str, Any]:
    return {"name": resource.name, "path": resource.path, "profile": "tabular-data-resource",
            "title": resource.title, "description": resource.description, "format": "csv",
            "mediatype": "text/csv", "encoding": "utf-8", "bytes": len(data),
            "hash": hashlib.md5(data).hexdigest(),  # noqa: S324 - the spec's default checksum, not security
            "schema": resource.schema()}


def _descriptor(day: str, all_dates: bool, datasets: tuple[str, ...], resources: list[dict[str, Any]]) -> dict[str, Any]:
    from ... import __version__

    scope = (f"every dated element with its validity (filter on valid_from <= D < valid_to for the graph on D; "
             f"counts as at {day})" if all_dates else f"as at {day}")
    return {
        "profile": "tabular-data-package",
        "name": "partnership-graph-register" + ("-all-dates" if all_dates else ""),
        "title": f"Statutory partnerships of England and Wales: {scope}",
        "description": (
            "A national, machine-readable register of the community-safety and safeguarding partnerships of "
            "England and Wales (community safety partnerships, safeguarding children partnerships, safeguarding "
            "adults boards, youth justice services, MAPPA, Health and Wellbeing Boards, police and crime "
            "commissioners, Welsh boards...), their footprints in local authority districts, members, "
            "accountability and the issues they lead, built by partnership-graph from ONS lookups, the statutes "
            "and published arrangements. Every row cites its source (sources.csv) or says it is derived and "
            "why; decided changes are marked as not yet law. docs/register.md in the partnership-graph "
            "repository explains each file."),
        "version": __version__,
        "keywords": ["community safety partnerships", "safeguarding", "England", "Wales", "local government",
                     "statutory partnerships", "register"],
        "licenses": [LICENCES["OGL-UK-3.0"], LICENCES["CC-BY-4.0"], LICENCES["MIT"]],
        "contributors": [
            {"title": "partnership-graph contributors", "role": "author"},
            {"title": "Office for National Statistics (geography lookups, population estimates)",
             "role": "contributor", "path": "https://geoportal.statistics.gov.uk/"},
            {"title": "The National Archives (legislation.gov.uk)", "role": "contributor",
             "path": "https://www.legislation.gov.uk/"},
            {"title": "mySociety (uk_local_authority_names_and_codes)", "role": "contributor",
             "path": "https://github.com/mysociety/uk_local_authority_names_and_codes"},
        ],
        "sources": [
            {"title": "Source: Office for National Statistics licensed under the Open Government Licence v3.0. "
                      "Contains OS data (c) Crown copyright and database right.",
             "path": "https://geoportal.statistics.gov.uk/"},
            {"title": "Acts and sections from legislation.gov.uk, under the Open Government Licence v3.0",
             "path": "https://www.legislation.gov.uk/"},
            {"title": "Council names and types (c) mySociety, CC BY 4.0",
             "path": "https://github.com/mysociety/uk_local_authority_names_and_codes"},
            {"title": "Every other row names its own source: sources.csv"},
        ],
        "partnership_graph": {"as_at": day, "all_dates": all_dates, "datasets": list(datasets)},
        "resources": resources,
    }

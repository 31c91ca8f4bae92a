"""Exporters: the graph as files other tools open, and joint protocol drafts.

One module per format: ``html`` (interactive page, offline), ``graphml`` and ``gexf`` (through
networkx, valid against the official schemas), ``nodelink`` (JSON), ``csv_export`` (nodes.csv and
edges.csv), ``cypher`` (a script that recreates the graph in an empty Neo4j) and ``protocol``
(Markdown or Word drafts). Every graph export takes its nodes from one selection rule,
``select.Selector`` (``--area``, ``--issue``), and the XML formats share one sanitiser
(``_sanitise.flat_graph``).

Importing this package is cheap: modules load when ``export`` or ``write_demo_outputs`` runs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    import networkx as nx

    from ..stores.base import Store

__all__ = ["DEMO_AREA", "FORMATS", "ExportResult", "export", "write_demo_outputs"]

Format = Literal["html", "graphml", "gexf", "json", "csv", "cypher", "xlsx", "dataset-csv"]
FORMATS: tuple[str, ...] = ("html", "graphml", "gexf", "json", "csv", "cypher", "xlsx", "dataset-csv")
# A dataset in the loader's own shape (exporters.dataset_export): a workbook or a CSV folder.
DATASET_FORMATS = ("xlsx", "dataset-csv")
DEMO_AREA = "Oldham"   # one of the two areas the LGA review names for joint protocols


@dataclass
class ExportResult:
    """What an export wrote: the files, the nodes and relationships in them, and what was selected."""

    paths: list[Path]
    nodes: int
    edges: int
    description: str
    notes: list[str] = field(default_factory=list)
    as_at: str = ""          # the date the exported graph describes (ISO)


def export(store: Store, fmt: Format, path: str | Path, area: str | None = None,
           issue: str | None = None, dataset: str | None = None, *, on: date | None = None,
           all_dates: bool = False) -> ExportResult:
    """Write the graph, or the part ``area`` / ``issue`` select, to ``path`` in ``fmt``.

    Parameters
    ----------
    store : Store
        The embedded store or Neo4j.
    fmt : {"html", "graphml", "gexf", "json", "csv", "cypher"}
        The format; ``csv`` writes ``nodes.csv`` and ``edges.csv`` into the folder ``path``.
    path : str or Path
        The file (or, for csv, the folder) to write; it is replaced whole or not at all.
    area, issue : str, optional
        Select a county with its districts, a district, or any area by code, name or prefix;
        and/or an issue (id, name or synonym) with its narrower issues. See ``select``.
        For ``xlsx`` and ``dataset-csv``, ``area`` asks for a starter workbook of the area.
    dataset : str, optional
        For ``xlsx`` and ``dataset-csv``: the loaded dataset to write back in the loader's shape.
    on : date, optional
        Export the graph as at this date (default: today): only what counts on it. A dataset
        (``xlsx``, ``dataset-csv``) is written back whole, with its own dates.

    Returns
    -------
    ExportResult
        For html the counts are what the page draws (sources appear in tooltips, not as nodes).

    Raises
    ------
    QueryError
        The area or issue does not resolve.
    ExportError
        The file cannot be written, or pyvis (for html) is missing.
    """
    from ..errors import ExportError
    from .select import for_people, select

    from ..queries.reader import reader
    from ..stores.dated import iso

    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r}; one of: {', '.join(FORMATS)}")
    if fmt in DATASET_FORMATS:
        return _export_dataset(store, fmt, path, area, issue, dataset)
    if dataset is not None:
        raise ExportError("--dataset goes with --format xlsx or dataset-csv")
    selection = select(store, area, issue, on=on, all_dates=all_dates)
    # Every file for people holds the same nodes: sources are attributes (``source_title``), not
    # nodes. JSON (read back by read_json) and the Cypher script are lossless: they keep everything.
    lossless = fmt in ("json", "cypher")
    g = selection.graph if lossless else for_people(selection.graph, node_type=fmt in ("gexf", "graphml"))
    nodes, edges = g.number_of_nodes(), g.number_of_edges()
    notes: list[str] = []
    if fmt in ("gexf", "graphml") and any(a.get("label") == "Area" for _, a in g.nodes(data=True)):
        notes.append("the file holds the areas and their part-of and footprint (covers) lines, which the HTML "
                     "page starts with switched off")
    if fmt == "html":
        from .html import counts, html_bytes, page_data
        from ._io import write_atomic

        full = reader(store, on=on).graph()
        data = page_data(selection, full)
        nodes, edges = counts(data)
        paths = [write_atomic(path, html_bytes(selection, full))]
        notes.append("areas and footprint lines start hidden (tick them in the legend); labels that would "
                     "overlap show on hover or zoom")
    elif fmt == "graphml":
        from .graphml import write_graphml

        paths = [write_graphml(g, path)]
    elif fmt == "gexf":
        from .gexf import write_gexf

        paths = [write_gexf(g, path, timeline=all_dates)]
    elif fmt == "json":
        from .nodelink import write_json

        paths = [write_json(g, path)]
    elif fmt == "csv":
        from .csv_export import write_csv

        paths = write_csv(g, path, full=reader(store, on=on).graph())
    else:
        from .cypher import write_cypher

        paths = [write_cypher(g, path, selection.description)]
    return ExportResult(paths, nodes, edges, selection.description, notes, as_at=iso(on))


def _export_dataset(store: Store, fmt: str, path: str | Path, area: str | None, issue: str | None,
                    dataset: str | None) -> ExportResult:
    from ..errors import ExportError
    from .dataset_export import dataset_tables, starter_tables, write_dataset_csv, write_xlsx

    if issue is not None or (area is None) == (dataset is None):
        raise ExportError(f"--format {fmt} writes one dataset in the loader's shape: give --dataset NAME (a "
                          "loaded dataset: see `partnership-graph datasets`) or --area AREA (a starter workbook)")
    if dataset is not None:
        loaded = [d.name for d in store.datasets()]
        tables = dataset_tables(store.graph(), dataset, loaded)
        description = f"the dataset {dataset}"
    else:
        assert area is not None
        tables = starter_tables(store, area)
        description = f"a starter dataset for {area}"
    paths = [write_xlsx(tables, path)] if fmt == "xlsx" else write_dataset_csv(tables, path)
    node_tables, edge_tables = ("sources", "issues", "bodies"), ("footprints", "memberships", "accountability",
                                                                 "links", "ownership")
    return ExportResult(paths, sum(len(tables[t]) for t in node_tables), sum(len(tables[t]) for t in edge_tables),
                        description, ["rows per table: " + ", ".join(f"{t} {len(rows)}" for t, rows in tables.items())])


def write_demo_outputs(store: Store, out_dir: str | Path, area: str = DEMO_AREA) -> list[Path]:
    """Write the HTML network and a joint protocol draft for one example area; return their paths.

    ``demo`` calls this after loading, so a first-time user gets something to open: the network
    around the area (``network-<area>.html``) and the draft for its CSP, HWB, safeguarding
    children partnership and safeguarding adults board (``protocol-<area>.md``).
    """
    from ..graphmodel import slug
    from .protocol import protocol_draft, write_protocol

    folder = Path(out_dir)
    name = slug(area)
    network = export(store, "html", folder / f"network-{name}.html", area=area).paths[0]
    draft = write_protocol(protocol_draft(store, area), folder / f"protocol-{name}.md")
    return [network, draft]

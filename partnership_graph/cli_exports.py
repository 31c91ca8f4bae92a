"""The output commands (export, protocol): pictures, files other tools read, and protocol drafts.

Imported at the end of cli.py, which registers these commands on the same group. Only click is
imported at module level; each command imports the exporters inside its body.
"""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import click

from .cli_base import _echo, cli, on_option, opened

EXPORT_FORMATS = ("html", "graphml", "gexf", "json", "csv", "cypher", "xlsx", "dataset-csv")  # = exporters.FORMATS


@cli.command()
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="html", show_default=True,
              help="html: interactive page (offline); gexf: GEXF 1.3 for Gephi; graphml: for yEd, Cytoscape; json: node-link; "
                   "csv: nodes.csv and edges.csv in the folder -o names; cypher: script for an empty Neo4j; "
                   "xlsx, dataset-csv: a dataset in the loader's own shape (--dataset NAME, or --area for a "
                   "starter workbook), to edit and load back.")
@click.option("-o", "--output", required=True, type=click.Path(), metavar="PATH",
              help="File to write (for csv: a folder, created if missing).")
@click.option("--area", "area_", metavar="AREA",
              help="Only this area: a county with its districts, a district, a police force area...")
@click.option("--issue", metavar="ISSUE", help="Only bodies claiming this issue or a narrower one.")
@click.option("--dataset", metavar="NAME", help="With xlsx or dataset-csv: the loaded dataset to write back.")
@on_option
@click.option("--all-dates", is_flag=True,
              help="Every dated element whatever its dates, instead of the graph as at --on: for Gephi's "
                   "timeline (GEXF start/end), which then plays the changes from 2024 to 2028.")
@click.pass_context
def export(ctx: click.Context, fmt: str, output: str, area_: str | None, issue: str | None,
           dataset: str | None, on: date | None, all_dates: bool) -> None:
    """Write the graph, or the part for an area or an issue, as a page or a file for other tools.

    With --area: the bodies whose footprint touches the area, the area with its districts, and
    what those bodies claim; with --issue: the bodies that lead, support or prioritise the issue
    or a narrower one. CSV cells that a spreadsheet would run as a formula (starting with = + - @)
    get a leading apostrophe.

    \b
    Example:
      partnership-graph export --format html -o network.html --area "Greater Manchester"
      partnership-graph export --format gexf -o oldham.gexf --area Oldham
      partnership-graph export --format gexf -o timeline.gexf --all-dates
      partnership-graph export --format csv -o da-csv/ --issue DA
      partnership-graph export --format cypher -o graph.cypher
      partnership-graph export --format xlsx -o my-county.xlsx --dataset my-county
      partnership-graph export --format xlsx -o oldham-starter.xlsx --area Oldham
    """
    from .exporters import export as run

    with opened(ctx) as store:
        result = run(store, fmt, output, area=area_, issue=issue, dataset=dataset, on=on,  # type: ignore[arg-type]
                     all_dates=all_dates)
    where = ", ".join(str(p) for p in result.paths)
    dated = f", as at {result.as_at}" if result.as_at else ""
    click.echo(f"Wrote {where}: {result.nodes} nodes and {result.edges} relationships ({result.description})"
               f"{dated}.", err=True)
    for note in result.notes:
        click.echo(f"Note: {note}.", err=True)


@cli.command()
@click.option("-o", "--output", required=True, type=click.Path(), metavar="DIR|FILE.zip",
              help="Folder to write datapackage.json and the CSV files into (created if missing), or a "
                   "file name ending in .zip for one zip file.")
@on_option
@click.option("--all-dates", is_flag=True,
              help="Every dated row with its validity instead of the rows that hold on --on; filtering on "
                   "valid_from <= D < valid_to gives the register on D. (--on then dates counts.csv.)")
@click.option("--include-datasets", "include", metavar="NAME", multiple=True,
              help="Also publish a dataset you loaded (repeatable, or comma-separated; see "
                   "`partnership-graph datasets`). Without it only the bundled national data is published.")
@click.pass_context
def publish(ctx: click.Context, output: str, on: date | None, all_dates: bool, include: tuple[str, ...]) -> None:
    """Publish the register as a Frictionless data package: CSV files and datapackage.json.

    Areas, bodies, footprints, memberships, accountability, issue claims (never the example's
    ILLUSTRATIVE ones), the issue taxonomy, sources with their licences, and counts per kind
    beside published counts; a Table Schema for each file. The same data and date give the same
    bytes. docs/register.md describes every file.

    \b
    Example:
      partnership-graph publish -o register/
      frictionless validate register/datapackage.json
      partnership-graph publish --on 2027-06-01 -o register-2027-06-01.zip
      partnership-graph publish --all-dates -o register-all-dates/
      partnership-graph publish -o register/ --include-datasets my-county
    """
    from .exporters.datapackage import build_package, write_package

    started = time.perf_counter()
    names = [n for value in include for n in value.split(",")]
    with opened(ctx) as store:
        package = build_package(store, on=on, all_dates=all_dates, include_datasets=names)
    paths = write_package(package, output)
    size = sum(p.stat().st_size for p in paths)
    held = ", ".join(f"{len(package.tables[t]):,} {t.replace('_', ' ')}"
                     for t in ("bodies", "areas", "footprints", "memberships", "leads"))
    what = "every dated row, counts" if all_dates else "the register"
    files = f"a zip of {len(package.files)} files" if output.lower().endswith(".zip") else f"{len(package.files)} files"
    click.echo(f"Wrote {output} ({files}, {size / 1e6:.1f} MB): {held}; {what} as at "
               f"{package.as_at}; datasets: {', '.join(package.datasets)} ({time.perf_counter() - started:.1f} s).",
               err=True)
    if not output.lower().endswith(".zip"):
        click.echo(f"Check it: frictionless validate {Path(output) / 'datapackage.json'}", err=True)


@cli.command()
@click.option("--area", "area_", required=True, metavar="AREA", help="The area the protocol is for.")
@click.option("--boards", default=None,
              help="Boards party to it: csp, hwb, scp, sab, csg, mash, psb, pcc, pcp, rsb, rpb (or their kinds: "
                   "safeguarding_children...). [default: csp,hwb,scp,sab in England; psb,rsb,rpb,csp in Wales]")
@click.option("--require", "required", metavar="ISSUE", multiple=True,
              help="An issue the parties must cover (repeatable): a row to agree, and a gap where nobody leads it.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), metavar="FILE",
              help="File to write; without it the Markdown goes to stdout.")
@click.option("--format", "fmt", type=click.Choice(["md", "docx"]), default=None,
              help="md (Markdown) or docx (Word); default: docx for a .docx file, else md.")
@on_option
@click.pass_context
def protocol(ctx: click.Context, area_: str, boards: str | None, required: tuple[str, ...], output: str | None,
             fmt: str | None, on: date | None) -> None:
    """Draft a joint protocol for the boards in an area, from the graph, for the parties to edit.

    Parties and footprints, coterminosity, an issue ownership table (lead and support), the gaps
    and overlaps to agree, accountability and reporting lines, information sharing and a review
    date placeholder. Claims invented for the bundled example are marked ILLUSTRATIVE.

    \b
    Example:
      partnership-graph protocol --area "Central Bedfordshire" --boards csp,hwb,scp,sab -o protocol.md
      partnership-graph protocol --area Oldham -o oldham-protocol.docx
      partnership-graph protocol --area Nottinghamshire --require SV --require DA -o notts.md
    """
    from .exporters.protocol import protocol_draft, to_markdown, write_protocol

    fmt = fmt or ("docx" if output and output.lower().endswith(".docx") else "md")
    if fmt == "docx" and not output:
        raise click.UsageError("--format docx needs -o FILE (a Word file cannot go to the terminal)")
    with opened(ctx) as store:
        draft = protocol_draft(store, area_, boards, required, on=on)
    if output is None:
        _echo(to_markdown(draft))
        return
    path = write_protocol(draft, output, fmt)  # type: ignore[arg-type]
    gaps, overlaps = len(draft.gap_details), len(draft.overlap_lines)
    click.echo(f"Wrote {path}: joint protocol draft for {draft.area_name} as at {draft.as_at} "
               f"({gaps} gap{'s' if gaps != 1 else ''} "
               f"and {overlaps} overlap{'s' if overlaps != 1 else ''} to agree).", err=True)

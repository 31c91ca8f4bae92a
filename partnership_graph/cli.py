"""The partnership-graph command line: parse, call the library, render. Nothing else lives here.

Only click and the standard library are imported at module level, so ``--help`` stays fast;
every command imports what it needs inside its body.
"""

from __future__ import annotations

import time
from datetime import date
from typing import Any

import click

from .cli_base import _area_kind, _body_kind, _echo, _summary_line, cli, detail_format_option, emit_rows
from .cli_base import format_option, on_option, opened, opened_for_writing, say_as_at
from .errors import LoadError


def _say_status_and_dates(status: str | None, note: str | None, valid_from: object, valid_to: object) -> None:
    """The lines an area or a body shows when it rests on a change not yet law, or has dates."""
    from .render import terminal_text

    if status:
        click.echo(terminal_text(f"{status.upper()} (exists only through a change not yet made law): {note or ''}"))
    if valid_from or valid_to:
        dates = [f"from {valid_from}" if valid_from else "", f"until {valid_to} (exclusive)" if valid_to else ""]
        click.echo(terminal_text("Dates: " + ", ".join(x for x in dates if x)))


@cli.command()
@click.option("--out", "out_dir", type=click.Path(file_okay=False), default="partnership-graph-demo",
              show_default=True, help="Folder for the HTML network and the joint protocol draft.")
@click.pass_context
def demo(ctx: click.Context, out_dir: str) -> None:
    """Load the national skeleton and the LGA-review example, then summarise what is there.

    \b
    Example:
      partnership-graph demo
      partnership-graph --db /tmp/demo.json demo --out /tmp/demo
    """
    from .national import example_document
    from .queries.demo import demo_summary

    started = time.perf_counter()
    click.echo("Building the national skeleton from ONS lookups and loading the LGA-review example...", err=True)
    with opened_for_writing(ctx) as store:
        from .datasets import load_built
        from .loaders.bundled import EXAMPLE_DATASET
        from .loaders.dataset import dataset_name

        # the joint arrangements of datasets already in the store stay (docs/dataset-format.md)
        summary = load_built(store, dataset_name(EXAMPLE_DATASET), example_document)
        click.echo(f"Loaded into the {store.kind} store at {store.location}", err=True)
        click.echo(_summary_line(summary), err=True)
        _echo(_demo_text(demo_summary(store)))
        from .exporters import write_demo_outputs

        for path in write_demo_outputs(store, out_dir):
            click.echo(f"Wrote {path}")
    click.echo(f"Done in {time.perf_counter() - started:.1f} s. Try: partnership-graph bodies --area Oldham",
               err=True)


def _demo_text(d: Any) -> str:
    def counts(c: dict[str, int]) -> str:
        return ", ".join(f"{k} {v}" for k, v in c.items())

    lines = [
        "",
        f"Areas ({sum(d.areas_by_kind.values())}): {counts(d.areas_by_kind)}",
        f"Bodies ({sum(d.bodies_by_kind.values())}): {counts(d.bodies_by_kind)}",
        f"Relationships ({sum(d.relationships_by_type.values())}): {counts(d.relationships_by_type)}",
        "",
        "Boundaries that do not nest (the ONS lookups with the dated changes in force):",
        f"  {len(d.lads_with_several_csps)} LADs hold several CSPs"
        + (": " + "; ".join(d.lads_with_several_csps) if d.lads_with_several_csps else
           " (the 2024 lookup's legacy district CSPs have each been replaced by one)"),
        f"  {len(d.lads_split_between_icbs)} LADs are split between ICBs"
        + (": " + "; ".join(d.lads_split_between_icbs) if d.lads_split_between_icbs else ""),
        "",
        f"Issue claims: {d.claims_authoritative} stated by a source, {d.claims_illustrative} ILLUSTRATIVE "
        "(invented for the example; every output marks them).",
        "",
        "Next:",
        "  partnership-graph body csp:oldham                everything about one body, with sources",
        "  partnership-graph area \"Central Bedfordshire\"    what an area is part of and who covers it",
        "  partnership-graph issues                         the issue taxonomy and its synonyms",
    ]
    return "\n".join(lines) + "\n"


@cli.command()
@click.argument("dataset", type=click.Path(exists=False))
@click.option("--check", is_flag=True, help="Validate only: report problems, load nothing.")
@click.option("--name", help="The dataset's name. [default: the folder name, or the file name without "
                             "its extension]")
@click.option("--keep-history", is_flag=True,
              help="End-date (valid_to = today) what the dataset no longer states, instead of removing it "
                   "(what was not yet in force is removed all the same).")
@click.pass_context
def load(ctx: click.Context, dataset: str, check: bool, name: str | None, keep_history: bool) -> None:
    """Load a dataset (CSV folder, .yaml or .xlsx) on top of the national skeleton.

    Every problem is reported as file:row:column and nothing is loaded (exit 2). Each load is a
    named dataset and replaces what that dataset said before: rows it no longer has are removed
    (end-dated with --keep-history) unless another dataset states them too; loading the same data
    again changes nothing. Columns are documented in docs/dataset-format.md.

    \b
    Example:
      partnership-graph load my-county/
      partnership-graph --store neo4j load my-county.xlsx --name my-county
    """
    from . import datasets as service
    from .loaders.dataset import read_tables

    notes: list[str] = []
    raw = read_tables(dataset)   # a file that cannot be read at all is refused before the store is read
    with opened_for_writing(ctx) as store:
        if check:
            after = service.check(store, dataset, name=name, keep_history=keep_history, notes=notes, raw=raw)
            _notes(notes)
            shown = ", ".join(f"{total:,} {what} ({new:,} new)" for what, (total, new) in after.items())
            click.echo(f"{dataset}: no problems found. After loading it, the {store.kind} store at "
                       f"{store.location} would hold {shown}; nothing was loaded (--check).")
            return
        summary = service.load(store, dataset, name=name, keep_history=keep_history, notes=notes, raw=raw)
        _notes(notes)
    click.echo(f"Loaded {dataset} into the {store.kind} store at {store.location}")
    click.echo(_summary_line(summary))


def _notes(notes: list[str]) -> None:
    for note in notes:
        click.echo(f"Note: {note}", err=True)


@cli.command()
@click.option("--remove", metavar="NAME", help="Withdraw the dataset NAME: what only it states is removed.")
@click.option("--keep-history", is_flag=True, help="With --remove: end-date instead of removing (what was not yet in force is removed).")
@format_option
@click.pass_context
def datasets(ctx: click.Context, remove: str | None, keep_history: bool, fmt: str) -> None:
    """List the datasets loaded: name, when, from which file, and what each states.

    The national skeleton is the dataset national-skeleton; every other load is named after its
    file or folder (or --name). A body or relationship stated by two datasets stays until neither
    states it.

    \b
    Example:
      partnership-graph datasets
      partnership-graph datasets --remove my-county
    """
    from .render import render_rows
    from .stores.base import DatasetRow

    from . import datasets as service

    with opened_for_writing(ctx) as store:
        if remove is not None:
            summary = service.remove(store, remove, keep_history=keep_history)
            click.echo(f"Removed the dataset {remove} from the {store.kind} store at {store.location}", err=True)
            click.echo(_summary_line(summary), err=True)
        rows = [DatasetRow(**vars(d)) for d in service.list_datasets(store)]
    _echo(render_rows(rows, fmt))


@cli.command()
@format_option
@on_option
@click.pass_context
def stats(ctx: click.Context, fmt: str, on: date | None) -> None:
    """Count nodes by label and kind, and relationships by type.

    \b
    Example:
      partnership-graph stats --format csv
    """
    from .queries.stats import stats as run

    with opened(ctx) as store:
        emit_rows(run(store, on=on), fmt)


@cli.command()
@click.argument("query", required=False)
@click.option("--kind", help="Area kind: lad, utla (every upper tier), csp, pfa/police, fra/fire, icb, sicbl, "
                             "lhb, region, country (the words of docs/queries.md, 'Words for kinds').")
@format_option
@on_option
@click.pass_context
def areas(ctx: click.Context, query: str | None, kind: str | None, fmt: str, on: date | None) -> None:
    """List areas whose code is QUERY or whose name contains it.

    \b
    Example:
      partnership-graph areas oldham
      partnership-graph areas --kind pfa --format csv
    """
    from .queries.areas import find_areas

    with opened(ctx) as store:
        emit_rows(find_areas(store, query, _area_kind(kind), on=on), fmt)


@cli.command()
@click.argument("area")
@detail_format_option
@on_option
@click.pass_context
def area(ctx: click.Context, area: str, fmt: str, on: date | None) -> None:
    """Show one area: what it is part of (with shares), what it contains, who covers it.

    \b
    Example:
      partnership-graph area "Central Bedfordshire"
      partnership-graph area csp:Dorset --format json
    """
    from .queries.areas import area_detail
    from .render import render_rows, terminal_text, to_json

    from .queries._common import resolve_area

    with opened(ctx) as store:
        d = area_detail(store, area, on=on)
        note = resolve_area(store, area, on=on).note  # a retired or new GSS code, found under the other
    if note:
        click.echo(f"Note: {note}.", err=True)
    if fmt == "json":
        _echo(to_json(d.model_dump(mode="json")))
        return
    say_as_at(str(d.as_at))
    a = d.area
    pop = f", population {a.population:,} (mid-2023)" if a.population is not None else ""
    click.echo(terminal_text(f"{a.name} ({a.kind} {a.code}){pop}"))
    _say_status_and_dates(a.status, a.status_note, a.valid_from, a.valid_to)
    click.echo("")
    click.echo("Part of (LAD: as the lookups and changes state it) / lies within or overlaps (other areas: "
               "worked from its districts, by population):" if a.kind != "LAD" else "Part of:")
    _echo(render_rows(d.part_of, "table"))
    click.echo(f"\nContains ({len(d.contains)}):")
    _echo(render_rows(d.contains, "table"))
    click.echo("\nCovered directly by:")
    _echo(render_rows(d.covered_by, "table"))


@cli.command()
@click.argument("query", required=False)
@click.option("--kind", help="Body kind: csp, hwb, scp, sab, police, fire, council, pcc... (the words of "
                             "docs/queries.md, 'Words for kinds').")
@click.option("--area", "area_", metavar="AREA", help="Only bodies whose footprint touches this area.")
@format_option
@on_option
@click.pass_context
def bodies(ctx: click.Context, query: str | None, kind: str | None, area_: str | None, fmt: str,
           on: date | None) -> None:
    """List bodies whose id or name contains QUERY.

    \b
    Example:
      partnership-graph bodies --area Oldham
      partnership-graph bodies safeguarding --kind safeguarding_children --format csv
    """
    from .queries.bodies import find_bodies
    from .render import basis, render_table

    body_kind = _body_kind(kind) if kind is not None else None
    with opened(ctx) as store:
        rows = find_bodies(store, query, body_kind, area_, on=on)
    if fmt != "table" or not rows:
        emit_rows(rows, fmt)
        return
    # the table marks what is not a fact read from a register: DERIVED bodies, ILLUSTRATIVE ones
    say_as_at(rows.as_at)
    cells = [[r.id, r.name, r.kind, str(r.lads),
              "; ".join(m for m in ("DERIVED" if r.derived else "",
                                    f"{r.status.upper()}: {r.status_note or ''}".strip(": ") if r.status else "",
                                    "" if r.authoritative else basis(False, r.source)) if m)]
             for r in rows]
    _echo(render_table(cells, ["id", "name", "kind", "lads", "marks"]))


@cli.command()
@click.argument("body")
@detail_format_option
@on_option
@click.pass_context
def body(ctx: click.Context, body: str, fmt: str, on: date | None) -> None:
    """Show one body: footprint, memberships, accountability, money and claims with sources.

    \b
    Example:
      partnership-graph body csp:oldham
      partnership-graph body "Oldham Community Safety Partnership" --format json
    """
    from .queries.bodies import body_detail
    from .render import basis, render_table, terminal_text, to_json

    with opened(ctx) as store:
        d = body_detail(store, body, on=on)
    if fmt == "json":
        _echo(to_json(d.model_dump(mode="json")))
        return
    say_as_at(str(d.as_at))
    click.echo(terminal_text(f"{d.name} [{d.id}] ({d.kind}{', ' + d.council_type if d.council_type else ''})"))
    click.echo(terminal_text(f"Source: {basis(d.authoritative, d.source)}: {d.source_title}"))
    if d.derived:
        click.echo(terminal_text(f"DERIVED: {d.derived_reason or 'inferred, not read from a register'}"))
    _say_status_and_dates(d.status, d.status_note, d.valid_from, d.valid_to)
    if d.notes:
        click.echo(terminal_text(f"Notes: {d.notes}"))
    click.echo(f"\nFootprint ({d.lads} LADs):")
    _echo(render_table([[f.code, f.name, f.kind, f"{f.share:.4g}", str(f.lads)] for f in d.footprint],
                       ["code", "name", "kind", "share", "lads"]))
    for title, rel_rows in (("Memberships", d.memberships), ("Accountability", d.accountability),
                            ("Funding and information sharing", d.links)):
        click.echo(f"\n{title} ({len(rel_rows)}):")
        _echo(render_table([[r.type, "->" if r.direction == "out" else "<-", r.other_id, r.other_name,
                             r.detail, basis(r.authoritative, r.source)] for r in rel_rows],
                           ["type", "dir", "other", "name", "detail", "source"]))
    click.echo(f"\nIssue claims ({len(d.claims)}):")
    _echo(render_table([[c.claim + (" (statutory)" if c.statutory else ""), c.issue_name, c.scope or "",
                         basis(c.authoritative, c.source),
                         c.evidence or ""] for c in d.claims], ["claim", "issue", "scope", "source", "evidence"]))


@cli.command()
@format_option
@on_option
@click.pass_context
def issues(ctx: click.Context, fmt: str, on: date | None) -> None:
    """Show the issue taxonomy as a tree, with synonyms you can type.

    \b
    Example:
      partnership-graph issues
      partnership-graph issues --format json
    """
    from .queries.issues import issue_tree
    from .render import render_table

    with opened(ctx) as store:
        rows = issue_tree(store, on=on)
    if fmt != "table":
        emit_rows(rows, fmt)
        return
    say_as_at(rows.as_at)
    # the taxonomy is a DAG: the tree shows each issue once, under one parent, and the last column
    # names every broader issue it is part of
    _echo(render_table([["  " * r.depth + r.name, r.id,
                         "; ".join(n + (f" ({s})" if s else "") for n, s in zip(r.parent_names, r.parent_sources)),
                         ", ".join(r.synonyms)] for r in rows], ["issue", "id", "part of (source)", "synonyms"]))


from . import cli_exports, cli_queries  # noqa: E402,F401  (register the question and output commands)
from . import cli_changes  # noqa: E402,F401  (scenario, diff, and --scenario on the commands above)
from . import cli_serve  # noqa: E402,F401  (the web app: serve)
from . import cli_plan  # noqa: E402,F401  (the planning pack: plan)


def main() -> None:
    cli(prog_name="partnership-graph")


__all__ = ["LoadError", "cli", "main"]

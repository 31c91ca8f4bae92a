"""The ``plan`` command: the planning pack for one area across a change (exporters.plan).

Imported at the end of cli.py. Only click is imported at module level; the command imports the
library inside its body, so ``partnership-graph --help`` stays light.
"""

from __future__ import annotations

from datetime import date

import click

from .cli_base import IsoDate, _echo, cli, opened

PLAN_FORMATS = ("md", "docx", "html", "json")   # = exporters.plan.FORMATS


@cli.command()
@click.option("--area", "area_", required=True, metavar="AREA",
              help="The area: a council, county, CSP area, police force area... (GSS code, name or prefix), as it "
                   "exists on --from (or, failing that, on --to).")
@click.option("--from", "date_from", type=IsoDate(), default=None, metavar="DATE",
              help="The earlier date, YYYY-MM-DD. [default: today]")
@click.option("--to", "date_to", type=IsoDate(), default=None, metavar="DATE",
              help="The later date, YYYY-MM-DD. [default: the date of the area's next recorded change]")
@click.option("--scenario", "scenario_", metavar="NAME|FILE",
              help="Lay a scenario over the graph: a bundled scenario's name (see `scenario list`) or your own "
                   "scenario file (docs/scenarios.md). Never written to the store.")
@click.option("--format", "fmt", type=click.Choice(PLAN_FORMATS), default=None,
              help="md (Markdown), docx (Word), html (a page that prints well) or json; default: from the "
                   "extension of -o, else md.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), metavar="FILE",
              help="File to write; without it the pack goes to stdout (not for docx).")
@click.option("--no-drafts", is_flag=True, help="Link fresh joint protocol drafts instead of attaching them.")
@click.pass_context
def plan(ctx: click.Context, area_: str, date_from: date | None, date_to: date | None, scenario_: str | None,
         fmt: str | None, output: str | None, no_drafts: bool) -> None:
    """The planning pack for an area across a change: what reorganisation changes, and what to do.

    Summary of the changes with their status and sources; for each kind of statutory body the
    bodies and statutory duties before and after; partnerships to establish (with the members the
    statute names and any timing it sets); joint protocols to redraft, with fresh drafts
    attached; issue ownership (leads that pass or lapse, gaps, overlaps); boundaries; decisions
    needed; open questions (everything derived, assumed or not recorded as made law); sources.

    \b
    Example:
      partnership-graph plan --area Surrey --from 2027-03-31 --to 2027-04-01 -o surrey.docx
      partnership-graph plan --area Norfolk --to 2028-06-01 --format md
      partnership-graph plan --area pfa:Staffordshire --from 2028-04-30 --to 2028-05-01 --scenario pcc-abolition-2028
      partnership-graph plan --area Cherwell --to 2028-04-01 --scenario my-proposal.yaml -o cherwell.html
    """
    from .exporters.plan import plan_pack, render, write_plan

    suffix = (output or "").lower().rsplit(".", 1)[-1] if output and "." in output else ""
    chosen = fmt or (suffix if suffix in PLAN_FORMATS else "md")
    if chosen == "docx" and not output:
        raise click.UsageError("--format docx needs -o FILE (a Word file cannot go to the terminal)")
    with opened(ctx) as store:
        pack = plan_pack(store, area_, date_from, date_to, scenario_, drafts=not no_drafts)
    s = pack.summary
    if output is None:
        _echo(render(pack, chosen).decode("utf-8"))  # type: ignore[arg-type]
    else:
        path = write_plan(pack, output, chosen)  # type: ignore[arg-type]
        statuses = ", ".join(f"{n} {k}" for k, n in s.statuses.items())
        click.echo(f"Wrote {path}: planning pack for {s.area_name} ({s.area_code}) from {s.date_from} to "
                   f"{s.date_to}" + (f" under scenario {s.scenario}" if s.scenario else "") + ": "
                   + (f"{sum(s.statuses.values())} changes ({statuses}), " if s.statuses else "no change, ")
                   + f"{len(pack.partnerships)} partnerships to establish, {len(pack.protocols)} protocols, "
                     f"{len(pack.decisions)} decisions, {len(pack.questions)} open questions, "
                     f"{len(pack.sources)} sources.", err=True)
    if not s.changes:
        click.echo(f"Note: no recorded change touches {s.area_name} between {s.date_from} and {s.date_to}.",
                   err=True)

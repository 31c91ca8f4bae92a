"""The time-and-change commands (scenario list/check, diff) and the ``--scenario`` option.

Imported at the end of cli.py. ``--scenario NAME|FILE`` is added to every query and export
command here, in one place: it records the scenario on the click context, and ``cli.opened``
hands the command a read-only ``ProjectionStore`` over the store's projection with the scenario
applied, for the embedded store and Neo4j alike. Nothing is written to the store.
"""

from __future__ import annotations

from typing import Any

import click

from .cli_base import _echo, cli, opened

SCENARIO_COMMANDS = ("who-leads", "gaps", "overlaps", "coterminosity", "accountability", "brokers",
                     "stats", "areas", "area", "bodies", "body", "issues", "export", "protocol", "publish")
SCENARIO_HELP = ("Answer as if this scenario's changes were applied: a bundled scenario's name "
                 "(see `scenario list`) or a scenario file. Never written to the store.")


def _remember(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value:
        ctx.meta["partnership_graph.scenario"] = value
    return value


def scenario_option() -> Any:
    return click.option("--scenario", metavar="NAME|FILE", expose_value=False, callback=_remember,
                        is_eager=True, help=SCENARIO_HELP)


def add_scenario_option() -> None:
    for name in SCENARIO_COMMANDS:
        command = cli.commands.get(name)
        if command is not None and not any(p.name == "scenario" for p in command.params):
            scenario_option()(command)


@cli.group()
def scenario() -> None:
    """Scenarios: announced policy or your own proposals, applied only when asked (--scenario).

    \b
    Example:
      partnership-graph scenario list
      partnership-graph scenario check my-proposal.yaml
    """


@scenario.command("list")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="Output format.")
def scenario_list(fmt: str) -> None:
    """The bundled scenarios with their status, number of changes and sources.

    \b
    Example:
      partnership-graph scenario list
      partnership-graph who-leads DA --area Surrey --scenario pcc-abolition-2028
    """
    import json

    from .changes import scenario_names
    from .national import bundled_register, load_scenario
    from .render import render_table

    sets = [bundled_register()] + [load_scenario(n) for n in scenario_names()]
    rows: list[dict[str, Any]] = []
    for s in sets:
        srcs = s.sources()
        rows.append({"name": s.name, "title": s.title, "statuses": s.statuses, "changes": len(s.changes),
                     "applied": "always (at build)" if s.name == "register" else "with --scenario",
                     "sources": [{"title": x.title, "url": x.url} for x in srcs], "description": s.description})
    if fmt == "json":
        _echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    _echo(render_table([[r["name"], ", ".join(r["statuses"]), str(r["changes"]), r["applied"],
                         f"{len(r['sources'])} sources, e.g. {r['sources'][0]['title']}" if r["sources"] else "",
                         ] for r in rows], ["scenario", "status", "changes", "applied", "sources"]))


@scenario.command("check")
@click.argument("file", type=click.Path(exists=False))
@click.pass_context
def scenario_check(ctx: click.Context, file: str) -> None:
    """Validate a scenario FILE (CSV folder or YAML): every problem at file:row:column, exit 2.

    Checked against the graph in the store (the national skeleton if the store is empty); the
    store is never written. docs/scenarios.md describes the format.

    \b
    Example:
      partnership-graph scenario check my-proposal.yaml
    """
    from .changes.scenario_file import read_scenario
    from .national import skeleton_graph

    with opened(ctx) as store:
        g = store.graph()
    changes = read_scenario(file, g if g.number_of_nodes() else skeleton_graph())
    statuses = ", ".join(changes.statuses)
    click.echo(f"{file}: {len(changes.changes)} changes ({statuses}) check out; nothing was written.")


@cli.command()
@click.option("--from", "date_from", required=True, metavar="DATE", help="The earlier date (YYYY-MM-DD).")
@click.option("--to", "date_to", required=True, metavar="DATE", help="The later date (YYYY-MM-DD).")
@click.option("--scenario", "scenario_", metavar="NAME|FILE", help=SCENARIO_HELP)
@click.option("--area", "area_", metavar="AREA", help="Only what touches this area (on either date).")
@click.option("--only", "sections", multiple=True, metavar="SECTION",
              help="Only these sections (repeatable): area, body, membership, accountability, "
                   "coterminosity, gap, claim (orphaned-lead), protocol.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "md"]), default="table", show_default=True,
              help="Output format (md: Markdown).")
@click.pass_context
def diff(ctx: click.Context, date_from: str, date_to: str, scenario_: str | None, area_: str | None,
         sections: tuple[str, ...], fmt: str) -> None:
    """What changes between two dates: areas and bodies created or ended, memberships and
    accountability that move, coterminosity that changes, gaps opened or closed, leads whose
    body ends, protocols to redraft.

    \b
    Example:
      partnership-graph diff --from 2027-03-31 --to 2027-04-01 --area Surrey
      partnership-graph diff --from 2027-03-31 --to 2027-04-01 --area csp:Waverley --only body --only protocol
      partnership-graph diff --from 2028-01-01 --to 2028-06-01 --scenario pcc-abolition-2028 --format md
    """
    import json
    from dataclasses import replace

    from .national import load_scenario

    from .queries.diff import SECTIONS, render_markdown
    from .queries.diff import diff as run
    from .suggest import did_you_mean
    from .errors import QueryError
    from .render import render_table

    from .dates import DateError, parse_date

    days = []
    for label, text in (("--from", date_from), ("--to", date_to)):
        try:
            days.append(parse_date(text))
        except DateError as e:
            raise QueryError(f"{label} {e}") from None
    sections = tuple("claim" if s == "orphaned-lead" else s for s in sections)  # the section's old name
    for section in sections:
        if section not in SECTIONS:
            raise QueryError(f"unknown section {section!r}{did_you_mean(section, SECTIONS)}; "
                             f"one of: {', '.join(SECTIONS)}")
    with opened(ctx) as store:
        from .queries.reader import refuse_before_data

        for day in days:  # no answer before the data begins
            refuse_before_data(store, day.isoformat())
        changes = load_scenario(scenario_, store.graph()) if scenario_ else None
        result = run(store, days[0], days[1], changes, area_)
    if sections:
        result = replace(result, rows=tuple(r for r in result.rows if r.section in sections))
    if fmt == "json":
        _echo(json.dumps({"from": result.date_from, "to": result.date_to, "scenario": result.scenario,
                          "area": result.area, "counts": result.counts(),
                          "rows": [r.as_dict() for r in result.rows]}, indent=2, ensure_ascii=False))
    elif fmt == "md":
        _echo(render_markdown(result))
    else:
        head = (f"From {result.date_from} to {result.date_to}"
                + (f", scenario {result.scenario}" if result.scenario else "")
                + (f", in {result.area}" if result.area else "") + ":")
        click.echo(head)
        if not result.rows:
            click.echo("Nothing changes.")
            return
        _echo(render_table([[r.section, r.change, r.subject, r.name + (" DERIVED" if r.derived else ""),
                             r.detail[:120]] for r in result.rows],
                           ["section", "change", "subject", "name", "detail"]))


add_scenario_option()

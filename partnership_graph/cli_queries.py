"""The question commands (who-leads, gaps, overlaps, coterminosity, accountability, brokers).

Kept apart from cli.py so the two families can grow independently; imported at the end of
cli.py, which registers the commands on the same group. Only click is imported at module level:
each command imports its query module inside its body, so ``--help`` stays fast.

Every command renders through ``render_rows`` for csv and json (the rows' own fields, documented
in docs/queries.md, plus ``as_at``); the table view picks readable columns and marks illustrative
claims with ``render.basis``. Every command takes ``--on DATE`` and says the date it answers for.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import click

from .cli import _echo, cli, emit_rows, format_option, on_option, opened, say_as_at


def _lads(lads: Sequence[str]) -> str:
    return "; ".join(lads) if len(lads) <= 3 else f"{len(lads)} LADs"


def _people(n: int) -> str:
    return f"{n:,}"


def _emit(rows: Sequence[Any], fmt: str, table: Any, empty: str | None = None) -> None:
    """csv/json straight from the rows; the table view from ``table(rows)`` -> (cells, headers).

    ``empty`` is said on stderr when a table has no rows, so the data stream stays clean.
    """
    from .render import render_rows, render_table

    if fmt != "table":
        emit_rows(rows, fmt)
        return
    day = getattr(rows, "as_at", None)
    if day:
        say_as_at(day)
    if not rows:
        _echo(render_rows(rows, fmt))
        if empty:
            click.echo(empty, err=True)
    else:
        cells, headers = table(rows)
        _echo(render_table(cells, headers))


@cli.command("who-leads")
@click.argument("issue")
@click.option("--area", "area_", metavar="AREA", help="GSS code, name or prefix; default: all of England and Wales.")
@format_option
@on_option
@click.pass_context
def who_leads(ctx: click.Context, issue: str, area_: str | None, fmt: str, on: date | None) -> None:
    """Who leads ISSUE in an area, with supporters, footprint fit and sources.

    A lead on a broader issue (VAWG) leads a narrower one (domestic abuse) on every LAD where no
    narrower lead covers it. Claims from illustrative sources are marked ILLUSTRATIVE.

    \b
    Example:
      partnership-graph who-leads "modern slavery" --area Oldham
      partnership-graph who-leads DA --area Nottinghamshire --format json
    """
    from .queries.who_leads import who_leads as run
    from .render import basis

    with opened(ctx) as store:
        rows = run(store, issue, area_, on=on)

    def table(rows: Sequence[Any]) -> tuple[list[list[str]], list[str]]:
        return ([[r.role, r.body_id, r.body_name, r.issue_name + (" (broader)" if r.inherited else ""),
                  r.fit, _lads(r.lads), _people(r.population), ", ".join(r.co_leads),
                  basis(r.authoritative, r.source)] for r in rows],
                ["role", "body", "name", "claim on", "fit", "lads", "people", "co-leads", "source"])

    _emit(rows, fmt, table, f"Nobody covering {area_ or 'England and Wales'} leads or supports {issue!r} "
                            "or a broader issue.")


@cli.command()
@click.option("--area", "area_", metavar="AREA", help="GSS code, name or prefix; default: all of England and Wales.")
@click.option("--issue", metavar="ISSUE", help="Only ownership gaps on this issue or a narrower one.")
@click.option("--require", "required", metavar="ISSUE", multiple=True,
              help="An issue someone must lead everywhere in the area (repeatable).")
@format_option
@on_option
@click.pass_context
def gaps(ctx: click.Context, area_: str | None, issue: str | None, required: tuple[str, ...], fmt: str,
         on: date | None) -> None:
    """Ownership and statutory gaps, ranked, in an area or nationally.

    Ownership: an issue prioritised (or --require'd) that nobody covering the LADs leads.
    Statutory gaps (a CSP without one of its responsible authorities, a safeguarding partnership
    without one of its three partners) rank first, then ownership gaps by people affected.

    \b
    Example:
      partnership-graph gaps --area "North Yorkshire"
      partnership-graph gaps --area Oldham --require "county lines" --require VAWG --format csv
    """
    from .queries.gaps import gaps as run
    from .render import basis

    with opened(ctx) as store:
        rows = run(store, area_, issue, required, on=on)

    def table(rows: Sequence[Any]) -> tuple[list[list[str]], list[str]]:
        return ([[str(r.rank), r.gap, r.body_id or "(required)",
                  r.issue_name or f"no {r.missing}", _lads(r.lads), _people(r.population),
                  basis(r.authoritative, r.source), r.detail] for r in rows],
                ["rank", "gap", "body", "issue / missing", "lads", "people", "source", "detail"])

    _emit(rows, fmt, table, "No gaps found.")


@cli.command()
@click.option("--area", "area_", metavar="AREA", help="GSS code, name or prefix; default: all of England and Wales.")
@click.option("--issue", metavar="ISSUE", help="Only this issue and the narrower ones under it.")
@format_option
@on_option
@click.pass_context
def overlaps(ctx: click.Context, area_: str | None, issue: str | None, fmt: str, on: date | None) -> None:
    """Two or more leads of one issue over the same LADs, with their sources.

    Rows group the LADs by the set of bodies leading there: (issue, bodies, LADs).

    \b
    Example:
      partnership-graph overlaps --issue "domestic abuse"
      partnership-graph overlaps --area Oldham --format json
    """
    from .queries.overlaps import overlaps as run
    from .render import basis

    with opened(ctx) as store:
        rows = run(store, area_, issue, on=on)

    def table(rows: Sequence[Any]) -> tuple[list[list[str]], list[str]]:
        return ([[r.issue_name, ", ".join(r.bodies), _lads(r.lads), _people(r.population),
                  "; ".join(basis(a, s) for a, s in zip(r.authoritative, r.sources))] for r in rows],
                ["issue", "bodies", "lads", "people", "sources"])

    _emit(rows, fmt, table, "No overlaps found.")


@cli.command()
@click.option("--kinds", metavar="K1,K2,...", default=None,
              help="Kinds to compare, as users say them: csp, pfa/police, fra/fire, icb, sicbl, lhb, utla, "
                   "lad, region, or a body kind (pcc, hwb, scp, sab...). [default: csp,pfa,fra,icb]")
@click.option("--area", "area_", metavar="AREA", help="Only footprints that share a LAD with this area.")
@click.option("--summary", is_flag=True, help="One line per ordered pair of kinds instead of every pair of footprints.")
@format_option
@on_option
@click.pass_context
def coterminosity(ctx: click.Context, kinds: str | None, area_: str | None, summary: bool, fmt: str,
                  on: date | None) -> None:
    """How the footprints of two or more kinds line up: equal, within, straddling.

    Each pair of intersecting footprints gets a population-weighted Jaccard index over LAD
    shares (mid-2023 populations), correct where a footprint holds only part of a LAD. A
    relation marked "?" compares two parts of one LAD whose places the lookups do not give.

    \b
    Example:
      partnership-graph coterminosity --kinds csp,police,icb,fire --area Nottinghamshire
      partnership-graph coterminosity --kinds csp,pfa,icb,fra --summary --format csv
    """
    from .queries.coterminosity import coterminosity as run, coterminosity_summary

    with opened(ctx) as store:
        rows: Sequence[Any] = (coterminosity_summary if summary else run)(store, kinds, area_, on=on)

    def table(rows: Sequence[Any]) -> tuple[list[list[str]], list[str]]:
        if summary:
            return ([[r.kind_a, r.kind_b, str(r.footprints), str(r.compared), str(r.equal), str(r.within_one),
                      str(r.within_one_uncertain), str(r.straddling), f"{r.share_within_one:.1%}",
                      f"{r.mean_best_jaccard:.3f}"] for r in rows],
                    ["A", "B", "A footprints", "compared", "equal", "within one B", "of which uncertain",
                     "straddling", "share within one", "mean best jaccard"])
        return ([[r.kind_a, r.code_a, r.name_a, r.relation + ("?" if r.uncertain else ""), r.kind_b, r.code_b,
                  r.name_b, f"{r.jaccard:.3f}", _lads(r.shared_lads)] for r in rows],
                ["A", "code", "name", "relation", "B", "code", "name", "jaccard", "shared lads"])

    _emit(rows, fmt, table)


@cli.command()
@click.argument("body", required=False)
@click.option("--unscrutinised", is_flag=True, help="List bodies that answer to nobody in the graph instead.")
@click.option("--kind", help="With --unscrutinised: only bodies of this kind (csp, pcc, hwb...).")
@format_option
@on_option
@click.pass_context
def accountability(ctx: click.Context, body: str | None, unscrutinised: bool, kind: str | None, fmt: str,
                   on: date | None) -> None:
    """The chain from BODY to whoever scrutinises it or holds it to account.

    Two-way and circular lines are followed once and marked. With --unscrutinised, bodies that
    answer to nobody in the graph, those whose kind makes that surprising first.

    \b
    Example:
      partnership-graph accountability csp:oldham
      partnership-graph accountability --unscrutinised --kind csp --format csv
    """
    from .queries.accountability import accountability as run, accountability_unscrutinised
    from .render import basis

    if unscrutinised == (body is not None):
        raise click.UsageError("give a BODY or --unscrutinised (not both)")
    if kind is not None and not unscrutinised:
        raise click.UsageError("--kind goes with --unscrutinised")
    with opened(ctx) as store:
        rows: Sequence[Any] = (accountability_unscrutinised(store, kind, on=on) if unscrutinised
                               else run(store, str(body), on=on))
    if unscrutinised:
        emit_rows(rows, fmt, None if fmt == "json" else ["id", "name", "kind", "expected", "note"])
        return
    def table(rows: Sequence[Any]) -> tuple[list[list[str]], list[str]]:
        return ([[str(r.depth), r.body_id, r.mechanism, r.accountable_to_id, r.accountable_to_name,
                  "already reached" if r.already_reached else "", basis(r.authoritative, r.source)] for r in rows],
                ["depth", "body", "mechanism", "answers to", "name", "note", "source"])

    _emit(rows, fmt, table, f"{body} answers to nobody in the graph.")


@cli.command()
@click.option("--area", "area_", metavar="AREA", help="Only bodies whose footprint touches this area.")
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True, help="How many bodies.")
@click.option("--sample", type=click.IntRange(min=1), default=None,
              help="Estimate betweenness from this many source bodies (fixed seed); default: exact.")
@format_option
@on_option
@click.pass_context
def brokers(ctx: click.Context, area_: str | None, top: int, sample: int | None, fmt: str,
            on: date | None) -> None:
    """Bodies that connect the most partnerships (betweenness over memberships).

    Both stores run the same networkx code over the graph they hold.

    \b
    Example:
      partnership-graph brokers --top 5
      partnership-graph brokers --area "Greater Manchester" --format json
    """
    from .queries.brokers import brokers as run

    with opened(ctx) as store:
        rows = run(store, area_, top, sample, on=on)
    emit_rows(rows, fmt)

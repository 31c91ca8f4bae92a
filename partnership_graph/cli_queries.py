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
from typing import TYPE_CHECKING, Any

import click

from .cli_base import _echo, cli, emit_rows, format_option, on_option, opened, say_as_at

if TYPE_CHECKING:
    from .stores.base import Store


def _lads(names: Sequence[str], limit: int = 12) -> str:
    """Districts by name (the table wraps them); past ``limit``, how many."""
    return "; ".join(names) if len(names) <= limit else f"{len(names)} districts"


def _matched_area(store: Store, area: str | None, on: date | None = None) -> str:
    """What an --area resolved to, in words: "Kent (county)", "England and Wales"."""
    if not area:
        return "England and Wales"
    from .graphmodel.vocab import AREA_KIND_WORDS
    from .queries._common import resolve_area

    ref = resolve_area(store, area, on=on)
    said = "" if area.strip().lower() == ref.name.lower() else f", matched {area.strip()!r}"
    return f"{ref.name} ({AREA_KIND_WORDS.get(ref.kind, ref.kind)} {ref.code}{said})"


def _matched_issue(store: Store, issue: str, on: date | None = None) -> str:
    """An issue in words, with what the user typed when that differs: "domestic abuse (matched 'DV')"."""
    from .queries._common import resolve_issue

    ref = resolve_issue(store, issue, on=on)
    said = "" if issue.strip().lower() == ref.name.lower() else f" (matched {issue.strip()!r})"
    return f"{ref.name.lower()}{said}"


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


def _arrangement(row: Any) -> str:
    """The register row a lead body rests on, beside the statute its claim cites."""
    source = getattr(row, "body_source", None) or ""
    return f"; arrangement: {source}" if source.startswith("register:") and source != row.source else ""


@cli.command("who-leads")
@click.argument("issue")
@click.option("--area", "area_", metavar="AREA", help="GSS code, name or prefix; default: all of England and Wales.")
@click.option("--by-district", is_flag=True, help="One row per district of --area: who leads and supports there.")
@format_option
@on_option
@click.pass_context
def who_leads(ctx: click.Context, issue: str, area_: str | None, by_district: bool, fmt: str,
              on: date | None) -> None:
    """Who leads ISSUE in an area, with supporters, footprint fit and sources.

    A lead on a broader issue (VAWG) leads a narrower one (domestic abuse) on every LAD where no
    narrower lead covers it. Claims from illustrative sources are marked ILLUSTRATIVE.

    \b
    Example:
      partnership-graph who-leads "modern slavery" --area Oldham
      partnership-graph who-leads DA --area Nottinghamshire --by-district
    """
    from .queries.who_leads import who_leads as run
    from .render import basis

    if by_district:
        if not area_:
            raise click.UsageError("--by-district needs --area (the districts of which area?)")
        from .queries.by_district import who_leads_by_district

        with opened(ctx) as store:
            district_rows = who_leads_by_district(store, issue, area_, on=on)
            matched = f"{_matched_issue(store, issue, on)} in {_matched_area(store, area_, on)}"

        def per_district(rows: Sequence[Any]) -> tuple[list[list[str]], list[str]]:
            return ([[r.lad, r.lad_name, _people(r.population or 0),
                      "; ".join(n + (" (held only through a broader issue)" if h else "")
                                for n, h in zip(r.lead_names, r.lead_held_through or [""] * len(r.lead_names)))
                      or "nobody",
                      "; ".join(r.supporter_names), "" if r.authoritative else "ILLUSTRATIVE"] for r in rows],
                    ["code", "district", "people", "leads", "supports", "source"])

        _emit(district_rows, fmt, per_district, f"No districts in {matched}.")
        return

    with opened(ctx) as store:
        rows = run(store, issue, area_, on=on)
        matched = (f"Nobody covering {_matched_area(store, area_, on)} leads or supports "
                   f"{_matched_issue(store, issue, on)} or a broader issue.") if not rows else ""

    def table(rows: Sequence[Any]) -> tuple[list[list[str]], list[str]]:
        return ([[r.role + (" (statutory)" if r.statutory else ""),
                  r.body_id + (" DERIVED" if r.derived else "") + (f" {r.status.upper()}" if r.status else ""),
                  r.body_name, r.issue_name + (" (held only through this broader issue)" if r.held_through else ""),
                  r.fit, _lads(r.lad_names), _people(r.population), ", ".join(r.co_leads),
                  basis(r.authoritative, r.source) + _arrangement(r)] for r in rows],
                ["role", "body", "name", "claim on", "fit", "districts", "people", "co-leads", "source"])

    _emit(rows, fmt, table, matched)


@cli.command()
@click.option("--area", "area_", metavar="AREA", help="GSS code, name or prefix; default: all of England and Wales.")
@click.option("--issue", metavar="ISSUE", help="Only ownership gaps on this issue or a narrower one.")
@click.option("--require", "required", metavar="ISSUE", multiple=True,
              help="An issue someone must lead everywhere in the area (repeatable).")
@click.option("--by-district", is_flag=True,
              help="An issue-by-district matrix of --area: each issue led (by whom) or GAP, per district.")
@format_option
@on_option
@click.pass_context
def gaps(ctx: click.Context, area_: str | None, issue: str | None, required: tuple[str, ...], by_district: bool,
         fmt: str, on: date | None) -> None:
    """Ownership and statutory gaps, ranked, in an area or nationally.

    Ownership: an issue prioritised (or --require'd) that nobody covering the LADs leads.
    Statutory gaps (a CSP without one of its responsible authorities, a safeguarding partnership
    without one of its three partners) rank first, then ownership gaps by people affected.

    \b
    Example:
      partnership-graph gaps --area "North Yorkshire"
      partnership-graph gaps --area Oldham --require "county lines" --require VAWG --format csv
      partnership-graph gaps --area Nottinghamshire --by-district
    """
    from .queries.by_district import issues_checked
    from .queries.gaps import gaps as run
    from .render import basis

    if by_district:
        _gaps_by_district(ctx, area_, issue, required, fmt, on)
        return
    with opened(ctx) as store:
        rows = run(store, area_, issue, required, on=on)
        empty = (_no_gaps(store, area_, issue, required, issues_checked(store, area_, issue, required, on=on), on)
                 if not rows else "")

    def table(rows: Sequence[Any]) -> tuple[list[list[str]], list[str]]:
        return ([[str(r.rank), r.gap, (r.body_id or "(required)") + (" DERIVED" if r.derived else "")
                  + (f" {r.status.upper()}" if r.status else ""),
                  r.issue_name or f"no {r.missing}", _lads(r.lad_names), _people(r.population),
                  basis(r.authoritative, r.source), r.detail] for r in rows],
                ["rank", "gap", "body", "issue / missing", "districts", "people", "source", "detail"])

    _emit(rows, fmt, table, empty)


def _no_gaps(store: Store, area_: str | None, issue: str | None, required: Sequence[str], checked: Sequence[str],
             on: date | None = None) -> str:
    """Why there is no gap, honestly: all checked and led, or nothing there to compare."""
    where = _matched_area(store, area_, on)
    about = f" on {_matched_issue(store, issue, on)} or a narrower issue" if issue else ""
    if not checked:
        return (f"No ownership gap in {where}{about}, but nothing to compare: no issue is prioritised or required "
                "here, so this is not an all clear. Name what someone must lead with --require ISSUE."
                + ("" if issue else " Statutory partners were checked: none missing."))
    from .queries._common import issue_index

    names = {i.id: i.name for i in issue_index(store, on).words.values()}
    listed = ", ".join(names.get(i, i).lower() for i in checked)
    return (f"No gaps in {where}{about}: every issue prioritised or required here is led ({listed})"
            + ("." if issue else "; every partnership has its statutory partners."))


def _gaps_by_district(ctx: click.Context, area_: str | None, issue: str | None, required: Sequence[str],
                      fmt: str, on: date | None) -> None:
    import csv
    import io

    from .queries.by_district import gaps_by_district, issues_checked, matrix
    from .render import csv_safe, render_table

    if not area_:
        raise click.UsageError("--by-district needs --area (the districts of which area?)")
    with opened(ctx) as store:
        rows = gaps_by_district(store, area_, issue, required, on=on)
        empty = ("" if issues_checked(store, area_, issue, required, on=on)
                 else _no_gaps(store, area_, issue, required, [], on))
    if fmt == "json":
        emit_rows(rows, fmt)
        return
    if fmt == "table":
        say_as_at(rows.as_at)
    headers, cells = matrix(rows)
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(headers)
        writer.writerows([[csv_safe(c) for c in row] for row in cells])
        _echo(buf.getvalue())
    else:
        _echo(render_table([[*row[:2], _people(int(row[2])) if row[2] else "", *row[3:]] for row in cells], headers))
    if empty:
        click.echo(empty, err=True)


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
        empty = (f"No overlaps in {_matched_area(store, area_, on)}"
                 + (f" on {_matched_issue(store, issue, on)} or a narrower issue" if issue else "")
                 + ": no district has two or more leads of one issue.") if not rows else ""

    def table(rows: Sequence[Any]) -> tuple[list[list[str]], list[str]]:
        return ([[r.issue_name, ", ".join(r.bodies), _lads(r.lad_names), _people(r.population),
                  "; ".join(basis(a, s) for a, s in zip(r.authoritative, r.sources))] for r in rows],
                ["issue", "bodies", "districts", "people", "sources"])

    _emit(rows, fmt, table, empty)


@cli.command()
@click.option("--kinds", metavar="K1,K2,...", default=None,
              help="Kinds to compare, as users say them: csp, pfa/police, fra/fire, icb, sicbl, lhb, utla, "
                   "lad, region, or a body kind (pcc, hwb, scp, sab...). [default: csp,pfa,fra,icb]")
@click.option("--area", "area_", metavar="AREA", help="Only footprints that share a LAD with this area.")
@click.option("--summary", is_flag=True, help="One line per ordered pair of kinds instead of every pair of footprints.")
@click.option("--mismatches", is_flag=True, help="Only the pairs that are neither equal nor nested (straddling).")
@format_option
@on_option
@click.pass_context
def coterminosity(ctx: click.Context, kinds: str | None, area_: str | None, summary: bool, mismatches: bool,
                  fmt: str, on: date | None) -> None:
    """How the footprints of two or more kinds line up: equal, within, straddling.

    Each pair of intersecting footprints gets a population-weighted Jaccard index over LAD
    shares (mid-2023 populations), correct where a footprint holds only part of a LAD. A
    relation marked "?" compares two parts of one LAD whose places the lookups do not give.

    \b
    Example:
      partnership-graph coterminosity --kinds csp,police,icb,fire --area Nottinghamshire
      partnership-graph coterminosity --kinds csp,pfa,icb,fra --summary --format csv
      partnership-graph coterminosity --kinds csp,icb --area "North Yorkshire" --mismatches
    """
    from .queries.coterminosity import coterminosity as run, coterminosity_summary

    if summary and mismatches:
        raise click.UsageError("--mismatches lists pairs; --summary counts them (the 'straddling' column): "
                               "use one")
    with opened(ctx) as store:
        rows: Sequence[Any] = (coterminosity_summary(store, kinds, area_, on=on) if summary
                               else run(store, kinds, area_, mismatches=mismatches, on=on))
        empty = (f"Every pair of footprints touching {_matched_area(store, area_, on)} is equal or nested: "
                 "no mismatches." if mismatches and not rows else "")

    def table(rows: Sequence[Any]) -> tuple[list[list[str]], list[str]]:
        if summary:
            return ([[r.kind_a, r.kind_b, str(r.footprints), str(r.compared), str(r.equal), str(r.within_one),
                      str(r.within_one_uncertain), str(r.straddling), f"{r.share_within_one:.1%}",
                      f"{r.mean_best_jaccard:.3f}"] for r in rows],
                    ["A", "B", "A footprints", "compared", "equal", "within one B", "of which uncertain",
                     "straddling", "share within one", "mean best jaccard"])
        return ([[r.kind_a, r.code_a, r.name_a, r.relation + ("?" if r.uncertain else ""), r.kind_b, r.code_b,
                  r.name_b, f"{r.jaccard:.3f}", _lads(r.shared_lad_names)] for r in rows],
                ["A", "code", "name", "relation", "B", "code", "name", "jaccard", "shared districts"])

    _emit(rows, fmt, table, empty)


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
    from .cli_base import _body_kind

    body_kind = _body_kind(kind) if kind is not None else None
    with opened(ctx) as store:
        rows: Sequence[Any] = (accountability_unscrutinised(store, body_kind, on=on) if unscrutinised
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

    Both stores run the same code over the graph they hold; the scores are
    networkx's exact betweenness (--sample estimates them).

    \b
    Example:
      partnership-graph brokers --top 5
      partnership-graph brokers --area "Greater Manchester" --format json
    """
    from .queries.brokers import brokers as run

    with opened(ctx) as store:
        rows = run(store, area_, top, sample, on=on)
    emit_rows(rows, fmt)

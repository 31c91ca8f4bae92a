"""What every command shares: the ``cli`` group and its global options, the options and output
helpers, and the open store (with ``--scenario`` laid over it). The commands live in cli.py and
the cli_*.py modules, which import this and never each other.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

import click

from . import __version__
from .errors import PartnershipGraphError

if TYPE_CHECKING:
    from .stores.base import Store, WritableStore

F = TypeVar("F", bound=Callable[..., Any])


class UserFacingError(click.ClickException):
    """A library error shown as plain text with the library's exit code (2: fix input, 1: environment).

    click declares ``exit_code`` a class variable, so each code is a subclass (``for_code``), never an
    attribute set on an instance.
    """

    @staticmethod
    def for_code(message: str, exit_code: int) -> UserFacingError:
        return InputProblem(message) if exit_code == 2 else EnvironmentProblem(message)

    def show(self, file: Any = None) -> None:
        lines = self.format_message().splitlines() or [""]
        out = file or sys.stderr
        if len(lines) == 1:
            click.echo(f"Error: {lines[0]}", err=True, file=file)
        else:
            for line in lines:
                click.echo(line, err=True, file=out if file else None)


class InputProblem(UserFacingError):
    """What the user gave must be fixed (bad option, unresolved name, bad data file)."""

    exit_code = 2


class EnvironmentProblem(UserFacingError):
    """What the environment did (unreachable server, busy or unreadable store)."""

    exit_code = 1


class Group(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except PartnershipGraphError as e:
            raise UserFacingError.for_code(str(e), e.exit_code) from None


def format_option(f: F) -> F:
    return click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
                        show_default=True, help="Output format.")(f)


def detail_format_option(f: F) -> F:
    return click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
                        show_default=True, help="Output format.")(f)


if TYPE_CHECKING:  # click >= 8.2 makes ParamType generic; 8.1 (pyproject allows it) cannot subscript it
    _DateParamType = click.ParamType[date]
else:
    _DateParamType = click.ParamType


class IsoDate(_DateParamType):
    """A calendar date written YYYY-MM-DD."""

    name = "date"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        from .dates import DateError, parse_date

        if isinstance(value, date):
            return value
        try:
            return parse_date(str(value))
        except DateError as e:
            self.fail(str(e), param, ctx)


def on_option(f: F) -> F:
    """``--on DATE``: answer as at a date (default today); every command that reads the graph has it."""
    return click.option("--on", "on", type=IsoDate(), default=None, metavar="DATE",
                        help="Answer as at this date, YYYY-MM-DD: only what counts on it "
                             "(valid_from <= DATE < valid_to). [default: today]")(f)


def say_as_at(day: str) -> None:
    """The date a table or page describes, on stderr so the data stream stays clean."""
    click.echo(f"As at {day}.", err=True)


def emit_rows(rows: Sequence[Any], fmt: str, columns: Sequence[str] | None = None) -> None:
    """Rows with the date they describe (``rows.as_at``): an ``as_at`` field of every JSON object
    and the last CSV column; for a table, the line ``As at DATE.`` on stderr."""
    from .render import render_rows

    day = getattr(rows, "as_at", None) or None
    if fmt == "table" and day:
        say_as_at(day)
    _echo(render_rows(rows, fmt, columns, as_at=day))


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--store", type=click.Choice(["embedded", "neo4j"]), default=None,
              help="Where the graph lives. [env PARTNERSHIP_GRAPH_STORE; default: embedded]")
@click.option("--db", type=click.Path(dir_okay=False), default=None,
              help="Embedded store file. [env PARTNERSHIP_GRAPH_DB; default: your user data folder]")
@click.option("--neo4j-uri", default=None, help="Bolt URI. [env NEO4J_URI; default bolt://127.0.0.1:7687]")
@click.option("--neo4j-user", default=None, help="Neo4j user. [env NEO4J_USER; default neo4j]")
@click.option("--neo4j-database", default=None, help="Neo4j database. [env NEO4J_DATABASE; default: the server's]")
@click.version_option(__version__, "--version", prog_name="partnership-graph")
@click.pass_context
def cli(ctx: click.Context, store: str | None, db: str | None, neo4j_uri: str | None,
        neo4j_user: str | None, neo4j_database: str | None) -> None:
    """Who leads what among England and Wales community-safety and safeguarding partnerships.

    Start with `partnership-graph demo`: it loads the national skeleton (real ONS geography) and
    the bundled LGA-review example into the embedded store. The Neo4j password is read only from
    the NEO4J_PASSWORD environment variable.

    \b
    Areas are found by GSS code, exact name or unambiguous prefix (`csp:Oldham` picks a kind);
    issues by id, name or synonym (DA, VAWG, SOC, CSE).
    """
    from .config import Settings

    ctx.obj = Settings.from_env(store=store, db=db, uri=neo4j_uri, user=neo4j_user, database=neo4j_database)


def _open(ctx: click.Context) -> WritableStore:
    from .stores import open_store

    return open_store(ctx.find_root().obj)


@contextmanager
def opened(ctx: click.Context) -> Iterator[Store]:
    """The store the global options name, closed however the command ends."""
    store = _open(ctx)
    try:
        yield wrap_store(ctx, store)   # --scenario: a read-only view with the changes applied
    finally:
        store.close()


@contextmanager
def opened_for_writing(ctx: click.Context) -> Iterator[WritableStore]:
    """The store the global options name, to load into or remove from (never a view)."""
    store = _open(ctx)
    try:
        yield store
    finally:
        store.close()


def _echo(text: str) -> None:
    click.echo(text, nl=not text.endswith("\n"))


def _summary_line(summary: Any) -> str:
    withdrawn = ""
    for verb, nodes, rels in (("removed", summary.nodes_removed, summary.relationships_removed),
                              ("end-dated", summary.nodes_ended, summary.relationships_ended)):
        if nodes or rels:
            withdrawn += f"; no longer stated: {nodes} nodes and {rels} relationships {verb}"
    return (f"nodes: {summary.nodes_created} created, {summary.nodes_changed} changed, "
            f"{summary.nodes_unchanged} unchanged; relationships: {summary.relationships_created} created, "
            f"{summary.relationships_changed} changed, {summary.relationships_unchanged} unchanged{withdrawn} "
            f"({summary.seconds:.2f} s)")


def _area_kind(kind: str | None) -> str | None:
    if kind is None:
        return None
    from .graphmodel.vocab import area_kind_filter

    try:
        return area_kind_filter(kind)
    except KeyError as e:
        raise click.BadParameter(str(e.args[0]), param_hint="--kind") from None


def _body_kind(kind: str) -> str:
    from .graphmodel.vocab import parse_body_kind

    try:
        return parse_body_kind(kind).value
    except KeyError as e:
        raise click.BadParameter(str(e.args[0]), param_hint="--kind") from None


def wrap_store(ctx: click.Context, store: Store) -> Store:
    """The store itself, or a read-only view of it with the scenario on the context applied."""
    name = ctx.meta.get("partnership_graph.scenario")
    if not name:
        return store
    from .national import load_scenario
    from .queries.view import scenario_overlay, view

    changes = load_scenario(name, store.graph())
    return view(store, overlay=scenario_overlay(changes), scenario=changes.name)

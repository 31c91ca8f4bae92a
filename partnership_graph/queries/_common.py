"""What every query shares: result rows, graph helpers and argument resolution.

The graph helpers (``nodes``, ``lad_shares``, ``footprint``...) walk a networkx projection; the
networkx reader (``reader_nx``) and the exporters use them. Questions get their facts from a
``Reader`` (``queries.reader``), never from a store directly.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, TypeVar

from pydantic import BaseModel, ConfigDict

from ..errors import QueryError
from ..resolve import AreaIndex, AreaRef, BodyIndex, IssueIndex, IssueRef, ResolveError
from ._graph import footprint as footprint
from ._graph import in_edges as in_edges
from ._graph import lad_shares as lad_shares
from ._graph import nodes as nodes
from ._graph import out_edges as out_edges
from ._graph import source_info as source_info

if TYPE_CHECKING:
    from ..stores.base import Store
    from .reader import Reader


class Row(BaseModel):
    """A result row: frozen, and the unit of table, CSV and JSON output."""

    model_config = ConfigDict(frozen=True, extra="forbid")


R = TypeVar("R")


class Rows(list[R]):
    """A question's rows, with ``as_at``: the ISO date they describe. Compares as a plain list."""

    def __init__(self, rows: Iterable[R] = (), as_at: str = ""):
        super().__init__(rows)
        self.as_at = as_at


def is_neo4j(store: Store) -> bool:
    """True for a Neo4j store. Questions do not ask this: ``queries.reader.reader`` picks the reader."""
    return getattr(store, "kind", "") == "neo4j"


# -- argument resolution ---------------------------------------------------------------------
def as_reader(source: Store | Reader, on: date | str | None = None) -> Reader:
    """``source`` itself when it is a reader, else the store's reader as at ``on``."""
    from .reader import Reader, reader

    if isinstance(source, Reader):
        return source
    return reader(source, on=on)


def area_index(source: Store | Reader, on: date | str | None = None) -> AreaIndex:
    return as_reader(source, on).area_index()


def issue_index(source: Store | Reader, on: date | str | None = None) -> IssueIndex:
    return as_reader(source, on).issue_index()


def body_index(source: Store | Reader, on: date | str | None = None) -> BodyIndex:
    return as_reader(source, on).body_index()


def resolve_area(source: Store | Reader, text: str, on: date | str | None = None) -> AreaRef:
    """An area by code, name or prefix, among the areas that exist on the reader's date.

    A code or an exact name is looked up first (``Reader.lookup_areas``: on Neo4j, through the
    Area.code index, without reading every area); only what that cannot settle (a prefix, a
    typo to suggest for) reads the whole index.
    """
    rd = as_reader(source, on)
    found = _area_lookup(rd, text)
    if found is not None:
        return found
    try:
        return rd.area_index().resolve(text)
    except ResolveError as e:
        raise QueryError(_on_date(str(e), rd.on)) from None


def resolve_issue(source: Store | Reader, text: str, on: date | str | None = None) -> IssueRef:
    rd = as_reader(source, on)
    try:
        return rd.issue_index().resolve(text)
    except ResolveError as e:
        raise QueryError(_on_date(str(e), rd.on)) from None


def resolve_body(source: Store | Reader, text: str, on: date | str | None = None) -> str:
    rd = as_reader(source, on)
    if text.strip():
        query = text.strip()
        by_id, named = rd.lookup_body(query, query.lower())
        if by_id is not None:
            return by_id
        if len(named) == 1:
            return named[0]
    try:
        return rd.body_index().resolve(text)
    except ResolveError as e:
        raise QueryError(_on_date(body_hint(rd, text) or str(e), rd.on)) from None


def _on_date(message: str, on: str) -> str:
    """Say which date a failed look-up was made on, unless that date is today."""
    if on == date.today().isoformat():
        return message
    return f"{message} (as at {on})"


def _area_lookup(rd: Reader, text: str) -> AreaRef | None:
    """The area ``text`` names by code or exact name, as ``AreaIndex.resolve`` would; else None."""
    from ..graphmodel.vocab import AREA_KIND_ALIASES

    query = text.strip()
    if ":" in query and query.split(":", 1)[0].strip().lower() in AREA_KIND_ALIASES:
        query = query.split(":", 1)[1].strip()
    if not query:
        return None
    candidates = rd.lookup_areas(query.upper(), query.lower())
    if not candidates:
        return None
    try:
        found = AreaIndex(candidates).resolve(text)
    except ResolveError:
        return None
    return found if found.code.upper() == query.upper() or found.name.lower() == query.lower() else None


def body_hint(store: Store | Reader, text: str) -> str | None:
    """For a body id like ``csp:gedling`` that names a place rather than a body: the bodies of that
    prefix whose footprint touches the place (``csp:south-nottinghamshire``), as a message."""
    if ":" not in text:
        return None
    prefix, rest = (p.strip() for p in text.split(":", 1))
    if not prefix or not rest:
        return None
    rd = as_reader(store)
    place_text = rest.replace("-", " ")
    try:
        where = resolve_area(rd, place_text)
    except (QueryError, ResolveError):
        return None
    found = rd.find_bodies("", None, list(rd.lad_shares(where.code)))
    hits = sorted((b for b in found if b.id.lower().startswith(prefix.lower() + ":")),
                  key=lambda b: (b.kind, b.name.lower(), b.id))
    if not hits:
        return None
    shown = " or ".join(f"{b.id!r} ({b.name})" for b in hits[:4]) + (" or ..." if len(hits) > 4 else "")
    return f"unknown body {text!r}: {where.name} ({where.kind} {where.code}) is covered by {shown}"

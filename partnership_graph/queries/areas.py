"""Which areas there are, and what one area is part of, contains and is covered by, as at a date."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from ..resolve import AREA_PRIORITY
from ._common import Row, Rows, resolve_area
from .reader import reader

if TYPE_CHECKING:
    from ..stores.base import Store
    from .reader import Overlay

__all__ = ["AreaDetail", "AreaLinkRow", "AreaRow", "CoveringBodyRow", "area_detail", "find_areas"]

_RANK = {k.value: i for i, k in enumerate(AREA_PRIORITY)}


class AreaRow(Row):
    code: str
    name: str
    kind: str
    population: int | None = None


class AreaLinkRow(Row):
    code: str
    name: str
    kind: str
    share: float          # fraction of the (smaller) LAD that lies in the larger area
    share_basis: str


class CoveringBodyRow(Row):
    id: str
    name: str
    kind: str
    share: float
    derived: bool = False        # inferred (one board per council), not read from a register
    authoritative: bool = True   # false for a body an example invents (ILLUSTRATIVE) or cites nothing for


class AreaDetail(Row):
    area: AreaRow
    part_of: list[AreaLinkRow]
    contains: list[AreaLinkRow]
    covered_by: list[CoveringBodyRow]
    as_at: str | None = None     # the date the detail describes (ISO)


def _sort_key(r: AreaRow) -> tuple[int, str, str]:
    return (_RANK.get(r.kind, 99), r.name.lower(), r.code)


def find_areas(store: Store, text: str | None = None, kind: str | None = None, *, on: date | None = None,
               scenario: Overlay | None = None) -> Rows[AreaRow]:
    """Areas whose code equals or whose name contains ``text`` (any case), optionally of one kind.

    ``kind`` ``"UTLA"`` means every upper tier: the CTYUA areas and the LADs that are their own
    upper tier (as ``coterminosity --kinds utla`` compares them).

    Sorted by kind (LAD, CTYUA, CSP, PFA, FRA, ICB, LHB, SICBL, RGN, CTRY), then name, then code;
    the sort is applied here, after either reader, so both return the same list. Only areas that
    exist on ``on`` (default today) are listed.
    """
    needle = (text or "").strip().lower()
    rd = reader(store, on=on, scenario=scenario)
    rows = [AreaRow(code=a.code, name=a.name, kind=a.kind, population=a.population)
            for a in rd.find_areas(needle, kind)]
    return Rows(sorted(rows, key=_sort_key), rd.on)


def area_detail(store: Store, area: str, *, on: date | None = None,
                scenario: Overlay | None = None) -> AreaDetail:
    """One area (code, name or prefix) with its parents, its LADs and the bodies covering it,
    as at ``on`` (default today).

    The reader gives the area and its neighbours in one read (``Reader.area_record``: on Neo4j,
    one Cypher query through the Area.code index, no projection of the whole graph).
    """
    rd = reader(store, on=on, scenario=scenario)
    ref = resolve_area(rd, area)
    row = rd.area_record(ref.code)

    def link(o: dict[str, Any]) -> AreaLinkRow:
        return AreaLinkRow(code=o["code"], name=o["name"], kind=o["kind"],
                           share=float(o["share"] if o["share"] is not None else 1.0),
                           share_basis=str(o["share_basis"] if o["share_basis"] is not None else "whole"))

    def order(r: AreaLinkRow) -> tuple[int, str, str]:
        return (_RANK.get(r.kind, 99), r.name, r.code)

    covered_by = [CoveringBodyRow(id=b["id"], name=b["name"], kind=b["kind"],
                                  share=float(b["share"] if b["share"] is not None else 1.0),
                                  derived=bool(b["derived"]), authoritative=bool(b["authoritative"]))
                  for b in row["covered_by"]]
    return AreaDetail(area=AreaRow(**row["area"]), part_of=sorted(map(link, row["part_of"]), key=order),
                      contains=sorted(map(link, row["contains"]), key=order),
                      covered_by=sorted(covered_by, key=lambda r: (r.kind, r.id)), as_at=rd.on)

"""Which areas there are, and what one area is part of, contains and is covered by, as at a date.

``area_detail`` places any area in every footprint it meets. A district (LAD) is part of what the
lookups and changes say it is part of (``PART_OF``, with each share). Any other area (a county, a
unitary, a new unitary, a CSP, a police force area, an ICB...) is placed by its districts: for each
area of another kind that shares a district with it, the share of it (by population, mid-2023,
each district counted at the share of it inside) that lies in the other, ``within`` when that is
all of it and ``overlaps`` otherwise. Both stores give the same districts (``Reader.lad_shares``,
``Reader.area_footprints``), so both give the same answer.

An area that does not exist on the date asked is not an unknown area: ``area_elsewhere`` finds it
on the undated graph and says when it ended (with its successors) or when it starts.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, LiteralString

from ..errors import QueryError
from ..resolve import AREA_PRIORITY
from ._common import Row, Rows, resolve_area
from .reader import CypherStore, reader

if TYPE_CHECKING:
    from ..stores.base import Store
    from .reader import Overlay

__all__ = ["AreaDetail", "AreaInfo", "AreaLinkRow", "AreaRow", "CoveringBodyRow", "area_detail", "area_elsewhere",
           "find_areas"]

_RANK = {k.value: i for i, k in enumerate(AREA_PRIORITY)}


class AreaRow(Row):
    code: str
    name: str
    kind: str
    population: int | None = None


class AreaInfo(AreaRow):
    """The area of a detail view, with its dates and any status mark."""

    valid_from: str | None = None    # when it starts, where a source gives it
    valid_to: str | None = None      # the first day it no longer exists
    status: str | None = None        # DECIDED / ANNOUNCED...: exists only through such a change
    status_note: str | None = None   # that change's notes


class AreaLinkRow(Row):
    code: str
    name: str
    kind: str
    share: float          # fraction of the (smaller) LAD that lies in the larger area, or (for an area
                          # that is not a LAD) of this area, worked from its districts, in the other
    share_basis: str      # as the lookup states it; "districts" when worked from the districts
    relation: str = "within"  # "within" (all of it lies in the other), "contains" (all of the other lies
                              # in it) or "overlaps" (part of each)


class CoveringBodyRow(Row):
    id: str
    name: str
    kind: str
    share: float
    derived: bool = False        # inferred (one board per council), not read from a register
    authoritative: bool = True   # false for a body an example invents (ILLUSTRATIVE) or cites nothing for
    status: str | None = None    # DECIDED / ANNOUNCED...: exists only through such a change


class AreaDetail(Row):
    area: AreaInfo
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
    try:
        ref = resolve_area(rd, area)
    except QueryError as e:
        elsewhere = area_elsewhere(store, area, rd.on, scenario)
        raise QueryError(elsewhere or str(e)) from None
    row = rd.area_record(ref.code)

    def link(o: dict[str, Any]) -> AreaLinkRow:
        share = float(o["share"] if o["share"] is not None else 1.0)
        return AreaLinkRow(code=o["code"], name=o["name"], kind=o["kind"], share=share,
                           share_basis=str(o["share_basis"] if o["share_basis"] is not None else "whole"),
                           relation="within" if share >= 1.0 else "overlaps")

    def order(r: AreaLinkRow) -> tuple[int, str, str]:
        return (_RANK.get(r.kind, 99), r.name, r.code)

    covered_by = [CoveringBodyRow(id=b["id"], name=b["name"], kind=b["kind"],
                                  share=float(b["share"] if b["share"] is not None else 1.0),
                                  derived=bool(b["derived"]), authoritative=bool(b["authoritative"]),
                                  status=b.get("status"))
                  for b in row["covered_by"]]
    a = row["area"]
    part_of = (sorted(map(link, row["part_of"]), key=order) if a["kind"] == "LAD"
               else sorted(placed_in(rd, ref.code), key=order))
    area_row = AreaInfo(code=a["code"], name=a["name"], kind=a["kind"], population=a.get("population"),
                       valid_from=_text(a.get("valid_from")), valid_to=_text(a.get("valid_to")),
                       status=a.get("status"), status_note=a.get("status_note"))
    return AreaDetail(area=area_row, part_of=part_of,
                      contains=sorted(map(link, row["contains"]), key=order),
                      covered_by=sorted(covered_by, key=lambda r: (r.kind, r.id)), as_at=rd.on)


# The kinds an area is placed in (everything but districts and sub-ICB locations, which it contains
# or which only subdivide an ICB).
PLACED_KINDS = ("CTYUA", "CSP", "PFA", "FRA", "ICB", "LHB", "RGN", "CTRY")


def placed_in(rd: Any, code: str) -> list[AreaLinkRow]:
    """The areas of other kinds (and other areas of its own kind) that share a district with
    ``code``, each with the share of ``code`` inside it, worked from the districts: the population
    of each shared district counted at the smaller of its shares in the two areas, over the
    population of ``code`` (a district with no population counts as one person)."""
    import math

    mine = rd.lad_shares(code)
    if not mine:
        return []
    people = {lad: float(p) if p is not None else 1.0 for lad, p in rd.populations().items()}
    weight = {lad: s * people.get(lad, 1.0) for lad, s in mine.items()}
    total = math.fsum(weight.values())
    out = []
    for kind in PLACED_KINDS:
        for other, name, shares in rd.area_footprints((kind,), False):
            if other == code or not (shares.keys() & mine.keys()):
                continue
            inside = math.fsum(min(s, shares[lad]) * people.get(lad, 1.0) for lad, s in mine.items() if lad in shares)
            share = 1.0 if total <= 0 or inside >= total * (1 - 1e-9) else inside / total
            theirs = math.fsum(t * people.get(lad, 1.0) for lad, t in shares.items())
            relation = ("within" if share >= 1.0 else
                        "contains" if theirs > 0 and inside >= theirs * (1 - 1e-9) else "overlaps")
            out.append(AreaLinkRow(code=other, name=name, kind=kind, share=share, share_basis="districts",
                                   relation=relation))
    return out


AREA_HISTORY: LiteralString = (
    "MATCH (a:Area) WHERE a.code = $code OR toLower(a.name) = $lower\n"
    "RETURN a.code AS code, a.name AS name, a.kind AS kind, a[$since] AS valid_from,\n"
    "       a[$until] AS valid_to, a[$successors] AS successors")


AREA_NAMES: LiteralString = "MATCH (a:Area) WHERE a.code IN $codes RETURN a.code AS code, a.name AS name"


def area_elsewhere(store: Store, text: str, on: str, scenario: Overlay | None = None) -> str | None:
    """When ``text`` names an area that exists, but not on ``on``: a sentence saying when it ended
    (and its successors) or when it starts; None when no area of that code or name exists at all."""
    from ..graphmodel.vocab import AREA_KIND_ALIASES

    query = text.strip()
    if ":" in query and query.split(":", 1)[0].strip().lower() in AREA_KIND_ALIASES:
        query = query.split(":", 1)[1].strip()
    code, lower = query.upper(), query.lower()
    rows: list[dict[str, Any]]
    if isinstance(store, CypherStore) and scenario is None:
        from .reader import DATE_KEYS, MARK_KEYS

        rows = store.read(AREA_HISTORY, code=code, lower=lower, **DATE_KEYS, **MARK_KEYS)
    else:
        g = store.graph() if scenario is None else scenario(store.graph())
        rows = [{"code": a["code"], "name": a["name"], "kind": a["kind"], "valid_from": a.get("valid_from"),
                 "valid_to": a.get("valid_to"), "successors": a.get("successors")}
                for _, a in g.nodes(data=True) if a.get("label") == "Area"
                and (str(a.get("code", "")).upper() == code or str(a.get("name", "")).lower() == lower)]
    names = {}
    if rows and any(r.get("successors") for r in rows):
        wanted = {s for r in rows for s in (r.get("successors") or ())}
        if isinstance(store, CypherStore) and scenario is None:
            found = store.read(AREA_NAMES, codes=sorted(wanted))
            names = {r["code"]: r["name"] for r in found}
        else:
            g = store.graph() if scenario is None else scenario(store.graph())
            names = {c: g.nodes[f"Area:{c}"]["name"] for c in wanted if f"Area:{c}" in g}
    said = []
    for r in sorted(rows, key=lambda r: (str(r["code"]))):
        start, end = _text(r.get("valid_from")), _text(r.get("valid_to"))
        what = f"{r['name']} ({r['kind']} {r['code']})"
        if end is not None and end <= on:
            succ = [f"{names.get(c, c)} ({c})" for c in (r.get("successors") or ())]
            said.append(f"{what} ended on {end} (its last day was the day before)"
                        + (f"; its successors: {', '.join(succ)}" if succ else "")
                        + f". Ask about an earlier date to see it (--on {_day_before(end)}).")
        elif start is not None and on < start:
            said.append(f"{what} starts on {start}; ask about that date or later to see it (--on {start}).")
    return " ".join(said) or None


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _day_before(iso_day: str) -> str:
    from datetime import date as _date, timedelta

    return (_date.fromisoformat(iso_day) - timedelta(days=1)).isoformat()

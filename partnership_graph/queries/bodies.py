"""Which bodies there are, and everything the graph says about one of them.

A claim is only as good as its source: every claim and link row carries the source id, its
title, and ``authoritative`` (false for illustrative or unsourced claims), so no output can show
an invented claim as fact.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from ._common import Row, Rows, resolve_area, resolve_body
from .reader import reader

if TYPE_CHECKING:
    from ..stores.base import Store
    from .reader import Overlay

__all__ = ["BodyDetail", "BodyRow", "ClaimRow", "FootprintRow", "RelationRow", "body_detail", "find_bodies"]


class BodyRow(Row):
    """A body found; ``derived`` (with its reason) marks a body we infer rather than read from a
    register, ``authoritative`` false a body an example invents (ILLUSTRATIVE) or cites nothing for."""

    id: str
    name: str
    kind: str
    lads: int            # how many LADs its footprint touches
    source: str = "unsourced"
    authoritative: bool = True
    derived: bool = False
    derived_reason: str | None = None
    status: str | None = None        # DECIDED / ANNOUNCED...: exists only through such a change
    status_note: str | None = None   # that change's notes


class FootprintRow(Row):
    code: str
    name: str
    kind: str
    share: float
    lads: int


class RelationRow(Row):
    """A relationship seen from the body: ``direction`` is "out" (body -> other) or "in"."""

    type: str
    direction: str
    other_id: str
    other_name: str
    other_kind: str
    detail: str          # role, mechanism or amount
    statutory: bool = False
    source: str
    source_title: str
    authoritative: bool
    evidence: str | None = None


class ClaimRow(Row):
    claim: str           # LEADS, SUPPORTS, PRIORITISES or HOLDS_DUTY
    issue_id: str
    issue_name: str
    scope: str | None
    source: str
    source_title: str
    authoritative: bool
    evidence: str | None = None
    statutory: bool = False  # the law assigns it (the source cites the Act section)


class BodyDetail(Row):
    id: str
    name: str
    kind: str
    council_type: str | None
    notes: str | None
    source: str
    source_title: str
    authoritative: bool
    footprint: list[FootprintRow]
    lads: int
    memberships: list[RelationRow]
    accountability: list[RelationRow]
    links: list[RelationRow]
    claims: list[ClaimRow]
    derived: bool = False
    derived_reason: str | None = None
    as_at: str | None = None     # the date the detail describes (ISO)
    valid_from: str | None = None    # when it starts, where a source gives it
    valid_to: str | None = None      # the first day it no longer holds
    status: str | None = None        # DECIDED / ANNOUNCED...: exists only through such a change
    status_note: str | None = None


def find_bodies(store: Store, text: str | None = None, kind: str | None = None,
                area: str | None = None, *, on: date | None = None,
                scenario: Overlay | None = None) -> Rows[BodyRow]:
    """Bodies whose id or name contains ``text``, of ``kind``, whose footprint touches ``area``.

    A footprint touches an area when they share a LAD (through the LADs of each covered area).
    Sorted by kind, then name (any case), then id; the sort is applied here, after either reader.
    Bodies, footprints and the area are as at ``on`` (default today).
    """
    needle = (text or "").strip().lower()
    rd = reader(store, on=on, scenario=scenario)
    area_lads = list(rd.lad_shares(resolve_area(rd, area).code)) if area else None
    rows = [BodyRow(id=b.id, name=b.name, kind=b.kind, lads=b.lads, source=b.source, authoritative=b.authoritative,
                    derived=b.derived, derived_reason=b.derived_reason, status=b.status, status_note=b.status_note)
            for b in rd.find_bodies(needle, kind, area_lads)]
    return Rows(sorted(rows, key=lambda r: (r.kind, r.name.lower(), r.id)), rd.on)


def _relation_row(e: dict[str, Any], o: dict[str, Any], direction: str,
                  source: tuple[str, str, bool]) -> RelationRow:
    sid, title, auth = source
    detail = str(e.get("role") or e.get("mechanism") or e.get("amount") or e.get("period") or "")
    return RelationRow(type=e["type"], direction=direction, other_id=o["id"], other_name=o["name"],
                       other_kind=o["kind"], detail=detail, statutory=bool(e.get("statutory", False)),
                       source=sid, source_title=title, authoritative=auth, evidence=e.get("evidence"))


MEMBERSHIP_TYPES = ("MEMBER_OF",)
ACCOUNTABILITY_TYPES = ("ACCOUNTABLE_TO",)
LINK_TYPES = ("FUNDS", "COMMISSIONS", "SHARES_INFORMATION_WITH")
CLAIM_TYPES = ("LEADS", "SUPPORTS", "PRIORITISES", "HOLDS_DUTY")


def body_detail(store: Store, body: str, *, on: date | None = None,
                scenario: Overlay | None = None) -> BodyDetail:
    """One body (id or exact name): footprint, memberships both ways, accountability, links, claims,
    as at ``on`` (default today).

    The reader gives the body and what touches it in one read (``Reader.body_record``: on Neo4j,
    one Cypher query through the Body.id index, no projection of the whole graph).
    """
    rd = reader(store, on=on, scenario=scenario)
    body_id = resolve_body(rd, body)
    row = rd.body_record(body_id, [*MEMBERSHIP_TYPES, *ACCOUNTABILITY_TYPES, *LINK_TYPES], CLAIM_TYPES)
    b = row["body"]
    sources = {s["id"]: s for s in row["sources"]}

    def source(source_id: str | None) -> tuple[str, str, bool]:  # as _common.source_info
        sid = source_id or "unsourced"
        s = sources.get(sid)
        if s is None:
            return sid, sid, False
        title = s.get("title")
        authoritative = s.get("authoritative")
        return sid, sid if title is None else title, True if authoritative is None else bool(authoritative)

    fp_rows = [FootprintRow(code=c["code"], name=c["name"], kind=c["kind"],
                            share=float(c["share"] if c["share"] is not None else 1.0), lads=len(c["lads"]))
               for c in row["covers"]]
    relations = [(r, "out") for r in row["outgoing"]] + [(r, "in") for r in row["incoming"]]

    def rels(types: tuple[str, ...]) -> list[RelationRow]:
        rows = [_relation_row({**r["props"], "type": r["type"]}, r["other"], direction, source(r["props"].get("source")))
                for r, direction in relations if r["type"] in types]
        return sorted(rows, key=lambda r: (r.type, r.direction, r.other_kind, r.other_id, r.detail, r.source))

    claims = []
    for c in row["claims"]:
        e = c["props"]
        sid, title, auth = source(e.get("source"))
        claims.append(ClaimRow(claim=c["type"], issue_id=c["issue"]["id"], issue_name=c["issue"]["name"],
                               scope=e.get("scope"), source=sid, source_title=title, authoritative=auth,
                               evidence=e.get("evidence"), statutory=bool(e.get("statutory", False))))
    sid, title, auth = source(b.get("source"))
    return BodyDetail(
        id=b["id"], name=b["name"], kind=b["kind"], council_type=b.get("council_type"), notes=b.get("notes"),
        source=sid, source_title=title, authoritative=auth,
        footprint=sorted(fp_rows, key=lambda r: r.code), lads=len({lad for c in row["covers"] for lad in c["lads"]}),
        memberships=rels(MEMBERSHIP_TYPES), accountability=rels(ACCOUNTABILITY_TYPES), links=rels(LINK_TYPES),
        claims=sorted(claims, key=lambda c: (c.claim, c.issue_id, c.scope or "", c.source, c.statutory)),
        derived=bool(b.get("derived", False)), derived_reason=b.get("derived_reason"), as_at=rd.on,
        valid_from=_text(b.get("valid_from")), valid_to=_text(b.get("valid_to")), status=b.get("status"),
        status_note=b.get("status_note"),
    )


def _text(value: Any) -> str | None:
    return None if value is None else str(value)

"""The Welsh bodies of the register (``data/register/wales``), each with its members and statute.

- Regional Partnership Boards (Social Services and Well-being (Wales) Act 2014 ss.166-168 and the
  Partnership Arrangements (Wales) Regulations 2015): the councils and the Local Health Board the
  regulations name, with their dates (Western Bay and Cwm Taf ended on 1 April 2019).
- VAWDASV regional partnerships: the councils and Local Health Boards that hold the joint strategy
  duty of the Violence against Women, Domestic Abuse and Sexual Violence (Wales) Act 2015 s.5, as
  bodies with their members (the duty holders' lead claims are not made here).
- Area Planning Boards: the regional boards through which the councils and health boards discharge
  the substance misuse side of the Crime and Disorder Act 1998 s.6 strategy (set up by the Welsh
  Government in 2010); each supports substance misuse, as its row says.
- Joint community safety partnerships: Conwy and Denbighshire, Gwynedd and Anglesey (the ONS lookup
  lists two CSPs each), and Cwm Taf (one CSP in the lookup already, now with its row's provenance).
  A joint CSP takes the members and scrutiny lines of the CSPs it joins; they end on its start (or,
  where no start is published, are not in the graph at all).

Rows marked low confidence ("not found by name") stay low: their notes say so first.
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

from ..graphmodel import BodyKind, ClaimType, MembershipRole, slug
from . import statutes as st
from .register import (
    Period, _add_body, _arrangement_evidence, _claim, _joint_id, _member, day, provenance, register_rows, row_source,
)

if TYPE_CHECKING:
    from .register import RegisterRow
    from .skeleton import _SkeletonBuilder


def add_wales(b: _SkeletonBuilder) -> None:
    add_regional_partnership_boards(b)
    add_vawdasv_partnerships(b)
    add_area_planning_boards(b)
    add_joint_csps(b)


def _period(row: RegisterRow, id_: str, *extra: str | None) -> Period:
    start, start_note = day(row["valid_from"], "the start")
    end, end_note = day(row["valid_to"], "the end")
    return Period(row["name"], tuple(row.codes()), start, end, [row],
                  [*(x for x in extra if x), provenance(row, start_note, end_note)], id=id_)


def _health(b: _SkeletonBuilder, row: RegisterRow) -> list[str]:
    """The Local Health Boards a row names by code (a pre-2019 health board has no code in the
    lookups, so it is named in the notes only)."""
    return [b.body_of_area[c] for c in row.codes("health_board_codes")]


def add_regional_partnership_boards(b: _SkeletonBuilder) -> None:
    for row in register_rows("wales/regional_partnership_boards.csv"):
        stem = re.sub(r"\s*Regional Partnership Board.*$", "", row["name"])
        health = _health(b, row)
        p = _period(row, f"rpb:{slug(stem)}", f"statute: {row['legal_basis']}", None if health else
                    f"its health board ({row['health_boards']}) has no code in the bundled lookups, so it is not a "
                    "member here")
        _add_body(b, p, BodyKind.REGIONAL_PARTNERSHIP_BOARD, st.SSWBA_S166)
        for m in [*(b.body_of_area[c] for c in p.councils), *health]:
            _member(b, p, m, MembershipRole.STATUTORY_MEMBER, st.SSWBA_S166,
                    "a partnership body the regulations require to establish the board")


VAWDASV_NOTE = ("statute: Violence against Women, Domestic Abuse and Sexual Violence (Wales) Act 2015 s.5 (each "
                "council and the Local Health Board for its area must jointly prepare a local strategy); a regional "
                "partnership is how they do it in practice, not a body the Act creates")


def add_vawdasv_partnerships(b: _SkeletonBuilder) -> None:
    rows = register_rows("wales/vawdasv.csv")
    local = [r for r in rows if r["row_type"] == "local_strategy"]
    for row in rows:
        if row["row_type"] != "regional_partnership":
            continue
        stem = re.split(r"\s+(?:regional\s+)?(?:VAWDASV|Vulnerability)\b", re.sub(r"\([^)]*\)", "", row["name"]))[0]
        strategies = [f"the council's own s.5 strategy is also in the register: {r['name']} ({r.where})"
                      for r in local if set(r.codes()) <= set(row.codes())]
        p = _period(row, f"vawdasv:{slug(stem)}", VAWDASV_NOTE, *strategies)
        _add_body(b, p, BodyKind.VAWDASV_PARTNERSHIP, st.VAWDASV_S5)
        for m in [*(b.body_of_area[c] for c in p.councils), *_health(b, row)]:
            _member(b, p, m, MembershipRole.MEMBER, p.rows[0].source_id, statutory=False, evidence=(
                "holds the joint s.5 strategy duty (council and Local Health Board) that the partnership carries out"))


def add_area_planning_boards(b: _SkeletonBuilder) -> None:
    for row in register_rows("wales/area_planning_boards.csv"):
        stem = re.sub(r"\([^)]*\)", "", row["name"])
        stem = re.sub(r"Area Planning Board( for)?", "", stem)
        p = _period(row, f"apb:{slug(stem)}", f"basis: {row['legal_basis']}")
        _add_body(b, p, BodyKind.AREA_PLANNING_BOARD, st.CDA_S5_6)
        for m in [*(b.body_of_area[c] for c in p.councils), *_health(b, row)]:
            _member(b, p, m, MembershipRole.MEMBER, p.rows[0].source_id, statutory=False, evidence=(
                "a responsible authority whose substance misuse strategy duty (Crime and Disorder Act 1998 s.6) the "
                "board discharges regionally"))
        _claim(b, p.id, ClaimType.SUPPORTS, "substance-misuse", p.rows[0].source_id, _arrangement_evidence(p),
               False, p.start, p.end)


def add_joint_csps(b: _SkeletonBuilder) -> None:
    for row in register_rows("wales/community_safety_wales.csv"):
        csp_areas = [c.split()[0] for c in row["csp_codes_ons"].split(";") if c.strip()]
        if row["row_type"] == "ons_joint_csp":
            (area,) = csp_areas
            single = f"csp:{slug(b.areas[area].name)}"
            b.sources.setdefault(row.source_id, row_source(row))
            b.bodies[single] = b.bodies[single].model_copy(update={"notes": provenance(row)})
        elif row["row_type"] == "joint_csp":
            _join_csps(b, row, [f"csp:{slug(b.areas[c].name)}" for c in csp_areas], csp_areas)


def _join_csps(b: _SkeletonBuilder, row: RegisterRow, singles: list[str], csp_areas: list[str]) -> None:
    """One joint CSP over the CSP areas of ``singles``, with their members and scrutiny lines; the
    singles end on its start, or leave the graph where no start is published."""
    start, start_note = day(row["valid_from"], "the start")
    p = Period(row["name"], tuple(csp_areas), start, None, [row], [provenance(
        row, start_note or "the start is not published, so the joint partnership stands for the whole timeline and "
                           "the ONS lookup's separate CSPs are not in the graph")], id=_joint_id("csp", row["name"]))
    _add_body(b, p, BodyKind.CSP, "ons-lad-csp-pfa-2024")
    for (member, board), m in list(b.memberships.items()):
        if board in singles:
            b.memberships.setdefault((member, p.id), m.model_copy(update={"end": p.id}))
    for a in list(b.accountability):
        if a.start in singles:
            b.accountability.append(a.model_copy(update={"start": p.id}))
    if start is None:
        gone = set(singles)
        for s in singles:
            del b.bodies[s]
        b.covers = [c for c in b.covers if c.start not in gone]
        b.memberships = {k: m for k, m in b.memberships.items() if m.start not in gone and m.end not in gone}
        b.accountability = [a for a in b.accountability if a.start not in gone and a.end not in gone]
        return
    _end(b, set(singles), start)


def _end(b: _SkeletonBuilder, bodies: set[str], on: date) -> None:
    """``bodies`` end on ``on`` with their footprints (their other lines end with them: both ends
    of an element must count on a date)."""
    for s in bodies:
        b.bodies[s] = b.bodies[s].model_copy(update={"valid_to": on})
    b.covers = [c.model_copy(update={"valid_to": on}) if c.start in bodies else c for c in b.covers]

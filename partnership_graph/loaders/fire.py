"""Fire and rescue authorities as their orders made them, with who scrutinises them.

The 2024 ONS lookup names one fire and rescue authority area per FRA code, and for some it still
names an authority that no longer exists (``London Fire and Emergency Planning Authority``). The
register row file ``data/register/justice/fire_scrutiny.csv`` says, with a source per row:

- ``pfcc_fra`` / ``mayoral_fra`` / ``fire_commissioner``: where a police, fire and crime
  commissioner, a mayor's combined authority or the London Fire Commissioner is the fire and
  rescue authority, named as its order names it, from the order's date (North Yorkshire's PFCC
  held it from 2018-11-15 until the York and North Yorkshire mayor took it on 2024-05-07);
- ``abolished_fra``: the authority each order abolished, which ends that day;
- ``welsh_fra``: the three Welsh fire and rescue authorities and their constituent councils.

So the skeleton's body for such an FRA area is the authority the row names, dated from the row,
and each abolished or replaced authority is a body of its own that ends on the row's date. The
panel that scrutinises a commissioner's or mayor's fire functions (named as the row names it) is
an ACCOUNTABLE_TO line; the London Fire Commissioner answers to the London Assembly's fire
committee and to the Mayor; each Welsh council is a member of its fire and rescue authority.

Every body and line cites the row it rests on and carries the row's confidence and notes. The
rows are bundled byte for byte as the register publishes them.
"""

from __future__ import annotations

import csv
import re
from datetime import date
from functools import cache
from typing import TYPE_CHECKING

from ..graphmodel import (
    AccountableTo, Area, Body, BodyKind, Claim, Covers, Mechanism, MemberOf, MembershipRole, slug,
)
from .bundled import DATA_DIR

if TYPE_CHECKING:
    from .skeleton import _SkeletonBuilder

FIRE_SCRUTINY = DATA_DIR / "register" / "justice" / "fire_scrutiny.csv"
HOLDERS = ("pfcc_fra", "mayoral_fra", "fire_commissioner", "welsh_fra")
LONDON_FIRE_ID = "fire:london-fire-commissioner"
LONDON_FIRE_COMMITTEE = "scrutiny:london-assembly-fire-resilience-and-emergency-planning-committee"
LONDON_REGION = "E12000007"
GLA = "council:greater-london-authority"
# The Police and Crime Panel of a force area whose commissioner or mayor holds fire functions is,
# in the rows' words, a "Police, Fire and Crime Panel": the name up to any bracketed aside, and for
# Greater Manchester the body that scrutinises fire from 2020 (the rows name the 2017-2020 one too).
_FROM_YEAR = re.compile(r"from (\d{4}): ")


@cache
def fire_rows() -> tuple[dict[str, str], ...]:
    """The bundled fire_scrutiny.csv rows (as published), each with its line number."""
    with open(FIRE_SCRUTINY, newline="", encoding="utf-8") as f:
        return tuple({**{k: (v or "").strip() for k, v in row.items()}, "_line": str(i)}
                     for i, row in enumerate(csv.DictReader(f), start=2))


def _day(text: str) -> date | None:
    return date.fromisoformat(text) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text or "") else None


def _provenance(row: dict[str, str]) -> str:
    bits = [f"{row['row_type']} row {row['_line']} of data/register/justice/fire_scrutiny.csv",
            f"{row['confidence']} confidence", row["instrument"]]
    return "; ".join(b for b in (*bits, row["notes"]) if b)


def _source(b: _SkeletonBuilder, row: dict[str, str]) -> str:
    return b.row_source(row["source_url"], row["source_title"], row["source_date"])


def panel_name(scrutiny_body: str) -> str:
    """The panel's name as the row gives it: "Essex Police, Fire and Crime Panel (...)" ->
    "Essex Police, Fire and Crime Panel"; "2017-2020: X; from 2020: Y" -> "Y"."""
    found = list(_FROM_YEAR.finditer(scrutiny_body))
    text = scrutiny_body[found[-1].end():] if found else scrutiny_body
    return text.split(" (", 1)[0].strip()


def fra_body(b: _SkeletonBuilder, area: Area) -> str:
    """Make the fire and rescue authority of one FRA area (and any authority its order replaced);
    return the id of the body that holds the functions today (or last, for a past one)."""
    rows = [r for r in fire_rows() if r["fra_code"] == area.code]
    current = [r for r in rows if r["row_type"] in HOLDERS and not r["valid_to"]]
    default = area.name if area.name.endswith("Authority") else f"{area.name} Fire and Rescue Authority"
    id_ = LONDON_FIRE_ID if area.code == "E31000046" else f"fire:{slug(area.name)}"
    if not current:
        return b.body(id_, default, BodyKind.FIRE_AUTHORITY, area.code, "ons-lad-fra-2024")
    row = current[0]
    _add(b, id_, row["name"], area.code, _source(b, row), _day(row["valid_from"]), None,
         notes=f"named as the row names it; ONS 2024 lookup name {area.name!r}; {_provenance(row)}")
    for old in rows:
        if old["row_type"] == "abolished_fra" or (old["row_type"] in HOLDERS and old["valid_to"]):
            old_id = (f"fire:{slug(old['name'].split(' (', 1)[0])}" if old["row_type"] == "abolished_fra"
                      else f"fire:{slug(area.name)}-{old['row_type'].split('_')[0]}")
            if old_id in b.bodies:
                old_id += f"-to-{old['valid_to'][:4]}"
            what = "abolished" if old["row_type"] == "abolished_fra" else "replaced"
            _add(b, old_id, old["name"], area.code, _source(b, old), _day(old["valid_from"]), _day(old["valid_to"]),
                 notes=f"{what} on {old['valid_to']}; the functions pass to {row['name']} ({id_}); {_provenance(old)}")
    return id_


def _add(b: _SkeletonBuilder, id_: str, name: str, area: str, source: str, start: date | None,
         end: date | None, notes: str) -> None:
    if id_ in b.bodies:
        raise ValueError(f"skeleton id collision: {id_}")
    b.bodies[id_] = Body(id=id_, name=name, kind=BodyKind.FIRE_AUTHORITY, source=source, notes=notes[:2000],
                         valid_from=start, valid_to=end)
    b.covers.append(Covers(start=id_, end=area, source=source, valid_from=start, valid_to=end))


def governance(b: _SkeletonBuilder) -> None:
    """Who scrutinises each commissioner's, mayor's or commissioner-for-London's fire functions,
    the Welsh authorities' councils, and the links of a past holder (run after every other step,
    so a past holder takes over the memberships and duties the current one has by then)."""
    fra_of = {r["fra_code"]: r for r in fire_rows() if r["row_type"] in HOLDERS and not r["valid_to"]}
    for row in fire_rows():
        if row["row_type"] not in HOLDERS or row["row_type"] == "welsh_fra":
            continue
        fire = _body_for(b, row)
        if fire is None:
            continue
        src, start, end = _source(b, row), _day(row["valid_from"]), _day(row["valid_to"])
        evidence = f"{row['scrutiny_body']} ({row['statutory_basis']}); {_provenance(row)}"[:1000]
        if row["row_type"] == "fire_commissioner":
            _london(b, fire, row, src, start, evidence)
            continue
        pfa = row["codes"].split(";")[0]
        panel = f"pcp:{slug(b.areas[pfa].name)}"
        if panel not in b.bodies:
            continue
        name = panel_name(row["scrutiny_body"])
        if not end and b.bodies[panel].name != name:
            b.bodies[panel] = b.bodies[panel].model_copy(update={
                "name": name, "notes": f"named as data/register/justice/fire_scrutiny.csv row {row['_line']} "
                                       f"names it: {row['scrutiny_body']}"})
        # Greater Manchester's panel scrutinises fire from 2020 (SI 2020/641; the day is not in
        # the row), before that a GMCA overview and scrutiny committee: the line is left undated
        # and says so rather than guess a day
        line_from = None if _FROM_YEAR.search(row["scrutiny_body"]) else start
        b.accountability.append(AccountableTo(start=fire, end=panel, mechanism=Mechanism.SCRUTINY, source=src,
                                              evidence=evidence, valid_from=line_from, valid_to=end))
        if end and fra_of.get(row["fra_code"]):
            _take_links(b, fire, _body_for(b, fra_of[row["fra_code"]]), end)
    for row in fire_rows():
        if row["row_type"] != "welsh_fra":
            continue
        fire = _body_for(b, row)
        src = _source(b, row)
        for code in row["codes"].split(";"):
            if code in b.body_of_area and fire:
                b.member(b.body_of_area[code], fire, MembershipRole.MEMBER, src, statutory=False,
                         evidence=(f"a constituent council: the authority is a combined authority of councillors "
                                   f"from its councils ({row['statutory_basis']}); {row['excerpt']}; "
                                   f"{_provenance(row)}")[:1000])


def _body_for(b: _SkeletonBuilder, row: dict[str, str]) -> str | None:
    """The body a holder row made (``fra_body``), found by its name."""
    for body in b.bodies.values():
        if body.kind == BodyKind.FIRE_AUTHORITY and body.name == row["name"]:
            return body.id
    return None


def _london(b: _SkeletonBuilder, fire: str, row: dict[str, str], src: str, start: date | None,
            evidence: str) -> None:
    """The London Fire Commissioner: scrutinised by the London Assembly's fire committee, which
    the 2017 Act obliged the Assembly to set up, and appointed by and accountable to the Mayor."""
    if LONDON_FIRE_COMMITTEE not in b.bodies:
        committee_src = b.row_source(row["supporting_urls"].split(";")[0], "London Assembly: Fire, Resilience "
                                     "and Emergency Planning Committee", "")
        b.body(LONDON_FIRE_COMMITTEE, row["scrutiny_body"], BodyKind.SCRUTINY_COMMITTEE, LONDON_REGION,
               committee_src, notes="a committee of London Assembly Members that scrutinises the London Fire "
                                    "Commissioner; its first meeting was reported on 2018-05-16")
    b.accountability.append(AccountableTo(start=fire, end=LONDON_FIRE_COMMITTEE, mechanism=Mechanism.SCRUTINY,
                                          source=src, evidence=evidence, valid_from=start))
    if GLA in b.bodies:
        b.accountability.append(AccountableTo(
            start=fire, end=GLA, mechanism=Mechanism.HOLDS_TO_ACCOUNT, source=src, valid_from=start,
            evidence="the London Fire Commissioner is a corporation sole appointed by, and accountable to, the "
                     "Mayor of London (Greater London Authority Act 1999 Part 6A, inserted by the Policing and "
                     "Crime Act 2017 s.9 and Sch.2)"))


def _take_links(b: _SkeletonBuilder, past: str, current: str | None, end: date) -> None:
    """A past holder (North Yorkshire's PFCC, 2018-2024) held the memberships and duties the
    current holder has, until the day the current one took over: each is repeated for the past
    holder, ending that day (the current holder's own start ends nothing it holds)."""
    if current is None:
        return
    for (member, board), m in list(b.memberships.items()):
        if member == current and (m.valid_from is None or m.valid_from < end):
            b.memberships.setdefault((past, board), m.model_copy(update={
                "start": past, "valid_to": end, "evidence": _join(m.evidence, f"as {current} until {end}")}))
    for (body, kind, issue), c in list(b.claims.items()):
        if body == current and (c.valid_from is None or c.valid_from < end):
            b.claims.setdefault((past, kind, issue), Claim.model_validate({
                **c.model_dump(), "start": past, "valid_to": end,
                "evidence": _join(c.evidence, f"as {current} until {end}")}))


def _join(a: str | None, b: str) -> str:
    return f"{a}; {b}" if a else b

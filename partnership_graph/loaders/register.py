"""The register of published arrangements (``data/register``) as the bodies that cover councils.

The national skeleton used to derive one safeguarding children partnership, safeguarding adults
board and youth justice service per council, one MAPPA board and criminal justice board per police
force area, and give each a name that read as a real body. Many are shared: City & Hackney's
partnership, the Teeswide board, the West Mercia youth justice service, one London MAPPA area. The
bundled register (copied byte for byte from the compiled rows, with their README and NOTES for
attribution) records what is published, one row per fact, each with the page that states it.

The rules this module applies, row by row:

- **A row's arrangement is the body that covers its councils on its dates**, with the members the
  statute names for each council it covers, citing the statute (memberships, claims) and the row
  (the body, its footprint). Its notes carry the row's excerpt, status, confidence and notes, and
  "LOW CONFIDENCE" leads them where the row says so; nothing is upgraded to fact.
- **Dates as the row gives them.** ``valid_to`` is exclusive; a year-only date takes 1 January and a
  year-month the 1st, and the body's notes say so. An ended arrangement whose end no source gives is
  placed only where its row bounds the end (``ENDED_BY``), saying so; otherwise it is not placed on
  the timeline but recorded in the notes of the bodies it touched.
- **A council's own arrangement** (``confirmed_single``, a single Welsh service) covers it from its
  ``single_since``; with no date, over the latest period no joint arrangement covers (a joint row
  that is still in force wins, and the single row is noted on it).
- **A derived body only where no row covers a council on a date**, one per uncovered period. Its
  name says it is assumed ("Safeguarding adults board for Luton (assumed: no published arrangement
  found)") and it is ``derived`` with the reason, so every output marks it DERIVED. Nothing a row
  states is derived.
- Ids: a joint body's id comes from its published name (``scp:city-and-hackney``); a council's own
  body (sourced or derived) is ``<prefix>:<council>`` for its latest period and
  ``<prefix>:<council>-until-<date>`` for an earlier one.

Copyright: the rows cite the publishers named in each ``source_url`` (councils, partnerships, HM
Inspectorate of Probation, gov.uk and legislation.gov.uk under the Open Government Licence v3.0);
see ``data/register/README.md``.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import TYPE_CHECKING

from ..graphmodel import (
    AccountableTo, AreaKind, Body, BodyKind, Claim, ClaimType, Covers, MemberOf, Mechanism, MembershipRole,
    Source, slug,
)
from . import statutes as st
from .bundled import DATA_DIR

if TYPE_CHECKING:
    from .skeleton import _SkeletonBuilder

REGISTER_DIR = DATA_DIR / "register"
PUBLISHER = ("Register of published arrangements bundled with partnership-graph (data/register, compiled "
             "2026-12-07 from stored copies of the pages cited; latest items seen 2025)")
ASSUMED = "assumed: no published arrangement found"
LOW = "LOW CONFIDENCE"
# The Domestic Abuse Act 2021 Part 4 duty (tier one authorities, their boards) from 1 October 2021
# (register row justice/domestic_abuse_boards.csv, statutory categories).
DA_PART4_FROM = date(2021, 10, 1)
# Arrangements that have ended on a date no source gives, but whose row bounds the end: the graph
# ends them there and says so. (Other ended rows without an end are not placed on the timeline.)
ENDED_BY: dict[str, tuple[date, str]] = {
    "Plymouth and Torbay Safeguarding Children Partnership (PTSCP)": (
        date(2024, 4, 1), "the end date is not published: the row says the joint arrangement ended no later than "
        "the 2024/25 reporting year, so the graph ends it on 2024-04-01 (our bound, as the register README's count "
        "check assumes: joint until 2024), not a published date"),
}


# -- reading the rows --------------------------------------------------------------------------

@dataclass(frozen=True)
class RegisterRow:
    """One row of a register file: ``file`` under data/register, ``line`` as a spreadsheet shows it."""

    file: str
    line: int
    cells: Mapping[str, str]

    def __getitem__(self, column: str) -> str:
        return self.cells.get(column) or ""

    @property
    def where(self) -> str:
        return f"data/register/{self.file}:{self.line}"

    @property
    def source_id(self) -> str:
        return f"register:{self.file.rsplit('/', 1)[-1]}:{self.line}"

    @property
    def low(self) -> bool:
        return self["confidence"] == "low"

    def codes(self, column: str = "codes") -> list[str]:
        return [c.strip() for c in self[column].split(";") if c.strip()]


@cache
def register_rows(file: str) -> tuple[RegisterRow, ...]:
    """The rows of ``data/register/<file>``, blanks stripped."""
    with open(REGISTER_DIR / file, newline="", encoding="utf-8") as f:
        return tuple(RegisterRow(file, i, {k: (v or "").strip() for k, v in r.items()})
                     for i, r in enumerate(csv.DictReader(f), start=2))


def row_source(row: RegisterRow) -> Source:
    """The page a row cites, as a Source that names the row (one per row: the excerpt differs)."""
    title = row["source_title"] or f"{row['arrangement_name']} (the page confirming the council's own arrangement)"
    when = row["source_date"]
    exact = when if re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", when) else None
    if when and not exact:
        title += f" ({when})"
    title += f" [register row {row.where}]"
    return Source(id=row.source_id, title=title[:500], date=exact, url=row["source_url"] or None,
                  publisher=PUBLISHER)


def day(text: str, what: str = "the date") -> tuple[date | None, str | None]:
    """An ISO date from a register cell; a year takes 1 January and a year-month the 1st, said so."""
    if not text:
        return None, None
    if re.fullmatch(r"\d{4}", text):
        return date(int(text), 1, 1), f"{what} is a year only in the register ({text}): 1 January is used"
    if re.fullmatch(r"\d{4}-\d{2}", text):
        return date.fromisoformat(text + "-01"), f"{what} is a month only in the register ({text}): the 1st is used"
    return date.fromisoformat(text), None


def provenance(row: RegisterRow, *extra: str | None) -> str:
    """What a row says about its arrangement, carried into the body's notes: the row, its status
    and confidence, the excerpt and its notes ("LOW CONFIDENCE" first where the row says low)."""
    said = [x for x in (row["status"], f"confidence {row['confidence']}" if row["confidence"] else "",
                        row["source_url"]) if x]
    bits = [f"Register row {row.where}" + (f" ({', '.join(said)})" if said else "")]
    if row["excerpt"]:
        bits.append(f"the source says: \"{row['excerpt']}\"")
    if row["notes"]:
        bits.append(f"register notes: {row['notes']}")
    bits += [x for x in extra if x]
    text = "; ".join(bits)
    return f"{LOW}. {text}" if row.low else text


def _short_name(name: str) -> str:
    """A published name without the register's period annotation (" - period covering ...")."""
    return re.sub(r"\s+-\s+(period covering|replaced by|serving)\b.*$", "", name).strip()


_KIND_WORDS = re.compile(
    r"\b(local\s+|joint\s+)?(safeguarding\s+(children|childen)('s)?\s+partnership(\s+board)?|children'?s?\s+"
    r"safeguarding\s+(assurance\s+)?partnership|safeguarding\s+adults?\s+(executive\s+|partnership\s+)?"
    r"(board|partnership)|adult\s+safeguarding\s+partnership(\s+board)?|safeguarding\s+partnership|"
    r"youth\s+(offending|justice)(\s+and\s+early\s+intervention)?\s+(service|team)|"
    r"domestic\s+abuse(\s+and\s+sexual\s+violence)?\s+(local\s+partnership\s+)?(board|partnership|arrangement)|"
    r"community\s+safety\s+partnership)\b|^\s*(our|the)\s+|\bfor\b", re.I)


def _joint_id(prefix: str, name: str) -> str:
    """``scp:city-and-hackney`` from "City & Hackney Safeguarding Children Partnership (CHSCP)": the
    published name without abbreviations and the words for the kind (the part after " - " where
    nothing else is left: "Safeguarding Adults Executive Board (SAEB) - bi-borough ...")."""
    core = re.sub(r"\([^)]*\)", "", _short_name(name)).replace("’", "'")
    core = "".join(c for c in unicodedata.normalize("NFKD", core) if not unicodedata.combining(c))
    for part in core.split(" - "):
        if slug(_KIND_WORDS.sub(" ", part)):
            return f"{prefix}:{slug(_KIND_WORDS.sub(' ', part))}"
    return f"{prefix}:{slug(name)}"


# -- periods and the timeline of one kind -------------------------------------------------------

LO, HI = date.min, date.max


@dataclass
class Period:
    """One body on the timeline: the councils it covers from ``start`` until ``end`` (exclusive;
    None is open), the rows that state it (none for a derived body) and what to say about it."""

    name: str
    councils: tuple[str, ...]
    start: date | None
    end: date | None
    rows: list[RegisterRow] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    id: str = ""
    derived_reason: str | None = None

    @property
    def lo(self) -> date:
        return self.start or LO

    @property
    def hi(self) -> date:
        return self.end or HI

    def overlaps(self, other: "Period") -> bool:
        return self.lo < other.hi and other.lo < self.hi

    def notes_text(self) -> str | None:
        """The notes, "LOW CONFIDENCE" first where the row the body rests on says low."""
        text = "; ".join(dict.fromkeys(n for n in self.notes if n))
        if self.rows and self.rows[0].low and not text.startswith(LOW):
            text = f"{LOW}. {text}"
        return text or None


def _gaps(covered: Iterable[tuple[date, date]]) -> list[tuple[date, date]]:
    out, cursor = [], LO
    for lo, hi in sorted(covered):
        if lo > cursor:
            out.append((cursor, lo))
        cursor = max(cursor, hi)
    if cursor < HI:
        out.append((cursor, HI))
    return out


def _bound(d: date, low: bool) -> date | None:
    return None if d == (LO if low else HI) else d


Fill = Callable[[str, date, date], "Period | None"]


@dataclass
class Timeline:
    """Joint and single-council arrangements of one kind over a set of councils, and what fills the
    periods no row covers (``fill``: a derived body, or nothing) (``place``)."""

    prefix: str
    councils: Mapping[str, str]           # code -> name (the councils the kind is for)
    fill: Fill
    joint: list[Period] = field(default_factory=list)
    single: dict[str, list[Period]] = field(default_factory=lambda: defaultdict(list))

    def add_joint(self, period: Period) -> None:
        unknown = [c for c in period.councils if c not in self.councils]
        if unknown:
            raise ValueError(f"{period.rows[0].where}: {unknown} are not councils this kind is for")
        period.id = period.id or _joint_id(self.prefix, period.name)
        self.joint.append(period)

    def add_single(self, period: Period) -> None:
        (code,) = period.councils
        if code not in self.councils:
            raise ValueError(f"{period.rows[0].where}: {code} is not a council this kind is for")
        self.single[code].append(period)

    def place(self) -> list[Period]:
        """Every period, joint first: single-council ones fitted around the joint ones, ``fill`` in
        what is left. Rows that contradict each other on a date are an error."""
        ids: set[str] = set()
        for p in self.joint:
            if p.id in ids:
                raise ValueError(f"{p.rows[0].where}: a second arrangement with the id {p.id}")
            ids.add(p.id)
        out: list[Period] = list(self.joint)
        for code, council_name in sorted(self.councils.items()):
            joint = sorted((p for p in self.joint if code in p.councils), key=lambda p: p.lo)
            for a, b in zip(joint, joint[1:]):
                if a.overlaps(b):
                    raise ValueError(f"{b.rows[0].where}: overlaps {a.rows[0].where} for {council_name}")
            mine: list[Period] = []
            for p in sorted(self.single.get(code, []), key=lambda p: (p.start is None, p.lo)):
                if p.start is None and p.end is None:   # undated: the latest period nothing else covers
                    covered = [(q.lo, q.hi) for q in [*joint, *mine]]
                    last = _gaps(covered)[-1:]
                    if last and last[0][1] == HI:
                        p.start = _bound(last[0][0], True)
                        mine.append(p)
                    else:
                        holder = next((q for q in joint if q.end is None), joint[-1])
                        holder.notes.append(f"the register also records {council_name}'s own arrangement "
                                            f"({p.name}; {p.rows[0].where}, undated): the joint row in force is "
                                            "applied")
                    continue
                clash = next((q for q in [*joint, *mine] if q.overlaps(p)), None)
                if clash is not None:
                    raise ValueError(f"{p.rows[0].where}: overlaps {clash.rows[0].where} for {council_name}")
                mine.append(p)
            for lo, hi in _gaps((q.lo, q.hi) for q in [*joint, *mine]):
                filler = self.fill(code, lo, hi)
                if filler is not None:
                    mine.append(filler)
            base = f"{self.prefix}:{slug(council_name)}"
            for p in mine:
                p.id = base if p.end is None else f"{base}-until-{p.end.isoformat()}"
            out += mine
        return out


def derived_fill(what: str, councils: Mapping[str, str], reason: str) -> Fill:
    """A derived body for each uncovered period, named as assumed ("Youth justice service for
    Rutland (assumed: no published arrangement found)") and saying why."""
    def fill(code: str, lo: date, hi: date) -> Period:
        council = councils[code]
        return Period(f"{what} for {council} ({ASSUMED})", (code,), _bound(lo, True), _bound(hi, False),
                      derived_reason=reason.format(council=council))
    return fill


# -- applying periods to the skeleton -----------------------------------------------------------

def _add_body(b: _SkeletonBuilder, p: Period, kind: BodyKind, derived_source: str) -> str:
    """The period's body and its footprint (the areas of ``p.councils``), citing its row (a derived
    body cites ``derived_source``, the statute it is assumed under)."""
    if p.id in b.bodies:
        raise ValueError(f"skeleton id collision: {p.id}")
    for row in p.rows:
        b.sources.setdefault(row.source_id, row_source(row))
    source = p.rows[0].source_id if p.rows else derived_source
    b.bodies[p.id] = Body(id=p.id, name=p.name, kind=kind, source=source, notes=p.notes_text(),
                          derived=p.derived_reason is not None, derived_reason=p.derived_reason,
                          valid_from=p.start, valid_to=p.end)
    for code in p.councils:
        b.covers.append(Covers(start=p.id, end=code, source=source, valid_from=p.start, valid_to=p.end))
    return p.id


# A body's memberships and reporting lines carry no dates of their own: the body's dates bound them
# (an element counts on a date only when both its ends do), and undated lines keep the identity a
# dataset's row about the same pair has, so the row restates the line rather than adding a second.
def _member(b: _SkeletonBuilder, p: Period, member: str, role: MembershipRole, source: str,
            evidence: str | None = None, statutory: bool = True) -> None:
    b.member(member, p.id, role, source, statutory=statutory, evidence=evidence)


def _report(b: _SkeletonBuilder, p: Period, to: str, source: str, evidence: str | None = None) -> None:
    b.accountability.append(AccountableTo(start=p.id, end=to, mechanism=Mechanism.REPORTS_TO, source=source,
                                          evidence=evidence))


def _claim(b: _SkeletonBuilder, body: str, claim: ClaimType, issue: str, source: str, evidence: str | None,
           statutory: bool, start: date | None, end: date | None) -> None:
    b.claims.setdefault((body, str(claim), issue), Claim(
        start=body, end=issue, claim=claim, source=source, evidence=evidence, statutory=statutory,
        valid_from=start, valid_to=end))


def _arrangement_evidence(p: Period) -> str | None:
    """What a claim says about the arrangement that makes it: the register row (and its confidence)."""
    if not p.rows:
        return None
    row = p.rows[0]
    return (f"published arrangement: {row.where}" + (f", {row['confidence']} confidence" if row["confidence"] else "")
            + f" ({row['source_url']})" if row["source_url"] else "")


def _upper_names(b: _SkeletonBuilder, country: str = "") -> dict[str, str]:
    return {a.code: a.name for a in b.upper_tiers(country)}


def _police(b: _SkeletonBuilder, lads: list[str]) -> list[str]:
    return [b.force_of_pfa[p] for p in b.parents_of(lads, AreaKind.PFA)]


def _pccs(b: _SkeletonBuilder, lads: list[str]) -> list[str]:
    return [f"pcc:{slug(b.areas[p].name)}" for p in b.parents_of(lads, AreaKind.PFA)]


def _members(b: _SkeletonBuilder, p: Period, of: Callable[[str], Iterable[str]]) -> dict[str, str | None]:
    """The members ``of`` each council the period covers, and (for a body over several councils)
    which councils each is there for ("for Cumberland and Westmorland and Furness")."""
    found: dict[str, list[str]] = {}
    for code in p.councils:
        for m in of(code):
            found.setdefault(m, []).append(b.areas[code].name)
    return {m: f"for {' and '.join(names)}" if len(p.councils) > 1 else None for m, names in found.items()}


# -- safeguarding children partnerships and adults boards (England) ----------------------------

SG_FILE, SINGLE_FILE = "safeguarding/scp_sab_arrangements.csv", "safeguarding/confirmed_single.csv"
SG_KINDS = {"scp": ("Safeguarding children partnership",
                    "Children Act 2004 s.16E requires safeguarding arrangements for each local authority area "
                    "in England; about 132 partnership areas serve the 153 councils, some jointly"),
            "sab": ("Safeguarding adults board",
                    "Care Act 2014 s.43 requires each local authority in England to establish a safeguarding "
                    "adults board; 136 boards serve the 153 councils, some jointly")}


def _derived_reason(what: str, statute: str, rows_file: str) -> str:
    return (f"no row of the bundled register (data/register/{rows_file}) covers {{council}} on these dates, so we "
            f"assume a {what} of its own: {statute}. Derived, not published")


def _single_name(row: RegisterRow, council: str, what: str) -> tuple[str, str | None]:
    """A council's own arrangement: its published name; where the row names several councils'
    arrangements together ("X SAB / Y SAB"), the council's own name as the excerpt gives it, or
    else a description ("Safeguarding adults board of Lancashire") rather than a title the
    sources do not give."""
    name = row["arrangement_name"]
    if " / " not in name and "(two boards" not in name and not name.endswith("SCPs"):
        return name, None
    said = re.search(rf"{re.escape(row['council_name'])}[^,.;•]*?(?:Partnership|Board)\b", row["excerpt"])
    together = f"the register names the arrangements together: {name!r}"
    if said:
        return said.group(0), together
    return f"{what} of {council}", (together + "; no title of this council's own is given, so the name here "
                                    "describes it")


def safeguarding_timelines(b: _SkeletonBuilder) -> dict[str, list[Period]]:
    """The safeguarding children partnerships and adults boards of every English council, placed."""
    councils = _upper_names(b, "E")
    out: dict[str, list[Period]] = {}
    for kind, (what, statute) in SG_KINDS.items():
        tl = Timeline(kind, councils, derived_fill(what, councils, _derived_reason(what.lower(), statute,
                                                                                   "safeguarding")))
        for row in register_rows(SG_FILE):
            if row["kind"] != kind:
                continue
            start, start_note = day(row["valid_from"], "the start")
            end, end_note = day(row["valid_to"], "the end")
            ended = ENDED_BY.get(row["arrangement_name"])
            if row["status"] == "ended" and end is None:
                if ended is None:
                    raise ValueError(f"{row.where}: ended with no end date and no bound in ENDED_BY")
                end, end_note = ended
            if start is None:
                start_note = "the start is not published (the register gives none)"
            tl.add_joint(Period(_short_name(row["arrangement_name"]), tuple(row.codes("council_codes")), start, end,
                                [row], [provenance(row, start_note, end_note)]))
        for row in register_rows(SINGLE_FILE):
            if row["kind"] != kind:
                continue
            code = row["council_code"]
            start, start_note = day(row["single_since"], "single_since")
            name, name_note = _single_name(row, councils.get(code, row["council_name"]), what)
            tl.add_single(Period(name, (code,), start, None, [row], [provenance(row, name_note, start_note)]))
        out[kind] = tl.place()
    return out


def add_safeguarding(b: _SkeletonBuilder) -> None:
    """Each period a body: the three safeguarding partners (s.16E) or the board's members (s.43) for
    each council it covers; the partnership's yearly report to the national panel; the board's
    annual report to each council, PCC, Healthwatch and HWB (Care Act 2014 Sch. 2 para 4)."""
    timelines = safeguarding_timelines(b)
    def partners(code: str) -> list[str]:
        lads = b.lads_of(code)
        return [b.body_of_area[code], *_police(b, lads), *b.health_ids(lads)]

    for p in timelines["scp"]:
        _add_body(b, p, BodyKind.SAFEGUARDING_CHILDREN, "children-act-2004")
        for m, evidence in _members(b, p, partners).items():
            _member(b, p, m, MembershipRole.SAFEGUARDING_PARTNER, st.CA04_S16E, evidence)
        _report(b, p, "national:child-safeguarding-practice-review-panel", st.WT_2023,
                "yearly report of the safeguarding arrangements")
        _claim(b, p.id, ClaimType.LEADS, "safeguarding-children", st.CA04_S16E, _arrangement_evidence(p), True,
               p.start, p.end)
    for p in timelines["sab"]:
        _add_body(b, p, BodyKind.SAFEGUARDING_ADULTS, "care-act-2014")
        for m, evidence in _members(b, p, partners).items():
            _member(b, p, m, MembershipRole.STATUTORY_MEMBER, st.CA14_S43, evidence)
        report_to: dict[str, None] = {}
        for code in p.councils:
            s = slug(b.areas[code].name)
            report_to.update(dict.fromkeys((b.body_of_area[code], *_pccs(b, b.lads_of(code)), f"healthwatch:{s}",
                                            f"hwb:{s}")))
        for to in report_to:
            _report(b, p, to, st.CA14_SCH2, "annual report (Care Act 2014, Schedule 2, paragraph 4)")
        _claim(b, p.id, ClaimType.LEADS, "safeguarding-adults", st.CA14_S43, _arrangement_evidence(p), True,
               p.start, p.end)


# -- youth justice services (England and Wales) -------------------------------------------------

YJ_FILE, YJ_WALES_FILE = "justice/youth_justice_services.csv", "wales/youth_justice_wales.csv"
YJS_STATUTE = ("Crime and Disorder Act 1998 s.39 requires each local authority to establish one or more youth "
               "offending teams, alone or with others (s.39(2)); about 157 services serve the 175 councils")


def youth_justice_timeline(b: _SkeletonBuilder) -> list[Period]:
    """Joint services from both files (a Welsh service in both is one body citing both rows, with
    the more precise dates), single services where a row states one, derived ones elsewhere."""
    councils = _upper_names(b)
    tl = Timeline("yjs", councils, derived_fill("Youth justice service", councils, _derived_reason(
        "youth justice service", YJS_STATUTE, "justice and data/register/wales")))
    joint: dict[frozenset[str], Period] = {}

    def joint_row(row: RegisterRow, name: str, start_text: str, end_text: str) -> None:
        codes = frozenset(row.codes())
        start, start_note = day(start_text, "the start")
        end, end_note = day(end_text, "the end")
        seen = joint.get(codes)
        if seen is None:
            joint[codes] = Period(_short_name(name), tuple(row.codes()), start, end, [row],
                                  [provenance(row, start_note, end_note)])
            return
        # the same service in the other file: keep the more precise date of each end, cite both
        seen.rows.append(row)
        seen.notes.append(f"also {provenance(row)}")
        if start and (seen.start is None or len(start_text) > 4 and seen.start.year == start.year):
            seen.start = start
        if end and seen.end is None:
            seen.end = end

    for row in register_rows(YJ_WALES_FILE):
        if row["yot_type"] in ("joint", "merged_historic"):
            joint_row(row, row["name"], row["valid_from"], row["valid_to"])
        elif row["yot_type"] in ("single", "single_historic"):
            start, start_note = day(row["valid_from"], "the start")
            end, end_note = day(row["valid_to"], "the end")
            tl.add_single(Period(row["name"], tuple(row.codes()), start, end, [row],
                                 [provenance(row, start_note, end_note)]))
    for row in register_rows(YJ_FILE):
        kind = row["row_type"]
        if kind in ("joint_service", "ended_joint_service"):
            joint_row(row, row["name"], row["valid_from"], row["valid_to"])
        elif kind == "change_split":
            # the county-wide service (one council, now abolished) over today's two councils, then
            # each successor council's own service, as the row's notes name them
            end, end_note = day(row["valid_to"], "the end")
            joint_row(row, row["name"], "", row["valid_to"])
            for code in row.codes():
                name = f"{b.areas[code].name} Youth Justice Service"
                tl.add_single(Period(name, (code,), end, None, [row], [provenance(
                    row, f"the successor service of {b.areas[code].name} named in the row's notes, from the day "
                         "the county service ended", end_note)]))
        elif kind == "joint_governance":
            # two services under one management board: each council's own service, as the row says
            for code in row.codes():
                council = b.areas[code].name
                tl.add_single(Period(f"{council} youth justice service (joint head of service with "
                                     f"{' and '.join(b.areas[c].name for c in row.codes() if c != code)})",
                                     (code,), None, None, [row], [provenance(
                                         row, "the row records two services under joint governance; each is "
                                              "its council's own")]))
    for p in sorted(joint.values(), key=lambda p: p.rows[0].where):
        tl.add_joint(p)
    return tl.place()


def add_youth_justice(b: _SkeletonBuilder) -> None:
    """Each service: the council(s), police, probation and health on the team (s.39(5)); the youth
    justice plan to the Youth Justice Board (s.40); the council(s) that establish it (s.39, s.39(2))."""
    for p in youth_justice_timeline(b):
        _add_body(b, p, BodyKind.YOUTH_JUSTICE, st.CDA_S39)
        how = st.CDA_S39_2 if len(p.councils) > 1 else st.CDA_S39

        def team(code: str) -> list[str]:
            lads = b.lads_of(code)
            return [b.body_of_area[code], *_police(b, lads), b.probation, *b.health_ids(lads)]

        for m, where in _members(b, p, team).items():
            _member(b, p, m, MembershipRole.STATUTORY_MEMBER, st.CDA_S39, "; ".join(x for x in (
                "s.39(5): the council, police, probation and health must be on the team", where) if x))
        for code in p.councils:
            _report(b, p, b.body_of_area[code], how, "the council establishes the youth offending team (s.39)"
                    + (", with the others acting together (s.39(2))" if len(p.councils) > 1 else ""))
        _report(b, p, "national:youth-justice-board", st.CDA_S39,
                "the youth justice plan goes to the Youth Justice Board (s.40)")
        _claim(b, p.id, ClaimType.LEADS, "youth-justice", st.CDA_S39, _arrangement_evidence(p), True, p.start, p.end)


# -- MAPPA areas and local criminal justice boards (per criminal justice area) -----------------

def add_mappa(b: _SkeletonBuilder) -> None:
    """One strategic management board per MAPPA area (42; London one area over the Metropolitan and
    City of London police areas): the responsible authority (police, probation and prisons, s.325)
    makes the arrangements; its annual report (s.326) to the local policing body."""
    for row in register_rows("justice/mappa_areas.csv"):
        start, start_note = day(row["valid_from"], "the start")
        end, end_note = day(row["valid_to"], "the end")
        basis = row["smb_name_basis"]
        name_note = (f"the board's name is constructed by the register ({basis}): every MAPPA area has a strategic "
                     "management board" if basis.startswith("constructed") else f"board name {basis}")
        p = Period(row["smb_name"], tuple(row.codes()), start, end, [row],
                   [f"the {row['name']} (criminal justice area {row['criminal_justice_area']})", name_note,
                    provenance(row, start_note, end_note)], id=f"mappa:{slug(row['criminal_justice_area'])}")
        _add_body(b, p, BodyKind.MAPPA_SMB, st.CJA_S325)
        for pfa in p.councils:
            _member(b, p, b.force_of_pfa[pfa], MembershipRole.RESPONSIBLE_AUTHORITY, st.CJA_S325,
                    "police, probation and prisons acting jointly are the responsible authority (s.325(1)-(2))")
        _member(b, p, b.probation, MembershipRole.RESPONSIBLE_AUTHORITY, st.CJA_S325,
                "police, probation and prisons acting jointly are the responsible authority (s.325(1)-(2))")
        for pfa in p.councils:
            _report(b, p, f"pcc:{slug(b.areas[pfa].name)}", st.CJA_S326,
                    "the responsible authority's annual report on the arrangements (s.326)")


LCJB_FILE = "justice/local_criminal_justice_boards.csv"


def add_lcjbs(b: _SkeletonBuilder) -> None:
    """A local criminal justice board per criminal justice area as the rows give it (42, London one
    board), and the Criminal Justice Board for Wales. Merged boards whose end no source gives are not
    placed on the timeline: their rows are noted on the boards they merged."""
    merged: dict[str, list[str]] = defaultdict(list)
    for row in register_rows(LCJB_FILE):
        if row["row_type"] == "merged_board":
            start, start_note = day(row["valid_from"], "the start")
            said = (f"the register records a merged board, {row['name']}"
                    + (f", from {start.isoformat()}" if start else ", dates not published")
                    + f" ({row['status']}; end not published, so not placed on the timeline): "
                    + provenance(row, start_note))
            for pfa in row.codes():
                merged[pfa].append(said)
    for row in register_rows(LCJB_FILE):
        start, start_note = day(row["valid_from"], "the start")
        end, end_note = day(row["valid_to"], "the end")
        if row["row_type"] == "national_board":
            p = Period(_short_name(row["name"]), tuple(row.codes()), start, end, [row], [provenance(row)],
                       id="national:criminal-justice-board-for-wales")
            _add_body(b, p, BodyKind.NATIONAL_BODY, st.LCJB_GUIDANCE)
            continue
        if row["row_type"] != "lcjb":
            continue
        p = Period(row["name"], tuple(row.codes()), start, end, [row],
                   [provenance(row, start_note, end_note), *(m for pfa in row.codes() for m in merged.get(pfa, []))],
                   id=f"lcjb:{slug(row['criminal_justice_area'])}")
        _add_body(b, p, BodyKind.LCJB, st.LCJB_GUIDANCE)
        for pfa in p.councils:
            pcc = f"pcc:{slug(b.areas[pfa].name)}"
            for m in (pcc, b.force_of_pfa[pfa]):
                _member(b, p, m, MembershipRole.MEMBER, st.LCJB_GUIDANCE, statutory=False)
            _report(b, p, pcc, st.PRSRA_S10, "serves the PCC's duty to make criminal justice arrangements (s.10(3))")
        _member(b, p, b.probation, MembershipRole.MEMBER, st.LCJB_GUIDANCE, statutory=False)


# -- domestic abuse local partnership boards (England: tier one authorities) --------------------

DA_FILE = "justice/domestic_abuse_boards.csv"
LONDON_REGION = "E12000007"
GLA = "council:greater-london-authority"
# Cumberland, Westmorland and Furness, North Yorkshire and Somerset became unitaries on 1 April 2023
NEW_UNITARIES_2023 = ("E06000063", "E06000064", "E06000065", "E06000066")
NEW_UNITARIES_2023_FROM = date(2023, 4, 1)


def add_da_boards(b: _SkeletonBuilder) -> None:
    """Domestic Abuse Act 2021 ss.57-58: each tier one authority (county and unitary councils,
    metropolitan districts, the Greater London Authority for London, not the boroughs) leads
    accommodation-based support and appoints a board, from the day the duty reached it; a named or
    joint board where a row gives one, else the authority's statutory board (not derived: the Act
    requires it; its name is descriptive and the notes say so)."""
    b.bodies[GLA] = Body(id=GLA, name="Greater London Authority", kind=BodyKind.COUNCIL, source=st.DAA_S57,
                         notes="the tier one authority for London under the Domestic Abuse Act 2021 Part 4")
    b.covers.append(Covers(start=GLA, end=LONDON_REGION, source=st.DAA_S57))
    london = set(b.lads_of(LONDON_REGION))
    rows = register_rows(DA_FILE)
    tier_one: dict[str, tuple[date, RegisterRow, str | None]] = {}   # area -> (since, row, note)
    for row in rows:
        if row["row_type"] != "statutory_category":
            continue
        codes = [LONDON_REGION] if set(row.codes()) == london else row.codes()
        for code in codes:
            since, note = day(row["valid_from"], "the start")
            if since is None:
                since = DA_PART4_FROM
                note = "the row gives no date: the Part 4 duty's commencement (1 October 2021) is used"
            if code in NEW_UNITARIES_2023:
                since = NEW_UNITARIES_2023_FROM
                note = ("a unitary created on 1 April 2023 took the duty on from its vesting day (the row's notes); "
                        "the county council had it before")
            tier_one[code] = (since, row, note)
    names = _upper_names(b, "E")
    names[LONDON_REGION] = b.areas[LONDON_REGION].name
    names = {c: n for c, n in names.items() if c in tier_one}

    def statutory_board(code: str, lo: date, hi: date) -> Period | None:
        since, row, note = tier_one[code]
        lo = max(lo, since)
        if lo >= hi:
            return None
        return Period(f"{names[code]} Domestic Abuse Local Partnership Board", (code,), _bound(lo, True),
                      _bound(hi, False), [row], [
                          "the Act requires the tier one authority to appoint the board (s.58); no row names this "
                          "one, so its name is descriptive", provenance(row, note)])

    tl = Timeline("dalpb", names, statutory_board)
    for row in rows:
        if row["row_type"] not in ("joint_board", "board"):
            continue
        codes = [LONDON_REGION] if set(row.codes()) == london else row.codes()
        start, start_note = day(row["valid_from"], "the start")
        if start is None:
            start = max(tier_one[c][0] for c in codes)
            start_note = "the row gives no date: the day the Part 4 duty reached the authority is used"
        period = Period(row["name"], tuple(codes), start, None, [row], [provenance(row, start_note)])
        if row["row_type"] == "joint_board":
            tl.add_joint(period)
        else:
            tl.add_single(period)
    for p in tl.place():
        _add_body(b, p, BodyKind.DA_PARTNERSHIP_BOARD, st.DAA_S58)
        for code in p.councils:
            council = GLA if code == LONDON_REGION else b.body_of_area[code]
            _member(b, p, council, MembershipRole.STATUTORY_MEMBER, st.DAA_S58,
                    "appointed by the tier one authority, which is represented on it")
            _report(b, p, council, st.DAA_S58, "advises the tier one authority and reports to it")
        _claim(b, p.id, ClaimType.SUPPORTS, "domestic-abuse-safe-accommodation", st.DAA_S58,
               "advises the tier one authority on its accommodation-based support", True, p.start, p.end)
    for code, (since, _, _) in sorted(tier_one.items()):
        council = GLA if code == LONDON_REGION else b.body_of_area[code]
        _claim(b, council, ClaimType.LEADS, "domestic-abuse-safe-accommodation", st.DAA_S57,
               "the tier one authority's duty to assess need for, and provide, accommodation-based support",
               True, since, None)

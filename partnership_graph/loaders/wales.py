"""Wales as Wales: which English duties stop at the border, and the Welsh duties in their place.

The extent table of ``data/register/wales/NOTES.md`` (each row read from the Act's text on
legislation.gov.uk) lists the duties that bind English bodies only, and the Welsh body in the
same role:

============================================  ===================================================
English duty (binds English bodies only)       Welsh body in the same role
============================================  ===================================================
Domestic Abuse Act 2021 Part 4 (ss.57-58)      the council and the Local Health Board jointly,
                                               Violence against Women, Domestic Abuse and Sexual
                                               Violence (Wales) Act 2015 s.5
Children Act 2004 s.16E                        Regional Safeguarding Boards (SSW(W)A 2014 s.134)
Care Act 2014 s.43 (and Sch. 2)                Regional Safeguarding Boards (SSW(W)A 2014 s.134)
Health and Social Care Act 2012 s.194          Regional Partnership Boards (SSW(W)A 2014 Part 9),
                                               Public Services Boards (WFG(W)A 2015 s.29)
SI 2007/1830 (county strategy groups)          (none: Wales has no two-tier counties)
============================================  ===================================================

``check_extent`` holds the skeleton to the table (a claim or membership citing an English-only
section on a body whose footprint reaches a Welsh district is a build error, not an answer), and
``welsh_duties`` adds what Welsh law says instead: the s.5 joint lead on violence against women,
domestic abuse and sexual violence (so a narrower issue such as safe accommodation is answered in
Wales by the Welsh duty, never by an English one through a broader issue), each Public Services
Board scrutinised by its councils' overview and scrutiny committees (WFG(W)A 2015 s.35), and each
Regional Safeguarding Board's line to the National Independent Safeguarding Board (s.132).
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from ..graphmodel import AccountableTo, AreaKind, BodyKind, ClaimType, Mechanism
from . import statutes as st

if TYPE_CHECKING:
    from .skeleton import _SkeletonBuilder

# Sections (Source ids) whose duties bind English bodies only, with the Welsh body in the same role.
ENGLISH_ONLY: dict[str, str] = {
    st.DAA_S57: "the council and the Local Health Board jointly (VAWDASV (Wales) Act 2015 s.5)",
    st.DAA_S58: "the council and the Local Health Board jointly (VAWDASV (Wales) Act 2015 s.5)",
    st.CA04_S16E: "the Regional Safeguarding Board (SSW(W)A 2014 s.134)",
    "children-act-2004": "the Regional Safeguarding Board (SSW(W)A 2014 s.134)",
    st.CA14_S43: "the Regional Safeguarding Board (SSW(W)A 2014 s.134)",
    st.CA14_SCH2: "the Regional Safeguarding Board (SSW(W)A 2014 s.134)",
    "care-act-2014": "the Regional Safeguarding Board (SSW(W)A 2014 s.134)",
    st.HSCA_S194: "the Regional Partnership Board (SSW(W)A 2014 Part 9) and the Public Services Board",
    "health-and-social-care-act-2012": "the Regional Partnership Board (SSW(W)A 2014 Part 9) and the Public "
                                       "Services Board",
    st.CSG_REGS_2007: "none: the 2007 Regulations extend to England only (Wales: SI 2007/3076)",
}
# The issues of the s.5 duty: the Act's title and purpose (s.1) name them.
VAWDASV_ISSUES = ("violence-against-women-and-girls", "domestic-abuse", "sexual-violence")
NATIONAL_SAFEGUARDING_BOARD = "national:national-independent-safeguarding-board"


def welsh_lads(b: _SkeletonBuilder) -> set[str]:
    return {c for c, a in b.areas.items() if a.kind == AreaKind.LAD and c.startswith("W")}


def footprint_lads(b: _SkeletonBuilder) -> dict[str, set[str]]:
    """Each body's LADs, from its COVERS lines (any date)."""
    out: dict[str, set[str]] = defaultdict(set)
    for c in b.covers:
        if c.end in b.areas:
            out[c.start] |= set(b.lads_of(c.end))
    return out


def check_extent(b: _SkeletonBuilder) -> None:
    """Refuse to build a skeleton in which an English-only duty reaches a Welsh body."""
    wales, lads = welsh_lads(b), footprint_lads(b)
    wrong = sorted({f"{c.start} {c.claim} {c.end} ({c.source})" for c in b.claims.values()
                    if c.source in ENGLISH_ONLY and lads[c.start] & wales}
                   | {f"{m.start} member of {m.end} ({m.source})" for m in b.memberships.values()
                      if m.source in ENGLISH_ONLY and lads[m.end] & wales})
    if wrong:
        raise ValueError("English-only duties on Welsh bodies (data/register/wales/NOTES.md extent table): "
                         + "; ".join(wrong[:10]))


def welsh_duties(b: _SkeletonBuilder) -> None:
    """The s.5 joint lead, PSB scrutiny (s.35) and the Regional Safeguarding Boards' national line."""
    for a in b.upper_tiers("W"):
        council = b.body_of_area[a.code]
        lhbs = [b.body_of_area[h] for h in b.parents_of([a.code], AreaKind.LHB)]
        names = ", ".join(b.bodies[h].name for h in lhbs)
        for issue in VAWDASV_ISSUES:
            b.claim(council, ClaimType.LEADS, issue, st.VAWDASV_S5,
                    f"the council's local strategy for {a.name}, prepared jointly with {names} (s.5(1))")
            for h in lhbs:
                b.claim(h, ClaimType.LEADS, issue, st.VAWDASV_S5,
                        "the local strategy for each council area it serves, prepared jointly with the council "
                        "(s.5(1))")
    for board in [x for x in b.bodies.values() if x.kind == BodyKind.PSB]:
        for (member, to), m in sorted(b.memberships.items()):
            if to == board.id and b.bodies[member].kind == BodyKind.COUNCIL:
                b.accountability.append(AccountableTo(
                    start=board.id, end=member, mechanism=Mechanism.SCRUTINY, source=st.WFGWA_S35,
                    valid_from=m.valid_from, valid_to=m.valid_to,
                    evidence="the council's overview and scrutiny committee reviews or scrutinises the board's "
                             "decisions, actions and governance (Well-being of Future Generations (Wales) Act 2015 "
                             "s.35)"))
    boards = [x for x in b.bodies.values() if x.kind == BodyKind.REGIONAL_SAFEGUARDING_BOARD]
    if boards and NATIONAL_SAFEGUARDING_BOARD not in b.bodies:
        b.body(NATIONAL_SAFEGUARDING_BOARD, "National Independent Safeguarding Board", BodyKind.NATIONAL_BODY, None,
               st.SSWWA_S132)
    for board in boards:
        b.report(board.id, NATIONAL_SAFEGUARDING_BOARD, Mechanism.SCRUTINY, st.SSWWA_S132,
                 "the National Board supports and advises the Safeguarding Boards and reports on the adequacy and "
                 "effectiveness of arrangements to safeguard children and adults in Wales (s.132(2))")

"""A toy county, small enough to check every question's answer by hand.

Geography (populations in brackets; England holds every LAD)::

    Shire county E10000901 (two-tier): Alpha E07000901 (100), Beta E07000902 (200), Gamma E07000903 (300)
    Delta E06000904 (400): a unitary, its own upper tier
    CSPs: Alpha CSP E22000901 = Alpha; Beta-Gamma CSP E22000902 = Beta + Gamma;
          Delta North E22000903 and Delta South E22000904 = half of Delta each (equal_split)
    Police force area E23000901 = all four LADs
    Fire: Shire FRA E31000901 = Alpha, Beta, Gamma; Delta FRA E31000902 = Delta
    ICBs: North ICB E54000901 = Alpha, Beta, 0.6 of Gamma; South ICB E54000902 = 0.4 of Gamma, Delta
          (lsoa21_count shares)

Issues: vawg > domestic-abuse; crime > serious-violence > county-lines; exploitation > cse.

``document(...)`` builds the geography, the issues, two sources (one authoritative, one
illustrative) and whatever bodies, footprints, memberships, claims and accountability a test adds.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from partnership_graph.graphmodel import (
    AccountableTo, Area, AreaPartOf, Body, Claim, Covers, GraphDocument, Issue, IssuePartOf, MemberOf,
    Source,
)
from partnership_graph.stores.embedded import EmbeddedStore

ALPHA, BETA, GAMMA, DELTA = "E07000901", "E07000902", "E07000903", "E06000904"
SHIRE, ENGLAND = "E10000901", "E92000001"
CSP_ALPHA, CSP_BETA_GAMMA, CSP_DELTA_N, CSP_DELTA_S = "E22000901", "E22000902", "E22000903", "E22000904"
PFA = "E23000901"
FRA_SHIRE, FRA_DELTA = "E31000901", "E31000902"
ICB_NORTH, ICB_SOUTH = "E54000901", "E54000902"
POPULATION = {ALPHA: 100, BETA: 200, GAMMA: 300, DELTA: 400}

AREAS = (
    Area(code=ALPHA, name="Alpha", kind="LAD", population=100),
    Area(code=BETA, name="Beta", kind="LAD", population=200),
    Area(code=GAMMA, name="Gamma", kind="LAD", population=300),
    Area(code=DELTA, name="Delta", kind="LAD", population=400, upper_tier=True),
    Area(code=SHIRE, name="Shire", kind="CTYUA", upper_tier=True),
    Area(code=ENGLAND, name="England", kind="CTRY"),
    Area(code=CSP_ALPHA, name="Alpha CSP area", kind="CSP"),
    Area(code=CSP_BETA_GAMMA, name="Beta and Gamma CSP area", kind="CSP"),
    Area(code=CSP_DELTA_N, name="Delta North CSP area", kind="CSP"),
    Area(code=CSP_DELTA_S, name="Delta South CSP area", kind="CSP"),
    Area(code=PFA, name="Shire Police area", kind="PFA"),
    Area(code=FRA_SHIRE, name="Shire Fire area", kind="FRA"),
    Area(code=FRA_DELTA, name="Delta Fire area", kind="FRA"),
    Area(code=ICB_NORTH, name="North ICB area", kind="ICB"),
    Area(code=ICB_SOUTH, name="South ICB area", kind="ICB"),
)


def _part(lad: str, parent: str, share: float = 1.0, basis: str = "whole") -> AreaPartOf:
    return AreaPartOf(start=lad, end=parent, share=share, share_basis=basis)  # type: ignore[arg-type]


PART_OF = (
    *(_part(lad, ENGLAND) for lad in POPULATION),
    *(_part(lad, SHIRE) for lad in (ALPHA, BETA, GAMMA)),
    _part(ALPHA, CSP_ALPHA), _part(BETA, CSP_BETA_GAMMA), _part(GAMMA, CSP_BETA_GAMMA),
    _part(DELTA, CSP_DELTA_N, 0.5, "equal_split"), _part(DELTA, CSP_DELTA_S, 0.5, "equal_split"),
    *(_part(lad, PFA) for lad in POPULATION),
    *(_part(lad, FRA_SHIRE) for lad in (ALPHA, BETA, GAMMA)), _part(DELTA, FRA_DELTA),
    _part(ALPHA, ICB_NORTH), _part(BETA, ICB_NORTH), _part(GAMMA, ICB_NORTH, 0.6, "lsoa21_count"),
    _part(GAMMA, ICB_SOUTH, 0.4, "lsoa21_count"), _part(DELTA, ICB_SOUTH),
)

ISSUES = (
    Issue(id="vawg", name="Violence against women and girls", synonyms=("VAWG",)),
    Issue(id="domestic-abuse", name="Domestic abuse", synonyms=("DA",)),
    Issue(id="crime", name="Crime and disorder"),
    Issue(id="serious-violence", name="Serious violence"),
    Issue(id="county-lines", name="County lines"),
    Issue(id="exploitation", name="Exploitation"),
    Issue(id="cse", name="Child sexual exploitation", synonyms=("CSE",)),
    Issue(id="modern-slavery", name="Modern slavery"),
)
ISSUE_PART_OF = (
    IssuePartOf(start="domestic-abuse", end="vawg"), IssuePartOf(start="serious-violence", end="crime"),
    IssuePartOf(start="county-lines", end="serious-violence"), IssuePartOf(start="cse", end="exploitation"),
    IssuePartOf(start="modern-slavery", end="exploitation"),
)
SOURCES = (
    Source(id="paper", title="A published paper"),
    Source(id="illustrative", title="Invented for the example", authoritative=False),
)


def body(id_: str, kind: str, *areas: str, name: str | None = None) -> tuple[Body, list[Covers]]:
    return (Body(id=id_, name=name or id_.replace(":", " ").title(), kind=kind),  # type: ignore[arg-type]
            [Covers(start=id_, end=a) for a in areas])


def claim(body_id: str, word: str, issue: str, scope: str | None = None, source: str | None = "paper") -> Claim:
    return Claim(start=body_id, end=issue, claim=word.upper(), scope=scope, source=source)  # type: ignore[arg-type]


def member(member_id: str, board: str, role: str = "responsible_authority") -> MemberOf:
    return MemberOf(start=member_id, end=board, role=role)  # type: ignore[arg-type]


def accountable(start: str, end: str, mechanism: str = "scrutiny", source: str | None = "paper") -> AccountableTo:
    return AccountableTo(start=start, end=end, mechanism=mechanism, source=source)  # type: ignore[arg-type]


def document(bodies: Iterable[tuple[Body, list[Covers]]] = (), *, covers: Iterable[Covers] = (),
             claims: Iterable[Claim] = (), memberships: Iterable[MemberOf] = (),
             accountability: Iterable[AccountableTo] = ()) -> GraphDocument:
    made = list(bodies)
    return GraphDocument.build(
        areas=AREAS, area_part_of=PART_OF, issues=ISSUES, issue_part_of=ISSUE_PART_OF, sources=SOURCES,
        bodies=[b for b, _ in made], covers=[*(c for _, cs in made for c in cs), *covers],
        claims=claims, memberships=memberships, accountability=accountability)


def store_of(tmp_path: Path, doc: GraphDocument) -> EmbeddedStore:
    store = EmbeddedStore(tmp_path / "small.json")
    store.load(doc)
    return store


def dump(rows: Iterable[Any], *fields: str) -> list[tuple[Any, ...]]:
    """The chosen fields of each row, for compact exact assertions."""
    return [tuple(getattr(r, f) for f in fields) for r in rows]

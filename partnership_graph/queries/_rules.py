"""The rules the question queries share, over facts read through one ``Reader``.

Every question module (who_leads, gaps, overlaps, coterminosity) works in two steps:

1. *read the facts* through ``queries.reader.reader(store, on=...)``: the LADs of the area
   asked about with the share of each, the issue taxonomy, LAD populations, the ownership claims
   with the LADs each one covers, the footprints of a kind, all as at the date asked about. The
   networkx reader and the Cypher reader return identical values (the parity tests hold them).
2. *apply the rule*: one pure function per question over those facts, so the question is
   written once and cannot drift between stores.

Geography is LAD-level, with shares: a footprint is ``{LAD code: share of the LAD}``. The
lookups never say *where* inside a LAD a part lies (three legacy CSPs each hold one third of
Bournemouth, Christchurch and Poole), so comparisons are by share only: a footprint holding
share ``a`` of a LAD is taken to lie within one holding ``b >= a`` of it. Shares are compared
with the tolerance ``TOL``; floats in result rows are rounded to ``DIGITS`` decimals in both
readers' answers so that rows compare equal.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ._common import resolve_area
from .facts import ClaimFact, Shares, Taxonomy
from .reader_cypher import source_fields

if TYPE_CHECKING:
    from ..resolve import AreaRef
    from .reader import Reader

__all__ = ["DIGITS", "ENGLAND_AND_WALES", "TOL", "ClaimFact", "Footprint", "Place", "Shares", "Taxonomy",
           "body_cover", "claims", "covers_all", "led_share", "place", "rounded", "source_fields", "touches",
           "weighted_population"]

TOL = 1e-9
DIGITS = 6
ENGLAND_AND_WALES = "England and Wales"



def rounded(x: float) -> float:
    """Round a share, index or ratio for a result row (the same way in both twins)."""
    return round(x + 0.0, DIGITS) + 0.0  # "+ 0.0" turns -0.0 into 0.0


# -- areas -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Place:
    """The area a question is asked about: its LAD shares, or every LAD when no area is given."""

    code: str | None
    name: str
    kind: str | None
    need: Mapping[str, float]

    @property
    def national(self) -> bool:
        return self.code is None


def place(rd: Reader, area: str | None) -> Place:
    """Resolve ``area`` (code, name, prefix) and read its LAD shares; ``None`` is all of E&W."""
    ref: AreaRef | None = resolve_area(rd, area) if area else None
    need = rd.lad_shares(ref.code if ref else None)
    if ref is None:
        return Place(None, ENGLAND_AND_WALES, None, need)
    return Place(ref.code, ref.name, ref.kind, need)


def weighted_population(shares: Mapping[str, float], population: Mapping[str, int | None]) -> int:
    """People in a share-weighted set of LADs (LADs without a population count as none)."""
    return round(sum((population.get(lad) or 0) * s for lad, s in shares.items()))


def covers_all(cover: Mapping[str, float], need: Mapping[str, float]) -> bool:
    """True when ``cover`` holds at least the share ``need`` asks for on every one of its LADs."""
    return all(cover.get(lad, 0.0) >= share - TOL for lad, share in need.items())


# -- ownership claims ----------------------------------------------------------------------------
def claims(rd: Reader, claim_types: Iterable[str], issues: Iterable[str] | None, place: Place) -> list[ClaimFact]:
    """Claims of the given types on the given issues (``None``: all), covering part of ``place``."""
    lads = None if place.national else list(place.need)
    return sorted(rd.claims(claim_types, issues, lads), key=lambda c: c.key)


# -- who leads where: the rule shared by who_leads, gaps and overlaps ---------------------------
def body_cover(claims: Iterable[ClaimFact]) -> dict[str, Shares]:
    """Per body, the largest share it claims on each LAD (two claims of one body do not add up)."""
    out: dict[str, Shares] = {}
    for c in claims:
        mine = out.setdefault(c.body_id, {})
        for lad, share in c.coverage.items():
            mine[lad] = max(mine.get(lad, 0.0), share)
    return out


def led_share(claims: Iterable[ClaimFact]) -> Shares:
    """How much of each LAD the given claims cover together: bodies add up, capped at 1.

    Adding is right where parts of a LAD come from splitting it (legacy CSPs, delivery teams);
    the data cannot say when two partial footprints overlap instead.
    """
    total: Shares = {}
    for cover in body_cover(claims).values():
        for lad, share in cover.items():
            total[lad] = min(1.0, total.get(lad, 0.0) + share)
    return total


# -- footprints of a kind (coterminosity) ---------------------------------------------------------
@dataclass(frozen=True)
class Footprint:
    kind: str            # the word shown: an area kind (CSP, UTLA...) or a body kind (pcc, hwb...)
    code: str            # GSS code of an area, or id of a body
    name: str
    shares: Mapping[str, float]


def touches(shares: Mapping[str, float], lads: Mapping[str, float]) -> bool:
    return any(s > 0 and lads.get(lad, 0.0) > 0 for lad, s in shares.items())

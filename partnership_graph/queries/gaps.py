"""Gaps: issues prioritised where nobody leads them, and partnerships missing a statutory partner.

**Ownership gaps.** An issue is *prioritised* on a LAD when a body whose footprint covers the LAD
(narrowed to the claim's ``scope``) has a PRIORITISES claim on it, or when the caller lists the
issue as ``required`` for the area. It is *led* there as far as LEADS claims on the issue or on a
broader issue containing it (the taxonomy rule of ``who_leads``) cover the LAD: bodies' shares
add up, capped at the whole LAD. Any prioritised share left unled is a gap. One row per
prioritising claim (or required issue) lists the LADs with an unled share and the people living
in the unled part (mid-2023 populations, share-weighted). A lead on a *narrower* issue does not
close a gap on the broader one (leading county lines is not leading serious violence).

**Statutory gaps.** Whoever the statute requires at the table, counted as a MEMBER_OF edge from
a body of the right kind, whatever role the data gives it:

- a CSP (Crime and Disorder Act 1998, s.5) needs a council, a police force, a fire and rescue
  authority, probation and health (an ICB, or a Local Health Board in Wales). A council that
  covers a fire and rescue area (FRA) is its own fire and rescue authority (twelve county and
  unitary councils are) and counts as the fire member. The sixth
  responsible authority of the Act's history, the community rehabilitation company, existed only
  from 1 June 2014 to 26 June 2021, when probation was reunified; the graph is today's, so it is
  not asked for (a dated view of the graph can add it back for those years).
- a safeguarding children partnership (Children Act 2004, s.16E) needs its three safeguarding
  partners: the council, the police force and health (ICB);
- a safeguarding adults board (Care Act 2014, Schedule 2) needs the same three.

The national skeleton builds every statutory membership, so on it there are no statutory gaps;
they appear where a user's data replaces or leaves out a partnership's members, or where a
member's membership has ended on the date asked about.

**Dates.** Everything is as at ``on`` (default today): claims, bodies, memberships and
footprints that count on that date (``valid_from <= on < valid_to``).

**Ranking.** Statutory gaps first (a partnership not constituted as the law requires), then
ownership gaps; within each, by the number of people affected (descending), then issue or missing
partner, then body id. ``rank`` numbers the rows from 1 in that order.

With ``issue``, only ownership gaps on that issue or a narrower one are listed (statutory gaps
are not about an issue and are left out). With ``area``, only what lies in the area: the
prioritised LADs inside it, the partnerships whose footprint touches it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Literal

from ._common import Row, Rows, resolve_issue
from ._rules import TOL, ClaimFact, Place, Taxonomy, claims, led_share, place, touches, weighted_population
from ._names import with_names
from .facts import PartnershipFact as Partnership
from .reader import reader

if TYPE_CHECKING:
    from ..stores.base import Store
    from .reader import Overlay

__all__ = ["GapRow", "STATUTORY_PARTNERS", "gaps"]


@dataclass(frozen=True)
class Statute:
    source: str
    title: str
    partners: tuple[tuple[str, str], ...]  # (what the row calls it, body kind)


STATUTORY_PARTNERS: dict[str, Statute] = {
    "csp": Statute("crime-and-disorder-act-1998",
                   "Crime and Disorder Act 1998, sections 5 and 6 (responsible authorities)",
                   (("council", "council"), ("police", "police_force"), ("fire", "fire_authority"),
                    ("probation", "probation"), ("health", "health"))),
    "safeguarding_children": Statute("children-act-2004",
                                     "Children Act 2004, sections 16E-16K (safeguarding partners), as amended 2017",
                                     (("council", "council"), ("police", "police_force"), ("health", "health"))),
    "safeguarding_adults": Statute("care-act-2014",
                                   "Care Act 2014, section 43 and Schedule 2 (Safeguarding Adults Boards)",
                                   (("council", "council"), ("police", "police_force"), ("health", "health"))),
}
REQUIRED_SOURCE = ("required", "required by the caller (--require)")


class GapRow(Row):
    """One gap: ``gap`` says which kind; fields that do not apply to that kind are null."""

    rank: int
    gap: Literal["statutory", "ownership"]
    body_id: str | None      # the partnership missing a partner, or the body prioritising the issue
    body_name: str | None    # (null for an issue the caller required)
    body_kind: str | None
    issue_id: str | None     # ownership: the issue prioritised and not led
    issue_name: str | None
    missing: str | None      # statutory: council, police, fire, probation or health
    lads: list[str]          # ownership: LADs with an unled share; statutory: the partnership's LADs
    lad_names: list[str] = []  # the names of ``lads``, in the same order
    population: int          # people affected (mid-2023, share-weighted)
    source: str              # the prioritising claim's source, "required", or the statute
    source_title: str
    authoritative: bool
    detail: str              # a sentence naming the places (codes in ``lads``)
    statutory: bool = False  # statutory gap, or a prioritising claim the law assigns
    derived: bool = False    # the body is our derivation (one board per council), not a register
    status: str | None = None  # DECIDED / ANNOUNCED...: the body exists only through such a change


def gaps(store: Store, area: str | None = None, issue: str | None = None,
         required: Iterable[str] | None = None, *, on: date | None = None,
         scenario: Overlay | None = None) -> Rows[GapRow]:
    """Ownership and statutory gaps in ``area`` (or nationally), ranked as the module docstring says.

    Parameters
    ----------
    store : Store
        The embedded store or Neo4j.
    area : str, optional
        GSS code, name or prefix; all of England and Wales when omitted.
    issue : str, optional
        Only ownership gaps on this issue or a narrower one.
    required : iterable of str, optional
        Issues the caller requires someone to lead everywhere in the area.
    on : date, optional
        The date the answer is about (default: today); ``as_at`` of the result says it.

    Returns
    -------
    Rows[GapRow]
        Ranked: statutory first, then ownership; each by population affected, descending.

    Raises
    ------
    QueryError
        The area, the issue or a required issue does not resolve.

    Examples
    --------
    Modern slavery is prioritised in Central Bedfordshire and nobody there leads it::

        >>> [(g.issue_id, g.body_id) for g in gaps(store, "Central Bedfordshire")]  # doctest: +SKIP
        [('modern-slavery', 'csp:central-bedfordshire')]
    """
    rd = reader(store, on=on, scenario=scenario)
    issue_id = resolve_issue(rd, issue).id if issue else None
    required_ids = sorted({resolve_issue(rd, r).id for r in (required or ())})
    where = place(rd, area)
    tax = rd.taxonomy()
    found = claims(rd, ("LEADS", "PRIORITISES"), None, where)
    population = rd.populations()
    rows = ownership_gaps(where, tax, found, issue_id, required_ids, population)
    if issue_id is None:
        rows += statutory_gaps(where, rd.partnerships(STATUTORY_PARTNERS), population)
    ranked = sorted(rows, key=lambda r: (r.gap != "statutory", -r.population, r.issue_id or r.missing or "",
                                         r.body_id or "", r.source))
    numbered = [r.model_copy(update={"rank": n}) for n, r in enumerate(ranked, start=1)]
    return Rows(with_names(rd, numbered, {"lads": "lad_names"}, text_fields=("detail",)), rd.on)


def statutory_gaps(where: Place, partnerships: Sequence[Partnership],
                   population: dict[str, int | None]) -> list[GapRow]:
    rows = []
    for p in partnerships:
        if not where.national and not touches(p.shares, where.need):
            continue
        statute = STATUTORY_PARTNERS[p.kind]
        for word, kind in statute.partners:
            if kind in p.member_kinds:
                continue
            rows.append(GapRow(
                rank=0, gap="statutory", body_id=p.id, body_name=p.name, body_kind=p.kind, issue_id=None,
                issue_name=None, missing=word, lads=sorted(p.shares), population=weighted_population(p.shares, population),
                source=statute.source, source_title=statute.title, authoritative=True,
                detail=f"{p.name} has no {word} member ({kind}); the statute makes it a "
                       f"{'responsible authority' if p.kind == 'csp' else 'statutory partner'}",
                statutory=True, derived=p.derived, status=p.status))
    return rows


def ownership_gaps(where: Place, tax: Taxonomy, found: Sequence[ClaimFact], issue_id: str | None,
                   required: Sequence[str], population: dict[str, int | None]) -> list[GapRow]:
    """The ownership rule of the module docstring over claims already read from a store."""
    wanted = tax.narrower_or_self(issue_id) if issue_id else None
    leads = [c for c in found if c.claim == "LEADS"]
    led_cache: dict[str, dict[str, float]] = {}

    def led(issue: str) -> dict[str, float]:
        if issue not in led_cache:
            broader = tax.ancestors(issue)
            led_cache[issue] = led_share(c for c in leads if c.issue_id in broader)
        return led_cache[issue]

    def unled(issue: str, need: dict[str, float]) -> dict[str, float]:
        cover = led(issue)
        return {lad: s - cover.get(lad, 0.0) for lad, s in need.items() if s - cover.get(lad, 0.0) > TOL}

    rows = []
    for c in found:
        if c.claim != "PRIORITISES" or (wanted is not None and c.issue_id not in wanted):
            continue
        need = {lad: min(s, where.need[lad]) for lad, s in c.coverage.items() if lad in where.need}
        missing = unled(c.issue_id, need)
        if missing:
            name = tax.names.get(c.issue_id, c.issue_id)
            rows.append(GapRow(
                rank=0, gap="ownership", body_id=c.body_id, body_name=c.body_name, body_kind=c.body_kind,
                issue_id=c.issue_id, issue_name=name, missing=None, lads=sorted(missing),
                population=weighted_population(missing, population), source=c.source,
                source_title=c.source_title, authoritative=c.authoritative,
                detail=f"{c.body_name} prioritises {name.lower()}"
                       f"{' in ' + c.scope if c.scope else ''}; nobody covering "
                       f"{_lads_phrase(missing)} leads it or a broader issue",
                statutory=c.statutory, derived=c.body_derived, status=c.body_status))
    for r in required:
        if wanted is not None and r not in wanted:
            continue
        missing = unled(r, dict(where.need))
        if missing:
            name = tax.names.get(r, r)
            rows.append(GapRow(
                rank=0, gap="ownership", body_id=None, body_name=None, body_kind=None, issue_id=r,
                issue_name=name, missing=None, lads=sorted(missing),
                population=weighted_population(missing, population), source=REQUIRED_SOURCE[0],
                source_title=REQUIRED_SOURCE[1], authoritative=True,
                detail=f"{name} is required in {where.name}; nobody covering {_lads_phrase(missing)} leads it "
                       "or a broader issue"))
    return rows


def _lads_phrase(lads: dict[str, float]) -> str:
    """One district by its code (``gaps`` turns codes in ``detail`` into names), or how many."""
    return next(iter(lads)) if len(lads) == 1 else f"{len(lads)} districts"

"""Overlaps: more than one body leading the same issue over the same LADs.

The rule, per issue and per LAD: the bodies with a LEADS claim *on that issue* whose footprint
(narrowed to the claim's ``scope``) holds part of the LAD overlap there when their shares of the
LAD add up to more than the whole of it. With whole-LAD footprints, the usual case, that is
simply "two or more leads". Partial footprints that fit side by side (three legacy CSPs, each a
third of a new unitary, each leading domestic abuse in its own part) are not an overlap; the
lookups cannot say whether two partial footprints touch, so only a sum above one is certain.

Leads the law gives jointly are not an overlap: where every lead on a LAD is statutory and cites
the same section (a Welsh council and its health board under VAWDASV (Wales) Act 2015 s.5, the
relevant bodies of the community trigger under ASBCPA 2014 s.104, the councils of a two-tier area
under the Prevent duty, CTSA 2015 s.26), they hold one duty together.

Only claims on the same issue overlap. A lead on a broader issue is superseded by a narrower lead
on the same LAD (the taxonomy rule of ``who_leads``), so it does not overlap it; two leads on the
broader issue do, and are reported under the broader issue.

Rows group the LADs by the set of bodies overlapping there: one row per (issue, bodies) with the
LADs, the people living there and each lead claim's source. ``issue`` narrows to that issue and
the narrower ones under it; ``area`` to the LADs of the area. Everything is as at ``on``
(default today): only claims, bodies and footprints that count on that date take part.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING

from ._common import Row, Rows, resolve_issue
from ._rules import TOL, ClaimFact, Place, Taxonomy, body_cover, claims, place, weighted_population
from ._names import with_names
from .reader import reader

if TYPE_CHECKING:
    from ..stores.base import Store
    from .reader import Overlay

__all__ = ["OverlapRow", "overlaps"]


class OverlapRow(Row):
    """Bodies that all lead ``issue_id`` over the same LADs. List fields are aligned by body."""

    issue_id: str
    issue_name: str
    bodies: list[str]            # body ids, sorted
    body_names: list[str]
    lads: list[str]              # where they overlap
    lad_names: list[str] = []    # the names of ``lads``, in the same order
    population: int              # people in those LADs (mid-2023; the LADs' shares in the area)
    sources: list[str]           # the source of each body's lead claim ("a; b" when it has several)
    authoritative: list[bool]    # each body's lead claim(s) cite only authoritative sources


def overlaps(store: Store, area: str | None = None, issue: str | None = None, *, on: date | None = None,
             scenario: Overlay | None = None) -> Rows[OverlapRow]:
    """Groups of two or more leads of one issue over the same LADs.

    Parameters
    ----------
    store : Store
        The embedded store or Neo4j.
    area : str, optional
        GSS code, name or prefix; all of England and Wales when omitted.
    issue : str, optional
        Only this issue and the narrower ones under it.
    on : date, optional
        The date the answer is about (default: today); ``as_at`` of the result says it.

    Returns
    -------
    Rows[OverlapRow]
        Sorted by issue id, then the body ids.

    Raises
    ------
    QueryError
        The area or the issue does not resolve.

    Examples
    --------
    Oldham CSP and the Oldham Safeguarding Children Partnership both lead child sexual
    exploitation in Oldham (illustrative)::

        >>> [(o.issue_id, o.bodies) for o in overlaps(store, issue="CSE")]  # doctest: +SKIP
        [('child-sexual-exploitation', ['csp:oldham', 'scp:oldham'])]
    """
    rd = reader(store, on=on, scenario=scenario)
    issue_id = resolve_issue(rd, issue).id if issue else None
    where = place(rd, area)
    tax = rd.taxonomy()
    wanted = tax.narrower_or_self(issue_id) if issue_id else None
    found = claims(rd, ("LEADS",), wanted, where)
    rows = overlap_groups(where, tax, found, rd.populations())
    return Rows(with_names(rd, sorted(rows, key=lambda r: (r.issue_id, r.bodies)), {"lads": "lad_names"}), rd.on)


def joint_duty(leads: Sequence[ClaimFact], bodies: Iterable[str], lad: str) -> bool:
    """True when every lead of these bodies on the LAD is statutory and cites the same section: one
    duty the law gives them jointly (a Welsh council and its health board, VAWDASV (Wales) Act 2015
    s.5; the relevant bodies of the community trigger, ASBCPA 2014 s.104), not two bodies that
    both think they lead."""
    wanted = set(bodies)
    here = [c for c in leads if c.body_id in wanted and lad in c.coverage]
    return bool(here) and all(c.statutory for c in here) and len({c.source for c in here}) == 1


def overlap_groups(where: Place, tax: Taxonomy, found: Sequence[ClaimFact],
                   population: dict[str, int | None]) -> list[OverlapRow]:
    """The rule of the module docstring over LEADS claims already read from a store."""
    by_issue: dict[str, list[ClaimFact]] = {}
    for c in found:
        if c.claim == "LEADS":
            by_issue.setdefault(c.issue_id, []).append(c)
    rows = []
    for issue_id, leads in sorted(by_issue.items()):
        cover = body_cover(leads)
        groups: dict[tuple[str, ...], dict[str, float]] = {}
        for lad in sorted({lad for shares in cover.values() for lad in shares}):
            here = {b: shares[lad] for b, shares in cover.items() if shares.get(lad, 0.0) > 0}
            if len(here) > 1 and sum(here.values()) > 1.0 + TOL and not joint_duty(leads, here, lad):
                groups.setdefault(tuple(sorted(here)), {})[lad] = where.need.get(lad, 1.0)
        for bodies, lads in groups.items():
            mine = [c for c in leads if c.body_id in bodies]
            names = {c.body_id: c.body_name for c in mine}
            sources = ["; ".join(sorted({c.source for c in mine if c.body_id == b})) for b in bodies]
            rows.append(OverlapRow(
                issue_id=issue_id, issue_name=tax.names.get(issue_id, issue_id), bodies=list(bodies),
                body_names=[names[b] for b in bodies], lads=sorted(lads),
                population=weighted_population(lads, population), sources=sources,
                authoritative=[all(c.authoritative for c in mine if c.body_id == b) for b in bodies]))
    return rows

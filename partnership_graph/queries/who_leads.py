"""Who leads an issue in an area: the lead bodies covering it, their supporters and sources.

The rule, per LAD of the area (a LAD is the unit the geography is known at):

- A claim counts on a LAD when the body's footprint, narrowed to the claim's ``scope`` area if it
  has one, holds part of that LAD.
- **Taxonomy.** A LEADS claim on the issue itself (distance 0) or on a broader issue that contains
  it (its parent at distance 1, grandparent at 2...) can lead it. On each LAD the narrowest level
  whose leads together cover the LAD (the share of it the area asks for) settles the question:
  leads at that level and at any narrower level count there, leads on broader issues are
  superseded there. So a county strategy group leading VAWG leads domestic abuse in every
  district except one where a district CSP leads domestic abuse itself. A narrower lead that
  covers only part of a LAD (a delivery team with 9% of it) does not supersede a broader lead of
  the whole LAD: both count. Leads on *narrower* issues are not leads of the broader one (leading
  county lines is not leading serious violence) and are not shown.
- **Supporters** are SUPPORTS claims on the issue or on a broader one, covering part of the area.
  Support is not exclusive, so nothing supersedes it: every such claim is shown, with
  ``inherited`` telling a claim on a broader issue apart.
- **Fit** is ``whole`` when the claim covers every LAD of the area in full (at least the share
  the area holds of each LAD), else ``part``.
- **Ties.** Two or more leads that count on the same LAD are all shown; each lists the others in
  ``co_leads``. Where they lead the same issue over the whole LAD that is an overlap (the
  ``overlaps`` question groups them); a partial narrower lead beside a broader one is not.
- Every row carries the claim's source, its title and ``authoritative`` (false for an
  illustrative or unsourced claim, which output marks).

Everything is as at a date (``on``, default today): only bodies, areas, footprints and claims
that count on that date (``valid_from <= on < valid_to``) take part. The facts come through one
reader (``queries.reader``: Cypher on Neo4j, a networkx walk otherwise); the rule above is one
function over them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Literal

from ._common import Row, Rows, resolve_issue
from ._rules import TOL, ClaimFact, Place, Taxonomy, claims, covers_all, led_share, place, weighted_population
from ._names import area_names, with_names
from .reader import reader

if TYPE_CHECKING:
    from ..stores.base import Store
    from .reader import Overlay

__all__ = ["WhoLeadsRow", "who_leads"]

ROLES = {"LEADS": "lead", "SUPPORTS": "support", "HOLDS_DUTY": "duty"}


class WhoLeadsRow(Row):
    """A lead, a supporter or a duty holder of the issue asked about, in the area asked about.

    ``statutory`` is true for a claim the law assigns (its source cites the Act section); local
    claims add to statutory ones and never remove them. ``role`` "duty" is a body the law puts
    under a duty shared with others without naming a lead (the serious violence duty's specified
    authorities): shown, but neither a lead nor support. ``derived`` marks a body we infer (one
    safeguarding board per council) rather than read from a register.
    """

    role: Literal["lead", "support", "duty"]
    body_id: str
    body_name: str
    body_kind: str
    issue_id: str            # the issue the claim is on: the one asked about, or a broader one
    issue_name: str
    inherited: bool          # the claim is on a broader issue
    scope: str | None        # the area the claim is narrowed to, if any
    scope_name: str | None = None  # the name of ``scope``
    fit: Literal["whole", "part"]
    lads: list[str]          # the area's LADs where the claim counts (for a lead: not superseded)
    lad_names: list[str] = []  # the names of ``lads``, in the same order
    population: int          # people in that part of the area (mid-2023, share-weighted)
    co_leads: list[str]      # other lead bodies that count on one of the same LADs
    source: str
    source_title: str
    authoritative: bool
    evidence: str | None = None
    statutory: bool = False
    derived: bool = False
    derived_reason: str | None = None
    # what the body itself rests on: for a published arrangement, its register row
    # (``register:<file>:<row>``), which output cites beside the claim's statute
    body_source: str | None = None
    body_source_title: str | None = None
    # in words, when the claim is on a broader issue: "held only through a broader issue: Serious
    # violence (domestic abuse is part of it)", so no output has to read ``inherited`` to say so
    held_through: str | None = None
    # DECIDED / ANNOUNCED / PROPOSAL: the body exists on this date only through a change below
    # made / in force; ``status_note`` is that change's notes (no order found, judicial review...)
    status: str | None = None
    status_note: str | None = None


def held_through(claimed: str, claimed_name: str, asked: str, asked_name: str) -> str | None:
    """A lead or support on a broader issue, said in words."""
    if claimed == asked:
        return None
    return f"held only through a broader issue: {claimed_name} ({asked_name} is part of it)"


def who_leads(store: Store, issue: str, area: str | None = None, *, on: date | None = None,
              scenario: Overlay | None = None) -> Rows[WhoLeadsRow]:
    """Lead bodies (and supporters) of ``issue`` whose footprint covers part of ``area``.

    Parameters
    ----------
    store : Store
        The embedded store or Neo4j.
    issue : str
        Issue id, name or synonym ("DA", "modern slavery").
    area : str, optional
        GSS code, name or prefix of an area; all of England and Wales when omitted.
    on : date, optional
        The date the answer is about (default: today); ``as_at`` of the result says it.
    scenario : Overlay, optional
        Changes laid over the graph for this answer only (see ``queries.reader``).

    Returns
    -------
    Rows[WhoLeadsRow]
        Leads first, then supporters; within each, claims on the issue itself before inherited
        ones, then by body id, claimed issue id, scope and source.

    Raises
    ------
    QueryError
        The issue or the area does not resolve (the message suggests near matches).

    Examples
    --------
    In the bundled example, Oldham CSP leads modern slavery in Oldham (illustrative) and the
    Oldham Safeguarding Adults Board supports it::

        >>> [(r.role, r.body_id) for r in who_leads(store, "modern slavery", "Oldham")]  # doctest: +SKIP
        [('lead', 'csp:oldham'), ('support', 'sab:oldham')]
    """
    rd = reader(store, on=on, scenario=scenario)
    issue_id = resolve_issue(rd, issue).id
    where = place(rd, area)
    tax = rd.taxonomy()
    found = claims(rd, ROLES, tax.ancestors(issue_id), where)
    rows = leads_and_supporters(issue_id, where, tax, found, rd.populations())
    names = area_names(rd)
    named = with_names(rd, sorted(rows, key=_sort_key), {"lads": "lad_names"}, names=names)
    return Rows([r.model_copy(update={"scope_name": names.get(r.scope, r.scope)}) if r.scope else r
                 for r in named], rd.on)


def _sort_key(r: WhoLeadsRow) -> tuple[int, bool, str, str, str, str, bool, tuple[str, ...], str]:
    # the last keys only order rows that tie on the others (one body's two duty claims), the same
    # way on both stores
    return ({"lead": 0, "support": 1}.get(r.role, 2), r.inherited, r.body_id, r.issue_id, r.scope or "", r.source,
            r.statutory, tuple(r.lads), r.evidence or "")


def effective_leads(issue_id: str, needed: Mapping[str, float], tax: Taxonomy,
                    found: Sequence[ClaimFact]) -> list[tuple[ClaimFact, dict[str, float]]]:
    """The LEADS claims that count for ``issue_id``, each with the LADs (and shares) where it counts.

    ``needed`` is the share of each LAD the question is about (the area's LAD shares). This is
    the taxonomy rule of the module docstring: per LAD, the narrowest level of the taxonomy whose
    leads together cover the LAD settles it; leads on broader issues are superseded there.
    """
    distance = tax.ancestors(issue_id)
    leads = [c for c in found if c.claim == "LEADS" and c.issue_id in distance]
    settled: dict[str, int] = {}  # LAD -> narrowest level whose leads cover it
    for level in sorted({distance[c.issue_id] for c in leads}):
        cover = led_share(c for c in leads if distance[c.issue_id] == level)
        for lad, share in cover.items():
            if lad not in settled and share >= needed.get(lad, 0.0) - TOL:
                settled[lad] = level
    out = []
    for c in leads:
        level = distance[c.issue_id]
        counts = {lad: min(s, needed[lad]) for lad, s in c.coverage.items()
                  if lad in needed and level <= settled.get(lad, level)}
        if counts:
            out.append((c, counts))
    return out


def leads_and_supporters(issue_id: str, where: Place, tax: Taxonomy, found: Sequence[ClaimFact],
                         population: dict[str, int | None]) -> list[WhoLeadsRow]:
    """The rule of the module docstring over claims already read from a store."""
    distance = tax.ancestors(issue_id)
    need = dict(where.need)
    effective = effective_leads(issue_id, need, tax, found)
    rows = []
    leads_on: dict[str, set[str]] = {}   # LAD -> the bodies leading there (co-leads share a LAD)
    for o, theirs in effective:
        for lad in theirs:
            leads_on.setdefault(lad, set()).add(o.body_id)
    for c, counts in effective:
        others = sorted(set().union(*(leads_on[lad] for lad in counts)) - {c.body_id})
        rows.append(_row("lead", c, distance, tax, need, counts, others, population))
    for c in found:
        role: Literal["support", "duty"] | None = {"SUPPORTS": "support", "HOLDS_DUTY": "duty"}.get(c.claim)  # type: ignore[assignment]
        if role and c.issue_id in distance:
            counts = {lad: min(s, need[lad]) for lad, s in c.coverage.items() if lad in need}
            if counts:
                rows.append(_row(role, c, distance, tax, need, counts, [], population))
    return rows


def _row(role: Literal["lead", "support", "duty"], c: ClaimFact, distance: dict[str, int], tax: Taxonomy,
         need: dict[str, float], counts: dict[str, float], co_leads: list[str],
         population: dict[str, int | None]) -> WhoLeadsRow:
    asked = next(i for i, d in distance.items() if d == 0)
    return WhoLeadsRow(
        role=role, body_id=c.body_id, body_name=c.body_name, body_kind=c.body_kind, issue_id=c.issue_id,
        issue_name=tax.names.get(c.issue_id, c.issue_id), inherited=distance[c.issue_id] > 0, scope=c.scope,
        fit="whole" if covers_all(c.coverage, need) else "part", lads=sorted(counts),
        population=weighted_population(counts, population), co_leads=co_leads, source=c.source,
        source_title=c.source_title, authoritative=c.authoritative, evidence=c.evidence, statutory=c.statutory,
        derived=c.body_derived, derived_reason=c.body_derived_reason, body_source=c.body_source,
        body_source_title=c.body_source_title,
        held_through=held_through(c.issue_id, tax.names.get(c.issue_id, c.issue_id), asked,
                                  tax.names.get(asked, asked).lower()),
        status=c.body_status, status_note=c.body_status_note)

"""The district view a two-tier strategist asks for first: one row per district (LAD) of an area.

``who_leads_by_district`` turns ``who_leads`` inside out: for each district of the area, who leads
the issue there (the taxonomy rule of ``who_leads``: a narrower lead supersedes a broader one on
its LADs) and who supports. ``gaps_by_district`` is an issue-by-district matrix: for each district,
each issue prioritised (by a body covering part of the area) or required (``--require``) is
either led there (by whom) or a gap there (an unled share: ``gaps``' rule), or not asked there;
statutory gaps of partnerships covering the district are listed beside.

Both are built from the row queries (``who_leads``, ``gaps``), so they cannot disagree with them,
and both are as at ``on`` (default today), with a ``scenario`` laid over the store when given.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING

from ._common import Row, Rows, resolve_issue
from ._rules import claims, place
from ._names import area_names
from .reader import reader

if TYPE_CHECKING:
    from ..stores.base import Store
    from .reader import Overlay

__all__ = ["DistrictGapsRow", "DistrictLeadRow", "GAP", "NOT_ASKED", "gaps_by_district", "issues_checked",
           "who_leads_by_district"]

GAP = "GAP"
ILLUSTRATIVE = "(ILLUSTRATIVE)"  # a cell resting on a claim whose source is not authoritative
NOT_ASKED = ""


class DistrictLeadRow(Row):
    """Who leads (and supports) one issue in one district of the area."""

    lad: str
    lad_name: str
    population: int | None           # mid-2023
    issue_id: str
    issue_name: str
    leads: list[str]                 # body ids leading there (after the taxonomy rule)
    lead_names: list[str]
    supporters: list[str]
    supporter_names: list[str]
    authoritative: bool              # every lead and support claim here cites an authoritative source
    # aligned with ``leads``: "" for a lead on the issue itself, else in words ("held only through a
    # broader issue: Serious violence (domestic abuse is part of it)")
    lead_held_through: list[str] = []


class DistrictGapsRow(Row):
    """One district: each issue checked in the area, led there (by whom) or a gap."""

    lad: str
    lad_name: str
    population: int | None
    issues: dict[str, str]           # issue name -> lead names ("; "), "GAP", or "" where nobody asked for it
    statutory: list[str]             # statutory gaps of partnerships covering the district ("X has no police member")
    authoritative: bool              # every claim behind the cells cites an authoritative source


def who_leads_by_district(store: Store, issue: str, area: str, *, on: date | None = None,
                          scenario: Overlay | None = None) -> Rows[DistrictLeadRow]:
    """One row per district (LAD) of ``area``, in name order, for ``issue``.

    Examples
    --------
    >>> [(r.lad_name, r.lead_names) for r in who_leads_by_district(store, "SOC", "Oldham")]  # doctest: +SKIP
    [('Oldham', ['Greater Manchester integrated multi-agency serious and organised crime team'])]
    """
    from .who_leads import who_leads

    rd = reader(store, on=on, scenario=scenario)
    ref = resolve_issue(rd, issue)
    where = place(rd, area)
    rows = who_leads(store, ref.id, area, on=on, scenario=scenario)
    names = area_names(rd)
    pops = rd.populations()
    out = []
    for lad in where.need:
        leads = [r for r in rows if r.role == "lead" and lad in r.lads]
        sups = [r for r in rows if r.role == "support" and lad in r.lads]
        out.append(DistrictLeadRow(
            lad=lad, lad_name=names.get(lad, lad), population=pops.get(lad), issue_id=ref.id, issue_name=ref.name,
            leads=_unique(r.body_id for r in leads), lead_names=_unique(r.body_name for r in leads),
            supporters=_unique(r.body_id for r in sups), supporter_names=_unique(r.body_name for r in sups),
            authoritative=all(r.authoritative for r in leads + sups),
            lead_held_through=[next((r.held_through or "" for r in leads if r.body_id == b), "")
                               for b in _unique(r.body_id for r in leads)]))
    return Rows(sorted(out, key=lambda r: (r.lad_name.lower(), r.lad)), rd.on)


def issues_checked(store: Store, area: str | None, issue: str | None = None,
                   required: Iterable[str] = (), *, on: date | None = None,
                   scenario: Overlay | None = None) -> list[str]:
    """The issue ids ``gaps`` compares in ``area``: those prioritised there, and those required.

    Empty means there was nothing to compare: no gap is then not a clean bill of health.
    """
    rd = reader(store, on=on, scenario=scenario)
    where = place(rd, area)
    tax = rd.taxonomy()
    wanted = tax.narrower_or_self(resolve_issue(rd, issue).id) if issue else None
    found = {c.issue_id for c in claims(rd, ("PRIORITISES",), None, where)}
    found |= {resolve_issue(rd, r).id for r in required}
    return sorted(i for i in found if wanted is None or i in wanted)


def gaps_by_district(store: Store, area: str, issue: str | None = None,
                     required: Iterable[str] = (), *, on: date | None = None,
                     scenario: Overlay | None = None) -> Rows[DistrictGapsRow]:
    """The issue-by-district matrix of ``area`` (see the module docstring), districts in name order.

    Examples
    --------
    >>> rows = gaps_by_district(store, "Central Bedfordshire")  # doctest: +SKIP
    >>> rows[0].issues["Modern slavery"]  # doctest: +SKIP
    'GAP'
    """
    from .gaps import gaps
    from .who_leads import who_leads

    required = list(required)
    rd = reader(store, on=on, scenario=scenario)
    where = place(rd, area)
    tax = rd.taxonomy()
    checked = issues_checked(store, area, issue, required, on=on, scenario=scenario)
    required_ids = {resolve_issue(rd, r).id for r in required}
    asked: dict[str, set[str]] = {i: (set(where.need) if i in required_ids else set()) for i in checked}
    for c in claims(rd, ("PRIORITISES",), checked, where):
        asked[c.issue_id] |= set(c.coverage)
    gap_rows = gaps(store, area, issue, required, on=on, scenario=scenario)
    unled: dict[str, dict[str, bool]] = {}  # issue -> LAD -> some gap there cites an authoritative source
    statutory: dict[str, list[str]] = {}
    for g in gap_rows:
        if g.gap == "ownership" and g.issue_id:
            mine = unled.setdefault(g.issue_id, {})
            for lad in g.lads:
                mine[lad] = mine.get(lad, False) or g.authoritative
        elif g.gap == "statutory":
            for lad in g.lads:
                statutory.setdefault(lad, []).append(f"{g.body_name} has no {g.missing} member")
    leads = {i: [r for r in who_leads(store, i, area, on=on, scenario=scenario) if r.role == "lead"]
             for i in checked}
    names = area_names(rd)
    pops = rd.populations()
    out = []
    for lad in where.need:
        cells: dict[str, str] = {}
        authoritative = True
        for i in checked:
            name = tax.names.get(i, i)
            if lad in unled.get(i, {}):
                cells[name] = GAP if unled[i][lad] else f"{GAP} {ILLUSTRATIVE}"
                authoritative = authoritative and unled[i][lad]
            elif lad in asked[i]:
                here = [r for r in leads[i] if lad in r.lads]
                cells[name] = "; ".join(_unique(r.body_name + ("" if r.authoritative else f" {ILLUSTRATIVE}")
                                                for r in here))
                authoritative = authoritative and all(r.authoritative for r in here)
            else:
                cells[name] = NOT_ASKED
        out.append(DistrictGapsRow(lad=lad, lad_name=names.get(lad, lad), population=pops.get(lad), issues=cells,
                                   statutory=sorted(set(statutory.get(lad, []))), authoritative=authoritative))
    return Rows(sorted(out, key=lambda r: (r.lad_name.lower(), r.lad)), rd.on)


def matrix(rows: Sequence[DistrictGapsRow]) -> tuple[list[str], list[list[str]]]:
    """Headers and cells of the issue-by-district matrix (for a table or a CSV with codes)."""
    issues = list(rows[0].issues) if rows else []
    headers = ["code", "district", "population", *issues, "statutory gaps"]
    cells = [[r.lad, r.lad_name, f"{r.population}" if r.population is not None else "",
              *(r.issues[i] for i in issues), "; ".join(r.statutory)] for r in rows]
    return headers, cells


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))

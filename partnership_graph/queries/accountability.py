"""Accountability: the chain from a body to whoever scrutinises it or holds it to account.

``accountability(store, body)`` follows ACCOUNTABLE_TO edges (scrutiny, reports_to,
holds_to_account) out of the body, breadth first, and lists every edge met on the way, each once,
with its depth (1: the body answers to it directly). Lines of accountability are often two-way (a
joint protocol in which four boards hold each other to account) or circular, so the walk is
cycle-safe: an edge back to a body already reached is listed with ``already_reached`` and not
followed again. The chain ends at bodies that answer to nobody in the graph.

``accountability_unscrutinised(store, kind=None)`` lists bodies with no outgoing ACCOUNTABLE_TO.
For some kinds that is expected: their accountability lies outside this graph
(``EXPECTED_UNSCRUTINISED``: councils answer to their electorate, national bodies and the
Probation Service to Parliament through ministers, ICBs and health boards to NHS England or the
Welsh Government, fire and rescue authorities are committees of elected members or a
commissioner's, and police and crime panels and scrutiny committees *are* the scrutiny). For the
others (CSPs, commissioners, police forces, the boards, teams) it is a gap to look at: the
statutes give each of them someone to answer to. The national skeleton gives each safeguarding
children partnership its yearly report to the Child Safeguarding Practice Review Panel (Working
Together to Safeguard Children 2023) and each safeguarding adults board its annual report to the
council, the local policing body, the local Healthwatch and the Health and Wellbeing Board (Care
Act 2014 Sch. 2 para 4), so neither is unscrutinised there.

Both are as at ``on`` (default today): only bodies and lines that count on that date.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from ..errors import QueryError
from ..graphmodel.vocab import BodyKind
from ..suggest import did_you_mean
from ._common import Row, Rows, resolve_body
from .facts import AccountabilityLine
from .reader import reader

if TYPE_CHECKING:
    from ..stores.base import Store
    from .reader import Overlay

__all__ = ["EXPECTED_UNSCRUTINISED", "AccountabilityRow", "UnscrutinisedRow", "accountability",
           "accountability_unscrutinised"]

EXPECTED_UNSCRUTINISED: dict[str, str] = {
    "council": "answers to its electorate",
    "national_body": "answers to Parliament through ministers",
    "probation": "answers to Parliament through the Ministry of Justice (HMPPS)",
    "health": "answers to NHS England (ICB) or the Welsh Government (LHB)",
    "fire_authority": "a committee of elected members, or a commissioner's or mayor's function",
    "police_and_crime_panel": "is itself the scrutiny of the commissioner (a joint committee of councils)",
    "scrutiny_committee": "is itself scrutiny (a committee of the council)",
    "vcs": "answers to its trustees and the Charity Commission",
    "healthwatch": "answers to the council that commissions it (LGPIHA 2007 s.221) and Healthwatch England",
}
UNEXPECTED_NOTE = "no line of accountability in the graph; add who scrutinises it"


class AccountabilityRow(Row):
    """One line of accountability met walking out from the body asked about."""

    depth: int                   # 1: the body asked about answers to it directly
    body_id: str                 # who answers
    body_name: str
    accountable_to_id: str       # to whom
    accountable_to_name: str
    accountable_to_kind: str
    mechanism: str               # scrutiny, reports_to or holds_to_account
    already_reached: bool        # the walk met this body before: a two-way or circular line
    source: str
    source_title: str
    authoritative: bool
    evidence: str | None = None


class UnscrutinisedRow(Row):
    id: str
    name: str
    kind: str
    expected: bool               # its kind's accountability lies outside the graph
    note: str


def accountability(store: Store, body: str, *, on: date | None = None,
                   scenario: Overlay | None = None) -> Rows[AccountabilityRow]:
    """The chain of accountability out of ``body`` (id or exact name).

    Parameters
    ----------
    store : Store
        The embedded store or Neo4j.
    body : str
        A body id (``csp:oldham``) or an unambiguous exact name.
    on : date, optional
        The date the answer is about (default: today); ``as_at`` of the result says it.

    Returns
    -------
    Rows[AccountabilityRow]
        Sorted by depth, then the answering body's id, the other body's id, mechanism, source.

    Raises
    ------
    QueryError
        The body does not resolve.

    Examples
    --------
    Oldham CSP is scrutinised by Oldham Council and, under the joint protocol, held to account by
    the HWB, SCP and SAB, which it holds to account in turn::

        >>> [(r.depth, r.accountable_to_id) for r in accountability(store, "csp:oldham")][:2]  # doctest: +SKIP
        [(1, 'council:oldham'), (1, 'hwb:oldham')]
    """
    rd = reader(store, on=on, scenario=scenario)
    body_id = resolve_body(rd, body)
    lines = rd.accountability_lines(body_id)
    depth = depths(body_id, lines)
    edges = [e for e in lines if e.start in depth]
    rows = [AccountabilityRow(
        depth=depth[e.start] + 1, body_id=e.start, body_name=e.start_name, accountable_to_id=e.end,
        accountable_to_name=e.end_name, accountable_to_kind=e.end_kind, mechanism=e.mechanism,
        already_reached=depth[e.end] <= depth[e.start], source=e.source, source_title=e.source_title,
        authoritative=e.authoritative, evidence=e.evidence) for e in edges]
    return Rows(sorted(rows, key=lambda r: (r.depth, r.body_id, r.accountable_to_id, r.mechanism, r.source)), rd.on)


def depths(start: str, lines: Sequence[AccountabilityLine]) -> dict[str, int]:
    """Each body's distance from ``start`` along the lines (breadth first; ``start`` is 0)."""
    out_of: dict[str, list[str]] = {}
    for e in lines:
        out_of.setdefault(e.start, []).append(e.end)
    depth = {start: 0}
    queue = deque([start])
    while queue:
        here = queue.popleft()
        for there in sorted(out_of.get(here, ())):
            if there not in depth:
                depth[there] = depth[here] + 1
                queue.append(there)
    return depth


def accountability_unscrutinised(store: Store, kind: str | None = None, *, on: date | None = None,
                                 scenario: Overlay | None = None) -> Rows[UnscrutinisedRow]:
    """Bodies (of ``kind``) that answer to nobody in the graph.

    Returns
    -------
    Rows[UnscrutinisedRow]
        Unexpected ones first, then by kind and id.

    Raises
    ------
    QueryError
        ``kind`` is not a body kind.
    """
    if kind is not None and kind not in BodyKind.values():
        raise QueryError(f"unknown body kind {kind!r}{did_you_mean(kind, BodyKind.values())}; "
                         f"one of: {', '.join(BodyKind.values())}")
    rd = reader(store, on=on, scenario=scenario)
    found = rd.unscrutinised(kind)
    rows = [UnscrutinisedRow(id=i, name=n, kind=k, expected=k in EXPECTED_UNSCRUTINISED,
                             note=EXPECTED_UNSCRUTINISED.get(k, UNEXPECTED_NOTE)) for i, n, k in found]
    return Rows(sorted(rows, key=lambda r: (r.expected, r.kind, r.id)), rd.on)

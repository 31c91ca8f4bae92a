"""The facts a store's reader hands to the questions: small frozen values, the same from both stores.

A reader (``queries.reader``) answers as at one date; every value here describes the graph on
that date. The question modules apply their rules to these values and never see a store.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field

Shares = dict[str, float]


@dataclass(frozen=True)
class Taxonomy:
    names: Mapping[str, str]
    parents: Mapping[str, frozenset[str]]

    def ancestors(self, issue: str) -> dict[str, int]:
        """The issue and every broader issue, each with its distance (0 for the issue itself).

        Breadth-first, so with more than one path (a user's taxonomy may give an issue two
        parents) the shortest distance counts; cycle-safe.
        """
        dist = {issue: 0}
        queue = deque([issue])
        while queue:
            i = queue.popleft()
            for p in sorted(self.parents.get(i, ())):
                if p not in dist:
                    dist[p] = dist[i] + 1
                    queue.append(p)
        return dist

    def narrower_or_self(self, issue: str) -> set[str]:
        return {i for i in self.names if issue in self.ancestors(i)}


@dataclass(frozen=True)
class ClaimFact:
    """One LEADS / SUPPORTS / PRIORITISES claim with the LADs it covers inside the place asked about.

    ``coverage`` is the body's footprint, narrowed to the claim's ``scope`` area when it has one
    (the smaller share of the two on each LAD), restricted to the place's LADs.
    """

    claim: str
    body_id: str
    body_name: str
    body_kind: str
    issue_id: str
    scope: str | None
    source: str
    source_title: str
    authoritative: bool
    evidence: str | None
    coverage: Mapping[str, float] = field(default_factory=dict)
    statutory: bool = False        # the law assigns the claim (its source cites the Act section)
    body_derived: bool = False     # the body is our derivation (one board per council...), not a register
    body_derived_reason: str | None = None
    body_source: str | None = None        # what the body itself rests on (a register row, a lookup)
    body_source_title: str | None = None
    body_status: str | None = None       # DECIDED / ANNOUNCED...: the body exists only through such a change
    body_status_note: str | None = None  # that change's notes (Hampshire: no order found, judicial review)

    @property
    def key(self) -> tuple[str, str, str, str, str]:
        return (self.claim, self.body_id, self.issue_id, self.scope or "", self.source)


@dataclass(frozen=True)
class PartnershipFact:
    """A partnership the statutes constitute, with its footprint and the kinds of its members."""

    id: str
    name: str
    kind: str
    shares: dict[str, float]
    member_kinds: frozenset[str]   # with "fire_authority" when a member council covers an FRA
    derived: bool = False
    status: str | None = None      # DECIDED / ANNOUNCED...: exists only through such a change


@dataclass(frozen=True)
class AccountabilityLine:
    """One ACCOUNTABLE_TO relationship, with the names and the cited source."""

    start: str
    start_name: str
    end: str
    end_name: str
    end_kind: str
    mechanism: str
    source: str
    source_title: str
    authoritative: bool
    evidence: str | None


@dataclass(frozen=True)
class IssueFact:
    """An issue with every parent (the taxonomy is a DAG: domestic abuse is part of violence against
    women and girls and of serious violence); ``parent`` is the greatest id, for one tree view."""

    id: str
    name: str
    synonyms: tuple[str, ...]
    parent: str | None
    parents: tuple[str, ...] = ()
    parent_sources: tuple[str, ...] = ()   # aligned with ``parents``: the section that puts it there, or ""


@dataclass(frozen=True)
class BodyFact:
    """A body found by a listing, with the number of LADs its footprint touches."""

    id: str
    name: str
    kind: str
    lads: int
    source: str = "unsourced"
    authoritative: bool = True
    derived: bool = False
    derived_reason: str | None = None
    status: str | None = None
    status_note: str | None = None


@dataclass(frozen=True)
class AreaFact:
    code: str
    name: str
    kind: str
    population: int | None


@dataclass(frozen=True)
class Counts:
    """What the graph holds: (label, kind) -> nodes and relationship type -> relationships."""

    nodes: Mapping[tuple[str, str], int]
    relationships: Mapping[str, int]
    # (label, kind) -> how many of those nodes are derived (inferred, not read from a register)
    derived: Mapping[tuple[str, str], int] = field(default_factory=dict)

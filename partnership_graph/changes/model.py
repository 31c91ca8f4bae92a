"""One format for dated change: a change has an id, a date, a status, a source and one operation.

The same record serves the bundled register of what has changed since the 2024 lookups
(``enacted``), decided futures (``decided``) and scenarios (``announced`` policy, a user's
``proposal``). ``date`` is when the change takes effect (the new arrangement's ``valid_from``, and
the ``valid_to`` of what it replaces: ``valid_to`` is exclusive).

Operations (``op``) and their parameters (``params``):

- ``create_area``: ``area`` (a GSS-shaped code), ``name``, ``kind``, ``lads`` (list of
  ``(lad, share or None)``), ``upper_tier``, ``notes``: a new area made of LADs or shares of them.
- ``end_area``: ``area``: the area and every relationship touching it end.
- ``move_lad``: ``lad``, ``from``, ``to``, ``share`` (optional; default: all the LAD has in
  ``from``): a LAD, or a share of it, moves from one area to another.
- ``create_body``: ``body`` (id), ``name``, ``kind``, ``council_type``, ``covers`` (list of
  ``(area, share or None)``), ``derived``, ``derived_reason``, ``members``, ``member_of``,
  ``role``, ``accountable_to``, ``mechanism``, ``copy_links_of``, ``valid_to``, ``notes``, ``claims``
  (list of ``(claim type, issue, evidence, source id or None)``: with a source id the claim is
  statutory and cites it).
- ``end_body``: ``body``: the body and every relationship touching it end.
- ``replace_body``: ``bodies`` (old ids), ``to`` (successor ids; ``name``/``kind`` create a single
  successor that does not exist yet): old bodies end; their memberships, accountability, links
  and claims move to the successors (with several successors, each relationship goes to the
  successors whose footprint meets the other party's: derived, and said so in the evidence).
- ``move_lead``: ``from``, ``to``, ``issue`` (optional): claims (leads, supports...) move.
- ``end_relationship``: ``from``, ``to``, ``types`` (optional): relationships between two bodies end.
- ``describe_body``: ``body``, ``name``, ``notes``, ``since`` (optional date the body starts):
  what a body is called or holds, in place (for facts older than the 2024 lookups).
- ``retire_code``: ``area``, ``successors``: the code ends, pointing at its successors.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

STATUSES = ("enacted", "decided", "announced", "proposal")
APPLIED_ALWAYS = ("enacted", "decided")

OPERATIONS = ("create_area", "end_area", "move_lad", "create_body", "end_body", "replace_body",
              "move_lead", "end_relationship", "describe_body", "retire_code")


@dataclass(frozen=True)
class ChangeSource:
    """Where a change is stated: a document with its title, address and a verbatim excerpt."""

    id: str
    title: str
    url: str | None = None
    excerpt: str | None = None
    date: str | None = None


@dataclass(frozen=True)
class Change:
    id: str
    date: date
    status: str
    op: str
    params: dict[str, Any]
    source: ChangeSource
    confidence: str | None = None
    notes: str | None = None
    # the status an element this change makes is marked with (see ``status_mark``); a builder sets
    # "decided" for a decision with no order made (Hampshire), never for one made (Surrey)
    mark: str | None = None

    @property
    def status_mark(self) -> str | None:
        """"decided", "announced" or "proposal" when what this change makes exists only through a
        change below made / in force, else None: announced policy and proposals always are; a
        decided change is when its builder says no order is made (``mark``)."""
        if self.mark in ("decided", "announced", "proposal"):
            return self.mark
        return self.status if self.status in ("announced", "proposal") else None

    @property
    def authoritative(self) -> bool:
        """Facts we can state as facts: enacted or decided and not marked low confidence."""
        return self.status in APPLIED_ALWAYS and (self.confidence or "").lower() != "low"

    def provenance(self) -> str:
        """One line saying what this change rests on, carried into evidence and notes."""
        bits = [f"change {self.id}", self.status]
        if self.confidence:
            bits.append(f"confidence {self.confidence}")
        text = f"{bits[0]} ({', '.join(bits[1:])})"
        return f"{text}: {self.notes}" if self.notes else text


@dataclass(frozen=True)
class ChangeSet:
    """A named list of changes: the bundled register, a bundled scenario or a user's file."""

    name: str
    title: str
    changes: tuple[Change, ...] = ()
    description: str = ""
    origin: str = "bundled"
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def statuses(self) -> list[str]:
        return sorted({c.status for c in self.changes}, key=STATUSES.index)

    def sources(self) -> list[ChangeSource]:
        seen: dict[tuple[str | None, str], ChangeSource] = {}
        for c in self.changes:
            seen.setdefault((c.source.url, c.source.title), c.source)
        return list(seen.values())

    def __add__(self, other: "ChangeSet") -> "ChangeSet":
        return ChangeSet(f"{self.name}+{other.name}", f"{self.title}; {other.title}",
                         self.changes + other.changes, origin="combined")

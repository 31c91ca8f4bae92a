"""The planning pack as data: pydantic rows and sections, the same for every renderer.

Every row about a place was read from the graph; ``source`` fields are numbers into
``PlanPack.sources`` (the Sources section), so each renderer prints the same references.
"""

from __future__ import annotations

from typing import Literal

from ...queries._common import Row

__all__ = ["STATUS_WORDS", "Appendix", "BodyRef", "BoundaryRow", "ChangeRow", "DecisionRow", "DocBlock",
           "DutyRow", "GapChangeRow", "LeadChangeRow", "MemberRow", "OverlapChangeRow", "PartnershipRow",
           "PlanPack", "ProtocolRow", "QuestionRow", "SourceRow", "Span", "Status", "Summary", "TransitionRow"]

#: A change's status as the pack says it, read from the change rows' own status: ``made`` (the law
#: that makes it is made, or it has happened), ``decided`` (a final decision or order the rows do not
#: record as made), ``announced`` (policy, not law), ``scenario`` (a user's proposal).
Status = Literal["made", "decided", "announced", "scenario"]
STATUS_WORDS: dict[str, str] = {
    "made": "made", "decided": "decided", "announced": "announced, not law",
    "scenario": "scenario (a proposal)",
}


class SourceRow(Row):
    """One source the pack cites: ``ref`` is the number the text uses ([3])."""

    ref: int
    id: str
    title: str
    date: str | None = None
    url: str | None = None
    authoritative: bool = True
    publisher: str | None = None


class ChangeRow(Row):
    """Changes of one operation, made by one source with one status on one date."""

    date: str
    status: Status
    operation: str
    what: str                      # a sentence naming the places and bodies, from the graph
    change_ids: list[str]
    confidence: str | None = None
    notes: str | None = None
    source: int
    scenario: str | None = None    # the scenario's name when the change is not in the bundled register


class Summary(Row):
    area_code: str
    area_name: str
    area_kind: str
    date_from: str
    date_to: str
    default_to: bool               # the end date was chosen as the area's next change
    scenario: str | None = None
    scenario_title: str | None = None
    dates: list[str]               # the dates changes take effect in the range
    statuses: dict[str, int]       # changes per status
    account: str                   # one plain-language paragraph, built from the graph
    changes: list[ChangeRow]


class BodyRef(Row):
    id: str
    name: str
    kind: str
    derived: bool = False
    derived_reason: str | None = None
    status: Status | None = None   # the status of the change that starts or ends it, if one does
    change: Literal["starts", "ends"] | None = None   # what that change does to it
    source: int | None = None


class DutyRow(Row):
    """A statutory claim of bodies of one kind, and who holds it before and after."""

    issue_id: str
    issue_name: str
    claim: str                     # LEADS or HOLDS_DUTY
    section: str                   # the source's title: the Act and section
    source: int
    before: list[str]              # body names (DERIVED marked)
    after: list[str]


class TransitionRow(Row):
    kind: str
    label: str
    before: list[BodyRef]
    after: list[BodyRef]
    ended: list[str]               # ids
    started: list[str]
    continuing: list[str]
    duties: list[DutyRow]
    summary: str


class MemberRow(Row):
    body_id: str
    name: str
    role: str
    section: str
    source: int


class PartnershipRow(Row):
    body: BodyRef
    label: str
    change: Literal["new", "footprint changes"]
    replaces: list[BodyRef]
    footprint: str                 # the areas it covers on the later date
    members: list[MemberRow]
    timing: str
    timing_sources: list[int]
    starts: str | None = None      # the date it starts (valid_from), when a change starts it


class ProtocolRow(Row):
    body: BodyRef
    change: str                    # new, redraft, lapses (queries.diff)
    reason: str
    draft_area: str | None = None  # the area a fresh draft is written for
    draft_area_name: str | None = None
    draft_on: str | None = None
    attached: bool = False         # the fresh draft is an appendix of the pack (else linked)


class LeadChangeRow(Row):
    issue_id: str
    issue_name: str
    outcome: Literal["passes", "lapses", "gains"]
    before: list[str]
    after: list[str]
    statutory: bool
    sources: list[int]


class GapChangeRow(Row):
    change: Literal["opened", "closed"]
    subject: str
    name: str
    detail: str
    source: int | None = None


class OverlapChangeRow(Row):
    change: Literal["created", "resolved"]
    issue_id: str
    issue_name: str
    bodies: list[str]
    districts: list[str]


class BoundaryRow(Row):
    when: Literal["before", "after"]
    council_code: str
    council_name: str
    other_kind: str
    other_code: str
    other_name: str
    relation: str
    jaccard: float
    uncertain: bool


class DecisionRow(Row):
    n: int
    decision: str
    who: list[str]                 # the bodies that must decide
    when: str | None = None
    topic: str                     # the section it is derived from
    sources: list[int]


class QuestionRow(Row):
    n: int
    topic: str                     # derived body, decided change, announced change, scenario change, ...
    question: str
    sources: list[int]


class Span(Row):
    """A run of text in a document block: plain, strong or code, optionally a link."""

    text: str
    strong: bool = False
    code: bool = False
    href: str | None = None


class DocBlock(Row):
    """One piece of a rendered document (headings, paragraphs, lists, captioned tables)."""

    kind: Literal["h1", "h2", "h3", "h4", "p", "note", "bullets", "checklist", "table", "toc"]
    text: list[Span] = []
    anchor: str | None = None
    items: list[list[Span]] = []
    caption: str = ""
    headers: list[str] = []
    rows: list[list[list[Span]]] = []


class Appendix(Row):
    """A fresh joint protocol draft for a new footprint (``exporters.protocol``)."""

    area_code: str
    area_name: str
    on: str
    blocks: list[DocBlock]


class PlanPack(Row):
    summary: Summary
    transition: list[TransitionRow]
    partnerships: list[PartnershipRow]
    reorganisation_note: int | None = None   # source of the transitional regulations, when councils change
    protocols: list[ProtocolRow]
    leads: list[LeadChangeRow]
    gaps: list[GapChangeRow]
    overlaps: list[OverlapChangeRow]
    boundaries: list[BoundaryRow]
    decisions: list[DecisionRow]
    questions: list[QuestionRow]
    sources: list[SourceRow]
    appendices: list[Appendix]
    store_kind: str                           # the store the graph was read from (embedded or neo4j)

    @property
    def nothing_changes(self) -> bool:
        return not self.summary.changes

"""The register's Table Schemas: every resource, every field, written once for data users.

``RESOURCES`` is the one description of the published files. The package's ``datapackage.json``
is generated from it (``descriptor``), the web app's ``/register`` page describes each file and
field from it, and the tests validate the written package against it with frictionless itself.
Enumerations come from the graph's own vocabularies (``graphmodel.vocab``, ``changes.model``), so
a word the graph may hold is a word the schema accepts, and nothing else.

Standards: Frictionless Data Package v1 (``tabular-data-package`` profile) and Table Schema v1:
https://specs.frictionlessdata.io/data-package/ and https://specs.frictionlessdata.io/table-schema/.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from ...changes.model import STATUSES
from ...graphmodel.vocab import (
    AreaKind, BodyKind, ClaimType, CouncilType, LinkType, Mechanism, MembershipRole, ShareBasis,
)

__all__ = ["BASES", "CLAIM_ROLES", "LICENCES", "LINK_TYPES", "RESOURCES", "Field", "Resource", "resource"]

FieldType = Literal["string", "integer", "number", "boolean", "date"]

#: How a row is known, in every table that has a ``basis`` column (docs/register.md, "Basis").
BASES = ("statutory", "sourced", "derived", "not_authoritative", "illustrative")
#: A claim's role, as the claim types in lower case.
CLAIM_ROLES = tuple(t.value.lower() for t in ClaimType)
LINK_TYPES = tuple(t.value.lower() for t in LinkType)

#: The licences the package's material is published under (``sources.licence`` names one per source).
LICENCES: dict[str, dict[str, str]] = {
    "OGL-UK-3.0": {"name": "OGL-UK-3.0", "title": "Open Government Licence v3.0",
                   "path": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"},
    "CC-BY-4.0": {"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0",
                  "path": "https://creativecommons.org/licenses/by/4.0/"},
    "MIT": {"name": "MIT", "title": "MIT License (the partnership-graph project's licence)",
            "path": "https://opensource.org/license/mit"},
}

ISO_PARTIAL_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
GSS_CODE = r"^[EWSNK]\d{8}$"
BODY_ID = r"^[A-Za-z0-9][A-Za-z0-9_.:\-]*$"


@dataclass(frozen=True)
class Field:
    """One column: its Table Schema type, a description for a data user and its constraints."""

    name: str
    type: FieldType
    description: str
    required: bool = False
    enum: tuple[str, ...] | None = None
    pattern: str | None = None
    minimum: float | None = None
    maximum: float | None = None

    def descriptor(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "type": self.type, "description": self.description}
        if self.type == "date":
            out["format"] = "default"     # ISO 8601, YYYY-MM-DD
        constraints: dict[str, Any] = {}
        if self.required:
            constraints["required"] = True
        if self.enum is not None:
            constraints["enum"] = list(self.enum)
        if self.pattern is not None:
            constraints["pattern"] = self.pattern
        if self.minimum is not None:
            constraints["minimum"] = self.minimum
        if self.maximum is not None:
            constraints["maximum"] = self.maximum
        if constraints:
            out["constraints"] = constraints
        return out


@dataclass(frozen=True)
class Resource:
    """One CSV file of the package: its name (``NAME.csv``), what a row is, its fields and keys."""

    name: str
    title: str
    description: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    # (fields here, resource there, fields there)
    foreign_keys: tuple[tuple[tuple[str, ...], str, tuple[str, ...]], ...] = ()
    dated: bool = True           # has valid_from / valid_to (filtering on them gives the graph on a date)
    notes: tuple[str, ...] = field(default=())

    @property
    def path(self) -> str:
        return f"{self.name}.csv"

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    def schema(self) -> dict[str, Any]:
        out: dict[str, Any] = {"fields": [f.descriptor() for f in self.fields],
                               "primaryKey": list(self.primary_key), "missingValues": [""]}
        if self.foreign_keys:
            out["foreignKeys"] = [{"fields": list(mine), "reference": {"resource": there, "fields": list(theirs)}}
                                  for mine, there, theirs in self.foreign_keys]
        return out


# -- fields shared by several resources ----------------------------------------------------------
def _valid_from(what: str) -> Field:
    return Field("valid_from", "date", f"First day {what} holds (ISO date). Empty: it holds from before the "
                 "data begins. A relationship holds only while it and both its ends hold, and its dates say so.")


def _valid_to(what: str) -> Field:
    return Field("valid_to", "date", f"First day {what} no longer holds (exclusive; ISO date). Empty: it still "
                 "holds, as far as the sources say. On a date D the graph holds every row with "
                 "valid_from <= D < valid_to (an empty bound is open).")


def _dates(what: str) -> tuple[Field, Field]:
    return _valid_from(what), _valid_to(what)


CHANGE_FIELDS = (
    Field("change_id", "string", "The dated change that made this row (its id in the bundled register of "
          "changes since the 2024 ONS lookups, or in a scenario); empty when the row comes from the lookups, "
          "a statute or a dataset directly."),
    Field("change_status", "string", "Status of that change: enacted (happened), decided (a made order or "
          "final decision, not yet in force before valid_from), announced (policy, not law: only in a package "
          "built under a scenario) or proposal (a user's idea). Decided is not yet law.", enum=STATUSES),
)


def _source(what: str, required: bool = False) -> Field:
    return Field("source", "string", f"Id of the document that states {what} (a row of sources.csv: title, "
                 "address, licence).", required=required)


SOURCE_AUTHORITATIVE = Field(
    "source_authoritative", "boolean", "false when the cited source is not one we state facts from: the "
    "bundled example's ILLUSTRATIVE inventions, 'unsourced', or a change recorded with low confidence.")


def _basis(what: str) -> Field:
    return Field("basis", "string", f"How {what} is known. statutory: the law assigns it (statute names the Act "
                 "and section); sourced: a published document states it; derived: inferred by the tool where no "
                 "arrangement is published (derived_reason says how; the name says it is assumed); "
                 "not_authoritative: its source is unsourced or low confidence; illustrative: invented for the "
                 "bundled example, never a fact.", required=True, enum=BASES)


EVIDENCE = Field("evidence", "string", "What the source says, or how the row was worked out (a moved "
                 "relationship says which change moved it).")
DATASETS = Field("datasets", "string", "The loaded datasets that state this row, separated by '; ': "
                 "national-skeleton (the bundled national data), lga-review (the bundled example) or a "
                 "dataset named with --include-datasets.")


# -- the resources -----------------------------------------------------------------------------
AREAS = Resource(
    "areas", "Areas", "Places: local authority districts (LAD, the building block of every footprint), "
    "counties and unitaries (CTYUA), community safety partnership areas (CSP), police force areas (PFA), "
    "fire and rescue areas (FRA), health areas (ICB, SICBL, LHB), regions and countries. One row per "
    "area; codes are ONS GSS codes (E06999xxx are codes of our own where ONS has published none yet).",
    (
        Field("code", "string", "GSS code of the area.", required=True, pattern=GSS_CODE),
        Field("name", "string", "Name of the area.", required=True),
        Field("kind", "string", "Kind of area (ONS geography type).", required=True, enum=tuple(AreaKind.values())),
        Field("upper_tier", "boolean", "true for a county or a unitary, metropolitan or London district that "
              "is its own upper tier."),
        Field("population", "integer", "Mid-2023 population (ONS), where known.", minimum=0),
        Field("vintage", "string", "Which lookup the area comes from (e.g. 2024), or the change that made it."),
        Field("successors", "string", "Codes of the areas that replace this one when it is retired, "
              "separated by '; '."),
        _source("an area made by a change"),
        Field("notes", "string", "What to know about the area (a code of our own, how a split was divided)."),
        *CHANGE_FIELDS, *_dates("the area"),
    ),
    ("code",), ((("source",), "sources", ("id",)),),
)

AREA_PARTS = Resource(
    "area_parts", "Area parts", "Which larger areas each area lies in: a district in its CSP area, police "
    "force area, fire area, ICB, county and region (from the ONS lookups and the dated changes). share is "
    "the fraction of the smaller area inside the larger one.",
    (
        Field("area_code", "string", "GSS code of the smaller area (usually a district).", required=True,
              pattern=GSS_CODE),
        Field("part_of_code", "string", "GSS code of the larger area.", required=True, pattern=GSS_CODE),
        Field("share", "number", "Fraction of the smaller area inside the larger one (1 = all of it).",
              required=True, minimum=0, maximum=1),
        Field("share_basis", "string", "How the share was obtained: whole (all of it), lsoa21_count (fraction "
              "of the district's 2021 LSOAs, from the ONS lookup), equal_split (a split the sources give no "
              "weights for, divided evenly: an assumption), stated (given by a dataset).",
              enum=tuple(ShareBasis.values())),
        _source("the relationship"), *CHANGE_FIELDS, *_dates("the relationship"),
    ),
    ("area_code", "part_of_code", "valid_from"),
    ((("area_code",), "areas", ("code",)), (("part_of_code",), "areas", ("code",)),
     (("source",), "sources", ("id",))),
)

BODIES = Resource(
    "bodies", "Bodies", "Organisations and statutory partnerships: councils, community safety partnerships, "
    "police forces and commissioners, fire authorities, health bodies, Health and Wellbeing Boards, "
    "safeguarding children partnerships, safeguarding adults boards, youth justice services, MAPPA strategic "
    "management boards, Welsh boards and the rest. One row per body. Every row cites a source, or is "
    "derived with its reason; a derived body's name says it is assumed.",
    (
        Field("id", "string", "Identifier of the body (stable between releases).", required=True,
              pattern=BODY_ID),
        Field("name", "string", "Name of the body.", required=True),
        Field("kind", "string", "Kind of body.", required=True, enum=tuple(BodyKind.values())),
        Field("council_type", "string", "For a council: district, county, unitary, metropolitan, "
              "london_borough, welsh_principal or city_corporation.", enum=tuple(CouncilType.values())),
        _basis("the body"),
        Field("derived", "boolean", "true when the tool infers the body (one board per council where no "
              "shared arrangement is published) rather than reading it from a register.", required=True),
        Field("derived_reason", "string", "For a derived body: what the inference is."),
        _source("the body", required=True), SOURCE_AUTHORITATIVE,
        Field("statute", "string", "The law this register cites for the body: the Act and section its "
              "statutory members cite (a CSP: the Crime and Disorder Act 1998 ss.5-6), or for a body with no "
              "members (an office such as a PCC) its own source when that is legislation. Empty where neither "
              "is (a council, a police force, a local criminal justice board: non-statutory)."),
        Field("statute_source", "string", "Id of that statute in sources.csv (legislation.gov.uk)."),
        Field("replaces", "string", "Ids of the derived bodies this joint arrangement replaces, separated by "
              "'; '."),
        Field("notes", "string", "What to know about the body, with the change that made it."),
        *CHANGE_FIELDS, DATASETS, *_dates("the body"),
    ),
    ("id",), ((("source",), "sources", ("id",)), (("statute_source",), "sources", ("id",))),
)

FOOTPRINTS = Resource(
    "footprints", "Footprints", "The districts each body covers, with the share of each district: the basis "
    "of all the geography maths (who covers a place, coterminosity). Worked out from the areas the body "
    "covers and the districts in those areas, so a row holds while all of those hold; a footprint that "
    "changes starts a new row.",
    (
        Field("body_id", "string", "Id of the body (bodies.csv).", required=True, pattern=BODY_ID),
        Field("district_code", "string", "GSS code of the local authority district (areas.csv, kind LAD).",
              required=True, pattern=GSS_CODE),
        Field("share", "number", "Fraction of the district the body covers (1 = all of it), rounded to 9 "
              "decimal places.", required=True, minimum=0, maximum=1),
        Field("share_basis", "string", "How the share was obtained; for a share combined from several, the "
              "least certain of them (equal_split, then lsoa21_count, then stated, then whole).",
              required=True, enum=tuple(ShareBasis.values())),
        Field("via_areas", "string", "The areas the body covers that this district lies in (GSS codes, "
              "separated by '; '): a CSP covers its CSP area, a safeguarding partnership its councils' areas.",
              required=True),
        _source("that the body covers those areas"), SOURCE_AUTHORITATIVE,
        *_dates("this share of the footprint"),
    ),
    ("body_id", "district_code", "valid_from"),
    ((("body_id",), "bodies", ("id",)), (("district_code",), "areas", ("code",)), (("source",), "sources", ("id",))),
)

MEMBERSHIPS = Resource(
    "memberships", "Memberships", "Who is a member of which body, in which role: a council is a responsible "
    "authority of its CSP, the police a safeguarding partner of a safeguarding children partnership...",
    (
        Field("member_id", "string", "Id of the member body (bodies.csv).", required=True, pattern=BODY_ID),
        Field("body_id", "string", "Id of the body it is a member of (bodies.csv).", required=True,
              pattern=BODY_ID),
        Field("role", "string", "Role of the member.", required=True, enum=tuple(MembershipRole.values())),
        Field("statutory", "boolean", "true when the law makes it a member (statute names the law).",
              required=True),
        _basis("the membership"),
        Field("statute", "string", "For a statutory membership: the Act and section (the title of the cited "
              "source)."),
        _source("the membership", required=True), SOURCE_AUTHORITATIVE, EVIDENCE, *CHANGE_FIELDS, DATASETS,
        *_dates("the membership"),
    ),
    ("member_id", "body_id", "valid_from"),
    ((("member_id",), "bodies", ("id",)), (("body_id",), "bodies", ("id",)), (("source",), "sources", ("id",))),
)

ACCOUNTABILITY = Resource(
    "accountability", "Accountability", "Who answers to whom: a body reports to, is scrutinised by or is held "
    "to account by another (a PCC by its police and crime panel, a CSP by the council's crime and disorder "
    "committee).",
    (
        Field("body_id", "string", "Id of the body that answers (bodies.csv).", required=True, pattern=BODY_ID),
        Field("accountable_to_id", "string", "Id of the body it answers to (bodies.csv).", required=True,
              pattern=BODY_ID),
        Field("mechanism", "string", "scrutiny, reports_to or holds_to_account.", required=True,
              enum=tuple(Mechanism.values())),
        _basis("the line"), _source("the line", required=True), SOURCE_AUTHORITATIVE, EVIDENCE, *CHANGE_FIELDS,
        DATASETS, *_dates("the line"),
    ),
    ("body_id", "accountable_to_id", "valid_from"),
    ((("body_id",), "bodies", ("id",)), (("accountable_to_id",), "bodies", ("id",)),
     (("source",), "sources", ("id",))),
)

LINKS = Resource(
    "links", "Funding and information sharing", "Money and information between bodies: one funds or "
    "commissions another, or shares information with it.",
    (
        Field("from_id", "string", "Id of the body that funds, commissions or shares (bodies.csv).",
              required=True, pattern=BODY_ID),
        Field("to_id", "string", "Id of the other body (bodies.csv).", required=True, pattern=BODY_ID),
        Field("type", "string", "funds, commissions or shares_information_with.", required=True, enum=LINK_TYPES),
        Field("amount", "number", "Amount in pounds, where stated.", minimum=0),
        Field("period", "string", "Period the amount is for, where stated."),
        _basis("the link"), _source("the link", required=True), SOURCE_AUTHORITATIVE, EVIDENCE, *CHANGE_FIELDS,
        DATASETS, *_dates("the link"),
    ),
    ("from_id", "to_id", "type", "valid_from"),
    ((("from_id",), "bodies", ("id",)), (("to_id",), "bodies", ("id",)), (("source",), "sources", ("id",))),
)

LEADS = Resource(
    "leads", "Issue claims", "Who leads, supports, prioritises or holds a duty on which issue (domestic "
    "abuse, Prevent, serious violence...), statutory (the law assigns it) or stated by a published source, "
    "optionally within one area (scope). Claims invented for the bundled example, and claims whose source "
    "is not authoritative, are never in this file.",
    (
        Field("body_id", "string", "Id of the body making the claim (bodies.csv).", required=True,
              pattern=BODY_ID),
        Field("issue_id", "string", "Id of the issue (issues.csv). A lead on a broader issue covers the "
              "narrower ones under it where nobody leads them directly.", required=True),
        Field("role", "string", "leads, supports, prioritises, or holds_duty (a duty the law places on several "
              "bodies without naming a lead: neither lead nor support).", required=True, enum=CLAIM_ROLES),
        Field("statutory", "boolean", "true when the law assigns the claim; a stated claim may add to a "
              "statutory one, never remove it.", required=True),
        Field("basis", "string", "statutory or sourced (stated by a published document).", required=True,
              enum=("statutory", "sourced")),
        Field("scope", "string", "GSS code of the area the claim is limited to; empty: the body's whole "
              "footprint."),
        _source("the claim", required=True), EVIDENCE, *CHANGE_FIELDS, DATASETS, *_dates("the claim"),
    ),
    ("body_id", "issue_id", "role", "scope", "statutory", "valid_from"),
    ((("body_id",), "bodies", ("id",)), (("issue_id",), "issues", ("id",)), (("source",), "sources", ("id",))),
)

ISSUES = Resource(
    "issues", "Issues", "The issue taxonomy: community-safety and safeguarding issues with their synonyms "
    "and every broader issue they are part of (an issue may have several).",
    (
        Field("id", "string", "Identifier of the issue.", required=True, pattern=r"^[a-z0-9][a-z0-9\-]*$"),
        Field("name", "string", "Name of the issue.", required=True),
        Field("synonyms", "string", "Other words for it (DA, VAWG...), separated by '; '."),
        Field("description", "string", "What the issue covers."),
        Field("parents", "string", "Ids of every broader issue it is part of, separated by '; ' "
              "(issue_parents.csv has each with its dates)."),
    ),
    ("id",), dated=False,
)

ISSUE_PARENTS = Resource(
    "issue_parents", "Issue parents", "One row per (issue, broader issue) pair of the taxonomy.",
    (
        Field("issue_id", "string", "Id of the narrower issue (issues.csv).", required=True),
        Field("parent_id", "string", "Id of the broader issue it is part of (issues.csv).", required=True),
        _source("the relationship"), *_dates("the relationship"),
    ),
    ("issue_id", "parent_id", "valid_from"),
    ((("issue_id",), "issues", ("id",)), (("parent_id",), "issues", ("id",)), (("source",), "sources", ("id",))),
)

SOURCES = Resource(
    "sources", "Sources", "Every document a row of the package cites: Acts and sections (legislation.gov.uk), "
    "ONS lookups, orders, published arrangements, and the markers 'illustrative' and 'unsourced'.",
    (
        Field("id", "string", "Identifier cited by the other files' source columns.", required=True),
        Field("title", "string", "Title of the document (an Act's title names its sections).", required=True),
        Field("address", "string", "Where to read it (URL), where known."),
        Field("date", "string", "Date of the document: YYYY, YYYY-MM or YYYY-MM-DD.", pattern=ISO_PARTIAL_DATE),
        Field("publisher", "string", "Who publishes it, with its licence where the data states one."),
        Field("excerpt", "string", "A short quotation from the document, where the graph holds one; the "
              "words behind a particular fact are in that row's evidence column."),
        Field("authoritative", "boolean", "false for sources we do not state facts from (illustrative, "
              "unsourced, low confidence).", required=True),
        Field("licence", "string", "Licence of the material from this source as published here: OGL-UK-3.0 "
              "(ONS, legislation.gov.uk and GOV.UK material, Crown copyright), CC-BY-4.0 (mySociety's council "
              "list) or MIT (the project's own compilation, for everything else).", required=True,
              enum=tuple(LICENCES)),
    ),
    ("id",), dated=False,
)

COUNTS = Resource(
    "counts", "Counts", "How many areas and bodies of each kind the package holds on its date, beside the "
    "count published elsewhere and its source where one exists: a check anyone can make.",
    (
        Field("element", "string", "area or body.", required=True, enum=("area", "body")),
        Field("kind", "string", "The kind of area or body (the kind column of areas.csv or bodies.csv).",
              required=True, enum=tuple(AreaKind.values()) + tuple(BodyKind.values())),
        Field("as_at", "date", "The date counted (the package's date).", required=True),
        Field("count", "integer", "How many of this kind the package holds on that date.", required=True,
              minimum=0),
        Field("derived", "integer", "How many of them are derived (assumed, no published arrangement found).",
              required=True, minimum=0),
        Field("published_count", "integer", "The count published elsewhere, where one was found.", minimum=0),
        Field("published_approximate", "boolean", "true when the published count is approximate, historic or "
              "counts something slightly different (see published_notes)."),
        Field("published_as_of", "string", "When the published count applies: YYYY, YYYY-MM or YYYY-MM-DD.",
              pattern=ISO_PARTIAL_DATE),
        Field("published_source", "string", "Who published the count, and where."),
        Field("published_address", "string", "Where to read it (URL)."),
        Field("published_notes", "string", "What the source says and how it compares."),
    ),
    ("element", "kind"), dated=False,
)

RESOURCES: tuple[Resource, ...] = (AREAS, AREA_PARTS, BODIES, FOOTPRINTS, MEMBERSHIPS, ACCOUNTABILITY, LINKS,
                                   LEADS, ISSUES, ISSUE_PARENTS, SOURCES, COUNTS)


def resource(name: str) -> Resource:
    """The resource called ``name``; ``KeyError`` listing the names otherwise."""
    for r in RESOURCES:
        if r.name == name:
            return r
    raise KeyError(f"no resource {name!r}; one of: {', '.join(r.name for r in RESOURCES)}")

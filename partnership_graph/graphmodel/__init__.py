"""The graph model: node and relationship models, vocabularies and the GraphDocument."""

from .document import GraphDocument
from .nodes import Area, Body, Issue, Model, Source, slug
from .relationships import (
    AccountableTo, AreaPartOf, Claim, Covers, IssuePartOf, Link, MemberOf, Relationship,
)
from .vocab import (
    AreaKind, BodyKind, ClaimType, CouncilType, Label, LinkType, Mechanism, MembershipRole,
    RelType, ShareBasis, parse_area_kind,
)

__all__ = [
    "AccountableTo", "Area", "AreaKind", "AreaPartOf", "Body", "BodyKind", "Claim", "ClaimType",
    "CouncilType", "Covers", "GraphDocument", "Issue", "IssuePartOf", "Label", "Link", "LinkType",
    "Mechanism", "MemberOf", "MembershipRole", "Model", "RelType", "Relationship", "ShareBasis",
    "Source", "parse_area_kind", "slug",
]

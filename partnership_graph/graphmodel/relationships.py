"""Relationship models. Each knows its type and the labels of its two ends.

``start`` and ``end`` are node keys (GSS code for areas, id otherwise). ``merge_key`` is what
makes a relationship the same one on a second load: stores MERGE on (start, type, merge_key, end),
so reloading is idempotent while a claim scoped to two different areas stays two claims.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field

from .nodes import Dated
from .vocab import ClaimType, Label, LinkType, MembershipRole, Mechanism, RelType, ShareBasis


class Relationship(Dated):
    type: ClassVar[str]
    start_label: ClassVar[Label]
    end_label: ClassVar[Label]
    start: str
    end: str
    source: str | None = None

    @property
    def rel_type(self) -> str:
        return self.type

    @property
    def merge_key(self) -> str:
        return self.valid_from.isoformat() if self.valid_from else ""


class AreaPartOf(Relationship):
    """A LAD (or SICBL, region) lies in a larger area; ``share`` is the fraction of the LAD in it."""

    type: ClassVar[str] = RelType.PART_OF.value
    start_label: ClassVar[Label] = Label.AREA
    end_label: ClassVar[Label] = Label.AREA
    share: float = Field(default=1.0, gt=0, le=1)
    share_basis: ShareBasis = ShareBasis.WHOLE


class IssuePartOf(Relationship):
    type: ClassVar[str] = RelType.PART_OF.value
    start_label: ClassVar[Label] = Label.ISSUE
    end_label: ClassVar[Label] = Label.ISSUE


class Covers(Relationship):
    """A body's footprint; ``share`` is the fraction of the area it covers."""

    type: ClassVar[str] = RelType.COVERS.value
    start_label: ClassVar[Label] = Label.BODY
    end_label: ClassVar[Label] = Label.AREA
    share: float = Field(default=1.0, gt=0, le=1)
    share_basis: ShareBasis = ShareBasis.WHOLE


class MemberOf(Relationship):
    type: ClassVar[str] = RelType.MEMBER_OF.value
    start_label: ClassVar[Label] = Label.BODY
    end_label: ClassVar[Label] = Label.BODY
    role: MembershipRole = MembershipRole.MEMBER
    statutory: bool = False
    evidence: str | None = None


class AccountableTo(Relationship):
    type: ClassVar[str] = RelType.ACCOUNTABLE_TO.value
    start_label: ClassVar[Label] = Label.BODY
    end_label: ClassVar[Label] = Label.BODY
    mechanism: Mechanism
    evidence: str | None = None


class Link(Relationship):
    """FUNDS, COMMISSIONS or SHARES_INFORMATION_WITH between two bodies."""

    start_label: ClassVar[Label] = Label.BODY
    end_label: ClassVar[Label] = Label.BODY
    link: LinkType
    amount: float | None = Field(default=None, ge=0)
    period: str | None = None
    evidence: str | None = None

    @property
    def rel_type(self) -> str:
        return str(self.link)


class Claim(Relationship):
    """An ownership claim: a body LEADS, SUPPORTS or PRIORITISES an issue, maybe in one area."""

    start_label: ClassVar[Label] = Label.BODY
    end_label: ClassVar[Label] = Label.ISSUE
    claim: ClaimType
    scope: str | None = None
    evidence: str | None = None
    # True when the law assigns the claim (``source`` then cites the Act and section); a local
    # claim may add to a statutory one, never remove it.
    statutory: bool = False

    @property
    def rel_type(self) -> str:
        return str(self.claim)

    @property
    def merge_key(self) -> str:
        # a statutory claim has its own identity, so a local claim by the same body on the same
        # issue adds to it and can never overwrite (remove) it
        key = f"{self.scope or ''}|{super().merge_key}"
        return f"{key}|statutory" if self.statutory else key


# Kept for readers of the JSON: the discriminator words used on the wire.
ClaimWord = Literal["leads", "supports", "prioritises"]

"""Controlled vocabularies: the only words that become labels, kinds and relationship types.

Anything that reaches Cypher as a label or relationship type comes from these enums, never from
input, so user text can only ever travel as a query parameter.
"""

from __future__ import annotations

from enum import Enum


class _Vocab(str, Enum):
    """A string enum whose str() is its value, so it renders and serialises as plain text."""

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def values(cls) -> list[str]:
        return [m.value for m in cls]


class Label(_Vocab):
    AREA = "Area"
    BODY = "Body"
    ISSUE = "Issue"
    SOURCE = "Source"


class AreaKind(_Vocab):
    """ONS geography types. A unitary authority is one LAD that is also its own upper tier."""

    LAD = "LAD"
    CTYUA = "CTYUA"
    CSP = "CSP"
    PFA = "PFA"
    FRA = "FRA"
    ICB = "ICB"
    SICBL = "SICBL"
    LHB = "LHB"
    RGN = "RGN"
    CTRY = "CTRY"


# The words users say for area kinds; the same names work in every command.
AREA_KIND_ALIASES: dict[str, AreaKind] = {
    "lad": AreaKind.LAD, "district": AreaKind.LAD, "ltla": AreaKind.LAD,
    "ctyua": AreaKind.CTYUA, "utla": AreaKind.CTYUA, "county": AreaKind.CTYUA,
    "csp": AreaKind.CSP,
    "pfa": AreaKind.PFA, "police": AreaKind.PFA,
    "fra": AreaKind.FRA, "fire": AreaKind.FRA,
    "icb": AreaKind.ICB,
    "sicbl": AreaKind.SICBL,
    "lhb": AreaKind.LHB,
    "rgn": AreaKind.RGN, "region": AreaKind.RGN,
    "ctry": AreaKind.CTRY, "country": AreaKind.CTRY,
}


class BodyKind(_Vocab):
    COUNCIL = "council"
    POLICE_FORCE = "police_force"
    PCC = "pcc"
    FIRE_AUTHORITY = "fire_authority"
    PROBATION = "probation"
    HEALTH = "health"
    CSP = "csp"
    CSG = "csg"
    HWB = "hwb"
    SAFEGUARDING_CHILDREN = "safeguarding_children"
    SAFEGUARDING_ADULTS = "safeguarding_adults"
    MASH = "mash"
    PSB = "psb"
    POLICE_AND_CRIME_PANEL = "police_and_crime_panel"
    SCRUTINY_COMMITTEE = "scrutiny_committee"
    VCS = "vcs"
    NATIONAL_BODY = "national_body"
    TEAM = "team"
    OTHER = "other"
    # Added for the statutory bodies of issue 11 (additive: existing words keep their meaning)
    DA_PARTNERSHIP_BOARD = "da_partnership_board"          # Domestic Abuse Act 2021 s.58
    VIOLENCE_REDUCTION_UNIT = "violence_reduction_unit"    # Home Office-funded VRU
    YOUTH_JUSTICE = "youth_justice"                        # Crime and Disorder Act 1998 s.39
    CHANNEL_PANEL = "channel_panel"                        # Counter-Terrorism and Security Act 2015 s.36
    MAPPA_SMB = "mappa_smb"                                # Criminal Justice Act 2003 ss.325-326
    LCJB = "lcjb"                                          # Local Criminal Justice Board (non-statutory)
    REGIONAL_SAFEGUARDING_BOARD = "regional_safeguarding_board"  # SSW(W)A 2014 s.134
    HEALTHWATCH = "healthwatch"                            # LGPIHA 2007 s.221, on every HWB


class CouncilType(_Vocab):
    DISTRICT = "district"
    COUNTY = "county"
    UNITARY = "unitary"
    METROPOLITAN = "metropolitan"
    LONDON_BOROUGH = "london_borough"
    WELSH_PRINCIPAL = "welsh_principal"
    CITY_CORPORATION = "city_corporation"


class ShareBasis(_Vocab):
    """How the share of a LAD in a footprint was obtained; geography maths reports it."""

    WHOLE = "whole"                # the data says all of it
    LSOA21_COUNT = "lsoa21_count"  # fraction of the LAD's 2021 LSOAs (ONS SICBL/ICB lookup)
    EQUAL_SPLIT = "equal_split"    # the data says "part" but gives no weights: split evenly
    STATED = "stated"              # given by the user's dataset


class MembershipRole(_Vocab):
    CHAIR = "chair"
    VICE_CHAIR = "vice_chair"
    MEMBER = "member"
    RESPONSIBLE_AUTHORITY = "responsible_authority"
    SAFEGUARDING_PARTNER = "safeguarding_partner"
    STATUTORY_MEMBER = "statutory_member"
    CO_OPERATING = "co_operating"
    CO_OPTED = "co_opted"
    OBSERVER = "observer"
    SECRETARIAT = "secretariat"
    DELIVERY = "delivery"


class Mechanism(_Vocab):
    SCRUTINY = "scrutiny"
    REPORTS_TO = "reports_to"
    HOLDS_TO_ACCOUNT = "holds_to_account"


class ClaimType(_Vocab):
    """Ownership claims a body makes on an issue, as relationship types."""

    LEADS = "LEADS"
    SUPPORTS = "SUPPORTS"
    PRIORITISES = "PRIORITISES"
    # A duty the law places on several bodies without naming a lead (the serious violence duty's
    # specified authorities): shown, but neither a lead nor support.
    HOLDS_DUTY = "HOLDS_DUTY"


class LinkType(_Vocab):
    FUNDS = "FUNDS"
    COMMISSIONS = "COMMISSIONS"
    SHARES_INFORMATION_WITH = "SHARES_INFORMATION_WITH"


class RelType(_Vocab):
    PART_OF = "PART_OF"
    COVERS = "COVERS"
    MEMBER_OF = "MEMBER_OF"
    ACCOUNTABLE_TO = "ACCOUNTABLE_TO"
    FUNDS = "FUNDS"
    COMMISSIONS = "COMMISSIONS"
    SHARES_INFORMATION_WITH = "SHARES_INFORMATION_WITH"
    LEADS = "LEADS"
    SUPPORTS = "SUPPORTS"
    PRIORITISES = "PRIORITISES"
    HOLDS_DUTY = "HOLDS_DUTY"


def parse_area_kind(word: str) -> AreaKind:
    """Accept ``csp``, ``police``, ``PFA``, ``utla``...; raise ``KeyError`` with the known words."""
    key = word.strip().lower()
    if key in AREA_KIND_ALIASES:
        return AREA_KIND_ALIASES[key]
    raise KeyError(word)

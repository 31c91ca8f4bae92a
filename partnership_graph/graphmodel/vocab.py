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
    # Added for the Welsh bodies of the register (issue 20)
    REGIONAL_PARTNERSHIP_BOARD = "regional_partnership_board"  # SSW(W)A 2014 ss.166-168 (Wales)
    VAWDASV_PARTNERSHIP = "vawdasv_partnership"            # VAWDASV (Wales) Act 2015 s.5, regionally
    AREA_PLANNING_BOARD = "area_planning_board"            # substance misuse APB (Wales)


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


# How an area kind is said in a sentence ("Kent (county E10000016)").
AREA_KIND_WORDS: dict[str, str] = {
    "LAD": "district", "CTYUA": "county", "CSP": "CSP area", "PFA": "police force area",
    "FRA": "fire and rescue area", "ICB": "ICB area", "SICBL": "sub-ICB location", "LHB": "health board area",
    "RGN": "region", "CTRY": "country",
}


# -- the one table of words for kinds -----------------------------------------------------------
# Every option that takes a kind (``areas --kind``, ``bodies --kind``, ``coterminosity --kinds``,
# ``protocol --boards``, ``kind:name`` area references) reads this table, so a word that works in
# one command works in all of them. A word names an area kind, a body kind, or both (``police``:
# the police force area and the police force). ``utla`` means every upper tier: the counties
# (CTYUA) and the unitary, metropolitan and London districts that are their own upper tier.
UTLA = "UTLA"

KIND_ALIASES: dict[str, tuple[AreaKind | None, BodyKind | None]] = {
    "lad": (AreaKind.LAD, None), "district": (AreaKind.LAD, None), "ltla": (AreaKind.LAD, None),
    "utla": (AreaKind.CTYUA, None), "county": (AreaKind.CTYUA, None), "ctyua": (AreaKind.CTYUA, None),
    "upper_tier": (AreaKind.CTYUA, None),
    "csp": (AreaKind.CSP, BodyKind.CSP), "community_safety_partnership": (AreaKind.CSP, BodyKind.CSP),
    "pfa": (AreaKind.PFA, BodyKind.POLICE_FORCE), "police": (AreaKind.PFA, BodyKind.POLICE_FORCE),
    "police_force": (AreaKind.PFA, BodyKind.POLICE_FORCE), "force": (None, BodyKind.POLICE_FORCE),
    "fra": (AreaKind.FRA, BodyKind.FIRE_AUTHORITY), "fire": (AreaKind.FRA, BodyKind.FIRE_AUTHORITY),
    "fire_authority": (AreaKind.FRA, BodyKind.FIRE_AUTHORITY), "frs": (AreaKind.FRA, BodyKind.FIRE_AUTHORITY),
    "icb": (AreaKind.ICB, BodyKind.HEALTH), "sicbl": (AreaKind.SICBL, None), "lhb": (AreaKind.LHB, BodyKind.HEALTH),
    "rgn": (AreaKind.RGN, None), "region": (AreaKind.RGN, None),
    "ctry": (AreaKind.CTRY, None), "country": (AreaKind.CTRY, None),
    **{k.value: (None, k) for k in BodyKind if k.value not in ("csp", "police_force", "fire_authority")},
    "scp": (None, BodyKind.SAFEGUARDING_CHILDREN), "lscp": (None, BodyKind.SAFEGUARDING_CHILDREN),
    "sab": (None, BodyKind.SAFEGUARDING_ADULTS), "lsab": (None, BodyKind.SAFEGUARDING_ADULTS),
    "pcp": (None, BodyKind.POLICE_AND_CRIME_PANEL), "panel": (None, BodyKind.POLICE_AND_CRIME_PANEL),
    "opcc": (None, BodyKind.PCC), "nhs": (None, BodyKind.HEALTH), "voluntary": (None, BodyKind.VCS),
    "health_and_wellbeing_board": (None, BodyKind.HWB), "health_and_wellbeing": (None, BodyKind.HWB),
    "safeguarding_children_partnership": (None, BodyKind.SAFEGUARDING_CHILDREN),
    "safeguarding_adults_board": (None, BodyKind.SAFEGUARDING_ADULTS),
    "police_and_crime_commissioner": (None, BodyKind.PCC), "county_strategy_group": (None, BodyKind.CSG),
}

# The area-kind side of the table (kept under its old name for ``kind:name`` references).
AREA_KIND_ALIASES: dict[str, AreaKind] = {w: a for w, (a, _) in KIND_ALIASES.items() if a is not None}
BODY_KIND_ALIASES: dict[str, BodyKind] = {w: b for w, (_, b) in KIND_ALIASES.items() if b is not None}


def kind_key(word: str) -> str:
    """How a kind word is looked up: any case, hyphens and spaces as underscores."""
    return word.strip().lower().replace("-", "_").replace(" ", "_")


def kind_words(*, area: bool = True, body: bool = True) -> list[str]:
    """The words accepted where area kinds, body kinds or both are asked for (for messages)."""
    return [w for w, (a, b) in KIND_ALIASES.items() if (area and a is not None) or (body and b is not None)]


def _unknown(word: str, known: list[str], what: str) -> KeyError:
    from ..suggest import did_you_mean

    return KeyError(f"unknown {what} {word.strip()!r}{did_you_mean(kind_key(word), known)}; "
                    f"one of: {', '.join(known)} (docs/queries.md, 'Words for kinds')")


def parse_area_kind(word: str) -> AreaKind:
    """Accept ``csp``, ``police``, ``PFA``, ``utla``...; raise ``KeyError`` with the known words.

    ``utla`` (and ``county``) give ``CTYUA``; ``area_kind_filter`` gives ``UTLA`` for them, so a
    listing adds the LADs that are their own upper tier.
    """
    hit = KIND_ALIASES.get(kind_key(word), (None, None))[0]
    if hit is None:
        raise _unknown(word, kind_words(body=False), "area kind")
    return hit


def area_kind_filter(word: str) -> str:
    """What a listing of areas of the kind ``word`` filters on (``areas --kind``, ``/api/areas?kind=``):
    the area kind's code, or ``UTLA`` (every upper tier) for ``utla``/``county``; ``KeyError`` with
    the known words otherwise. The CLI and the web app both ask this, so they list the same areas."""
    found = parse_area_kind(word)
    return UTLA if found == AreaKind.CTYUA else found.value


def parse_body_kind(word: str) -> BodyKind:
    """Accept ``scp``, ``police``, ``fire``, ``safeguarding_children``...; ``KeyError`` otherwise."""
    hit = KIND_ALIASES.get(kind_key(word), (None, None))[1]
    if hit is None:
        raise _unknown(word, kind_words(area=False), "body kind")
    return hit


#: The words a table or scenario file may write for a yes/no value (case and spaces ignored).
TRUE_WORDS = ("true", "yes", "y", "1")
FALSE_WORDS = ("false", "no", "n", "0")


def truth(value: str) -> bool | None:
    """``value`` read as yes or no, or None when it is neither (each reader words its own error)."""
    word = value.strip().lower()
    return True if word in TRUE_WORDS else False if word in FALSE_WORDS else None

"""The national skeleton: the statutory bodies of England and Wales built from real geography.

One CSP per ONS CSP area, a police force, PCC and police and crime panel per police force area,
a fire and rescue authority per FRA (or the county council, where it is its own fire authority),
an ICB per ICB area (a Local Health Board in Wales), a council per LAD and per county, and for
each English upper tier a Health and Wellbeing Board with its local Healthwatch, a safeguarding
children partnership and a safeguarding adults board, each with the members the statute names.
Beside them: Domestic Abuse Local Partnership Boards (tier one: English upper tiers outside
London, and the GLA), youth justice services, Channel panels per upper tier, the MAPPA areas and
Local Criminal Justice Boards, the 20 Violence Reduction Units, and in Wales the six Regional
Safeguarding Boards and the Public Services Boards from sourced, dated rows. Every body and edge
cites the lookup or the Act section it rests on.

Safeguarding children partnerships, safeguarding adults boards, youth justice services, MAPPA
areas, criminal justice boards, domestic abuse boards and the Welsh regional bodies come from the
bundled register of published arrangements (``loaders/register.py``, ``register_wales.py``): a
joint arrangement is the one body that covers its councils on its dates, and a body is derived
(its name says it is assumed) only where no row covers a council on a date.

Statutory leads are claims with ``statutory=True`` citing their section (see ``STATUTORY LEADS``
in docs/queries.md); the serious violence duty's specified authorities hold the duty
(``HOLDS_DUTY``), which is neither a lead nor support.

Known simplifications, stated rather than hidden and marked ``derived`` on the bodies concerned:
Channel panels run jointly are not in the register, so each appears once per upper tier (a
dataset may declare a joint arrangement that replaces them); the Probation Service is one
national body (its regional footprints are not bundled).
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from functools import cache

from ..graphmodel import (
    AccountableTo, Area, AreaKind, AreaPartOf, Body, BodyKind, Claim, ClaimType, CouncilType, Covers,
    GraphDocument, MemberOf, Mechanism, MembershipRole, Source, slug,
)
from . import dates, duties, fire, register, register_wales, wales
from . import statutes as st
from .bundled import BUNDLED_SOURCES, DATA_DIR, ons_table
from .geography import ENGLAND, WALES, build_geography
from .taxonomy import load_taxonomy

STATUTORY_DIR = DATA_DIR / "statutory"

COUNCIL_TYPES = {
    "NMD": CouncilType.DISTRICT, "UA": CouncilType.UNITARY, "MD": CouncilType.METROPOLITAN,
    "LBO": CouncilType.LONDON_BOROUGH, "WPA": CouncilType.WELSH_PRINCIPAL,
    "CC": CouncilType.CITY_CORPORATION, "CTY": CouncilType.COUNTY,
}
# Police force areas whose PCC functions sit elsewhere (mayors, MOPAC, the City's police
# authority) or whose commissioner also runs fire; everything else is "Police and Crime
# Commissioner for <area>".
PCC_NAMES = {
    "Greater Manchester": "Mayor of Greater Manchester (PCC functions)",
    "West Yorkshire": "Mayor of West Yorkshire (PCC functions)",
    "North Yorkshire": "Mayor of York and North Yorkshire (PCC functions)",
    "Metropolitan Police": "Mayor's Office for Policing and Crime (MOPAC)",
    "London, City of": "City of London Police Authority Board",
    "Essex": "Police, Fire and Crime Commissioner for Essex",
    "Northamptonshire": "Police, Fire and Crime Commissioner for Northamptonshire",
    "Staffordshire": "Police, Fire and Crime Commissioner for Staffordshire",
}
FORCE_NAMES = {"Metropolitan Police": "Metropolitan Police Service",
               "London, City of": "City of London Police"}
PANEL_NAMES = {"Metropolitan Police": "London Assembly Police and Crime Committee",
               "Greater Manchester": "Greater Manchester Police, Fire and Crime Panel",
               "London, City of": None}

CDA, PJA, PRA = "crime-and-disorder-act-1998", "police-and-justice-act-2006", "police-reform-act-2011"
HSCA, CA04, CA14 = "health-and-social-care-act-2012", "children-act-2004", "care-act-2014"


def icb_slug(name: str) -> str:
    return slug(name.removeprefix("NHS ").removesuffix(" Integrated Care Board"))


def lhb_slug(name: str) -> str:
    for suffix in (" University Health Board", " Teaching Health Board", " Health Board"):
        name = name.removesuffix(suffix)
    return slug(name)


DERIVED_CHANNEL = ("one Channel panel per upper-tier council, as s.36 asks of each local authority; panels run "
                   "jointly are not in a bundled register")
# The serious violence duty (PCSCA 2022 s.8) and the CSP's serious violence strategy were commenced
# on 31 January 2023.
SERIOUS_VIOLENCE_FROM = date(2023, 1, 31)
# A legacy district CSP inside a split LAD: the ICBs of its own part, by the district's name
# (Waveney is in "Norfolk and Waveney"; South Cumbria, Barrow and South Lakeland in Lancashire and
# South Cumbria; Millom, in Copeland, too). The bundled lookup gives LAD-level LSOA counts only,
# so this is read from the ICBs' published names and areas, not computed; any legacy CSP not listed
# keeps every ICB of its LAD.
LEGACY_CSP_ICBS: dict[str, tuple[str, ...]] = {
    "Suffolk Coastal": ("E54000023",),           # Suffolk and North East Essex
    "Waveney": ("E54000022",),                   # Norfolk and Waveney
    "Allerdale": ("E54000050",), "Carlisle": ("E54000050",),
    "Copeland": ("E54000050", "E54000048"),      # North East and North Cumbria; Millom: L&SC
    "Eden": ("E54000050",),
    "Barrow-in-Furness": ("E54000048",), "South Lakeland": ("E54000048",),
    "Chiltern": ("E54000044",), "South Bucks": ("E54000044",), "Wycombe": ("E54000044",),
    "Aylesbury Vale": ("E54000044", "E54000024"),  # BOB; its few LSOAs by Milton Keynes: BLMK
}
LEGACY_ICB_NOTE = ("legacy district CSP in a split LAD: the ICBs of its own part, read from the districts' "
                   "places in the ICBs' names and areas (the bundled lookup is LAD-level)")


@cache
def lookup_skeleton() -> GraphDocument:
    """The bundled geography, taxonomy, sources and statutory bodies as the 2024 lookups give them
    (cached), before the dated changes (``partnership_graph.national`` applies them)."""
    areas, part_of = build_geography()
    issues, issue_part_of = load_taxonomy()
    b = _SkeletonBuilder(areas, part_of)
    b.build()
    doc = GraphDocument.build(
        areas=areas, bodies=b.bodies.values(), issues=issues,
        sources=[*BUNDLED_SOURCES, *st.STATUTE_SOURCES, *b.sources.values()],
        area_part_of=part_of, issue_part_of=issue_part_of, covers=b.covers,
        memberships=b.memberships.values(), accountability=b.accountability, claims=b.claims.values(),
    )
    return doc


class _SkeletonBuilder:
    """Builds the skeleton in steps (``build`` runs them in order); each step only adds."""

    def __init__(self, areas: list[Area], part_of: list[AreaPartOf]):
        self.areas = {a.code: a for a in areas}
        # parents[lad][kind] -> codes of areas of that kind containing the LAD
        self.parents: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for e in part_of:
            self.parents[e.start][self.areas[e.end].kind].append(e.end)
        self.children: dict[str, list[str]] = defaultdict(list)
        for e in part_of:
            if self.areas[e.start].kind == AreaKind.LAD:
                self.children[e.end].append(e.start)
        self.bodies: dict[str, Body] = {}
        self.covers: list[Covers] = []
        self.memberships: dict[tuple[str, str], MemberOf] = {}
        self.accountability: list[AccountableTo] = []
        self.claims: dict[tuple[str, str, str], Claim] = {}
        self.sources: dict[str, Source] = {}
        self.body_of_area: dict[str, str] = {}
        self.fire_councils: set[str] = set()

    def body(self, id_: str, name: str, kind: BodyKind, area: str | None, source: str,
             council_type: CouncilType | None = None, notes: str | None = None,
             derived_reason: str | None = None, valid_from: date | None = None) -> str:
        if id_ in self.bodies:
            raise ValueError(f"skeleton id collision: {id_}")
        self.bodies[id_] = Body(id=id_, name=name, kind=kind, council_type=council_type,
                                source=source, notes=notes, derived=derived_reason is not None,
                                derived_reason=derived_reason, valid_from=valid_from)
        if area is not None:
            self.covers.append(Covers(start=id_, end=area, source=source, valid_from=valid_from))
        return id_

    def member(self, member: str, board: str, role: MembershipRole, source: str,
               statutory: bool = True, evidence: str | None = None, valid_from: date | None = None,
               valid_to: date | None = None) -> None:
        self.memberships.setdefault((member, board), MemberOf(
            start=member, end=board, role=role, statutory=statutory, source=source, evidence=evidence,
            valid_from=valid_from, valid_to=valid_to))

    def claim(self, body: str, claim: ClaimType, issue: str, source: str, evidence: str | None = None,
              statutory: bool = True, valid_from: date | None = None, valid_to: date | None = None) -> None:
        self.claims.setdefault((body, str(claim), issue), Claim(
            start=body, end=issue, claim=claim, source=source, evidence=evidence, statutory=statutory,
            valid_from=valid_from, valid_to=valid_to))

    def report(self, start: str, end: str, mechanism: Mechanism, source: str, evidence: str | None = None) -> None:
        self.accountability.append(AccountableTo(start=start, end=end, mechanism=mechanism, source=source,
                                                 evidence=evidence))

    def lads_of(self, code: str) -> list[str]:
        area = self.areas[code]
        return [code] if area.kind == AreaKind.LAD else sorted(set(self.children[code]))

    def parents_of(self, lads: list[str], kind: AreaKind) -> list[str]:
        return sorted({p for lad in lads for p in self.parents[lad][kind]})

    def upper_tiers(self, country: str = "") -> list[Area]:
        return [a for a in sorted(self.areas.values(), key=lambda a: a.code)
                if a.upper_tier and a.code.startswith(country)]

    def build(self) -> None:
        self._councils()
        self._policing()
        self._fire_and_health()
        self._csps()
        self._boards()
        self._national_bodies()
        self._statutory_partnerships()
        self._wales()
        self._violence_reduction_units()
        self._statutory_claims()
        self._serious_violence_duty()
        # issue 21: exact citations, Wales as Wales, fire as the orders made it (loaders/duties.py,
        # wales.py, fire.py); fire last, as a past holder takes the links the others made
        duties.shared_duties(self)
        wales.welsh_duties(self)
        fire.governance(self)
        wales.check_extent(self)
        dates.record_data_from(self)

    def _fire_and_health(self) -> None:
        for a in sorted(self.areas.values(), key=lambda a: a.code):
            if a.kind == AreaKind.FRA:
                uppers = self.parents_of(self.lads_of(a.code), AreaKind.CTYUA) or [
                    lad for lad in self.lads_of(a.code) if self.areas[lad].upper_tier]
                if len(uppers) == 1 and set(self.lads_of(uppers[0])) == set(self.lads_of(a.code)):
                    # a county (or unitary) council that is its own fire and rescue authority: the
                    # same body, which also covers the fire area (not a second body)
                    council = self.body_of_area[uppers[0]]
                    self.body_of_area[a.code] = council
                    self.fire_councils.add(council)
                    self.covers.append(Covers(start=council, end=a.code, source="ons-lad-fra-2024"))
                    continue
                self.body_of_area[a.code] = fire.fra_body(self, a)  # named as its order names it
            elif a.kind == AreaKind.ICB:
                self.body_of_area[a.code] = self.body(f"icb:{icb_slug(a.name)}", a.name, BodyKind.HEALTH,
                                                      a.code, "ons-lsoa-sicbl-icb-2024",
                                                      valid_from=duties.ICBS_FROM)
            elif a.kind == AreaKind.LHB:
                self.body_of_area[a.code] = self.body(f"lhb:{lhb_slug(a.name)}", a.name, BodyKind.HEALTH,
                                                      a.code, "ons-ua-lhb-2022")
        self.probation = self.body(
            "probation:probation-service", "The Probation Service (HM Prison and Probation Service)",
            BodyKind.PROBATION, ENGLAND, CDA,
            notes="One national body: regional probation footprints are not in the bundled data.")
        self.covers.append(Covers(start=self.probation, end=WALES, source=CDA))
    def _councils(self) -> None:
        society = {r["gss-code"]: r for r in ons_table("local_authorities_mysociety.csv")
                   if r["current-authority"] == "True"}
        for a in self.areas.values():
            if a.kind in (AreaKind.LAD, AreaKind.CTYUA):
                row = society[a.code]
                self.body_of_area[a.code] = self.body(
                    f"council:{slug(a.name)}", row["official-name"], BodyKind.COUNCIL, a.code,
                    "mysociety-la-2025", council_type=COUNCIL_TYPES[row["local-authority-type"]],
                    valid_from=_iso(row["start-date"]))  # mySociety's start date, where it gives one

    def council_ids(self, lads: list[str]) -> list[str]:
        """Councils responsible for these LADs: the LAD council and, in two-tier areas, the county."""
        codes = set(lads) | set(self.parents_of(lads, AreaKind.CTYUA))
        return sorted(self.body_of_area[c] for c in codes)

    def _policing(self) -> None:
        self.force_of_pfa: dict[str, str] = {}
        for a in sorted(self.areas.values(), key=lambda a: a.code):
            if a.kind != AreaKind.PFA:
                continue
            s = slug(a.name)
            force = self.body(f"police:{s}", FORCE_NAMES.get(a.name, f"{a.name} Police"),
                              BodyKind.POLICE_FORCE, a.code, "ons-lad-csp-pfa-2024")
            pcc = self.body(f"pcc:{s}", PCC_NAMES.get(a.name, f"Police and Crime Commissioner for {a.name}"),
                            BodyKind.PCC, a.code, PRA)
            self.force_of_pfa[a.code] = force
            self.accountability.append(AccountableTo(start=force, end=pcc, source=PRA,
                                                     mechanism=Mechanism.HOLDS_TO_ACCOUNT))
            panel_name = PANEL_NAMES.get(a.name, f"{a.name} Police and Crime Panel")
            if panel_name is None:  # the City's police authority answers to the Common Council
                city = self.body_of_area[self.lads_of(a.code)[0]]
                self.accountability.append(AccountableTo(start=pcc, end=city, source=PRA,
                                                         mechanism=Mechanism.REPORTS_TO))
                continue
            panel = self.body(f"pcp:{s}", panel_name, BodyKind.POLICE_AND_CRIME_PANEL, a.code, PRA,
                              notes=("a committee of London Assembly Members only; the boroughs do not sit "
                                     "on it") if a.name == "Metropolitan Police" else None)
            self.accountability.append(AccountableTo(start=pcc, end=panel, source=PRA,
                                                     mechanism=Mechanism.SCRUTINY))
            if a.name == "Metropolitan Police":
                continue
            for council in self.council_ids(self.lads_of(a.code)):
                self.member(council, panel, MembershipRole.STATUTORY_MEMBER, PRA)

    def health_ids(self, lads: list[str]) -> list[str]:
        codes = self.parents_of(lads, AreaKind.ICB) + self.parents_of(lads, AreaKind.LHB)
        return [self.body_of_area[c] for c in codes]

    def _csps(self) -> None:
        for a in sorted(self.areas.values(), key=lambda a: a.code):
            if a.kind != AreaKind.CSP:
                continue
            csp = self.body(f"csp:{slug(a.name)}", f"{a.name} Community Safety Partnership",
                            BodyKind.CSP, a.code, "ons-lad-csp-pfa-2024")
            lads = self.lads_of(a.code)
            health, note = self.health_ids(lads), None
            legacy = LEGACY_CSP_ICBS.get(a.name)
            if legacy and any(len(self.parents[lad][AreaKind.CSP]) > 1 for lad in lads):
                health, note = [self.body_of_area[c] for c in legacy], LEGACY_ICB_NOTE
            members = (self.council_ids(lads)
                       + [self.force_of_pfa[p] for p in self.parents_of(lads, AreaKind.PFA)]
                       + [self.body_of_area[f] for f in self.parents_of(lads, AreaKind.FRA)]
                       + [self.probation])
            for m in members:
                self.member(m, csp, MembershipRole.RESPONSIBLE_AUTHORITY, CDA)
            for m in health:
                self.member(m, csp, MembershipRole.RESPONSIBLE_AUTHORITY, CDA, evidence=note)
            # the elected local policing body and the CSPs must co-operate: PRSRA 2011 s.10(2),
            # which extends to England and Wales
            for p in self.parents_of(lads, AreaKind.PFA):
                self.member(f"pcc:{slug(self.areas[p].name)}", csp, MembershipRole.CO_OPERATING, st.PRSRA_S10)
            for lad in lads:
                self.accountability.append(AccountableTo(
                    start=csp, end=self.body_of_area[lad], mechanism=Mechanism.SCRUTINY, source=PJA,
                    evidence="crime and disorder committee of the council"))
        for a in sorted(self.areas.values(), key=lambda a: a.code):
            if a.kind == AreaKind.CTYUA:
                csg = self.body(f"csg:{slug(a.name)}", f"{a.name} County Strategy Group", BodyKind.CSG,
                                a.code, st.CSG_REGS_2007, valid_from=duties.CSG_FROM)
                lads = self.lads_of(a.code)
                self.member(self.body_of_area[a.code], csg, MembershipRole.RESPONSIBLE_AUTHORITY, st.CSG_REGS_2007)
                for c in self.parents_of(lads, AreaKind.CSP):
                    self.member(f"csp:{slug(self.areas[c].name)}", csg, MembershipRole.MEMBER, st.CSG_REGS_2007)

    def _boards(self) -> None:
        for a in self.upper_tiers("E"):
            s, lads, council = slug(a.name), self.lads_of(a.code), self.body_of_area[a.code]
            health = self.health_ids(lads)
            hwb = self.body(f"hwb:{s}", f"{a.name} Health and Wellbeing Board", BodyKind.HWB, a.code, HSCA)
            healthwatch = self.body(f"healthwatch:{s}", f"Healthwatch {a.name}", BodyKind.HEALTHWATCH, a.code,
                                    st.LGPIHA_S221)
            for m in [council, *health]:
                self.member(m, hwb, MembershipRole.STATUTORY_MEMBER, HSCA)
            self.member(healthwatch, hwb, MembershipRole.STATUTORY_MEMBER, st.HSCA_S194,
                        evidence="a representative of the local Healthwatch organisation (s.194(2)(f))")
            self.report(hwb, council, Mechanism.REPORTS_TO, HSCA, "a committee of the local authority")
            self.report(healthwatch, council, Mechanism.REPORTS_TO, st.LGPIHA_S221,
                        "the council makes and funds the local Healthwatch arrangements")
        # -- register hook (loaders/register.py): safeguarding children partnerships and adults
        # boards as published, joint ones over their councils; derived only where no row covers
        register.add_safeguarding(self)

    def _national_bodies(self) -> None:
        for id_, name, source in (
            ("national:child-safeguarding-practice-review-panel", "Child Safeguarding Practice Review Panel",
             st.WT_2023),
            ("national:youth-justice-board", "Youth Justice Board for England and Wales", st.CDA_S39),
            ("national:natural-resources-wales", "Natural Resources Wales", st.WFGWA_S29),
        ):
            self.body(id_, name, BodyKind.NATIONAL_BODY, None, source)

    def _statutory_partnerships(self) -> None:
        """DA Local Partnership Boards, youth justice services, Channel panels (per council); MAPPA
        strategic management boards and Local Criminal Justice Boards (per police force area)."""
        # -- register hook (loaders/register.py): domestic abuse local partnership boards of the
        # tier one authorities (the GLA in London), youth justice services, MAPPA areas and local
        # criminal justice boards as the bundled rows give them
        register.add_da_boards(self)
        register.add_youth_justice(self)
        register.add_mappa(self)
        register.add_lcjbs(self)
        for a in self.upper_tiers():
            s, lads, council = slug(a.name), self.lads_of(a.code), self.body_of_area[a.code]
            police = [self.force_of_pfa[p] for p in self.parents_of(lads, AreaKind.PFA)]
            panel = self.body(f"channel:{s}", f"Channel panel for {a.name} ({register.ASSUMED})",
                              BodyKind.CHANNEL_PANEL, a.code, st.CTSA_S36, derived_reason=DERIVED_CHANNEL)
            self.member(council, panel, MembershipRole.CHAIR, st.CTSA_S37,
                        evidence="the local authority ensures the panel is in place and chairs it")
            for m in police:
                self.member(m, panel, MembershipRole.STATUTORY_MEMBER, st.CTSA_S37,
                            evidence="the chief officer of police for the area sits on the panel")
            self.report(panel, council, Mechanism.REPORTS_TO, st.CTSA_S36)
            self.claim(council, ClaimType.LEADS, "prevent", st.CTSA_S26, duties.PREVENT_COUNCIL,
                       valid_from=duties.PREVENT_FROM)
            self.claim(panel, ClaimType.SUPPORTS, "prevent", st.CTSA_S36,
                       "assesses and supports people at risk of being drawn into terrorism")

    def _wales(self) -> None:
        """Regional Safeguarding Boards and Public Services Boards from the bundled sourced rows."""
        for row in _rows("wales_regional_safeguarding_boards.csv"):
            name = row["board_name"]
            if name.startswith("Western Bay"):   # the same board, renamed West Glamorgan in 2019
                name = "West Glamorgan Safeguarding Board (formerly Western Bay)"
            board = f"rsb:{slug(re.sub(r' Safeguarding Board.*', '', name).removesuffix(' Regional'))}"
            src = self.row_source(row["source_url"], row["source_title"], row["source_date"])
            start, end = _iso(row["valid_from"]), _iso(row["valid_to"])
            if board not in self.bodies:
                self.body(board, name, BodyKind.REGIONAL_SAFEGUARDING_BOARD, None, st.SSWWA_S134,
                          notes="a regional board for children and adults (SI 2015/1357 Sch. 1); members and "
                                "dates from sourced rows", valid_from=date(2016, 4, 6))
                for issue in ("safeguarding-children", "safeguarding-adults"):
                    self.claim(board, ClaimType.LEADS, issue, st.SSWWA_S134, valid_from=date(2016, 4, 6))
            lad = row["lad_code"]
            self.covers.append(Covers(start=board, end=lad, source=src, valid_from=start, valid_to=end))
            council, health = self.body_of_area[lad], self.health_ids([lad])
            police = [self.force_of_pfa[p] for p in self.parents_of([lad], AreaKind.PFA)]
            evidence = f"{row['excerpt']} [{row['confidence']} confidence{'; ' + row['notes'] if row['notes'] else ''}]"
            self.member(council, board, MembershipRole.SAFEGUARDING_PARTNER, src, evidence=evidence[:1000],
                        valid_from=start, valid_to=end)
            if end is None:  # today's partners of the board (the health board's area is today's)
                for m in [*police, *health, self.probation]:
                    self.member(m, board, MembershipRole.SAFEGUARDING_PARTNER, st.SSWWA_S134)
        for row in _rows("wales_public_services_boards.csv"):
            name, lad = row["board_name"], row["lad_code"]
            board = f"psb:{slug(name.removesuffix(' Public Services Board'))}"
            src = self.row_source(row["source_url"], row["source_title"], row["source_date"])
            start = _iso(row["valid_from"])
            if board not in self.bodies:
                note = "members and dates from sourced rows"
                if not start:
                    note += "; the merger date was not found, so the board's start is left open"
                self.body(board, name, BodyKind.PSB, None, st.WFGWA_S29, notes=note, valid_from=start)
                self.member("national:natural-resources-wales", board, MembershipRole.STATUTORY_MEMBER,
                            st.WFGWA_S29)
            self.covers.append(Covers(start=board, end=lad, source=src, valid_from=start))
            evidence = f"{row['excerpt']} [{row['confidence']} confidence{'; ' + row['notes'] if row['notes'] else ''}]"
            self.member(self.body_of_area[lad], board, MembershipRole.STATUTORY_MEMBER, src,
                        evidence=evidence[:1000], valid_from=start)
            for m in [*self.health_ids([lad]), *(self.body_of_area[f] for f in self.parents_of([lad], AreaKind.FRA))]:
                self.member(m, board, MembershipRole.STATUTORY_MEMBER, st.WFGWA_S29, valid_from=start)
        # -- register hook (loaders/register_wales.py): regional partnership boards, VAWDASV regional
        # partnerships, area planning boards and the joint community safety partnerships
        register_wales.add_wales(self)

    def _violence_reduction_units(self) -> None:
        for row in _rows("violence_reduction_units.csv"):
            pfa, year = row["pfa_code"], int(row["valid_from"][:4])
            src = self.row_source(row["name_source_url"] or row["source_url"],
                                  row["name_source_title"] or row["source_title"],
                                  row["name_source_date"] or row["source_date"])
            notes = (f"Home Office-funded VRU since {year} (the source gives the year only: dated 1 January); "
                     f"funded 2025/26: {row['funded_2025_26']}. {row['notes']}").strip()
            vru = self.body(f"vru:{slug(self.areas[pfa].name)}", row["vru_name"], BodyKind.VIOLENCE_REDUCTION_UNIT,
                            pfa, src, notes=notes, valid_from=date(year, 1, 1))
            pcc = f"pcc:{slug(self.areas[pfa].name)}"
            self.member(pcc, vru, MembershipRole.MEMBER, src, statutory=False,
                        evidence="the Home Office grant is made to the local policing body")
            self.member(self.force_of_pfa[pfa], vru, MembershipRole.MEMBER, src, statutory=False)
            self.report(vru, pcc, Mechanism.REPORTS_TO, src, "funded through the local policing body")
            self.claim(vru, ClaimType.SUPPORTS, "serious-violence", src, row["excerpt"], statutory=False)

    def _statutory_claims(self) -> None:
        """The leads the law assigns, each citing its section."""
        for b in list(self.bodies.values()):
            if b.kind == BodyKind.SAFEGUARDING_CHILDREN:
                self.claim(b.id, ClaimType.LEADS, "safeguarding-children", st.CA04_S16E)
            elif b.kind == BodyKind.SAFEGUARDING_ADULTS:
                self.claim(b.id, ClaimType.LEADS, "safeguarding-adults", st.CA14_S43)
            elif b.kind == BodyKind.CSP:
                for issue in ("crime-and-disorder", "anti-social-behaviour", "substance-misuse",
                              "reducing-reoffending"):
                    self.claim(b.id, ClaimType.LEADS, issue, st.CDA_S5_6)
                self.claim(b.id, ClaimType.LEADS, "serious-violence", st.CDA_S6_SV,
                           valid_from=SERIOUS_VIOLENCE_FROM)
                self.claim(b.id, ClaimType.LEADS, "domestic-homicide-reviews", st.DVCVA_S9,
                           "the CSP commissions domestic homicide reviews")
            elif b.kind == BodyKind.PCC and b.id != "pcc:london-city-of":  # the City is not an
                # elected local policing body: its police authority is the Common Council (duties.py)
                self.claim(b.id, ClaimType.LEADS, "police-and-crime-plan",
                           st.PRSRA_S6 if b.id == "pcc:metropolitan-police" else st.PRSRA_S5)
                self.claim(b.id, ClaimType.LEADS, "victims-services", st.ASBCPA_S143,
                           "commissions victims' services")

    def _serious_violence_duty(self) -> None:
        """PCSCA 2022 s.8: the specified authorities (s.11, Sch. 1) hold the duty; no one is its lead."""
        holders = [b for b in self.bodies.values()
                   if (b.valid_to is None or b.valid_to > SERIOUS_VIOLENCE_FROM)   # not one that ended before
                   and (b.kind in (BodyKind.POLICE_FORCE, BodyKind.FIRE_AUTHORITY, BodyKind.PROBATION,
                                   BodyKind.YOUTH_JUSTICE)
                        or (b.kind == BodyKind.HEALTH)
                        or (b.kind == BodyKind.COUNCIL and b.id != "council:greater-london-authority"))]
        for h in sorted(holders, key=lambda b: b.id):  # a body that ends holds the duty until it ends
            self.claim(h.id, ClaimType.HOLDS_DUTY, "serious-violence", st.PCSCA_S8,
                       "a specified authority under the serious violence duty", valid_from=SERIOUS_VIOLENCE_FROM,
                       valid_to=h.valid_to)

    def row_source(self, url: str, title: str, when: str) -> str:
        """A Source for one sourced row's document (one per distinct address)."""
        id_ = "src-" + hashlib.sha256(url.encode()).hexdigest()[:12]
        if id_ not in self.sources:
            exact = when if re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", when or "") else None
            self.sources[id_] = Source(id=id_, title=title + ("" if exact or not when else f" ({when})"),
                                       date=exact, url=url)
        return id_


def _rows(name: str) -> list[dict[str, str]]:
    with open(STATUTORY_DIR / name, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _iso(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def statutory_claims(doc: GraphDocument) -> Iterable[Claim]:
    """The statutory claims of a document (for figures and tests)."""
    return (c for c in doc.claims if c.statutory)

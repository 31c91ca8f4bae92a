"""The national skeleton: the statutory bodies of England and Wales built from real geography.

One CSP per ONS CSP area, a police force, PCC and police and crime panel per police force area,
a fire and rescue authority per FRA, an ICB per ICB area (a Local Health Board in Wales), a
council per LAD and per county, and for each English upper tier a Health and Wellbeing Board, a
safeguarding children partnership and a safeguarding adults board, each with the members the
statute names. Every body and edge cites the lookup or statute it rests on.

Known simplifications, stated rather than hidden: Welsh safeguarding boards are regional and
Public Service Boards partly merged, and neither footprint is in the bundled data, so Wales gets
CSPs, police, fire and health but no HWB/SCP/SAB/PSB; joint safeguarding partnerships across
several upper tiers are not known to the data and appear one per upper tier; the Probation
Service is one national body (its regional footprints are not bundled).
"""

from __future__ import annotations

from collections import defaultdict
from functools import cache

from ..graphmodel import (
    AccountableTo, Area, AreaKind, AreaPartOf, Body, BodyKind, CouncilType, Covers, GraphDocument,
    MemberOf, Mechanism, MembershipRole, slug,
)
from .bundled import BUNDLED_SOURCES, ons_table
from .geography import ENGLAND, WALES, build_geography
from .taxonomy import load_taxonomy

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


@cache
def national_skeleton() -> GraphDocument:
    """The skeleton with the bundled dated changes applied: what has changed since the 2024
    lookups and the decided futures, each element dated and sourced (partnership_graph/changes)."""
    from ..changes.bundled import apply_bundled_changes

    return apply_bundled_changes(lookup_skeleton())


@cache
def lookup_skeleton() -> GraphDocument:
    """The bundled geography, taxonomy, sources and statutory bodies as the 2024 lookups give them
    (cached), before the dated changes."""
    areas, part_of = build_geography()
    issues, issue_part_of = load_taxonomy()
    b = _SkeletonBuilder(areas, part_of)
    b.build()
    doc = GraphDocument.build(
        areas=areas, bodies=b.bodies.values(), issues=issues, sources=BUNDLED_SOURCES,
        area_part_of=part_of, issue_part_of=issue_part_of, covers=b.covers,
        memberships=b.memberships.values(), accountability=b.accountability,
    )
    return doc


class _SkeletonBuilder:
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
        self.body_of_area: dict[str, str] = {}

    def body(self, id_: str, name: str, kind: BodyKind, area: str, source: str,
             council_type: CouncilType | None = None, notes: str | None = None) -> str:
        if id_ in self.bodies:
            raise ValueError(f"skeleton id collision: {id_}")
        self.bodies[id_] = Body(id=id_, name=name, kind=kind, council_type=council_type,
                                source=source, notes=notes)
        self.covers.append(Covers(start=id_, end=area, source=source))
        return id_

    def member(self, member: str, board: str, role: MembershipRole, source: str,
               statutory: bool = True) -> None:
        self.memberships.setdefault((member, board), MemberOf(
            start=member, end=board, role=role, statutory=statutory, source=source))

    def lads_of(self, code: str) -> list[str]:
        area = self.areas[code]
        return [code] if area.kind == AreaKind.LAD else sorted(set(self.children[code]))

    def parents_of(self, lads: list[str], kind: AreaKind) -> list[str]:
        return sorted({p for lad in lads for p in self.parents[lad][kind]})

    def build(self) -> None:
        self._councils()
        self._policing()
        for a in self.areas.values():
            if a.kind == AreaKind.FRA:
                name = a.name if a.name.endswith("Authority") else f"{a.name} Fire and Rescue Authority"
                self.body_of_area[a.code] = self.body(f"fire:{slug(a.name)}", name,
                                                      BodyKind.FIRE_AUTHORITY, a.code, "ons-lad-fra-2024")
            elif a.kind == AreaKind.ICB:
                self.body_of_area[a.code] = self.body(f"icb:{icb_slug(a.name)}", a.name, BodyKind.HEALTH,
                                                      a.code, "ons-lsoa-sicbl-icb-2024")
            elif a.kind == AreaKind.LHB:
                self.body_of_area[a.code] = self.body(f"lhb:{lhb_slug(a.name)}", a.name, BodyKind.HEALTH,
                                                      a.code, "ons-ua-lhb-2022")
        self.probation = self.body(
            "probation:probation-service", "The Probation Service (HM Prison and Probation Service)",
            BodyKind.PROBATION, ENGLAND, CDA,
            notes="One national body: regional probation footprints are not in the bundled data.")
        self.covers.append(Covers(start=self.probation, end=WALES, source=CDA))
        self._csps()
        self._boards()

    def _councils(self) -> None:
        society = {r["gss-code"]: r for r in ons_table("local_authorities_mysociety.csv")
                   if r["current-authority"] == "True"}
        for a in self.areas.values():
            if a.kind in (AreaKind.LAD, AreaKind.CTYUA):
                row = society[a.code]
                self.body_of_area[a.code] = self.body(
                    f"council:{slug(a.name)}", row["official-name"], BodyKind.COUNCIL, a.code,
                    "mysociety-la-2025", council_type=COUNCIL_TYPES[row["local-authority-type"]])

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
            panel = self.body(f"pcp:{s}", panel_name, BodyKind.POLICE_AND_CRIME_PANEL, a.code, PRA)
            self.accountability.append(AccountableTo(start=pcc, end=panel, source=PRA,
                                                     mechanism=Mechanism.SCRUTINY))
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
            members = (self.council_ids(lads)
                       + [self.force_of_pfa[p] for p in self.parents_of(lads, AreaKind.PFA)]
                       + [self.body_of_area[f] for f in self.parents_of(lads, AreaKind.FRA)]
                       + [self.probation] + self.health_ids(lads))
            for m in members:
                self.member(m, csp, MembershipRole.RESPONSIBLE_AUTHORITY, CDA)
            if a.code.startswith("E"):  # the mutual duty to cooperate does not apply in Wales
                for p in self.parents_of(lads, AreaKind.PFA):
                    self.member(f"pcc:{slug(self.areas[p].name)}", csp, MembershipRole.CO_OPERATING, PRA)
            for lad in lads:
                self.accountability.append(AccountableTo(
                    start=csp, end=self.body_of_area[lad], mechanism=Mechanism.SCRUTINY, source=PJA,
                    evidence="crime and disorder committee of the council"))
        for a in sorted(self.areas.values(), key=lambda a: a.code):
            if a.kind == AreaKind.CTYUA:
                csg = self.body(f"csg:{slug(a.name)}", f"{a.name} County Strategy Group", BodyKind.CSG,
                                a.code, CDA)
                lads = self.lads_of(a.code)
                self.member(self.body_of_area[a.code], csg, MembershipRole.RESPONSIBLE_AUTHORITY, CDA)
                for c in self.parents_of(lads, AreaKind.CSP):
                    self.member(f"csp:{slug(self.areas[c].name)}", csg, MembershipRole.MEMBER, CDA)

    def _boards(self) -> None:
        for a in sorted(self.areas.values(), key=lambda a: a.code):
            if not (a.upper_tier and a.code.startswith("E")):
                continue
            s, lads, council = slug(a.name), self.lads_of(a.code), self.body_of_area[a.code]
            health = self.health_ids(lads)
            police = [self.force_of_pfa[p] for p in self.parents_of(lads, AreaKind.PFA)]
            hwb = self.body(f"hwb:{s}", f"{a.name} Health and Wellbeing Board", BodyKind.HWB, a.code, HSCA)
            for m in [council, *health]:
                self.member(m, hwb, MembershipRole.STATUTORY_MEMBER, HSCA)
            self.accountability.append(AccountableTo(start=hwb, end=council, source=HSCA,
                                                     mechanism=Mechanism.REPORTS_TO,
                                                     evidence="a committee of the local authority"))
            scp = self.body(f"scp:{s}", f"{a.name} Safeguarding Children Partnership",
                            BodyKind.SAFEGUARDING_CHILDREN, a.code, CA04)
            for m in [council, *police, *health]:
                self.member(m, scp, MembershipRole.SAFEGUARDING_PARTNER, CA04)
            sab = self.body(f"sab:{s}", f"{a.name} Safeguarding Adults Board",
                            BodyKind.SAFEGUARDING_ADULTS, a.code, CA14)
            for m in [council, *police, *health]:
                self.member(m, sab, MembershipRole.STATUTORY_MEMBER, CA14)
            # Care Act 2014 Sch. 2 para 4: the annual report goes to the council's leader and chief
            # executive and to the Health and Wellbeing Board, among others
            for to in (council, hwb):
                self.accountability.append(AccountableTo(
                    start=sab, end=to, mechanism=Mechanism.REPORTS_TO, source=CA14,
                    evidence="annual report (Care Act 2014, Schedule 2, paragraph 4)"))

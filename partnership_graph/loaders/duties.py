"""Duties the law gives several bodies at once, each cited to the section that creates it.

- **Prevent** (Counter-Terrorism and Security Act 2015 s.26): "A specified authority must, in the
  exercise of its functions, have due regard to the need to prevent people from being drawn into
  terrorism"; Schedule 6 lists them. Every council the Schedule names leads it locally (county
  and district councils in England, London boroughs, the Greater London Authority, the Common
  Council, the Isles of Scilly, Welsh county and county borough councils); the chief officers of
  police, the police and crime commissioners, the City's police authority and the probation
  provider hold the duty beside them. Channel panels (s.36, members and chair s.37) support it
  and are kept apart: s.36 is the panel, not the Prevent duty.
- **The community trigger** (Anti-social Behaviour, Crime and Policing Act 2014 ss.104-105,
  Sch. 4): the relevant bodies in each local government area (a district or unitary council's
  area) carry out ASB case reviews: the district or unitary council (in Wales the council), the
  chief officer of police, and each integrated care board (in Wales Local Health Board) whose
  area is wholly or partly within it. They lead it jointly.
- **County strategy groups**: the Crime and Disorder (Formulation and Implementation of
  Strategy) Regulations 2007 (SI 2007/1830) make them and their community safety agreement
  (reg. 9); reg. 9A (SI 2012/2660) sends a copy to the elected local policing body.
- **The City of London's policing plan**: the Common Council, through its Police Authority
  Board, is the City's police authority (Police Act 1996 s.6AZA) and issues its policing plan
  (s.6ZB), so the plan is led there, not inherited from the CSP's crime and disorder lead.

The words each claim rests on are in ``data/statutory/citations.csv``.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from ..graphmodel import AreaKind, BodyKind, ClaimType, Mechanism, slug
from . import statutes as st

if TYPE_CHECKING:
    from .skeleton import _SkeletonBuilder

# Schedule 6 in force 1 July 2015 for specified purposes (SI 2015/956), in full 18 September 2015
PREVENT_FROM = date(2015, 7, 1)
# SI 2007/1830 came into force on 1 August 2007
CSG_FROM = date(2007, 8, 1)
# SI 2022/634: integrated care boards established, clinical commissioning groups abolished, 1 July 2022
ICBS_FROM = date(2022, 7, 1)
PREVENT_COUNCIL = ("a specified authority under Schedule 6 (local government): the Prevent duty, s.26(1); "
                   "the Channel panel it must ensure is in place is s.36, apart")
PREVENT_POLICE = "a specified authority under Schedule 6 (police): the Prevent duty, s.26(1)"
PREVENT_PROBATION = "a specified authority under Schedule 6 (criminal justice): the Prevent duty, s.26(1)"
# Bodies of kind ``pcc`` that Schedule 6 names: an elected PCC (or PFCC), and the Common Council in its
# capacity as a police authority. The mayors who exercise PCC functions and MOPAC are not in the
# words read, so they are left out rather than assumed.
CITY_POLICE_AUTHORITY = "pcc:london-city-of"
TRIGGER = "asb-case-review"


def shared_duties(b: _SkeletonBuilder) -> None:
    _prevent(b)
    _community_trigger(b)
    _county_strategy_groups(b)
    b.claim(CITY_POLICE_AUTHORITY, ClaimType.LEADS, "police-and-crime-plan", st.PA96_CITY,
            "the Common Council, through its Police Authority Board, is the police authority for the City of London "
            "police area (Police Act 1996 s.6AZA) and issues its policing plan (s.6ZB)")


def _prevent(b: _SkeletonBuilder) -> None:
    for body in sorted(b.bodies.values(), key=lambda x: x.id):
        if body.valid_to is not None:
            continue
        if body.kind == BodyKind.COUNCIL:
            b.claim(body.id, ClaimType.LEADS, "prevent", st.CTSA_S26, PREVENT_COUNCIL, valid_from=PREVENT_FROM)
        elif body.kind == BodyKind.POLICE_FORCE:
            b.claim(body.id, ClaimType.HOLDS_DUTY, "prevent", st.CTSA_S26, PREVENT_POLICE, valid_from=PREVENT_FROM)
        elif body.kind == BodyKind.PCC and (body.id == CITY_POLICE_AUTHORITY
                                            or body.name.startswith(("Police and Crime Commissioner",
                                                                     "Police, Fire and Crime Commissioner"))):
            b.claim(body.id, ClaimType.HOLDS_DUTY, "prevent", st.CTSA_S26, PREVENT_POLICE, valid_from=PREVENT_FROM)
        elif body.kind == BodyKind.PROBATION:
            b.claim(body.id, ClaimType.HOLDS_DUTY, "prevent", st.CTSA_S26, PREVENT_PROBATION,
                    valid_from=PREVENT_FROM)


def _community_trigger(b: _SkeletonBuilder) -> None:
    """The relevant bodies of each district or unitary area lead its ASB case reviews jointly."""
    joint = ("one of the relevant bodies of each local government area it serves, which carry out ASB case "
             "reviews jointly")
    police: set[str] = set()
    health: set[str] = set()
    for code, area in sorted(b.areas.items()):
        if area.kind != AreaKind.LAD:
            continue
        b.claim(b.body_of_area[code], ClaimType.LEADS, TRIGGER, st.ASBCPA_S104,
                "the district or unitary council (in Wales the council) of the local government area: a relevant "
                "body that carries out ASB case reviews jointly (s.104, s.105, Sch. 4 para 5)")
        police.update(b.force_of_pfa[p] for p in b.parents_of([code], AreaKind.PFA))
        health.update(b.health_ids([code]))
    for body in sorted(police):
        b.claim(body, ClaimType.LEADS, TRIGGER, st.ASBCPA_S104, f"the chief officer of police: {joint} (s.104)")
    for body in sorted(health):
        b.claim(body, ClaimType.LEADS, TRIGGER, st.ASBCPA_S104,
                f"each integrated care board (in Wales Local Health Board) whose area is wholly or partly within the "
                f"area: {joint} (s.104, Sch. 4 para 5(2))")


def _county_strategy_groups(b: _SkeletonBuilder) -> None:
    for body in sorted((x for x in b.bodies.values() if x.kind == BodyKind.CSG), key=lambda x: x.id):
        county = next((c.end for c in b.covers if c.start == body.id), None)
        if county is None:
            continue
        for pfa in b.parents_of(b.lads_of(county), AreaKind.PFA):
            b.report(body.id, f"pcc:{slug(b.areas[pfa].name)}", Mechanism.REPORTS_TO, st.CSG_REGS_2007,
                     "the county strategy group sends a copy of the community safety agreement to the elected local "
                     "policing body (SI 2007/1830 reg. 9A, inserted by SI 2012/2660)")

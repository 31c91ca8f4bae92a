"""The toy county of ``_small_graphs`` with a history: arrangements that start and end on dates.

On 1 April 2027 (``REORG``):

- Gamma leaves the Beta and Gamma CSP area for a new Gamma CSP area (E22000905), which a new
  ``csp:gamma`` covers; ``csp:beta-gamma`` keeps Beta. Gamma's PART_OF the old CSP area ends.
- Delta's two legacy CSPs (``csp:delta-north``, ``csp:delta-south``, half of Delta each) and their
  areas end; one ``csp:delta`` covering all of Delta starts, leading domestic abuse from the day
  it starts.
- The North ICB takes all of Gamma (its 0.6 share ends, a whole one starts); the South ICB's
  0.4 share of Gamma ends.

Claims and memberships:

- the Shire strategy group leads VAWG until 1 April 2027; ``csp:gamma`` leads county lines from
  its start; ``csp:alpha`` prioritises modern slavery throughout (nobody leads it: a gap);
- probation joins ``csp:alpha`` on 1 January 2026 (before, a statutory gap);
- the police force answers to the PCC until 8 May 2028 (``PCC_END``), then to the mayor, whose
  body starts that day; the PCC body ends. The Gamma CSP is held to account by the HWB until
  that day too (after it, the HWB's own line to the council is no longer on its chain).

Dates to ask on: ``BEFORE`` (2025-06-01), ``BETWEEN`` (2027-06-01), ``AFTER`` (2028-06-01).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from partnership_graph.graphmodel import AccountableTo, Area, AreaPartOf, Body, Claim, Covers, GraphDocument, MemberOf

from ._small_graphs import (
    ALPHA, AREAS, BETA, CSP_ALPHA, CSP_BETA_GAMMA, CSP_DELTA_N, CSP_DELTA_S, DELTA, GAMMA, ICB_NORTH, ICB_SOUTH,
    ISSUE_PART_OF, ISSUES, PART_OF, PFA, SHIRE, SOURCES, accountable, claim, member,
)

REORG = date(2027, 4, 1)
PCC_END = date(2028, 5, 8)
PROBATION_JOINS = date(2026, 1, 1)
BEFORE, BETWEEN, AFTER = date(2025, 6, 1), date(2027, 6, 1), date(2028, 6, 1)
DATES = (BEFORE, BETWEEN, AFTER)

CSP_GAMMA, CSP_DELTA = "E22000905", "E22000906"


def _until(item: Any, end: date) -> Any:
    return item.model_copy(update={"valid_to": end})


def _from(item: Any, start: date) -> Any:
    return item.model_copy(update={"valid_from": start})


def _ends_at_reorg(p: AreaPartOf) -> bool:
    return ((p.start, p.end) in {(GAMMA, CSP_BETA_GAMMA), (GAMMA, ICB_NORTH), (GAMMA, ICB_SOUTH)}
            or p.end in (CSP_DELTA_N, CSP_DELTA_S))


def _body(id_: str, kind: str, *areas: str, start: date | None = None, end: date | None = None,
          name: str | None = None) -> tuple[Body, list[Covers]]:
    b = Body(id=id_, name=name or id_.replace(":", " ").title(), kind=kind,  # type: ignore[arg-type]
             valid_from=start, valid_to=end)
    return b, [Covers(start=id_, end=a, valid_from=start, valid_to=end) for a in areas]


def dated_document() -> GraphDocument:
    areas = [_until(a, REORG) if a.code in (CSP_DELTA_N, CSP_DELTA_S) else a for a in AREAS]
    areas += [Area(code=CSP_GAMMA, name="Gamma CSP area", kind="CSP", valid_from=REORG),  # type: ignore[arg-type]
              Area(code=CSP_DELTA, name="Delta CSP area", kind="CSP", valid_from=REORG)]  # type: ignore[arg-type]
    part_of = [_until(p, REORG) if _ends_at_reorg(p) else p for p in PART_OF]
    part_of += [AreaPartOf(start=GAMMA, end=CSP_GAMMA, valid_from=REORG),
                AreaPartOf(start=DELTA, end=CSP_DELTA, valid_from=REORG),
                AreaPartOf(start=GAMMA, end=ICB_NORTH, valid_from=REORG)]
    bodies = [
        _body("csg:shire", "csg", SHIRE), _body("csp:alpha", "csp", CSP_ALPHA),
        _body("csp:beta-gamma", "csp", CSP_BETA_GAMMA),
        _body("csp:gamma", "csp", CSP_GAMMA, start=REORG),
        _body("csp:delta-north", "csp", CSP_DELTA_N, end=REORG), _body("csp:delta-south", "csp", CSP_DELTA_S, end=REORG),
        _body("csp:delta", "csp", CSP_DELTA, start=REORG),
        _body("council:shire", "council", SHIRE), _body("council:delta", "council", DELTA),
        _body("hwb:shire", "hwb", SHIRE), _body("police:shire", "police_force", PFA),
        _body("pcc:shire", "pcc", PFA, end=PCC_END), _body("mayor:shire", "other", PFA, start=PCC_END, name="Shire Mayor"),
        _body("icb:north", "health", ICB_NORTH), _body("icb:south", "health", ICB_SOUTH),
        _body("probation:service", "probation"), _body("fire:shire", "fire_authority", SHIRE),
    ]
    claims = [
        _until(claim("csg:shire", "leads", "vawg"), REORG),
        claim("csp:alpha", "leads", "domestic-abuse"),
        claim("csp:delta-north", "leads", "domestic-abuse"), claim("csp:delta-south", "leads", "domestic-abuse"),
        _from(claim("csp:delta", "leads", "domestic-abuse"), REORG),
        claim("council:delta", "leads", "domestic-abuse"),            # beside the CSPs: an overlap
        claim("csp:beta-gamma", "leads", "serious-violence"),
        _from(claim("csp:gamma", "leads", "county-lines"), REORG),
        claim("csp:beta-gamma", "prioritises", "county-lines"),
        claim("csp:alpha", "prioritises", "modern-slavery", source="illustrative"),
        claim("hwb:shire", "supports", "vawg"),
    ]
    memberships = [
        member("council:shire", "csp:alpha"), member("police:shire", "csp:alpha"), member("icb:north", "csp:alpha"),
        member("fire:shire", "csp:alpha"), _from(member("probation:service", "csp:alpha"), PROBATION_JOINS),
        member("council:shire", "csp:beta-gamma"), member("police:shire", "csp:beta-gamma"),
        member("probation:service", "csp:beta-gamma"),
        *(member(m, "csp:gamma") for m in ("council:shire", "police:shire", "icb:north", "probation:service")),
        *(member(m, "csp:delta") for m in ("council:delta", "police:shire", "icb:south", "probation:service")),
        member("police:shire", "csp:delta-north"), member("police:shire", "csp:delta-south"),
        member("pcc:shire", "csp:alpha", "member"),
    ]
    accountability = [
        _until(accountable("police:shire", "pcc:shire", "holds_to_account"), PCC_END),
        _from(accountable("police:shire", "mayor:shire", "holds_to_account"), PCC_END),
        accountable("csp:alpha", "council:shire"), accountable("csp:gamma", "council:shire"),
        _until(accountable("csp:gamma", "hwb:shire", "holds_to_account"), PCC_END),
        accountable("csp:alpha", "hwb:shire", "holds_to_account"),
        accountable("hwb:shire", "council:shire", "reports_to"),
    ]
    made = bodies
    return GraphDocument.build(
        areas=areas, area_part_of=part_of, issues=ISSUES, issue_part_of=ISSUE_PART_OF, sources=SOURCES,
        bodies=[b for b, _ in made], covers=[c for _, cs in made for c in cs], claims=claims,
        memberships=memberships, accountability=accountability)


__all__ = ["AFTER", "ALPHA", "BEFORE", "BETA", "BETWEEN", "CSP_DELTA", "CSP_GAMMA", "DATES", "DELTA", "GAMMA",
           "PCC_END", "REORG", "dated_document"]

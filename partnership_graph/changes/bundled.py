"""The bundled changes, built only from the sourced rows in ``data/changes/`` (see its README).

- the register (applied to the national skeleton at build time): ``enacted`` changes since the
  2024 lookups (the single CSP of each LAD the 2024 CSP lookup still splits; police and fire
  governance with dates) and ``decided`` futures (ICB footprints from 2026-04-01; Surrey's
  unitaries from 2027-04-01; Norfolk's and Hampshire's from 2028-04-01);
- scenarios, applied only when asked: ``pcc-abolition-2028`` (announced) and
  ``lgr-essex-suffolk-2028`` (announced: reported decisions, low confidence).

Rows are applied as they state; what they leave open is said, not filled in:
- codes ONS has not published (new CSPs, unitaries and ICBs) are codes of our own in the
  ``99900x`` range of the right entity (``E22999001``, ``E06999001``, ``E54999001``), and each such
  area says so in its notes;
- a LAD that a reorganisation splits without published boundaries (``lad_coverage = part``) is
  divided evenly between the new areas that name it (``share_basis = equal_split``);
- the new councils' statutory partnerships (CSP, health and wellbeing board, safeguarding
  children partnership, safeguarding adults board) are ``derived`` until a source names them;
- memberships and accountability of an ended body go to the successor whose footprint meets
  the other party's (said so in the relationship's evidence);
- a month-only date (PCCs end "May 2028") takes the 1st of the month, and the note says so.

Copyright: the rows cite legislation.gov.uk and gov.uk (Open Government Licence v3.0), NHS
England/ODS and the other publishers named in each row's ``source_url``.
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING, Any

from ..graphmodel.nodes import slug
from .model import Change, ChangeSet, ChangeSource

if TYPE_CHECKING:
    from ..graphmodel import GraphDocument

ATTRIBUTION = ("Compiled from legislation.gov.uk and gov.uk (Open Government Licence v3.0), NHS "
               "England/ODS records and the publishers named in each row's source_url; "
               "see partnership_graph/data/changes/README.md")
SCENARIOS = {
    "pcc-abolition-2028": ("Police and crime commissioners end in May 2028 (announced)",
                           "Each force area's PCC (or PFCC) is replaced by what the announcement says: a mayor "
                           "where a mayoral strategic authority covers the force area, otherwise a policing and "
                           "crime board of council leaders; which applies where is not decided in the sources "
                           "(only Staffordshire's row names a board). Wales: to be decided."),
    "lgr-essex-suffolk-2028": ("Essex and Suffolk reorganisation on 1 April 2028 (announced, low confidence)",
                               "Reported decisions with no official text found: five unitaries for Essex, three "
                               "for Suffolk; names are working names and split districts are divided evenly."),
}


def _dir() -> Any:
    from ..loaders.bundled import DATA_DIR

    return DATA_DIR / "changes"


def _rows(name: str) -> Iterator[tuple[int, dict[str, str]]]:
    with open(_dir() / name, newline="", encoding="utf-8") as f:
        for i, row in enumerate(csv.DictReader(f), start=2):
            yield i, {k: (v or "").strip() for k, v in row.items()}


def _source(row: dict[str, str], file: str, line: int) -> ChangeSource:
    return ChangeSource(id=f"{file}:{line}", title=row.get("source_title") or row.get("instrument") or file,
                        url=row.get("source_url") or None, excerpt=row.get("excerpt") or None,
                        date=row.get("source_date") or None)


def _day(text: str) -> tuple[date, str | None]:
    """An ISO date; a year-month takes the 1st, and says so."""
    if len(text) == 7:
        return date.fromisoformat(text + "-01"), f"month only in the source ({text}); the 1st is used"
    return date.fromisoformat(text), None


class _Base:
    """Lookups on the document the changes will apply to (bodies by the area they cover)."""

    def __init__(self, doc: GraphDocument):
        self.doc = doc
        self.areas = {a.code: a for a in doc.areas}
        self.bodies = {b.id: b for b in doc.bodies}
        self.covering: dict[tuple[str, str], list[str]] = defaultdict(list)
        for c in doc.covers:
            b = self.bodies.get(c.start)
            if b is not None and c.valid_to is None:
                self.covering[(c.end, str(b.kind))].append(b.id)
        self.used: set[str] = set(self.bodies)
        self.lads_of: dict[str, set[str]] = defaultdict(set)
        for e in doc.area_part_of:
            if e.start in self.areas and self.areas[e.start].kind == "LAD":
                self.lads_of[e.end].add(e.start)

    def body(self, area: str, kind: str) -> str | None:
        found = sorted(self.covering.get((area, kind), []))
        return found[0] if found else None

    def new_id(self, prefix: str, name: str) -> str:
        base = f"{prefix}:{slug(name)}"
        out, n = base, 2
        while out in self.used:
            out, n = f"{base}-{n}", n + 1
        self.used.add(out)
        return out


class _Codes:
    def __init__(self) -> None:
        self.n: Counter[str] = Counter()

    def next(self, prefix: str) -> str:
        self.n[prefix] += 1
        return f"{prefix}999{self.n[prefix]:03d}"


OWN_CODE = "code of our own ({code}): ONS has published no GSS code for this {what} in the sources"


def _change(cid: str, day: date, status: str, op: str, params: dict[str, Any], src: ChangeSource,
            confidence: str | None = None, notes: str | None = None, mark: str | None = None) -> Change:
    return Change(cid, day, status, op, params, src, confidence or None, notes or None, mark)


# -- the register ---------------------------------------------------------------------------

def csp_mergers(base: _Base, codes: _Codes) -> list[Change]:
    out: list[Change] = []
    file = "csp_unitary_mergers.csv"
    for line, r in _rows(file):
        src = _source(r, file, line)
        day, _ = _day(r["valid_from"])
        notes = "; ".join(x for x in (r["valid_from_basis"], r["notes"]) if x)
        conf = r["confidence"]
        cid = f"csp-{slug(r['lad_name'])}"
        code = codes.next("E22")
        out.append(_change(cid + "-area", day, "enacted", "create_area", {
            "area": code, "name": r["current_csp_name"], "kind": "CSP", "lads": [(r["lad_code"], None)],
            "notes": OWN_CODE.format(code=code, what="CSP area")}, src, conf, notes))
        body = base.new_id("csp", r["lad_name"])
        council = base.body(r["lad_code"], "council")
        out.append(_change(cid + "-body", day, "enacted", "create_body", {
            "body": body, "name": r["current_csp_name"], "kind": "csp", "covers": [(code, None)]},
            src, conf, notes))
        legacy = [c for c in r["legacy_csp_codes"].split(";") if c]
        wholly = [c for c in legacy if base.lads_of.get(c) == {r["lad_code"]}]
        shared = [c for c in legacy if c not in wholly]
        olds = [b for b in (base.body(c, "csp") for c in wholly) if b]
        out.append(_change(cid + "-replace", day, "enacted", "replace_body",
                           {"bodies": olds, "to": [body]}, src, conf, notes))
        for c in wholly:
            out.append(_change(f"{cid}-end-{c}", day, "enacted", "retire_code", {"area": c, "successors": [code]},
                               src, conf, notes))
        for c in shared:
            out.append(_change(f"{cid}-move-{c}", day, "enacted", "move_lad",
                               {"lad": r["lad_code"], "from": c, "to": code}, src, conf, notes))
            other = base.body(c, "csp")
            if other and council:
                out.append(_change(f"{cid}-leave-{c}", day, "enacted", "end_relationship",
                                   {"from": council, "to": other}, src, conf, notes))
                out.append(_change(f"{cid}-unscrutinised-{c}", day, "enacted", "end_relationship",
                                   {"from": other, "to": council}, src, conf, notes))
    return out


def police_fire(base: _Base, scenario: bool = False) -> list[Change]:
    """Who holds police and crime and fire functions, where it is not a PCC and a separate FRA."""
    out: list[Change] = []
    file = "police_fire_governance.csv"
    for line, r in _rows(file):
        src = _source(r, file, line)
        arr, pfa, fra = r["arrangement"], r["pfa_code"], r["fra_code"]
        announced = r["status"] == "announced"
        if announced != scenario:
            continue
        cid = f"gov-{slug(r['pfa_name'] or r['fra_name'])}-{arr.replace('_', '-')}"
        notes = r["notes"]
        if scenario:
            day, month_note = _day(r["valid_from"])
            pcc = base.body(pfa, "pcc")
            if pcc is None:
                continue
            name = (f"Policing and crime governance for {r['pfa_name']} from May 2028: {r['holder_name']}"
                    if arr != "policing_and_crime_board" else f"{r['holder_name']} ({r['pfa_name']})")
            out.append(_change(cid, day, "announced", "replace_body", {
                "bodies": [pcc], "to": [base.new_id("policing", r["pfa_name"] + " 2028")], "name": name,
                "kind": "pcc", "derived": arr != "policing_and_crime_board",
                "derived_reason": ("the announcement names two models (mayor or policing and crime board); "
                                   "which applies here is not decided in the sources")
                if arr != "policing_and_crime_board" else None},
                src, None, "; ".join(x for x in (notes, month_note) if x)))
            continue
        since = date.fromisoformat(r["valid_from"]) if r["valid_from"] else None
        until = date.fromisoformat(r["valid_to"]) if r["valid_to"] else None
        status = "enacted"
        pcc = base.body(pfa, "pcc") if pfa else None
        held = f"{r['holder_name']}" + (f" since {r['valid_from']}" if since else "") + \
            (f" ({r['legal_instrument']})" if r["legal_instrument"] else "")
        if arr == "mayor_pcc" and since and since >= date(2024, 1, 1) and pcc:
            if pfa == "E23000009":  # North Yorkshire: the skeleton's body is already the mayor
                continue
            out.append(_change(cid, since, status, "replace_body", {
                "bodies": [pcc], "to": [base.new_id("mayor-pcc", r["pfa_name"])],
                "name": f"{r['holder_name']} (police and crime commissioner functions)", "kind": "pcc"},
                src, None, notes))
        elif arr == "pfcc" and until and pcc:  # a PFCC that has ended (North Yorkshire 2018-24)
            out.append(_change(cid + "-mayor-since", until, status, "describe_body", {
                "body": pcc, "since": until, "notes": f"holds police and crime commissioner functions since "
                                                     f"{r['valid_to']}"}, src, None, notes))
            out.append(_change(cid, since or until, status, "create_body", {
                "body": base.new_id("pfcc", r["pfa_name"]), "name": r["holder_name"], "kind": "pcc",
                "valid_to": until, "copy_links_of": pcc}, src, None, notes))
        elif pcc and arr in ("mayor_pcc", "mopac", "police_authority", "pfcc"):
            rename = r["holder_name"] if arr == "pfcc" else None
            # a mayor or MOPAC holds the functions from the row's date (a PFCC is the PCC renamed)
            out.append(_change(cid, since or date(2012, 1, 1), status, "describe_body", {
                "body": pcc, "name": rename, "notes": f"police and crime functions held by {held}",
                "since": since if arr in ("mayor_pcc", "mopac") else None}, src, None, notes))
        # fire and rescue authorities (mayor_fire, fire_commissioner, the PFCCs' fire functions) are
        # named and dated by the skeleton from data/register/justice/fire_scrutiny.csv (loaders/fire.py)
    return out


def icb_2026(base: _Base, codes: _Codes) -> list[Change]:
    """The ICB footprints from 2026-04-01: matched LSOA by LSOA as the README says (decided rows)."""
    from ..loaders.bundled import ons_table

    file = "icb_changes_2026.csv"
    lookup = ons_table("lad_sicbl_icb.csv")
    lsoas_in_lad: Counter[str] = Counter()
    for x in lookup:
        lsoas_in_lad[x["LAD24CD"]] += int(x["LSOA21_COUNT"])
    population = {a.code: a.population for a in base.doc.areas}
    moved: dict[tuple[str, str, str], int] = Counter()  # (lad, old icb, new name) -> LSOAs
    sicbl_moves: dict[tuple[str, str], set[str]] = defaultdict(set)  # (sicbl, old icb) -> new names
    new: dict[str, tuple[dict[str, str], ChangeSource, int]] = {}
    olds: dict[str, set[str]] = defaultdict(set)
    sources: dict[tuple[str, str], tuple[ChangeSource, str]] = {}
    rows = [(line, r) for line, r in _rows(file) if r["status"] == "decided"]
    for line, r in rows:
        name = r["new_icb_name"]
        src = _source(r, file, line)
        new.setdefault(name, (r, src, line))
        olds[r["old_icb_code"]].add(name)
        lads = {x for x in r["lads_affected"].split(";") if x}
        for x in lookup:
            if x["ICB24CD"] != r["old_icb_code"]:
                continue
            if r["old_sicbl_code"] and x["SICBL24CD"] != r["old_sicbl_code"]:
                continue
            if lads and x["LAD24CD"] not in lads:
                continue
            moved[(x["LAD24CD"], r["old_icb_code"], name)] += int(x["LSOA21_COUNT"])
            sicbl_moves[(x["SICBL24CD"], r["old_icb_code"])].add(name)
            sources[(x["LAD24CD"], name)] = (src, r["notes"])
    out: list[Change] = []
    day = date(2026, 4, 1)
    area_of: dict[str, str] = {}
    body_of: dict[str, str] = {}
    for name, (r, src, _) in new.items():
        existing = next((a.code for a in base.doc.areas if a.kind == "ICB" and a.name == name), None)
        if existing:  # Hampshire and the Isle of Wight keeps its ICB (and its ODS code QRL)
            area_of[name], body_of[name] = existing, base.body(existing, "health") or ""
            continue
        code = codes.next("E54")
        area_of[name] = code
        pop = 0.0
        for (lad, _, n2), n in moved.items():
            if n2 == name:
                pop += (population.get(lad) or 0) * n / lsoas_in_lad[lad]
        out.append(_change(f"icb-{slug(name)}-area", day, "decided", "create_area", {
            "area": code, "name": name, "kind": "ICB", "lads": [], "population": round(pop),
            "vintage": "2026-04",
            "notes": OWN_CODE.format(code=code, what="ICB") + f"; NHS ODS code {r['new_icb_ods_code']}"},
            src, None, None))
        body = base.new_id("icb", name.removeprefix("NHS ").removesuffix(" Integrated Care Board"))
        body_of[name] = body
        out.append(_change(f"icb-{slug(name)}-body", day, "decided", "create_body", {
            "body": body, "name": name, "kind": "health", "covers": [(code, None)],
            "notes": f"NHS ODS code {r['new_icb_ods_code']}"}, src, None, None))
    for (lad, old, name), n in sorted(moved.items()):
        src, notes = sources[(lad, name)]
        out.append(_change(f"icb-move-{lad}-{old}-{slug(name)}", day, "decided", "move_lad", {
            "lad": lad, "from": old, "to": area_of[name], "share": n / lsoas_in_lad[lad],
            "share_basis": "lsoa21_count"}, src, None, notes))
    for (sicbl, old), names in sorted(sicbl_moves.items()):
        whole = all(x["ICB24CD"] != old or x["SICBL24CD"] != sicbl or
                    any(moved.get((x["LAD24CD"], old, nm)) for nm in names) for x in lookup)
        if len(names) == 1 and whole:
            name = next(iter(names))
            src = new[name][1]
            out.append(_change(f"icb-sicbl-{sicbl}-{slug(name)}", day, "decided", "move_lad",
                               {"lad": sicbl, "from": old, "to": area_of[name]}, src, None, None))
    for old, names in sorted(olds.items()):
        src = new[sorted(names)[0]][1]
        old_body = base.body(old, "health")
        if old_body:
            out.append(_change(f"icb-replace-{old}", day, "decided", "replace_body", {
                "bodies": [old_body], "to": [body_of[n] for n in sorted(names)]}, src, None, None))
        out.append(_change(f"icb-end-{old}", day, "decided", "retire_code",
                           {"area": old, "successors": sorted(area_of[n] for n in names)}, src, None, None))
    return out


def equal_shares(names: set[str] | list[str]) -> dict[str, float]:
    """A district split evenly between ``names`` (no published boundaries): 1/n each, the last
    (by name) taking what float rounding leaves, so the shares add to exactly 1."""
    import math

    order = sorted(names)
    n = len(order)
    out = {name: 1 / n for name in order[:-1]}
    out[order[-1]] = 1.0 - math.fsum(out.values())
    return out


def reorganisations(base: _Base, codes: _Codes, statuses: tuple[str, ...]) -> list[Change]:
    """New unitaries from ``lgr_decisions.csv`` rows whose status is one of ``statuses``."""
    file = "lgr_decisions.csv"
    rows = [(line, r) for line, r in _rows(file) if r["status"] in statuses]
    by_new: dict[str, list[tuple[int, dict[str, str]]]] = defaultdict(list)
    naming: dict[str, set[str]] = defaultdict(set)  # lad -> new authorities naming it
    for line, r in rows:
        by_new[r["new_authority_name"]].append((line, r))
        naming[r["lad_code"]].add(r["new_authority_name"])
    out: list[Change] = []
    counties: dict[str, list[str]] = defaultdict(list)
    new_code: dict[str, str] = {}
    csp_codes: dict[str, str] = {}           # new authority -> its (derived) CSP area's code
    lads_in: dict[str, set[str]] = {}        # new authority -> its LADs
    for name, items in by_new.items():
        line0, r0 = items[0]
        src = _source(r0, file, line0)
        status = "decided" if r0["status"] in ("made", "decided") else "announced"
        mark = None if r0["status"] == "made" else ("decided" if status == "decided" else "announced")
        conf = min((r["confidence"] for _, r in items), key=["low", "medium", "high"].index)
        day = date.fromisoformat(r0["vesting_date"])
        notes = "; ".join(dict.fromkeys(x for _, r in items for x in (r["instrument"], r["notes"]) if x))
        short = name.removesuffix(" Council")
        lads = []
        for _, r in items:
            n = len(naming[r["lad_code"]])
            lads.append((r["lad_code"], None if n == 1 else equal_shares(naming[r["lad_code"]])[name]))
        code = codes.next("E06")
        new_code[name] = code
        counties[r0["abolished_county_code"]].append(name)
        cid = f"lgr-{slug(short)}"
        out.append(_change(cid + "-area", day, status, "create_area", {
            "area": code, "name": short, "kind": "CTYUA", "upper_tier": True, "lads": lads,
            "share_basis": "equal_split",
            "notes": OWN_CODE.format(code=code, what="unitary authority")
            + ("; a district split without published boundaries is divided evenly" if any(s for _, s in lads) else "")},
            src, conf, notes, mark))
        council = base.new_id("council", short)
        out.append(_change(cid + "-council", day, status, "create_body", {
            "body": council, "name": name if name.endswith("Council") else f"{name} Council",
            "kind": "council", "council_type": "unitary", "covers": [(code, None)]}, src, conf, notes, mark))
        csp_code = codes.next("E22")
        csp_codes[name], lads_in[name] = csp_code, {lad for lad, _ in lads}
        out.append(_change(cid + "-csp-area", day, status, "create_area", {
            "area": csp_code, "name": short, "kind": "CSP", "lads": lads, "share_basis": "equal_split",
            "notes": OWN_CODE.format(code=csp_code, what="CSP area") + "; derived: one CSP per new unitary"},
            src, conf, notes, mark))
        reason = (f"derived: {name} will be a unitary authority and the law gives each a community safety "
                  "partnership (Crime and Disorder Act 1998 s.5-6), a health and wellbeing board (Health and "
                  "Social Care Act 2012 s.194), safeguarding partners (Children Act 2004 s.16E), a "
                  "safeguarding adults board (Care Act 2014 s.43), a youth justice service (Crime and Disorder "
                  "Act 1998 s.39), a Channel panel (Counter-Terrorism and Security Act 2015 s.36), a domestic "
                  "abuse local partnership board (Domestic Abuse Act 2021 s.58) and local Healthwatch (Local "
                  "Government and Public Involvement in Health Act 2007 s.221); no source names them yet")
        for prefix, kind, label in NEW_UNITARY_BODIES:
            out.append(_change(f"{cid}-{prefix}", day, status, "create_body", {
                "body": base.new_id(prefix, short), "name": label.format(short), "kind": kind,
                "covers": [(csp_code if kind == "csp" else code, None)], "derived": True,
                "derived_reason": reason}, src, conf, notes, mark))
    for county, names in counties.items():
        items = [it for n in names for it in by_new[n]]
        line0, r0 = items[0]
        src = _source(r0, file, line0)
        status = "decided" if r0["status"] in ("made", "decided") else "announced"
        mark = None if r0["status"] == "made" else ("decided" if status == "decided" else "announced")
        conf = min((r["confidence"] for _, r in items), key=["low", "medium", "high"].index)
        day = date.fromisoformat(r0["vesting_date"])
        cid = f"lgr-{slug(base.areas[county].name if county in base.areas else county)}"
        county_lads = sorted({r["lad_code"] for _, r in items})
        notes = ("the county council and the district councils are dissolved on the day before vesting "
                 f"({r0.get('composition_excerpt', '')})")
        new_ids = {p: [b for b in _created(out, names, p)] for p in ("council", *(p for p, _, _ in NEW_UNITARY_BODIES))}
        whole_unitaries = [lad for lad in county_lads if base.areas.get(lad) is not None and base.areas[lad].upper_tier]
        old_councils = [b for b in [base.body(county, "council"), *(base.body(lad, "council") for lad in county_lads)] if b]
        out.append(_change(cid + "-councils", day, status, "replace_body", {
            "bodies": sorted(set(old_councils)), "to": new_ids["council"]}, src, conf, notes, mark))
        old_csps = sorted({b for c, ls in base.lads_of.items() if base.areas.get(c) is not None
                           and base.areas[c].kind == "CSP" and ls and ls <= set(county_lads)
                           for b in [base.body(c, "csp")] if b})
        csp_areas = sorted(c for c, ls in base.lads_of.items() if base.areas.get(c) is not None
                           and base.areas[c].kind == "CSP" and ls and ls <= set(county_lads))
        if old_csps:
            out.append(_change(cid + "-csps", day, status, "replace_body", {
                "bodies": old_csps, "to": new_ids["csp"]}, src, conf, notes, mark))
        for prefix, kind, _ in NEW_UNITARY_BODIES[1:]:   # the CSPs above, by their areas
            olds = sorted({b for a in [county, *whole_unitaries] for b in [base.body(a, kind)] if b})
            if olds:
                out.append(_change(f"{cid}-{prefix}", day, status, "replace_body", {
                    "bodies": olds, "to": new_ids[prefix]}, src, conf, notes, mark))
        out += _fire_successors(base, county, cid, day, status, new_ids["csp"], src, conf,
                                "; ".join(x for x in (r0["instrument"], notes) if x), mark)
        csg = base.body(county, "csg")
        if csg:
            out.append(_change(cid + "-csg", day, status, "end_body", {"body": csg}, src, conf, notes, mark))
        for c in csp_areas:
            after = sorted(csp_codes[n] for n in names if set(base.lads_of.get(c, ())) & lads_in[n])
            out.append(_change(f"{cid}-end-{c}", day, status, "retire_code", {"area": c, "successors": after},
                               src, conf, notes, mark))
        if county in base.areas:
            out.append(_change(cid + "-county", day, status, "retire_code", {
                "area": county, "successors": [new_code[n] for n in names]}, src, conf, notes, mark))
    return out


def _fire_successors(base: _Base, county: str, cid: str, day: date, status: str, csps: list[str],
                     src: ChangeSource, conf: str | None, notes: str, mark: str | None) -> list[Change]:
    """Where the abolished county council is itself the fire and rescue authority (Surrey, Norfolk,
    Suffolk), its fire functions pass to what the order provides; no source found says what that is
    (for Surrey the order's fire provision was looked for and not found), so an assumed successor
    covering the same fire and rescue area is derived, named so it cannot read as a real body, a
    responsible authority of the new CSPs and a specified authority under the serious violence
    duty. Never a gap blamed on the new CSPs."""
    council = base.body(county, "council")
    if council is None:
        return []
    name = base.bodies[council].name
    out = []
    fras = sorted(a for a, x in base.areas.items() if x.kind == "FRA" and council in base.covering.get((a, "council"), []))
    for fra in fras:
        area = base.areas[fra].name
        out.append(_change(f"{cid}-fire-{fra}", day, status, "create_body", {
            "body": base.new_id("fire", f"{area} assumed successor"), "kind": "fire_authority",
            "name": f"Fire and rescue authority for {area} from {day} (assumed successor to {name}'s fire functions)",
            "covers": [(fra, None)], "derived": True,
            "derived_reason": (f"derived: {name} is the fire and rescue authority for {area} until it is abolished on "
                               f"{day}; no source found says what takes on its fire and rescue functions (the order's "
                               "provision for them was looked for and not found), so a successor covering the same "
                               "fire and rescue area is assumed"),
            "member_of": csps, "role": "responsible_authority",
            "claims": [("HOLDS_DUTY", "serious-violence", "a fire and rescue authority is a specified authority under "
                        "the serious violence duty", "pcsca-2022-s8-11")]},
            src, conf, notes, mark))
    return out


# The statutory bodies of a new unitary authority, derived until a source names them (id prefix,
# kind, name): the skeleton's one-per-upper-tier bodies, so the old council's pass to the new ones.
# Their names say they are assumed (the new council's own; no source names them yet).
NEW_UNITARY_BODIES: tuple[tuple[str, str, str], ...] = tuple(
    (prefix, kind, f"{what} for {{}} (assumed: the new council's own; no source names it yet)")
    for prefix, kind, what in (
        ("csp", "csp", "Community safety partnership"),
        ("hwb", "hwb", "Health and wellbeing board"),
        ("scp", "safeguarding_children", "Safeguarding children partnership"),
        ("sab", "safeguarding_adults", "Safeguarding adults board"),
        ("yjs", "youth_justice", "Youth justice service"),
        ("channel", "channel_panel", "Channel panel"),
        ("dalpb", "da_partnership_board", "Domestic abuse local partnership board"),
        ("healthwatch", "healthwatch", "Local Healthwatch"),
    ))


def _created(changes: list[Change], names: list[str], prefix: str) -> list[str]:
    wanted = {f"lgr-{slug(n.removesuffix(' Council'))}-{prefix}" for n in names}
    return [c.params["body"] for c in changes if c.id in wanted and c.op == "create_body"]


# -- entry points ---------------------------------------------------------------------------

def build_register(doc: GraphDocument) -> ChangeSet:
    """The enacted and decided changes, referring to the bodies and areas of ``doc``."""
    base, codes = _Base(doc), _Codes()
    changes = (csp_mergers(base, codes) + police_fire(base) + icb_2026(base, codes)
               + reorganisations(base, codes, ("made", "decided")))
    return ChangeSet("register", "Changes since the 2024 lookups and decided futures (bundled)",
                     tuple(changes), "Applied to the national skeleton at build time; each element "
                     "they make carries its dates, status and source.", extra={"attribution": ATTRIBUTION})


def build_scenario(name: str, doc: GraphDocument) -> ChangeSet:
    base, codes = _Base(doc), _Codes()
    codes.n.update({"E06": 100, "E22": 100, "E54": 100})  # never the register's codes
    if name == "pcc-abolition-2028":
        changes = police_fire(base, scenario=True)
    elif name == "lgr-essex-suffolk-2028":
        changes = reorganisations(base, codes, ("announced",))
    else:
        raise KeyError(name)
    title, description = SCENARIOS[name]
    return ChangeSet(name, title, tuple(changes), description, extra={"attribution": ATTRIBUTION})

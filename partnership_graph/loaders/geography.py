"""Areas and PART_OF edges from the bundled ONS lookups.

Every LAD gets a direct PART_OF edge to each area that contains it (CSP, PFA, FRA, ICB, SICBL,
LHB, county, region, country), so a footprint's LADs are one hop away. The lookups are not a
clean hierarchy and the edges say so: ``share`` is the fraction of the LAD inside the parent.

- LAD to CSP is many-to-many: seven new unitaries still hold several legacy-district CSPs. The
  lookup gives no weights, so each such LAD is split evenly (``share_basis = equal_split``).
- LAD to SICBL and ICB: a LAD can straddle health areas; the share is the fraction of its 2021
  LSOAs in each (``share_basis = lsoa21_count``).
"""

from __future__ import annotations

from collections import Counter, defaultdict

from ..graphmodel import Area, AreaKind, AreaPartOf, ShareBasis
from .bundled import ons_table

ENGLAND, WALES = "E92000001", "W92000004"


def build_geography() -> tuple[list[Area], list[AreaPartOf]]:
    areas: dict[str, Area] = {}
    part_of: list[AreaPartOf] = []

    def area(code: str, name: str, kind: AreaKind, vintage: str, **extra: object) -> None:
        if code not in areas:
            areas[code] = Area(code=code, name=name, kind=kind, vintage=vintage, **extra)  # type: ignore[arg-type]

    def edge(lad: str, parent: str, source: str, share: float = 1.0,
             basis: ShareBasis = ShareBasis.WHOLE) -> None:
        if share >= 1.0:
            share, basis = 1.0, ShareBasis.WHOLE
        part_of.append(AreaPartOf(start=lad, end=parent, share=share, share_basis=basis, source=source))

    population = {r["Code"]: int(r["All ages"]) for r in ons_table("population_mid2023_lad.csv")}
    area(ENGLAND, "England", AreaKind.CTRY, "2024")
    area(WALES, "Wales", AreaKind.CTRY, "2024")

    for r in ons_table("lad_utla.csv"):
        lad, utla = r["LTLA23CD"], r["UTLA23CD"]
        area(lad, r["LTLA23NM"], AreaKind.LAD, "2024", population=population.get(lad),
             upper_tier=(lad == utla))
        if lad != utla:
            area(utla, r["UTLA23NM"], AreaKind.CTYUA, "2023", upper_tier=True)
            edge(lad, utla, "ons-ltla-utla-2023")
        edge(lad, ENGLAND if lad.startswith("E") else WALES, "ons-ltla-utla-2023")

    csp_rows = ons_table("lad_csp_pfa.csv")
    csps_per_lad = Counter(r["LAD24CD"] for r in csp_rows)
    pfa_done: set[str] = set()
    for r in csp_rows:
        lad = r["LAD24CD"]
        area(r["CSP24CD"], r["CSP24NM"], AreaKind.CSP, "2024")
        area(r["PFA24CD"], r["PFA24NM"], AreaKind.PFA, "2024")
        edge(lad, r["CSP24CD"], "ons-lad-csp-pfa-2024", 1 / csps_per_lad[lad], ShareBasis.EQUAL_SPLIT)
        if lad not in pfa_done:
            pfa_done.add(lad)
            edge(lad, r["PFA24CD"], "ons-lad-csp-pfa-2024")

    for r in ons_table("lad_fra.csv"):
        area(r["FRA24CD"], r["FRA24NM"], AreaKind.FRA, "2024")
        edge(r["LAD24CD"], r["FRA24CD"], "ons-lad-fra-2024")

    lsoas_in_lad: Counter[str] = Counter()
    lsoas_lad_icb: Counter[tuple[str, str]] = Counter()
    sicbl_icb: dict[str, str] = {}
    rows = ons_table("lad_sicbl_icb.csv")
    for r in rows:
        n = int(r["LSOA21_COUNT"])
        lsoas_in_lad[r["LAD24CD"]] += n
        lsoas_lad_icb[(r["LAD24CD"], r["ICB24CD"])] += n
    for r in rows:
        lad, n = r["LAD24CD"], int(r["LSOA21_COUNT"])
        area(r["ICB24CD"], r["ICB24NM"], AreaKind.ICB, "2024-04")
        area(r["SICBL24CD"], r["SICBL24NM"], AreaKind.SICBL, "2024-04")
        sicbl_icb[r["SICBL24CD"]] = r["ICB24CD"]
        edge(lad, r["SICBL24CD"], "ons-lsoa-sicbl-icb-2024", n / lsoas_in_lad[lad], ShareBasis.LSOA21_COUNT)
    for (lad, icb), n in sorted(lsoas_lad_icb.items()):
        edge(lad, icb, "ons-lsoa-sicbl-icb-2024", n / lsoas_in_lad[lad], ShareBasis.LSOA21_COUNT)
    for sicbl, icb in sorted(sicbl_icb.items()):
        edge(sicbl, icb, "ons-lsoa-sicbl-icb-2024")

    for r in ons_table("lad_lhb_wales.csv"):
        area(r["LHB22CD"], r["LHB22NM"], AreaKind.LHB, "2022")
        edge(r["UA22CD"], r["LHB22CD"], "ons-ua-lhb-2022")

    regions: dict[str, str] = {}
    for r in ons_table("lad_rgn.csv"):
        area(r["RGN24CD"], r["RGN24NM"], AreaKind.RGN, "2024")
        regions[r["RGN24CD"]] = r["RGN24NM"]
        edge(r["LAD24CD"], r["RGN24CD"], "ons-lad-rgn-2024")
    for rgn in sorted(regions):
        edge(rgn, ENGLAND, "ons-lad-rgn-2024")

    part_of = exact_shares(areas, part_of)
    _add_populations(areas, part_of)
    return sorted(areas.values(), key=lambda a: a.code), part_of


def exact_shares(areas: dict[str, Area], part_of: list[AreaPartOf]) -> list[AreaPartOf]:
    """Make the shares of each split LAD add up to exactly 1 per kind of parent.

    Shares are fractions (1/3 of Bournemouth, Christchurch and Poole for each legacy CSP; LSOA
    counts over the LAD's total for ICBs): whatever float rounding leaves is given to the largest
    part, so ``math.fsum`` of a LAD's shares of one kind is 1 to the last bit, never 0.999999
    (the sum a tolerance of 1e-9 would call a gap).
    """
    import math

    groups: dict[tuple[str, AreaKind], list[int]] = defaultdict(list)
    for i, e in enumerate(part_of):
        if areas[e.start].kind == AreaKind.LAD and e.share < 1.0:
            groups[(e.start, areas[e.end].kind)].append(i)
    out = list(part_of)
    for idx in groups.values():
        largest = max(idx, key=lambda i: (out[i].share, out[i].end))
        rest = math.fsum(out[i].share for i in idx if i != largest)
        out[largest] = out[largest].model_copy(update={"share": 1.0 - rest})
    return out


def _add_populations(areas: dict[str, Area], part_of: list[AreaPartOf]) -> None:
    """Population of every non-LAD area, as the share-weighted sum over its LADs."""
    totals: defaultdict[str, float] = defaultdict(float)
    for e in part_of:
        child = areas[e.start]
        if child.kind == AreaKind.LAD and child.population is not None:
            totals[e.end] += child.population * e.share
    for code, total in totals.items():
        if areas[code].kind != AreaKind.LAD:
            areas[code] = areas[code].model_copy(update={"population": round(total)})

"""Coterminosity: how the footprints of two kinds of area or body line up, LAD share by LAD share.

Kinds are the words users say: area kinds ``lad``, ``utla`` (county or unitary upper tier: the
CTYUA areas plus every LAD that is its own upper tier), ``csp``, ``pfa``/``police``,
``fra``/``fire``, ``icb``, ``sicbl``, ``lhb``, ``region``, ``country``; or a body kind (``pcc``,
``hwb``, ``scp``/``safeguarding_children``, ``sab``/``safeguarding_adults``, ``council``,
``team``, ...) to compare the footprints of bodies. An area's footprint is its LADs with the
share of each inside it (``lad_shares``); a body's is what it COVERS, reduced to LAD shares.

For every pair of kinds (in the order given) and every pair of footprints that share a LAD, A
relative to B is

- ``equal``     when the share maps agree on every LAD (within ``TOL`` = 1e-9),
- ``within``    when A holds no more of any LAD than B does (A is inside B),
- ``contains``  when B is inside A,
- ``straddles`` otherwise (each has a share of some LAD that the other lacks).

The lookups give shares of a LAD but never say *where* in the LAD each part lies, so where both
footprints hold only part of the same LAD (a legacy CSP with a third of Westmorland and Furness,
an ICB with four fifths of it) the relation compares amounts, not places: the third is taken to lie
inside the four fifths. Such rows are flagged ``uncertain`` (in reality the legacy Eden district,
that third, lies in the *other* ICB). Where either footprint holds the whole LAD the verdict is
certain.

``jaccard`` is the population-weighted Jaccard index over the two share maps: the sum over LADs
of population x min(a, b), over the sum of population x max(a, b) (mid-2023 ONS estimates; when
a LAD in the pair lacks a population every LAD weighs 1). It is 1 for equal footprints and
measures how much of the people covered the two have in common. Shares make it correct where a
footprint covers part of a LAD: a legacy CSP inside a new unitary holds an equal split of it, a
LAD split between ICBs is divided by its 2021 LSOA counts. The lookups do not place the parts
inside a LAD, so the comparison is by share alone (see ``_rules``).

**What the lookup knows comes first.** Two footprints from the same hierarchy of areas (a sub-ICB
location and an ICB, a LAD and anything) are judged by the lookup's own PART_OF edges before any
share arithmetic: a sub-ICB location that the lookup puts in an ICB lies ``within`` it, with
certainty, and it does not meet any *other* ICB (the ICBs divide England; a sub-ICB location is in
exactly one), so such a pair is not listed, however the shares of a LAD split between ICBs
happen to compare. ``mismatches=True`` keeps only the pairs that are neither equal nor nested.

``area`` keeps the footprints that share a LAD with the area; they are compared whole, not clipped
to it. ``coterminosity_summary`` condenses the rows into one line per ordered pair of kinds: how
many A footprints lie wholly within one B footprint, how many are coterminous with one, how many
straddle. The national figures are in docs/queries.md. Footprints are as at ``on`` (default
today): the areas, PART_OF shares, bodies and COVERS that count on that date.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Literal

from ..errors import QueryError
from ..graphmodel.vocab import KIND_ALIASES, AreaKind, kind_key, kind_words
from ..suggest import did_you_mean
from ._common import Row, Rows
from ._rules import TOL, Footprint, Place, place, rounded, touches
from ._names import with_names
from .reader import reader

if TYPE_CHECKING:
    from ..stores.base import Store
    from .reader import Overlay, Reader

__all__ = ["DEFAULT_KINDS", "CoterminosityRow", "CoterminositySummaryRow", "KindSpec", "coterminosity",
           "coterminosity_summary", "parse_kinds"]

DEFAULT_KINDS = ("csp", "pfa", "fra", "icb")
Relation = Literal["equal", "within", "contains", "straddles"]


@dataclass(frozen=True)
class KindSpec:
    """One kind of footprint: an area kind (``UTLA`` = CTYUA + upper-tier LADs) or a body kind."""

    word: str                    # as shown in rows: CSP, PFA, UTLA... or pcc, hwb...
    area_kind: str | None = None
    body_kind: str | None = None

    @property
    def utla(self) -> bool:
        return self.word == "UTLA"


def parse_kinds(kinds: str | Iterable[str] | None) -> list[KindSpec]:
    """``"csp,police,icb"`` or a list of such words -> specs, duplicates dropped, order kept.

    Raises ``QueryError`` for an unknown word (with suggestions) or fewer than two kinds.
    """
    words = DEFAULT_KINDS if kinds is None else (kinds.split(",") if isinstance(kinds, str) else list(kinds))
    specs: list[KindSpec] = []
    for raw in words:
        word = kind_key(raw)
        if not word:
            continue
        area_kind, body_kind = KIND_ALIASES.get(word, (None, None))
        if area_kind is not None:  # a word naming both (police) compares the area: the same LADs
            spec = (KindSpec("UTLA", AreaKind.CTYUA.value) if area_kind == AreaKind.CTYUA
                    else KindSpec(area_kind.value, area_kind.value))
        elif body_kind is not None:
            spec = KindSpec(body_kind.value, body_kind=body_kind.value)
        else:
            raise QueryError(f"unknown kind {raw.strip()!r}{did_you_mean(word, list(KIND_ALIASES))}; area kinds: "
                             f"{', '.join(kind_words(body=False))}; or a body kind: "
                             f"{', '.join(kind_words(area=False))} (docs/queries.md, 'Words for kinds')")
        if spec not in specs:
            specs.append(spec)
    if len(specs) < 2:
        raise QueryError("coterminosity compares at least two kinds, e.g. --kinds csp,pfa")
    return specs


class CoterminosityRow(Row):
    """Two intersecting footprints; ``relation`` is A relative to B."""

    kind_a: str
    code_a: str          # GSS code of an area, or id of a body
    name_a: str
    kind_b: str
    code_b: str
    name_b: str
    relation: Relation
    jaccard: float       # population-weighted, 0 < jaccard <= 1, 6 decimals
    shared_lads: list[str]
    shared_lad_names: list[str] = []  # the names of ``shared_lads``, in the same order
    shared_population: int
    uncertain: bool      # both hold only part of a shared LAD: the relation compares shares, not places


class CoterminositySummaryRow(Row):
    """How the A footprints sit among the B footprints (one row per ordered pair of kinds)."""

    kind_a: str
    kind_b: str
    footprints: int          # A footprints considered (all, or those touching the area)
    compared: int            # of them, those sharing a LAD with at least one B footprint
    equal: int               # coterminous with one B footprint
    within_one: int          # wholly within one B footprint (equal included)
    within_one_uncertain: int  # of those, how many only by comparing parts of LADs (see ``uncertain``)
    straddling: int          # compared - within_one: crossing a B boundary
    share_within_one: float  # within_one / compared (0 when nothing is compared), 6 decimals
    mean_best_jaccard: float  # mean over compared A footprints of the best Jaccard with a B one


def coterminosity(store: Store, kinds: str | Iterable[str] | None = None, area: str | None = None, *,
                  mismatches: bool = False, on: date | None = None,
                  scenario: Overlay | None = None) -> Rows[CoterminosityRow]:
    """Every pair of intersecting footprints of each pair of kinds, classified, with its Jaccard.

    Parameters
    ----------
    store : Store
        The embedded store or Neo4j.
    kinds : str or iterable of str, optional
        Comma-separated words or a list (default ``csp,pfa,fra,icb``); at least two.
    area : str, optional
        Keep footprints that share a LAD with this area.
    mismatches : bool
        Only the pairs whose relation is ``straddles`` (neither equal nor nested).
    on : date, optional
        The date the footprints are taken at (default: today); ``as_at`` of the result says it.

    Returns
    -------
    Rows[CoterminosityRow]
        Sorted by the pair of kinds (in the order given: A before B), then code A, then code B.

    Raises
    ------
    QueryError
        An unknown kind, fewer than two kinds, or an area that does not resolve.

    Examples
    --------
    North Yorkshire's CSP straddles the Humber and North Yorkshire ICB, which holds 88% of the
    North Yorkshire LAD's 2021 LSOAs (the rest lie in two other ICBs)::

        >>> rows = coterminosity(store, "csp,icb", area="North Yorkshire")  # doctest: +SKIP
    """
    specs = parse_kinds(kinds)
    rd = reader(store, on=on, scenario=scenario)
    where = place(rd, area) if area else None
    rows = pairs(specs, footprints(rd, specs), where, rd.populations(), rd.area_parents())
    if mismatches:
        rows = [r for r in rows if r.relation == "straddles"]
    order = {s.word: n for n, s in enumerate(specs)}
    ranked = sorted(rows, key=lambda r: (order[r.kind_a], order[r.kind_b], r.code_a, r.code_b))
    return Rows(with_names(rd, ranked, {"shared_lads": "shared_lad_names"}), rd.on)


def coterminosity_summary(store: Store, kinds: str | Iterable[str] | None = None, area: str | None = None, *,
                          on: date | None = None,
                          scenario: Overlay | None = None) -> Rows[CoterminositySummaryRow]:
    """One row per ordered pair of kinds (A, B), A != B, in the order the kinds are given.

    Examples
    --------
    Every CSP lies wholly within one police force area (the ONS lookup maps each CSP to exactly
    one PFA)::

        >>> [(r.kind_a, r.kind_b, r.share_within_one) for r in coterminosity_summary(store, "csp,pfa")]  # doctest: +SKIP
        [('CSP', 'PFA', 1.0), ('PFA', 'CSP', 0.0)]
    """
    specs = parse_kinds(kinds)
    rd = reader(store, on=on, scenario=scenario)
    where = place(rd, area) if area else None
    return Rows(summarise(specs, footprints(rd, specs), where, rd.populations(), rd.area_parents()), rd.on)


def footprints(rd: Reader, specs: Sequence[KindSpec]) -> dict[str, list[Footprint]]:
    """The footprints of each kind, sorted by code."""
    out: dict[str, list[Footprint]] = {}
    for s in specs:
        if s.area_kind is not None:
            found = rd.area_footprints([s.area_kind], s.utla)
        else:
            found = rd.body_footprints(str(s.body_kind))
        out[s.word] = sorted((Footprint(s.word, c, n, sh) for c, n, sh in found), key=lambda f: f.code)
    return out


def known(a: Footprint, b: Footprint, parents: Mapping[str, frozenset[str]],
          kinds: Mapping[str, str]) -> Relation | None | Literal["disjoint"]:
    """The relation of two area footprints as the lookup states it, or None when it says nothing.

    ``kinds`` maps each area code to its kind, to tell "in another area of B's kind" (disjoint)."""
    up_a, up_b = parents.get(a.code, frozenset()), parents.get(b.code, frozenset())
    if b.code in up_a:
        return "within"
    if a.code in up_b:
        return "contains"
    if any(kinds.get(p) == b.kind for p in up_a) and b.kind != a.kind:
        return "disjoint"  # the lookup puts A in another area of B's kind
    if any(kinds.get(p) == a.kind for p in up_b) and b.kind != a.kind:
        return "disjoint"
    return None


def relation(a: Mapping[str, float], b: Mapping[str, float]) -> Relation:
    a_in_b = all(s <= b.get(lad, 0.0) + TOL for lad, s in a.items())
    b_in_a = all(s <= a.get(lad, 0.0) + TOL for lad, s in b.items())
    if a_in_b and b_in_a:
        return "equal"
    if a_in_b:
        return "within"
    if b_in_a:
        return "contains"
    return "straddles"


def uncertain(a: Mapping[str, float], b: Mapping[str, float]) -> bool:
    """Both footprints hold part, not all, of some LAD they share."""
    return any(0 < s < 1 - TOL and 0 < b.get(lad, 0.0) < 1 - TOL for lad, s in a.items())


def jaccard(a: Mapping[str, float], b: Mapping[str, float], population: Mapping[str, int | None]) -> float:
    lads = set(a) | set(b)
    weighted = all(population.get(lad) is not None for lad in lads)

    def w(lad: str) -> float:
        return float(population[lad] or 0) if weighted else 1.0

    top = sum(w(lad) * min(a.get(lad, 0.0), b.get(lad, 0.0)) for lad in sorted(lads))
    bottom = sum(w(lad) * max(a.get(lad, 0.0), b.get(lad, 0.0)) for lad in sorted(lads))
    return rounded(top / bottom) if bottom > 0 else 0.0


def _considered(found: Mapping[str, list[Footprint]], where: Place | None) -> dict[str, list[Footprint]]:
    if where is None:
        return dict(found)
    return {k: [f for f in fs if touches(f.shares, where.need)] for k, fs in found.items()}


def _meeting(a: Footprint, others: Sequence[Footprint], index: Mapping[str, list[int]]) -> list[Footprint]:
    hits = sorted({i for lad, s in a.shares.items() if s > 0 for i in index.get(lad, ())})
    return [others[i] for i in hits]


def _index(footprints: Sequence[Footprint]) -> dict[str, list[int]]:
    index: dict[str, list[int]] = {}
    for i, f in enumerate(footprints):
        for lad, s in f.shares.items():
            if s > 0:
                index.setdefault(lad, []).append(i)
    return index


def _judge(a: Footprint, b: Footprint, parents: Mapping[str, frozenset[str]],
           kinds: Mapping[str, str]) -> tuple[Relation, bool] | None:
    """(relation, uncertain) for a pair, the lookup's word first; None for a pair the lookup says
    does not meet."""
    shared = relation(a.shares, b.shares)
    stated = known(a, b, parents, kinds)
    if shared == "equal":  # nested by the lookup and the same size: certainly equal
        return shared, stated is None and uncertain(a.shares, b.shares)
    if stated == "disjoint":
        return None
    if stated is not None:
        return stated, False
    return shared, uncertain(a.shares, b.shares)


def _kinds_of(found: Mapping[str, list[Footprint]]) -> dict[str, str]:
    return {f.code: f.kind for fs in found.values() for f in fs}


def pairs(specs: Sequence[KindSpec], found: Mapping[str, list[Footprint]], where: Place | None,
          population: Mapping[str, int | None],
          parents: Mapping[str, frozenset[str]] | None = None) -> list[CoterminosityRow]:
    """The classification of the module docstring over footprints already read from a store."""
    considered = _considered(found, where)
    parents = parents or {}
    kinds = _kinds_of(found)
    rows = []
    for i, sa in enumerate(specs):
        for sb in specs[i + 1:]:
            bs = considered[sb.word]
            index = _index(bs)
            for a in considered[sa.word]:
                for b in _meeting(a, bs, index):
                    verdict = _judge(a, b, parents, kinds)
                    if verdict is None:
                        continue
                    shared = {lad: min(s, b.shares[lad]) for lad, s in a.shares.items()
                              if s > 0 and b.shares.get(lad, 0.0) > 0}
                    rows.append(CoterminosityRow(
                        kind_a=sa.word, code_a=a.code, name_a=a.name, kind_b=sb.word, code_b=b.code,
                        name_b=b.name, relation=verdict[0],
                        jaccard=jaccard(a.shares, b.shares, population), shared_lads=sorted(shared),
                        shared_population=round(sum((population.get(lad) or 0) * s for lad, s in shared.items())),
                        uncertain=verdict[1]))
    return rows


def summarise(specs: Sequence[KindSpec], found: Mapping[str, list[Footprint]], where: Place | None,
              population: Mapping[str, int | None],
              parents: Mapping[str, frozenset[str]] | None = None) -> list[CoterminositySummaryRow]:
    considered = _considered(found, where)
    parents = parents or {}
    kinds = _kinds_of(found)
    rows = []
    for sa in specs:
        for sb in specs:
            if sa == sb:
                continue
            bs = considered[sb.word]
            index = _index(bs)
            compared = equal = within = within_uncertain = 0
            best: list[float] = []
            for a in considered[sa.word]:
                judged = [(b, _judge(a, b, parents, kinds)) for b in _meeting(a, bs, index)]
                met = [b for b, v in judged if v is not None]
                if not met:
                    continue
                compared += 1
                verdicts = {v for _, v in judged if v is not None}
                relations = {r for r, _ in verdicts}
                equal += "equal" in relations
                if relations & {"equal", "within"}:
                    within += 1
                    within_uncertain += all(u for r, u in verdicts if r in ("equal", "within"))
                best.append(max(jaccard(a.shares, b.shares, population) for b in met))
            rows.append(CoterminositySummaryRow(
                kind_a=sa.word, kind_b=sb.word, footprints=len(considered[sa.word]), compared=compared,
                equal=equal, within_one=within, within_one_uncertain=within_uncertain, straddling=compared - within,
                share_within_one=rounded(within / compared) if compared else 0.0,
                mean_best_jaccard=rounded(sum(best) / len(best)) if best else 0.0))
    return rows

"""The register's rows, read from a store's networkx projection (either store: ``Store.graph``).

Rows are built once from the whole graph with each row's *effective* dates, and a package on a date
keeps the rows that hold on it. That is what makes ``--all-dates`` and ``--on`` agree by
construction, and it is the same rule as the as-at projection every question reads
(``stores.dated.as_at``):

- a node holds on D when ``valid_from <= D < valid_to`` (``stores.dated.valid_on``);
- a relationship holds when it and both its ends hold, so its published dates are the
  intersection of the three intervals (a relationship whose ends never hold together is left out);
- a footprint row (a body's share of one district) holds while the body, the relationship to the
  covered area, that area, the district's place in it and the district all hold: each body's
  footprint is worked out on every interval between the dates of those elements, and an unchanged
  share over consecutive intervals is one row. On a date it is ``queries._common.footprint`` on the
  as-at projection (the tests hold the two equal).

What is left out: elements only the user's own datasets state (unless named: ``datasets``), and
from ``leads`` every claim whose source is not authoritative or whose body is ILLUSTRATIVE.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from ...stores.dated import valid_on
from .schema import LINK_TYPES

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["Built", "Span", "Tables", "build_rows", "cited_sources", "select_on"]

Row = dict[str, Any]
Tables = dict[str, list[Row]]
Span = tuple[str | None, str | None]     # (valid_from, valid_to), ISO text; None is open

CLAIM_TYPES = ("LEADS", "SUPPORTS", "PRIORITISES", "HOLDS_DUTY")
LINK_TYPE_NAMES = tuple(t.upper() for t in LINK_TYPES)
# The least certain basis wins when a footprint share combines several (schema: footprints.share_basis).
BASIS_ORDER = ("whole", "stated", "lsoa21_count", "equal_split")
SHARE_DIGITS = 9
# Where the changes record their provenance ("change lgr-east-surrey-area (decided, ...)": changes.model).
_CHANGE = re.compile(r"\bchange ([A-Za-z0-9_.:\-]+) \((enacted|decided|announced|proposal)\b")
BEFORE_ALL = "0000-01-01"     # a date before any in the data: the first interval of a footprint


def _span(*attrs: Mapping[str, Any]) -> Span | None:
    """The interval on which every element with these attributes holds; None when they never do."""
    starts = [str(a["valid_from"]) for a in attrs if a.get("valid_from") is not None]
    ends = [str(a["valid_to"]) for a in attrs if a.get("valid_to") is not None]
    start, end = (max(starts) if starts else None), (min(ends) if ends else None)
    if start is not None and end is not None and end <= start:
        return None
    return start, end


def _holds(span: Span, on: str) -> bool:
    return valid_on({"valid_from": span[0], "valid_to": span[1]}, on)


def _joined(values: Iterable[Any] | None) -> str | None:
    items = [str(v) for v in values or () if v is not None and str(v) != ""]
    return "; ".join(items) if items else None


def _change(attrs: Mapping[str, Any], *texts: str) -> tuple[str | None, str | None]:
    """(change id, status) of the change that made an element: a ``status`` attribute when the
    graph holds one, else the first provenance a change wrote into its notes or evidence."""
    status = attrs.get("status")
    for key in texts:
        m = _CHANGE.search(str(attrs.get(key) or ""))
        if m:
            return m.group(1), (str(status) if status else m.group(2))
    return (str(attrs["change"]) if attrs.get("change") else None), (str(status) if status else None)


@dataclass(frozen=True)
class _Source:
    id: str
    title: str
    authoritative: bool
    legislation: bool


class _Graph:
    """The projection with what the package keeps: nodes and relationships of the allowed datasets."""

    def __init__(self, g: nx.MultiDiGraph[str], datasets: frozenset[str]):
        self.g = g
        self.datasets = datasets
        self.nodes: dict[str, dict[str, Any]] = {n: a for n, a in g.nodes(data=True) if self._allowed(a)}
        self.edges: list[tuple[str, str, str, dict[str, Any]]] = sorted(
            ((u, v, str(k), a) for u, v, k, a in g.edges(keys=True, data=True)
             if u in self.nodes and v in self.nodes and self._allowed(a)),
            key=lambda t: (t[0], t[1], t[2]))
        self.sources: dict[str, _Source] = {}
        for _, a in g.nodes(data=True):
            if a.get("label") == "Source":
                url = str(a.get("url") or "")
                self.sources[str(a["id"])] = _Source(str(a["id"]), str(a.get("title") or a["id"]),
                                                     bool(a.get("authoritative", True)), "legislation.gov.uk" in url)
        self.cited: set[str] = set()

    def _allowed(self, attrs: Mapping[str, Any]) -> bool:
        stated = attrs.get("datasets")
        return not stated or bool(set(stated) & self.datasets)

    def label(self, key: str) -> str:
        return str(self.nodes[key].get("label", ""))

    def cite(self, source: Any) -> tuple[str | None, bool]:
        """(id, authoritative) of a cited source, remembered for sources.csv; a source the graph does
        not describe is not authoritative (``queries._common.source_info``)."""
        if source is None or source == "":
            return None, False
        sid = str(source)
        self.cited.add(sid)
        found = self.sources.get(sid)
        return sid, bool(found and found.authoritative)


def _basis(source: str | None, authoritative: bool, statutory: bool = False, derived: bool = False) -> str:
    if not authoritative and source == "illustrative":
        return "illustrative"
    if derived:
        return "derived"
    if not authoritative:
        return "not_authoritative"
    return "statutory" if statutory else "sourced"


def _dates(span: Span) -> Row:
    return {"valid_from": span[0], "valid_to": span[1]}


@dataclass(frozen=True)
class Built:
    """Every row of the graph's resources with effective dates, and a sources.csv row for every
    source any of them cites (a package keeps those its rows cite: ``cited_sources``)."""

    tables: Tables
    sources: dict[str, Row]
    # each row's CSV line, by the row's id(): a row's cells do not depend on the date, so a package
    # on another date only selects and joins (the rows live as long as this object)
    lines: dict[int, str] = field(default_factory=dict)


def build_rows(g: nx.MultiDiGraph[str], datasets: frozenset[str]) -> Built:
    """Every row of every dated resource and of ``issues``, over the whole graph, with effective
    dates (``sources`` and ``counts`` are made per package: they depend on the rows kept)."""
    pg = _Graph(g, datasets)
    tables: Tables = {"areas": [], "area_parts": [], "bodies": [], "footprints": [], "memberships": [],
                      "accountability": [], "links": [], "leads": [], "issues": [], "issue_parents": []}
    spans: dict[str, Span] = {}
    for key, a in sorted(pg.nodes.items()):
        span = _span(a)
        if span is None:
            continue
        spans[key] = span
        label = a.get("label")
        if label == "Area":
            sid, _ = pg.cite(a.get("source"))
            cid, status = _change(a, "notes", "vintage")
            tables["areas"].append({
                "code": a["code"], "name": a.get("name"), "kind": a.get("kind"),
                "upper_tier": bool(a.get("upper_tier", False)), "population": a.get("population"),
                "vintage": a.get("vintage"), "successors": _joined(a.get("successors")), "source": sid,
                "notes": a.get("notes"), "change_id": cid, "change_status": status, **_dates(span)})
    statutes = _statutes(pg)
    illustrative_bodies: set[str] = set()
    for key, a in sorted(pg.nodes.items()):
        if a.get("label") != "Body" or key not in spans:
            continue
        sid, authoritative = pg.cite(a.get("source"))
        derived = bool(a.get("derived", False))
        basis = _basis(sid, authoritative, derived=derived)
        if basis == "illustrative":
            illustrative_bodies.add(key)
        statute = statutes.get(key)
        if statute is not None:
            pg.cite(statute.id)
        cid, status = _change(a, "notes")
        tables["bodies"].append({
            "id": a["id"], "name": a.get("name"), "kind": a.get("kind"), "council_type": a.get("council_type"),
            "basis": basis, "derived": derived, "derived_reason": a.get("derived_reason"), "source": sid,
            "source_authoritative": authoritative, "statute": statute.title if statute else None,
            "statute_source": statute.id if statute else None, "replaces": _joined(a.get("replaces")),
            "notes": a.get("notes"), "change_id": cid, "change_status": status,
            "datasets": _joined(sorted(a.get("datasets") or ())), **_dates(spans[key])})
    parents: dict[str, set[str]] = defaultdict(set)
    for u, v, _, e in pg.edges:
        if u not in spans or v not in spans:
            continue
        span = _span(pg.nodes[u], pg.nodes[v], e)
        if span is None:
            continue
        rel, lu, lv = e.get("type"), pg.label(u), pg.label(v)
        sid, authoritative = pg.cite(e.get("source")) if rel != "COVERS" else (None, False)
        cid, status = _change(e, "evidence")
        common = {"change_id": cid, "change_status": status,
                  "datasets": _joined(sorted(e.get("datasets") or ())), **_dates(span)}
        if rel == "PART_OF" and lu == lv == "Area":
            tables["area_parts"].append({
                "area_code": pg.nodes[u]["code"], "part_of_code": pg.nodes[v]["code"],
                "share": float(e.get("share", 1.0)), "share_basis": e.get("share_basis"), "source": sid,
                "change_id": cid, "change_status": status, **_dates(span)})
        elif rel == "PART_OF" and lu == lv == "Issue":
            parents[u].add(str(pg.nodes[v]["id"]))
            tables["issue_parents"].append({"issue_id": pg.nodes[u]["id"], "parent_id": pg.nodes[v]["id"],
                                            "source": sid, **_dates(span)})
        elif rel == "MEMBER_OF" and lu == lv == "Body":
            statutory = bool(e.get("statutory", False))
            src = pg.sources.get(sid or "")
            tables["memberships"].append({
                "member_id": pg.nodes[u]["id"], "body_id": pg.nodes[v]["id"], "role": e.get("role"),
                "statutory": statutory, "basis": _basis(sid, authoritative, statutory),
                "statute": src.title if statutory and src is not None and src.legislation else None,
                "source": sid, "source_authoritative": authoritative, "evidence": e.get("evidence"), **common})
        elif rel == "ACCOUNTABLE_TO" and lu == lv == "Body":
            tables["accountability"].append({
                "body_id": pg.nodes[u]["id"], "accountable_to_id": pg.nodes[v]["id"],
                "mechanism": e.get("mechanism"), "basis": _basis(sid, authoritative), "source": sid,
                "source_authoritative": authoritative, "evidence": e.get("evidence"), **common})
        elif rel in LINK_TYPE_NAMES and lu == lv == "Body":
            tables["links"].append({
                "from_id": pg.nodes[u]["id"], "to_id": pg.nodes[v]["id"], "type": str(rel).lower(),
                "amount": e.get("amount"), "period": e.get("period"), "basis": _basis(sid, authoritative),
                "source": sid, "source_authoritative": authoritative, "evidence": e.get("evidence"), **common})
        elif rel in CLAIM_TYPES and lu == "Body" and lv == "Issue":
            # never published as fact: a claim whose source is not authoritative (the example's
            # ILLUSTRATIVE claims, unsourced or low-confidence ones) or whose body is invented
            if not authoritative or u in illustrative_bodies:
                continue
            statutory = bool(e.get("statutory", False))
            tables["leads"].append({
                "body_id": pg.nodes[u]["id"], "issue_id": pg.nodes[v]["id"], "role": str(rel).lower(),
                "statutory": statutory, "basis": "statutory" if statutory else "sourced", "scope": e.get("scope"),
                "source": sid, "evidence": e.get("evidence"), **common})
    for key, a in sorted(pg.nodes.items()):
        if a.get("label") == "Issue" and key in spans:
            tables["issues"].append({"id": a["id"], "name": a.get("name"), "synonyms": _joined(a.get("synonyms")),
                                     "description": a.get("description"), "parents": _joined(sorted(parents[key]))})
    tables["footprints"] = _footprints(pg, spans)
    return Built(tables, {sid: _source_row(pg, sid) for sid in sorted(pg.cited)})


SOURCE_COLUMNS = ("source", "statute_source")


def cited_sources(tables: Mapping[str, Iterable[Row]], sources: Mapping[str, Row]) -> list[Row]:
    """The sources.csv rows for every source the rows of ``tables`` cite, by id."""
    cited = {str(r[c]) for rows in tables.values() for r in rows for c in SOURCE_COLUMNS if r.get(c)}
    return [sources[sid] for sid in sorted(cited)]


def _source_row(pg: _Graph, sid: str) -> Row:
    """A sources.csv row; a cited id the graph does not describe gets a row that says so."""
    node = pg.g.nodes.get(f"Source:{sid}")
    if node is None:
        return {"id": sid, "title": f"{sid} (cited, but not described in the graph)", "address": None,
                "date": None, "publisher": None, "excerpt": None, "authoritative": False, "licence": "MIT"}
    return {"id": sid, "title": node.get("title") or sid, "address": node.get("url"), "date": node.get("date"),
            "publisher": node.get("publisher"), "excerpt": node.get("excerpt"),
            "authoritative": bool(node.get("authoritative", True)), "licence": licence(node)}


def licence(source: Mapping[str, Any]) -> str:
    """The licence of a source's material as published here (schema: sources.licence).

    ONS lookups and Crown copyright published on legislation.gov.uk or GOV.UK: the Open Government
    Licence v3.0; a publisher that states CC BY (mySociety's council list): CC-BY-4.0; everything
    else is the project's own compilation of facts, under its MIT licence.
    """
    url = str(source.get("url") or "").lower()
    publisher = str(source.get("publisher") or "")
    host = re.sub(r"^[a-z]+://", "", url).split("/", 1)[0]
    if (str(source.get("id", "")).startswith("ons-") or publisher.startswith("Office for National Statistics")
            or host.endswith("legislation.gov.uk") or host in ("www.gov.uk", "gov.uk")):
        return "OGL-UK-3.0"
    if "CC BY" in publisher.upper():
        return "CC-BY-4.0"
    return "MIT"


def _statutes(pg: _Graph) -> dict[str, _Source]:
    """The Act and section that constitutes each body: the legislation most cited by its statutory
    memberships (ties: the smaller id); for a body with no members at all (an office such as a PCC),
    its own source when that is legislation. A partnership whose members are all non-statutory
    (a local criminal justice board) gets none."""
    votes: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    has_members: set[str] = set()
    for u, v, _, e in pg.edges:
        if e.get("type") != "MEMBER_OF":
            continue
        has_members.add(v)
        src = pg.sources.get(str(e.get("source")))
        if e.get("statutory") and src is not None and src.legislation:
            votes[v][src.id] += 1
    out: dict[str, _Source] = {}
    for key, a in pg.nodes.items():
        if a.get("label") != "Body":
            continue
        if votes.get(key):
            best = min(votes[key].items(), key=lambda kv: (-kv[1], kv[0]))[0]
            out[key] = pg.sources[best]
        elif key not in has_members:
            own = pg.sources.get(str(a.get("source")))
            if own is not None and own.legislation:
                out[key] = own
    return out


# -- footprints ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Share:
    share: float
    basis: str
    via: tuple[str, ...]
    source: str | None
    authoritative: bool


def _footprints(pg: _Graph, spans: Mapping[str, Span]) -> list[Row]:
    covers: dict[str, list[tuple[str, dict[str, Any]]]] = defaultdict(list)
    lads_of: dict[str, list[tuple[str, dict[str, Any]]]] = defaultdict(list)
    for u, v, _, e in pg.edges:
        if e.get("type") == "COVERS" and pg.label(u) == "Body" and pg.label(v) == "Area":
            covers[u].append((v, e))
        elif (e.get("type") == "PART_OF" and pg.label(u) == "Area" and pg.label(v) == "Area"
              and pg.nodes[u].get("kind") == "LAD"):
            lads_of[v].append((u, e))
    # covered areas in code order, so a share sums the same way whichever store the graph came from
    for body in covers:
        covers[body].sort(key=lambda t: (str(pg.nodes[t[0]]["code"]), str(t[1].get("key", ""))))
    rows: list[Row] = []
    for body, attrs in sorted(pg.nodes.items()):
        if attrs.get("label") != "Body" or body not in spans or body not in covers:
            continue
        dated: list[Mapping[str, Any]] = [attrs]
        for area, e in covers[body]:
            dated += [e, pg.nodes[area]]
            for lad, p in lads_of.get(area, ()):
                dated += [p, pg.nodes[lad]]
        bounds = sorted({str(x[k]) for x in dated for k in ("valid_from", "valid_to") if x.get(k) is not None})
        starts: list[str | None] = [None, *bounds]
        open_rows: dict[str, tuple[str | None, _Share]] = {}
        for start in starts:
            shares = _footprint_on(pg, attrs, covers[body], lads_of, start or BEFORE_ALL)
            for lad in sorted(set(open_rows) | set(shares)):
                now = shares.get(lad)
                was = open_rows.get(lad)
                if was is not None and was[1] == now:
                    continue
                if was is not None:
                    rows.append(_footprint_row(attrs, pg.nodes[lad]["code"], was[1], was[0], start))
                    del open_rows[lad]
                if now is not None:
                    open_rows[lad] = (start, now)
        for lad, (start, share) in sorted(open_rows.items()):
            rows.append(_footprint_row(attrs, pg.nodes[lad]["code"], share, start, None))
    for r in rows:
        if r["source"] is not None:
            pg.cite(r["source"])
    return rows


def _footprint_on(pg: _Graph, body: Mapping[str, Any], covers: list[tuple[str, dict[str, Any]]],
                  lads_of: Mapping[str, list[tuple[str, dict[str, Any]]]], on: str) -> dict[str, _Share]:
    """The body's footprint on ``on``: ``queries._common.footprint`` (the LADs of each covered
    area with the largest share where a pair is linked twice, times the share covered, summed and
    capped at 1), with each share's basis, the areas it comes through and the cited source."""
    if not valid_on(body, on):
        return {}
    total: dict[str, float] = {}
    bases: dict[str, set[str]] = defaultdict(set)
    via: dict[str, set[str]] = defaultdict(set)
    best: dict[str, tuple[float, str, bool]] = {}
    for area, e in covers:
        a = pg.nodes[area]
        if not (valid_on(e, on) and valid_on(a, on)):
            continue
        cover = float(e.get("share", 1.0))
        parts: dict[str, tuple[float, str]] = {}
        if a.get("kind") == "LAD":
            parts[area] = (1.0, "whole")
        else:
            for lad, p in lads_of.get(area, ()):
                if valid_on(p, on) and valid_on(pg.nodes[lad], on):
                    share = float(p.get("share", 1.0))
                    if lad not in parts or share > parts[lad][0]:
                        parts[lad] = (share, str(p.get("share_basis") or "whole"))
        sid = str(e["source"]) if e.get("source") else None
        authoritative = bool(sid and sid in pg.sources and pg.sources[sid].authoritative)
        for lad, (share, basis) in parts.items():
            total[lad] = min(1.0, total.get(lad, 0.0) + share * cover)
            bases[lad] |= {basis, str(e.get("share_basis") or "whole")}
            via[lad].add(str(a["code"]))
            amount = share * cover
            if lad not in best or amount > best[lad][0]:
                best[lad] = (amount, sid or "", authoritative)
    return {lad: _Share(round(total[lad], SHARE_DIGITS), max(bases[lad], key=_certainty),
                        tuple(sorted(via[lad])), best[lad][1] or None, best[lad][2])
            for lad in total}


def _certainty(basis: str) -> int:
    """Rank of a share basis, least certain highest; a word the order does not know ranks last."""
    return BASIS_ORDER.index(basis) if basis in BASIS_ORDER else len(BASIS_ORDER)


def _footprint_row(body: Mapping[str, Any], lad: str, share: _Share, start: str | None, end: str | None) -> Row:
    return {"body_id": body["id"], "district_code": lad, "share": share.share, "share_basis": share.basis,
            "via_areas": "; ".join(share.via), "source": share.source, "source_authoritative": share.authoritative,
            "valid_from": start, "valid_to": end}


R = TypeVar("R", bound=Mapping[str, Any])


def select_on(rows: Iterable[R], on: str) -> list[R]:
    """The rows that hold on ``on`` (a row without dates always holds)."""
    return [r for r in rows if _holds((r.get("valid_from"), r.get("valid_to")), on)]

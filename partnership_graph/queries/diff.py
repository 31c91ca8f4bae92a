"""What changes between two dates: one report, row by row.

``diff(store, date_from, date_to, scenario=None, area=None)`` reads the store's projection (with
the scenario laid over it, never written), takes the graph as at each date
(``stores.dated.as_at``) and reports, in this order of ``section``:

- ``area`` / ``body``: created or ended (with their status and source where a change made them;
  ``DERIVED`` bodies say so);
- ``membership`` / ``accountability``: relationships that start or end (a move is an end and a
  start, and the new one's evidence says where it moved from); with ``area``, a membership counts
  where the board's footprint meets the area, an accountability line where the accountable
  body's does;
- ``coterminosity``: footprint pairs of CSPs against police, fire, health and council footprints
  (``csp`` against ``pfa``, ``fra``, ``icb``, ``utla``) that appear, disappear or change class;
- ``gap``: ownership and statutory gaps opened or closed;
- ``claim``: claims (leads, supports, duties...) whose body ends: ``moves`` when a change moves the
  claim to a successor that holds it from the same day (Frimley ICB's serious violence duty goes to
  the Surrey and Sussex ICB on 2026-04-01), or a body new that day makes the same claim over its
  footprint (Cumbria's partnership's lead, taken up by Cumberland's own on 2025-04-01), ``ends``
  ("orphaned") only when none takes it on;
- ``protocol``: partnerships (CSP, HWB, safeguarding boards) whose joint protocol must be redrafted
  because a party or the footprint changed, or that start or end.

``area`` keeps rows whose footprint meets the area's LADs on either date.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from ..stores.dated import iso

if TYPE_CHECKING:
    from ..stores.cache import ProjectionCache
    import networkx as nx

    from ..stores.base import Store
    from ..changes.model import ChangeSet

SECTIONS = ("area", "body", "membership", "accountability", "coterminosity", "gap", "claim",
            "protocol")
COTERMINOSITY_KINDS = ("csp", "pfa", "fra", "icb", "utla")
PROTOCOL_KINDS = {"csp", "hwb", "safeguarding_children", "safeguarding_adults", "csg", "psb"}


@dataclass(frozen=True)
class DiffRow:
    section: str
    change: str          # created, ended, starts, ends, changed, opened, closed, redraft, new, lapses
    subject: str         # code or id (for relationships: "from -> to")
    name: str
    detail: str
    derived: bool = False
    source: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Diff:
    date_from: str
    date_to: str
    scenario: str | None
    area: str | None
    rows: tuple[DiffRow, ...]

    def counts(self) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {}
        for r in self.rows:
            out.setdefault(r.section, {}).setdefault(r.change, 0)
            out[r.section][r.change] += 1
        return out


def diff(store: Store, date_from: date | str, date_to: date | str, scenario: ChangeSet | None = None,
         area: str | None = None) -> Diff:
    from .view import scenario_overlay, view_graph

    g = view_graph(store.graph(), overlay=scenario_overlay(scenario) if scenario is not None else None)
    return diff_graph(g, date_from, date_to, scenario.name if scenario else None, area,
                      cache=store.cache if scenario is None else None)


def diff_graph(g: nx.MultiDiGraph[str], date_from: date | str, date_to: date | str,
               scenario: str | None = None, area: str | None = None,
               sections: Iterable[str] = SECTIONS, cache: ProjectionCache | None = None) -> Diff:
    """The report between two dates; ``sections`` (default all) leaves out the others, so a caller
    that needs only who starts, ends and must redraft (the protocol's Transition) skips the national
    coterminosity and gap comparisons. ``cache``: the ``Store.cache`` of the store whose projection
    ``g`` is, so the dated cuts are those its readers keep."""
    from ..stores.dated import ProjectionStore

    from .reader import dated_graph

    d1, d2 = iso(date_from), iso(date_to)
    # the projections the queries' readers cache (read-only here): a pack or a page that also asks
    # questions on these dates cuts each once
    a, b = dated_graph(g, d1, cache), dated_graph(g, d2, cache)
    lads: set[str] | None = None
    area_label = None
    if area is not None:
        from ._common import resolve_area

        found = None
        for h, day in ((a, d1), (b, d2)):
            try:
                found = resolve_area(ProjectionStore(h), area, on=day)
                break
            except Exception:  # noqa: BLE001 - the area may exist on one date only
                continue
        if found is None:
            resolve_area(ProjectionStore(g), area)  # raises the helpful error
            raise AssertionError("unreachable")
        area_label = f"{found.name} ({found.code})"
        lads = _area_lads(a, f"Area:{found.code}") | _area_lads(b, f"Area:{found.code}") \
            | _area_lads(g, f"Area:{found.code}")

    def meets(h: nx.MultiDiGraph[str], key: str) -> bool:
        return lads is None or bool(_footprint(h, key) & lads)

    def meets_either(key: str) -> bool:
        return lads is None or any(key in h and meets(h, key) for h in (a, b))

    rows: list[DiffRow] = []
    for label, section in (("Area", "area"), ("Body", "body")):
        for key in sorted(b.nodes):
            if b.nodes[key].get("label") == label and key not in a and meets(b, key):
                rows.append(_node_row(section, "created", b.nodes[key], g))
        for key in sorted(a.nodes):
            if a.nodes[key].get("label") == label and key not in b and meets(a, key):
                rows.append(_node_row(section, "ended", a.nodes[key], g))
    for rel, section in (("MEMBER_OF", "membership"), ("ACCOUNTABLE_TO", "accountability")):
        ea, eb = _edges(a, rel), _edges(b, rel)
        # a membership belongs to the board's footprint, an accountability line to the footprint
        # of the body that is accountable
        for (u, v) in sorted(eb):
            if (u, v) not in ea and meets_either(v if rel == "MEMBER_OF" else u):
                rows.append(_edge_row(section, "starts", u, v, eb[(u, v)], g))
        for (u, v) in sorted(ea):
            if (u, v) not in eb and meets_either(v if rel == "MEMBER_OF" else u):
                rows.append(_edge_row(section, "ends", u, v, ea[(u, v)], g))
    codes = {k.removeprefix("Area:") for k in lads} if lads is not None else None
    wanted = set(sections)
    if "coterminosity" in wanted:
        rows += _coterminosity(a, b, codes, d1, d2)
    if "gap" in wanted:
        rows += _gaps(a, b, codes, d1, d2)
    for u, v, claim in a.edges(data=True):
        attrs: dict[str, Any] = claim
        if v.startswith("Issue:") and u not in b and meets(a, u):
            what = f"{a.nodes[u].get('name')} {attrs.get('type', '').lower()} {a.nodes[v].get('name')}"
            ends = f"{a.nodes[u].get('name')} ends on {d2 if u not in g else _valid_to(g, u)}"
            takers = _successors(b, u, v, attrs.get("type"))
            # without a change that moves it, a body new that day making the same claim where the
            # ended one did takes it up (the register's next arrangement: a joint partnership split
            # into the councils' own)
            after = [] if takers else _taken_up(a, b, u, v, str(attrs.get("type", "")))
            if takers:
                who = ", ".join(f"{b.nodes[t].get('name')} ({_id(t)})" for t in takers)
                rows.append(DiffRow("claim", "moves", f"{_id(u)} -> {_id(v)}", what,
                                    f"{ends}; the claim moves to {who}, which "
                                    f"{'hold' if len(takers) > 1 else 'holds'} it from the same day",
                                    source=str(attrs.get("source") or "")))
            elif after:
                who = ", ".join(f"{b.nodes[t].get('name')} ({_id(t)})" for t in after)
                rows.append(DiffRow("claim", "moves", f"{_id(u)} -> {_id(v)}", what,
                                    f"{ends}; {who} {'make' if len(after) > 1 else 'makes'} the same claim over "
                                    "its footprint from the same day (the next arrangement recorded)",
                                    source=str(attrs.get("source") or "")))
            else:
                rows.append(DiffRow("claim", "ends", f"{_id(u)} -> {_id(v)}", what,
                                    f"{ends}; orphaned: no successor takes this claim on the same day",
                                    source=str(attrs.get("source") or "")))
    rows += _protocols(a, b, meets, g)
    rows = [r for r in rows if r.section in wanted]
    order = {s: i for i, s in enumerate(SECTIONS)}
    rows.sort(key=lambda r: (order[r.section], r.change, r.subject))
    return Diff(d1, d2, scenario, area_label, tuple(rows))


def _taken_up(a: nx.MultiDiGraph[str], b: nx.MultiDiGraph[str], body: str, issue: str, claim: str) -> list[str]:
    """Bodies new on the later date that make ``claim`` on ``issue`` over part of ``body``'s footprint."""
    lads = _footprint(a, body)
    if issue not in b or not lads:
        return []
    return sorted({w for w, _, e in b.in_edges(issue, data=True)
                   if e.get("type") == claim and w not in a and _footprint(b, w) & lads})


def _successors(b: nx.MultiDiGraph[str], ended: str, issue: str, claim_type: Any) -> list[str]:
    """The bodies that hold the same claim on the later date because a change moved it from the
    ended body (their claim's evidence says "moved from <id>")."""
    mark = f"moved from {_id(ended)} by"
    return sorted({u for u, _, e in b.in_edges(issue, data=True)
                   if e.get("type") == claim_type and mark in str(e.get("evidence") or "")})


def _id(key: str) -> str:
    return key.split(":", 1)[1]


def _valid_to(g: nx.MultiDiGraph[str], key: str) -> str:
    return str(g.nodes[key].get("valid_to") or "?")


def _area_lads(h: nx.MultiDiGraph[str], key: str) -> set[str]:
    if key not in h:
        return set()
    if h.nodes[key].get("kind") == "LAD":
        return {key}
    return {u for u, _, e in h.in_edges(key, data=True)
            if e.get("type") == "PART_OF" and h.nodes[u].get("kind") == "LAD"}


def _footprint(h: nx.MultiDiGraph[str], key: str) -> set[str]:
    if key.startswith("Area:"):
        return _area_lads(h, key)
    out: set[str] = set()
    if key.startswith("Body:"):
        for _, v, e in h.out_edges(key, data=True):
            if e.get("type") == "COVERS":
                out |= _area_lads(h, v)
    return out


def _edges(h: nx.MultiDiGraph[str], rel: str) -> dict[tuple[str, str], dict[str, Any]]:
    return {(u, v): e for u, v, e in h.edges(data=True) if e.get("type") == rel}


def _provenance(attrs: dict[str, Any], g: nx.MultiDiGraph[str]) -> str:
    sid = attrs.get("source")
    if not sid:
        return ""
    src = g.nodes.get(f"Source:{sid}", {})
    title = src.get("title") or sid
    return title if src.get("authoritative", True) else f"{title} (not authoritative)"


def _node_row(section: str, change: str, attrs: dict[str, Any], g: nx.MultiDiGraph[str]) -> DiffRow:
    subject = str(attrs.get("code") or attrs.get("id"))
    kind = attrs.get("kind", "")
    bits = [str(kind)]
    when = attrs.get("valid_from") if change == "created" else attrs.get("valid_to")
    if when:
        bits.append(f"{'from' if change == 'created' else 'until'} {when}")
    if attrs.get("derived"):
        bits.append(f"DERIVED: {attrs.get('derived_reason') or 'inferred'}")
    if attrs.get("notes"):
        bits.append(str(attrs["notes"]))
    return DiffRow(section, change, subject, str(attrs.get("name", "")), "; ".join(bits),
                   bool(attrs.get("derived")), _provenance(attrs, g))


def _edge_row(section: str, change: str, u: str, v: str, attrs: dict[str, Any],
              g: nx.MultiDiGraph[str]) -> DiffRow:
    what = attrs.get("role") or attrs.get("mechanism") or ""
    detail = "; ".join(str(x) for x in (what, attrs.get("evidence")) if x)
    name = f"{g.nodes[u].get('name', _id(u))} -> {g.nodes[v].get('name', _id(v))}"
    return DiffRow(section, change, f"{_id(u)} -> {_id(v)}", name, detail, source=_provenance(attrs, g))


def _coterminosity(a: nx.MultiDiGraph[str], b: nx.MultiDiGraph[str], lads: set[str] | None,
                   d1: str, d2: str) -> list[DiffRow]:
    """Footprint pairs (CSP against the others) on each date, national, kept where they share a LAD
    with the area (so an area that exists on one date only is compared fairly)."""
    from .coterminosity import coterminosity
    from ..stores.dated import ProjectionStore

    def rows(h: nx.MultiDiGraph[str], day: str) -> dict[tuple[str, str], Any]:
        # each graph is already as at its date; the query is asked about that same date
        found = coterminosity(ProjectionStore(h), list(COTERMINOSITY_KINDS), on=date.fromisoformat(day))
        return {(r.code_a, r.code_b): r for r in found
                if r.kind_a == "CSP" and (lads is None or set(r.shared_lads) & lads)}

    ra, rb = rows(a, d1), rows(b, d2)
    out: list[DiffRow] = []
    for key in sorted(set(ra) | set(rb)):
        x, y = ra.get(key), rb.get(key)
        if x is not None and y is not None and x.relation == y.relation and abs(x.jaccard - y.jaccard) < 1e-6:
            continue
        r = y or x
        assert r is not None
        name = f"{r.name_a} ({r.kind_a}) / {r.name_b} ({r.kind_b})"
        if x is None:
            out.append(DiffRow("coterminosity", "new", f"{key[0]} / {key[1]}", name,
                               f"{y.relation} (jaccard {y.jaccard:g})" if y else ""))
        elif y is None:
            out.append(DiffRow("coterminosity", "gone", f"{key[0]} / {key[1]}", name,
                               f"was {x.relation} (jaccard {x.jaccard:g})"))
        else:
            out.append(DiffRow("coterminosity", "changed", f"{key[0]} / {key[1]}", name,
                               f"{x.relation} (jaccard {x.jaccard:g}) -> {y.relation} (jaccard {y.jaccard:g})"))
    return out


def _gaps(a: nx.MultiDiGraph[str], b: nx.MultiDiGraph[str], lads: set[str] | None,
          d1: str, d2: str) -> list[DiffRow]:
    from .gaps import gaps
    from ..stores.dated import ProjectionStore

    def rows(h: nx.MultiDiGraph[str], day: str) -> dict[tuple[Any, ...], Any]:
        found = gaps(ProjectionStore(h), on=date.fromisoformat(day))
        return {(r.gap, r.body_id, r.issue_id, r.missing): r for r in found
                if lads is None or set(r.lads) & lads}

    ra, rb = rows(a, d1), rows(b, d2)
    out: list[DiffRow] = []
    for key in sorted(set(rb) - set(ra), key=str):
        r = rb[key]
        out.append(DiffRow("gap", "opened", str(r.body_id or r.issue_id), str(r.body_name or r.issue_name or ""),
                           f"{r.gap}: {r.detail}", source=r.source_title))
    for key in sorted(set(ra) - set(rb), key=str):
        r = ra[key]
        out.append(DiffRow("gap", "closed", str(r.body_id or r.issue_id), str(r.body_name or r.issue_name or ""),
                           f"{r.gap}: {r.detail}", source=r.source_title))
    return out


def _protocols(a: nx.MultiDiGraph[str], b: nx.MultiDiGraph[str], meets: Any,
               g: nx.MultiDiGraph[str]) -> list[DiffRow]:
    def boards(h: nx.MultiDiGraph[str]) -> dict[str, dict[str, Any]]:
        return {k: x for k, x in h.nodes(data=True) if x.get("label") == "Body" and x.get("kind") in PROTOCOL_KINDS}

    def parties(h: nx.MultiDiGraph[str], key: str) -> set[str]:
        return {u for u, _, e in h.in_edges(key, data=True) if e.get("type") == "MEMBER_OF"}

    ba, bb = boards(a), boards(b)
    out: list[DiffRow] = []
    for key in sorted(set(ba) | set(bb)):
        h = b if key in bb else a
        if not meets(h, key):
            continue
        name = str(h.nodes[key].get("name", ""))
        derived = bool(h.nodes[key].get("derived"))
        if key not in ba:
            out.append(DiffRow("protocol", "new", _id(key), name, "a new partnership: its protocol is to be "
                               "written" + (" (DERIVED partnership)" if derived else ""), derived))
        elif key not in bb:
            out.append(DiffRow("protocol", "lapses", _id(key), name, "the partnership ends: its protocol lapses "
                               "and its commitments must be carried into the successor's"))
        else:
            pa, pb = parties(a, key), parties(b, key)
            fa, fb = _footprint(a, key), _footprint(b, key)
            why = []
            if pa != pb:
                gone = sorted(_id(x) for x in pa - pb)
                new = sorted(_id(x) for x in pb - pa)
                why.append("parties change: " + "; ".join(
                    x for x in (f"leave {', '.join(gone)}" if gone else "", f"join {', '.join(new)}" if new else "") if x))
            if fa != fb:
                why.append("footprint changes")
            if why:
                out.append(DiffRow("protocol", "redraft", _id(key), name, "; ".join(why), derived))
    return out


def render_markdown(d: Diff) -> str:
    lines = [f"# What changes from {d.date_from} to {d.date_to}"
             + (f" under scenario {d.scenario}" if d.scenario else "")
             + (f" in {d.area}" if d.area else ""), ""]
    if not d.rows:
        lines.append("Nothing changes.")
    for section in SECTIONS:
        rows = [r for r in d.rows if r.section == section]
        if not rows:
            continue
        lines += ["", f"## {section} ({len(rows)})", "", "| change | subject | name | detail | source |",
                  "|---|---|---|---|---|"]
        for r in rows:
            cells = [r.change, r.subject, r.name + (" DERIVED" if r.derived else ""), r.detail, r.source]
            lines.append("| " + " | ".join(_md(c) for c in cells) + " |")
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def diff_rows(d: Diff) -> Iterable[dict[str, Any]]:
    for r in d.rows:
        yield r.as_dict()

"""Assemble a planning pack from the graph: what a reorganisation changes in one area, and what to do.

``plan_pack(store, area, date_from, date_to, scenario)`` reads, for the two dates:

- the **changes** that touch the area in the range, from the change rows themselves (the bundled
  register and the scenario, if any): their dates, statuses and sources. A change touches the area
  when an area or body it names has a footprint meeting the area's districts on some date;
- the **bodies** of each kind the pack follows (``kinds.KINDS``) whose footprint meets the area, and
  their statutory claims (``Reader.find_bodies``, ``Reader.claims``: Cypher on Neo4j);
- the diff between the dates (``queries.diff``): protocols to redraft, gaps opened and closed;
- ``overlaps`` and ``coterminosity`` on each date, kept where they meet the area;
- fresh joint protocol drafts (``exporters.protocol``) for the new footprints.

Then it derives the decisions and the open questions from those rows. Every sentence about the
place is put together from names and numbers read above; the only fixed text is about kinds of
body and the statutes (``kinds.py``). Nothing is written to the store: a scenario is laid over a
copy of its projection.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

from ...errors import QueryError
from .kinds import KINDS, REORGANISATION_SOURCE, KindRule, TimingSource, kind_rule
from .model import (
    STATUS_WORDS, Appendix, BodyRef, BoundaryRow, ChangeRow, DecisionRow, DutyRow, GapChangeRow, LeadChangeRow,
    MemberRow, OverlapChangeRow, PartnershipRow, PlanPack, ProtocolRow, QuestionRow, SourceRow, Status, Summary,
    TransitionRow,
)

if TYPE_CHECKING:
    import networkx as nx

    from ...changes.model import Change, ChangeSet
    from ...queries.bodies import BodyDetail
    from ...queries.facts import BodyFact, ClaimFact
    from ...queries.reader import Reader
    from ...stores.base import Store

__all__ = ["pack_status", "plan_pack"]

OP_WORDS = {
    "create_area": "New areas", "create_body": "New bodies", "replace_body": "Replaced",
    "end_body": "Bodies end", "end_area": "Areas end", "retire_code": "Area codes retired",
    "move_lad": "Districts move", "move_lead": "Claims move", "end_relationship": "Relationships end",
    "describe_body": "Described",
}
KIND_WORDS = {"LAD": "district", "CTYUA": "county or unitary area", "CSP": "CSP area", "PFA": "police force area",
              "FRA": "fire and rescue area", "ICB": "ICB area", "SICBL": "sub-ICB location", "LHB": "health board area",
              "RGN": "region", "CTRY": "country", "UTLA": "council area"}
RELATION_WORDS = {"equal": "coterminous with", "within": "lies within", "contains": "contains",
                  "straddles": "straddles"}
BOUNDARY_KINDS = ("pfa", "fra", "icb", "csp")
LIST_MAX = 6


def pack_status(status: str) -> Status:
    """The pack's word for a change row's status (``changes.model.STATUSES`` and any later
    ``made``/``in_force``): made law, decided, announced, or a user's scenario proposal."""
    s = status.lower()
    if s in ("enacted", "made", "in_force"):
        return "made"
    if s == "decided":
        return "decided"
    if s == "announced":
        return "announced"
    return "scenario"


def long_date(iso_text: str) -> str:
    """``2027-04-01`` -> ``1 April 2027``."""
    d = date.fromisoformat(iso_text)
    return f"{d.day} {d:%B %Y}"


def names_phrase(names: Sequence[str], limit: int = LIST_MAX) -> str:
    """``a``, ``a and b``, ``a, b and c``; past ``limit`` names, the first ones and how many more."""
    items = list(names)
    if len(items) > limit:
        rest = len(items) - (limit - 1)
        items = items[:limit - 1] + [f"{rest} others"]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else plural or word + 's'}"


# -- sources ------------------------------------------------------------------------------------
class _Sources:
    """Every source the pack cites, numbered in the order first cited; one number per document."""

    def __init__(self, g: nx.MultiDiGraph[str]):
        self.g = g
        self.rows: dict[str, SourceRow] = {}
        self._by_title: dict[str, str] | None = None

    def _add(self, key: str, sid: str, title: str, day: str | None, url: str | None, authoritative: bool,
             publisher: str | None = None) -> int:
        found = self.rows.get(key)
        if found is None:
            found = SourceRow(ref=len(self.rows) + 1, id=sid, title=title, date=day or None, url=url or None,
                              authoritative=authoritative, publisher=publisher or None)
            self.rows[key] = found
        return found.ref

    def graph(self, sid: str | None) -> int:
        """A Source node of the graph by id (an unknown id is cited as itself, not authoritative)."""
        sid = sid or "unsourced"
        a = self.g.nodes.get(f"Source:{sid}")
        if a is None:
            return self._add(f"id:{sid}", sid, sid, None, None, False)
        url = a.get("url")
        title = str(a.get("title") or sid)
        # one number per document: a change's source is also a Source node of the graph (the
        # elements it makes cite it), found by its address or, without one, by its title
        return self._add(url or f"title:{title}", sid, title, a.get("date"), url,
                         bool(a.get("authoritative", True)), a.get("publisher"))

    def title(self, title: str) -> int | None:
        """A source named only by its title (``queries.diff`` rows carry titles)."""
        if not title:
            return None
        if self._by_title is None:
            self._by_title = {}
            for _, a in self.g.nodes(data=True):
                if a.get("label") == "Source" and a.get("title"):
                    self._by_title.setdefault(str(a["title"]).removesuffix(" (not authoritative)"), a["id"])
        plain = title.removesuffix(" (not authoritative)")
        sid = self._by_title.get(plain)
        if sid is not None:
            return self.graph(sid)
        return self._add(f"title:{plain}", plain, plain, None, None, not title.endswith("(not authoritative)"))

    def change(self, c: Change) -> int:
        s = c.source
        return self._add(s.url or f"title:{s.title}", s.id, s.title, s.date, s.url, c.authoritative)

    def timing(self, t: TimingSource) -> int:
        return self._add(t.url, t.id, t.title, t.date, t.url, True)

    def listed(self) -> list[SourceRow]:
        return sorted(self.rows.values(), key=lambda r: r.ref)


# -- geography over the projection ---------------------------------------------------------------
class _Geo:
    """Footprints (sets of districts) read from a projection, cached per node."""

    def __init__(self, g: nx.MultiDiGraph[str]):
        self.g = g
        self._fp: dict[str, frozenset[str]] = {}

    def lads(self, key: str) -> frozenset[str]:
        if key not in self._fp:
            self._fp[key] = frozenset(self._lads(key))
        return self._fp[key]

    def _lads(self, key: str) -> set[str]:
        g = self.g
        if key not in g:
            return set()
        a = g.nodes[key]
        if key.startswith("Area:"):
            if a.get("kind") == "LAD":
                return {a["code"]}
            return {g.nodes[u]["code"] for u, _, e in g.in_edges(key, data=True)
                    if e.get("type") == "PART_OF" and g.nodes[u].get("kind") == "LAD"}
        out: set[str] = set()
        if key.startswith("Body:"):
            for _, v, e in g.out_edges(key, data=True):
                if e.get("type") == "COVERS":
                    out |= self.lads(v)
        return out


def _refs(value: Any) -> Iterable[str]:
    """Every text a change's parameter holds (ids, codes), through lists and (item, share) pairs."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _refs(v)


def _touches(c: Change, geo: _Geo, lads: frozenset[str]) -> bool:
    for text in _refs(list(c.params.values())):
        for key in (f"Area:{text}", f"Body:{text}"):
            if key in geo.g and geo.lads(key) & lads:
                return True
    return False


# -- the pack -----------------------------------------------------------------------------------
def plan_pack(store: Store, area: str, date_from: date | str | None = None, date_to: date | str | None = None,
              scenario: ChangeSet | str | None = None, *, drafts: bool = True) -> PlanPack:
    """The planning pack for ``area`` between two dates.

    Parameters
    ----------
    store : Store
        The embedded store or Neo4j (never written).
    area : str
        GSS code, name or prefix of the area (a council, a CSP area, a police force area...), as it
        exists on ``date_from`` or, failing that, on ``date_to``.
    date_from : date or str, optional
        The earlier date (default: today).
    date_to : date or str, optional
        The later date (default: the date of the area's next recorded change after ``date_from``,
        or ``date_from`` itself when none is recorded).
    scenario : ChangeSet or str, optional
        A scenario laid over the graph: a ``ChangeSet``, a bundled scenario's name or a scenario file.
    drafts : bool
        Attach fresh joint protocol drafts for new footprints (``exporters.protocol``).

    Returns
    -------
    PlanPack
        The sections, with every source they cite numbered in ``sources``.

    Raises
    ------
    QueryError
        The area does not resolve on either date, or ``date_to`` is before ``date_from``.
    LoadError
        The scenario file is not valid (``file:row:column``).
    """
    from ...national import bundled_register, load_scenario
    from ...queries._common import resolve_area
    from ...queries.reader import reader
    from ...queries.view import scenario_overlay
    from ...queries.view import view as view_of
    from ...stores.dated import iso

    scen = load_scenario(scenario, store.graph()) if isinstance(scenario, str) else scenario
    view = view_of(store, overlay=scenario_overlay(scen) if scen is not None else None,
                   scenario=scen.name if scen is not None else None)
    g = view.graph()
    d1 = iso(date_from)
    d2_given = iso(date_to) if date_to is not None else None
    if d2_given is not None and d2_given < d1:
        raise QueryError(f"--to {d2_given} is before --from {d1}")
    try:
        ref = resolve_area(reader(view, on=d1), area)
    except QueryError:
        if d2_given is not None:
            ref = resolve_area(reader(view, on=d2_given), area)
        else:   # an area that starts later (East Surrey before 1 April 2027) is planned up to its start
            later = _later_area(g, area, d1)
            if later is None:
                raise
            ref = later
    geo = _Geo(g)
    lads = geo.lads(f"Area:{ref.code}")

    change_sets: list[tuple[ChangeSet, str | None]] = [(bundled_register(), None)]
    if scen is not None:
        change_sets.append((scen, scen.name))
    touching = sorted(((c, name) for cs, name in change_sets for c in cs.changes if _touches(c, geo, lads)),
                      key=lambda t: (t[0].date, _op_order(t[0].op), t[0].id))
    later = [c.date.isoformat() for c, _ in touching if c.date.isoformat() > d1]
    d2 = d2_given if d2_given is not None else (later[0] if later else d1)
    in_range = [(c, name) for c, name in touching if d1 < c.date.isoformat() <= d2]
    return _Builder(store, view, g, ref, lads, d1, d2, d2_given is None, scen, in_range, drafts).build()


def _later_area(g: nx.MultiDiGraph[str], text: str, day: str) -> Any:
    """The area ``text`` names among those that start after ``day``, or None."""
    from ...resolve import AreaIndex, AreaRef, ResolveError

    later = [AreaRef(a["code"], a["name"], a["kind"]) for _, a in g.nodes(data=True)
             if a.get("label") == "Area" and str(a.get("valid_from") or "") > day]
    if not later:
        return None
    try:
        return AreaIndex(later).resolve(text)
    except ResolveError:
        return None


def _op_order(op: str) -> int:
    from ...changes.ops import OP_ORDER

    return OP_ORDER.get(op, 99)


class _Builder:
    def __init__(self, store: Store, view: Store, g: nx.MultiDiGraph[str], ref: Any, lads: frozenset[str], d1: str,
                 d2: str, default_to: bool, scen: ChangeSet | None, changes: list[tuple[Change, str | None]],
                 drafts: bool):
        from ...queries.reader import dated_graph, reader

        self.store, self.view, self.g, self.ref, self.lads = store, view, g, ref, lads
        self.d1, self.d2, self.default_to, self.scen, self.changes, self.drafts = d1, d2, default_to, scen, changes, drafts
        self.sources = _Sources(g)
        self.geo = _Geo(g)
        self.rd1: Reader = reader(view, on=d1)
        self.rd2: Reader = reader(view, on=d2)
        self.dg1 = dated_graph(g, d1, view.cache)
        self.dg2 = dated_graph(g, d2, view.cache)
        self.geo1, self.geo2 = _Geo(self.dg1), _Geo(self.dg2)
        self.starts: dict[str, Change] = {}
        self.ends: dict[str, Change] = {}
        for c, _ in changes:
            for key in _made_by(c):
                self.starts.setdefault(key, c)
            for key in _ended_by(c):
                self.ends.setdefault(key, c)
        self._details: dict[tuple[str, str], BodyDetail] = {}
        self._claims: tuple[list[ClaimFact], list[ClaimFact]] | None = None

    # -- helpers ------------------------------------------------------------------------------
    def name(self, key: str) -> str:
        a = self.g.nodes.get(key)
        return str(a.get("name")) if a is not None else key.split(":", 1)[-1]

    def detail(self, body_id: str, day: str) -> BodyDetail:
        from ...queries.bodies import body_detail

        key = (body_id, day)
        if key not in self._details:
            self._details[key] = body_detail(self.view, body_id, on=date.fromisoformat(day))
        return self._details[key]

    def body_ref(self, b: BodyFact | Mapping[str, Any], status: Status | None = None) -> BodyRef:
        if isinstance(b, Mapping):
            bid, name, kind = str(b["id"]), str(b["name"]), str(b.get("kind", ""))
            derived, reason, sid = bool(b.get("derived")), b.get("derived_reason"), b.get("source")
        else:
            bid, name, kind, derived, reason, sid = b.id, b.name, b.kind, b.derived, b.derived_reason, b.source
        key = f"Body:{bid}"
        change: Literal["starts", "ends"] | None = None
        if status is None:
            if key in self.starts:
                status, change = pack_status(self.starts[key].status), "starts"
            elif key in self.ends:
                status, change = pack_status(self.ends[key].status), "ends"
            elif self.g.nodes.get(key, {}).get("status"):   # an element a change marked (DECIDED...)
                status = pack_status(str(self.g.nodes[key]["status"]))
        return BodyRef(id=bid, name=name, kind=kind, derived=derived, derived_reason=reason, status=status,
                       change=change, source=self.sources.graph(sid) if sid else None)

    # -- sections -----------------------------------------------------------------------------
    def build(self) -> PlanPack:
        change_rows = self.change_rows()
        transition, by_kind = self.transition()
        partnerships = self.partnerships(by_kind)
        from ...queries.diff import diff_graph

        d = diff_graph(self.g, self.d1, self.d2, self.scen.name if self.scen else None, self.ref.code,
                       cache=self.view.cache) \
            if self.changes else None
        protocols, appendices = self.protocols(d, partnerships)
        leads = self.leads()
        gaps = self.gap_rows(d)
        overlaps = self.overlap_rows() if self.changes else []
        boundaries = self.boundaries() if self.changes else []
        councils_change = any(t.kind == "council" and (t.ended or t.started) for t in transition) or any(
            c.op == "replace_body" and any(self.g.nodes.get(f"Body:{b}", {}).get("kind") == "council"
                                           for b in c.params.get("bodies", ())) for c, _ in self.changes)
        reorg = self.sources.timing(REORGANISATION_SOURCE) if councils_change else None
        decisions = self.decisions(partnerships, protocols, leads, gaps, overlaps)
        # a pack with nothing to plan marks its derived bodies in its list and asks nothing
        questions = self.questions(change_rows, transition, boundaries) if self.changes else []
        summary = self.summary(change_rows, transition, partnerships, protocols, leads, gaps, overlaps)
        return PlanPack(summary=summary, transition=[t for t in transition if t.kind != "council"],
                        partnerships=partnerships, reorganisation_note=reorg, protocols=protocols, leads=leads,
                        gaps=gaps, overlaps=overlaps, boundaries=boundaries, decisions=decisions,
                        questions=questions, sources=self.sources.listed(), appendices=appendices,
                        store_kind=str(getattr(self.store, "kind", "embedded")))

    # 1. summary --------------------------------------------------------------------------------
    def change_rows(self) -> list[ChangeRow]:
        groups: dict[tuple[str, Status, int, str, str | None], list[Change]] = {}
        for c, scen_name in self.changes:
            key = (c.date.isoformat(), pack_status(c.status), self.sources.change(c), c.op, scen_name)
            groups.setdefault(key, []).append(c)
        rows = []
        for (day, status, src, op, scen_name), items in groups.items():
            phrases = list(dict.fromkeys(self.phrase(c) for c in items))
            confidence = sorted({c.confidence for c in items if c.confidence})
            notes = list(dict.fromkeys(c.notes for c in items if c.notes))
            rows.append(ChangeRow(date=day, status=status, operation=op,
                                  what=f"{OP_WORDS.get(op, op)}: {'; '.join(phrases)}.",
                                  change_ids=[c.id for c in items], confidence=", ".join(confidence) or None,
                                  notes="; ".join(notes) or None, source=src, scenario=scen_name))
        return rows

    def phrase(self, c: Change) -> str:
        p = c.params

        def body(ident: str) -> str:
            return self.name(f"Body:{ident}")

        def area(ident: str) -> str:
            return self.name(f"Area:{ident}")

        if c.op == "create_area":
            kind = self.g.nodes.get(f"Area:{p['area']}", {}).get("kind", p.get("kind", ""))
            return f"{p['name']} ({KIND_WORDS.get(str(kind), str(kind))} {p['area']})"
        if c.op == "create_body":
            return str(p["name"]) + (" (DERIVED: assumed)" if p.get("derived") else "")
        if c.op == "replace_body":
            olds = [body(b) for b in p.get("bodies", ())]
            news = [body(b) if f"Body:{b}" in self.g else str(p.get("name") or b) for b in p.get("to", ())]
            return f"{names_phrase(olds, 12)} by {names_phrase(news, 12)}"
        if c.op in ("end_body",):
            return body(p["body"])
        if c.op in ("end_area", "retire_code"):
            kind = self.g.nodes.get(f"Area:{p['area']}", {}).get("kind", "")
            text = f"{area(p['area'])} ({KIND_WORDS.get(str(kind), str(kind))} {p['area']})"
            if c.op == "retire_code" and p.get("successors"):
                text += f", succeeded by {names_phrase([area(s) for s in p['successors']], 12)}"
            return text
        if c.op == "move_lad":
            share = p.get("share")
            part = f" ({float(share):.0%} of it)" if share is not None and float(share) < 1 else ""
            return f"{area(p['lad'])}{part} from {area(p['from'])} to {area(p['to'])}"
        if c.op in ("move_lead", "end_relationship"):
            return f"{body(p['from'])} to {body(p['to'])}"
        if c.op == "describe_body":
            return body(p["body"]) + (f" (now {p['name']})" if p.get("name") else "")
        return c.id

    def summary(self, rows: list[ChangeRow], transition: list[TransitionRow], partnerships: list[PartnershipRow],
                protocols: list[ProtocolRow], leads: list[LeadChangeRow], gaps: list[GapChangeRow],
                overlaps: list[OverlapChangeRow]) -> Summary:
        ref = self.ref
        where = f"{ref.name} ({KIND_WORDS.get(ref.kind, ref.kind)} {ref.code})"
        statuses: dict[str, int] = {}
        for c, _ in self.changes:
            s = pack_status(c.status)
            statuses[s] = statuses.get(s, 0) + 1
        dates = sorted({c.date.isoformat() for c, _ in self.changes})
        under = f" under the scenario {self.scen.name}" if self.scen else ""
        if not self.changes:
            if self.d1 == self.d2:
                account = (f"No change to {where} is recorded after {long_date(self.d1)}{under}: the bodies, duties "
                           f"and footprints below are those of {long_date(self.d1)}, with nothing to plan for.")
            else:
                account = (f"No recorded change touches {where} between {long_date(self.d1)} and "
                           f"{long_date(self.d2)}{under}: the bodies, duties and footprints below hold on both "
                           "dates, and there is nothing to establish, redraft or decide.")
        else:
            when = (f"all taking effect on {long_date(dates[0])}" if len(dates) == 1 else
                    "taking effect on " + names_phrase([long_date(x) for x in dates], 12))
            counted = ", ".join(f"{n} {STATUS_WORDS[s]}" for s, n in sorted(statuses.items(),
                                                                           key=lambda t: list(STATUS_WORDS).index(t[0])))
            n = len(self.changes)
            parts = [f"Between {long_date(self.d1)} and {long_date(self.d2)}{under}, "
                     f"{_plural(n, 'recorded change')} {'touches' if n == 1 else 'touch'} {where}, {when} ({counted})."]
            councils = next((t for t in transition if t.kind == "council"), None)
            if councils is not None and councils.ended and councils.started:
                # the widest first: the county council before its districts
                gone = [b.name for b in sorted((b for b in councils.before if b.id in councils.ended),
                                               key=lambda b: (-len(self.geo1.lads(f"Body:{b.id}")), b.name))]
                new = [b.name for b in councils.after if b.id in councils.started]
                parts.append(f"{names_phrase(gone)} {'ends' if len(gone) == 1 else 'end'}, and {names_phrase(new)} "
                             f"{'takes' if len(new) == 1 else 'take'} over.")
            started = [b for t in transition if t.kind != "council" for b in t.after if b.id in t.started]
            ended = [b for t in transition if t.kind != "council" for b in t.before if b.id in t.ended]
            if started or ended:
                assumed = sum(1 for b in started if b.derived)
                parts.append(f"Of the statutory bodies this pack follows, {len(started)} "
                             f"{'starts' if len(started) == 1 else 'start'}"
                             + (f" ({assumed} of them assumed: no source names them yet)" if assumed else "")
                             + f" and {len(ended)} {'ends' if len(ended) == 1 else 'end'}.")
            tallies = []
            if protocols:
                tallies.append(_plural(len(protocols), "joint protocol") + " to write, redraft or close")
            lapsed = sum(1 for r in leads if r.outcome == "lapses")
            passed = sum(1 for r in leads if r.outcome == "passes")
            if passed:
                tallies.append(f"{_plural(passed, 'lead')} passing to successors")
            if lapsed:
                tallies.append(f"{_plural(lapsed, 'lead')} lapsing with no successor")
            opened = sum(1 for r in gaps if r.change == "opened")
            closed = len(gaps) - opened
            if opened:
                tallies.append(f"{_plural(opened, 'gap')} opening")
            if closed:
                tallies.append(f"{_plural(closed, 'gap')} closing")
            created = sum(1 for r in overlaps if r.change == "created")
            if created:
                tallies.append(_plural(created, "overlap") + " created")
            if tallies:
                parts.append("The graph shows " + names_phrase(tallies, 12) + ".")
            not_made = sum(n for s, n in statuses.items() if s != "made")
            if not_made == len(self.changes):
                parts.append("None of these changes is recorded as made law: each is listed under Open questions.")
            elif not_made:
                parts.append(f"{_plural(not_made, 'change')} of them {'is' if not_made == 1 else 'are'} not recorded "
                             "as made law: each is listed under Open questions.")
            account = " ".join(parts)
        return Summary(area_code=ref.code, area_name=ref.name, area_kind=ref.kind, date_from=self.d1,
                       date_to=self.d2, default_to=self.default_to, scenario=self.scen.name if self.scen else None,
                       scenario_title=self.scen.title if self.scen else None, dates=dates, statuses=statuses,
                       account=account, changes=rows)

    # 2. transition -----------------------------------------------------------------------------
    def transition(self) -> tuple[list[TransitionRow], dict[str, TransitionRow]]:
        before = self.rd1.find_bodies("", None, sorted(self.lads))
        after = self.rd2.find_bodies("", None, sorted(self.lads))
        claims1: list[ClaimFact] = []
        claims2: list[ClaimFact] = []
        if self.changes:   # a pack with nothing to plan lists the bodies only
            all1, all2 = self.claims()
            claims1 = [c for c in all1 if c.statutory]
            claims2 = [c for c in all2 if c.statutory]
        names1, names2 = self.rd1.taxonomy().names, self.rd2.taxonomy().names
        fire1, fire2 = _fire_councils(self.dg1), _fire_councils(self.dg2)
        rows: list[TransitionRow] = []
        council_rule = KindRule("council", "Council", False, "")
        for rule in (*KINDS, council_rule):
            kind = rule.kind
            b1, b2 = _of_kind(kind, before, fire1), _of_kind(kind, after, fire2)
            if not b1 and not b2:
                continue
            ids1, ids2 = [b.id for b in b1], [b.id for b in b2]
            refs1 = [self.body_ref(b) for b in b1]
            refs2 = [self.body_ref(b) for b in b2]
            ended = [i for i in ids1 if i not in ids2]
            started = [i for i in ids2 if i not in ids1]
            continuing = [i for i in ids1 if i in ids2]
            duties = self.duties(kind, claims1, claims2, names1, names2) if self.changes else []
            if not ended and not started:
                text = f"Unchanged: {names_phrase([b.name for b in b1], 8)}."
            else:
                bits = []
                if ended:
                    bits.append(f"{names_phrase([r.name for r in refs1 if r.id in ended], 8)} "
                                f"{'ends' if len(ended) == 1 else 'end'}")
                if started:
                    bits.append(f"{names_phrase([r.name for r in refs2 if r.id in started], 8)} "
                                f"{'starts' if len(started) == 1 else 'start'}")
                if continuing:
                    bits.append(f"{names_phrase([r.name for r in refs2 if r.id in continuing], 8)} "
                                f"{'continues' if len(continuing) == 1 else 'continue'}")
                text = "; ".join(bits) + "."
            rows.append(TransitionRow(kind=kind, label=rule.label, before=refs1, after=refs2, ended=ended,
                                      started=started, continuing=continuing, duties=duties, summary=text))
        return rows, {r.kind: r for r in rows}

    def duties(self, kind: str, claims1: Sequence[ClaimFact], claims2: Sequence[ClaimFact],
               names1: Mapping[str, str], names2: Mapping[str, str]) -> list[DutyRow]:
        held: dict[tuple[str, str, str], tuple[list[str], list[str]]] = {}
        titles: dict[str, str] = {}
        for side, claims in ((0, claims1), (1, claims2)):
            for c in claims:
                if c.body_kind != kind:
                    continue
                key = (c.issue_id, c.claim, c.source)
                holders = held.setdefault(key, ([], []))[side]
                titles[c.source] = c.source_title
                label = c.body_name + (" (DERIVED)" if c.body_derived else "")
                if label not in holders:
                    holders.append(label)

        def order(item: tuple[tuple[str, str, str], Any]) -> tuple[str, str, str]:
            issue, claim, source = item[0]
            return ((names1.get(issue) or names2.get(issue) or issue).lower(), claim, source)

        rows = []
        for (issue, claim, source), (b, a) in sorted(held.items(), key=order):
            title = titles[source]
            rows.append(DutyRow(issue_id=issue, issue_name=names1.get(issue) or names2.get(issue) or issue, claim=claim,
                                section=title, source=self.sources.graph(source), before=sorted(b), after=sorted(a)))
        return rows

    # 3. partnerships ---------------------------------------------------------------------------
    def partnerships(self, by_kind: Mapping[str, TransitionRow]) -> list[PartnershipRow]:
        out: list[PartnershipRow] = []
        for rule in KINDS:
            t = by_kind.get(rule.kind)
            if t is None:
                continue
            candidates: list[tuple[BodyRef, str]] = [(b, "new") for b in t.after if b.id in t.started]
            for b in t.after:
                if b.id in t.continuing and self.geo1.lads(f"Body:{b.id}") != self.geo2.lads(f"Body:{b.id}"):
                    candidates.append((b, "footprint changes"))
            timing_refs = [self.sources.timing(s) for s in rule.sources] if candidates else []
            for b, change in candidates:
                key = f"Body:{b.id}"
                fp = self.geo2.lads(key)
                replaces = [r for r in t.before if r.id in t.ended and self.geo1.lads(f"Body:{r.id}") & fp]
                d = self.detail(b.id, self.d2)
                footprint = "; ".join(f"{f.name} ({KIND_WORDS.get(f.kind, f.kind)} {f.code})"
                                      + (f", share {f.share:.3g}" if f.share < 1 else "") for f in d.footprint)
                members = [MemberRow(body_id=m.other_id, name=m.other_name, role=m.detail.replace("_", " "),
                                     section=m.source_title, source=self.sources.graph(m.source))
                           for m in d.memberships if m.direction == "in" and m.statutory]
                starts = self.g.nodes.get(key, {}).get("valid_from")
                out.append(PartnershipRow(body=b, label=rule.label, change=change,  # type: ignore[arg-type]
                                          replaces=replaces, footprint=footprint or "none recorded", members=members,
                                          timing=rule.timing, timing_sources=timing_refs,
                                          starts=str(starts) if starts and change == "new" else None))
        return out

    # 4. protocols ------------------------------------------------------------------------------
    def protocols(self, d: Any, partnerships: Sequence[PartnershipRow]) -> tuple[list[ProtocolRow], list[Appendix]]:
        if d is None:
            return [], []
        rows: list[ProtocolRow] = []
        wanted: dict[str, str] = {}
        for r in d.rows:
            if r.section != "protocol":
                continue
            key = f"Body:{r.subject}"
            a = self.g.nodes.get(key, {})
            ref = self.body_ref({"id": r.subject, "name": a.get("name", r.name), "kind": a.get("kind", ""),
                                 "derived": a.get("derived"), "derived_reason": a.get("derived_reason"),
                                 "source": a.get("source")})
            area_code = area_name = None
            attached = False
            if r.change in ("new", "redraft"):
                found = self.draft_area(key)
                if found is not None:
                    area_code, area_name = found
                    attached = self.drafts and (r.change == "new" or "footprint" in r.detail)
                    if attached:
                        wanted.setdefault(area_code, area_name)
            reason = r.detail
            if r.change == "lapses":
                successors = [p.body.name for p in partnerships if any(x.id == r.subject for x in p.replaces)]
                if successors:
                    reason += f"; successors: {names_phrase(successors, 12)}"
            rows.append(ProtocolRow(body=ref, change=r.change, reason=reason, draft_area=area_code,
                                    draft_area_name=area_name, draft_on=self.d2 if area_code else None,
                                    attached=attached))
        appendices = [self.appendix(code, name) for code, name in sorted(wanted.items(), key=lambda t: t[1])]
        return rows, appendices

    def draft_area(self, body_key: str) -> tuple[str, str] | None:
        """The upper-tier area whose districts are exactly the body's footprint on the later date, or
        else the area the body covers: the footprint a fresh protocol is drafted for."""
        dg = self.dg2
        fp = self.geo2.lads(body_key)
        if not fp:
            return None
        candidates: set[str] = set()
        for lad in fp:
            key = f"Area:{lad}"
            if key not in dg:
                continue
            if dg.nodes[key].get("upper_tier"):
                candidates.add(key)
            for _, v, e in dg.out_edges(key, data=True):
                if e.get("type") == "PART_OF" and dg.nodes[v].get("kind") == "CTYUA":
                    candidates.add(v)
        for key in sorted(candidates):
            if self.geo2.lads(key) == fp:
                return dg.nodes[key]["code"], dg.nodes[key]["name"]
        covered = sorted(v for _, v, e in dg.out_edges(body_key, data=True) if e.get("type") == "COVERS")
        if covered:
            return dg.nodes[covered[0]]["code"], dg.nodes[covered[0]]["name"]
        return None

    def appendix(self, code: str, name: str) -> Appendix:
        from ...exporters.protocol import protocol_draft
        from .document import protocol_blocks

        draft = protocol_draft(self.view, code, on=date.fromisoformat(self.d2))
        return Appendix(area_code=code, area_name=name, on=self.d2, blocks=protocol_blocks(draft))

    # 5. issue ownership ----------------------------------------------------------------------------
    def claims(self) -> tuple[list[ClaimFact], list[ClaimFact]]:
        """LEADS and HOLDS_DUTY claims covering part of the area on each date, read once (one query
        per date on Neo4j) for the duties, the leads and the overlaps."""
        if self._claims is None:
            lads = sorted(self.lads)
            self._claims = (self.rd1.claims(("LEADS", "HOLDS_DUTY"), None, lads),
                            self.rd2.claims(("LEADS", "HOLDS_DUTY"), None, lads))
        return self._claims

    def lead_claims(self) -> tuple[list[ClaimFact], list[ClaimFact]]:
        a, b = self.claims()
        return [c for c in a if c.claim == "LEADS"], [c for c in b if c.claim == "LEADS"]

    def leads(self) -> list[LeadChangeRow]:
        if not self.changes:
            return []
        names: dict[str, str] = {**self.rd2.taxonomy().names, **self.rd1.taxonomy().names}
        by_issue: dict[str, tuple[dict[str, ClaimFact], dict[str, ClaimFact]]] = defaultdict(lambda: ({}, {}))
        for side, claims in enumerate(self.lead_claims()):
            for c in claims:
                by_issue[c.issue_id][side].setdefault(c.body_id, c)
        rows = []
        for issue in sorted(by_issue, key=lambda i: ((names.get(i) or i).lower(), i)):
            b, a = by_issue[issue]
            if set(b) == set(a):
                continue
            outcome = "lapses" if not a else "gains" if not b else "passes"

            def label(c: ClaimFact) -> str:
                marks = [m for m in ("DERIVED" if c.body_derived else "", "statutory" if c.statutory else "",
                                     "" if c.authoritative else "ILLUSTRATIVE" if c.source == "illustrative"
                                     else "NOT AUTHORITATIVE") if m]
                return c.body_name + (f" ({', '.join(marks)})" if marks else "")

            claims = [*b.values(), *a.values()]
            rows.append(LeadChangeRow(
                issue_id=issue, issue_name=names.get(issue, issue), outcome=outcome,  # type: ignore[arg-type]
                before=sorted(label(c) for c in b.values()), after=sorted(label(c) for c in a.values()),
                statutory=any(c.statutory for c in claims),
                sources=sorted({self.sources.graph(c.source) for c in claims})))
        return rows

    def gap_rows(self, d: Any) -> list[GapChangeRow]:
        if d is None:
            return []
        return [GapChangeRow(change=r.change, subject=r.subject, name=r.name, detail=r.detail,
                             source=self.sources.title(r.source)) for r in d.rows if r.section == "gap"]

    def overlap_rows(self) -> list[OverlapChangeRow]:
        """Overlapping leads over the area's districts on each date (``overlaps.overlap_groups`` over
        the claims already read, so an area that exists on one date only is compared on both)."""
        from ...queries._rules import Place
        from ...queries.overlaps import overlap_groups

        where = Place(self.ref.code, self.ref.name, self.ref.kind, {lad: 1.0 for lad in sorted(self.lads)})
        found: list[dict[tuple[str, tuple[str, ...]], Any]] = []
        for rd, claims in zip((self.rd1, self.rd2), self.lead_claims(), strict=True):
            rows = overlap_groups(where, rd.taxonomy(), sorted(claims, key=lambda c: c.key), rd.populations())
            found.append({(r.issue_id, tuple(r.bodies)): (r, [self.name(f"Area:{lad}") for lad in r.lads])
                          for r in rows})
        a, b = found
        out = []
        for change, keys, src in (("created", sorted(set(b) - set(a)), b), ("resolved", sorted(set(a) - set(b)), a)):
            for key in keys:
                r, districts = src[key]
                out.append(OverlapChangeRow(change=change, issue_id=r.issue_id,  # type: ignore[arg-type]
                                            issue_name=r.issue_name, bodies=list(r.body_names), districts=districts))
        return out

    # 6. boundaries ---------------------------------------------------------------------------------
    def boundaries(self) -> list[BoundaryRow]:
        from ...queries.coterminosity import coterminosity

        out: list[BoundaryRow] = []
        days = [("before", self.d1)] + ([("after", self.d2)] if self.d2 != self.d1 else [])
        for when, day in days:
            # one question per date: every kind's footprints are read once (on Neo4j, a few queries)
            found = coterminosity(self.view, ["utla", *BOUNDARY_KINDS], on=date.fromisoformat(day))
            kept = [r for r in found if r.kind_a == "UTLA" and r.kind_b != "UTLA" and set(r.shared_lads) & self.lads]
            order = {k.upper(): i for i, k in enumerate(BOUNDARY_KINDS)}
            for r in sorted(kept, key=lambda r: (order.get(r.kind_b, 9), r.code_a, r.code_b)):
                out.append(BoundaryRow(when=when, council_code=r.code_a, council_name=r.name_a,  # type: ignore[arg-type]
                                       other_kind=r.kind_b, other_code=r.code_b, other_name=r.name_b,
                                       relation=r.relation, jaccard=r.jaccard, uncertain=r.uncertain))
        return out

    # 7. decisions ----------------------------------------------------------------------------------
    def decisions(self, partnerships: Sequence[PartnershipRow], protocols: Sequence[ProtocolRow],
                  leads: Sequence[LeadChangeRow], gaps: Sequence[GapChangeRow],
                  overlaps: Sequence[OverlapChangeRow]) -> list[DecisionRow]:
        items: list[tuple[str, list[str], str | None, str, list[int]]] = []
        for p in partnerships:
            rule = kind_rule(p.body.kind)
            change_src = self._change_source(f"Body:{p.body.id}")
            who = list(dict.fromkeys(m.name for m in p.members)) or [p.body.name]
            srcs = sorted({*(m.source for m in p.members), *p.timing_sources, *change_src})
            name = p.body.name + (" (its name is assumed: DERIVED)" if p.body.derived else "")
            if p.change == "new":
                verb = "Establish" if rule is not None and rule.partnership else "Agree working arrangements with"
                was = f", which replaces {names_phrase([r.name for r in p.replaces], 8)}" if p.replaces else ""
                items.append((f"{verb} {name}{was}, for {p.footprint}.", who,
                              f"from {long_date(p.starts)}" if p.starts else None, "Partnerships", srcs))
            else:
                items.append((f"Review the constitution of {name}: its footprint changes to {p.footprint}.", who,
                              self.when_changes(), "Partnerships", srcs))
        lapsing: dict[tuple[str, ...], list[ProtocolRow]] = {}
        for r in protocols:
            if r.change == "lapses":
                successors = tuple(p.body.name for p in partnerships if any(x.id == r.body.id for x in p.replaces))
                lapsing.setdefault(successors, []).append(r)
                continue
            members = self._members(r.body.id, self.d2)
            srcs = self._change_source(f"Body:{r.body.id}")
            if r.change == "new":
                text = f"Agree a joint protocol for {r.body.name} ({r.reason})."
            else:
                text = f"Redraft the joint protocol of {r.body.name}: {r.reason}."
            items.append((text, members or [r.body.name], self.when_changes(), "Joint protocols", srcs))
        for successors, group in lapsing.items():
            ended = [r.body.name for r in group]
            who = list(dict.fromkeys(m for r in group for m in self._members(r.body.id, self.d1)))
            srcs = sorted({x for r in group for x in self._change_source(f"Body:{r.body.id}")})
            into = (f" and carry their commitments into the protocol of {names_phrase(list(successors), 12)}"
                    if successors else "; no successor of the same kind is in the graph, so agree where their "
                                       "commitments go")
            items.append((f"Close the joint protocol{'s' if len(ended) > 1 else ''} of {names_phrase(ended, 12)}{into}.",
                          who or ended, self.when_changes(), "Joint protocols", srcs))
        councils = sorted({b.name for b in self.rd2.find_bodies("", "council", sorted(self.lads))})
        for lead in leads:
            if lead.outcome != "lapses":
                continue
            items.append((f"Decide who leads {lead.issue_name.lower()} in {self.ref.name} from {long_date(self.d2)}: "
                          f"{names_phrase(lead.before, 8)} led it and nobody covering the area leads it after.",
                          councils, self.when_changes(), "Issue ownership", list(lead.sources)))
        for gap in gaps:
            if gap.change != "opened":
                continue
            items.append((f"Close the gap: {gap.detail}.", [gap.name], self.when_changes(), "Issue ownership",
                          [gap.source] if gap.source else []))
        for o in overlaps:
            if o.change != "created":
                continue
            items.append((f"Agree one lead for {o.issue_name.lower()}: {names_phrase(o.bodies, 8)} all lead it over "
                          f"{names_phrase(o.districts, 8)}.", list(o.bodies), self.when_changes(),
                          "Issue ownership", []))
        return [DecisionRow(n=n, decision=text, who=who, when=when, topic=topic, sources=sorted(set(srcs)))
                for n, (text, who, when, topic, srcs) in enumerate(items, start=1)]

    def when_changes(self) -> str:
        """The date a decision is for: when the change takes effect (no statute sets it as a deadline)."""
        return f"for {long_date(self.d2)}, when the change takes effect"

    def _members(self, body_id: str, day: str) -> list[str]:
        if f"Body:{body_id}" not in (self.dg1 if day == self.d1 else self.dg2):
            return []
        d = self.detail(body_id, day)
        return list(dict.fromkeys(m.other_name for m in d.memberships if m.direction == "in"))

    def _change_source(self, key: str) -> list[int]:
        c = self.starts.get(key) or self.ends.get(key)
        return [self.sources.change(c)] if c is not None else []

    # 8. open questions -------------------------------------------------------------------------------
    def questions(self, changes: Sequence[ChangeRow], transition: Sequence[TransitionRow],
                  boundaries: Sequence[BoundaryRow]) -> list[QuestionRow]:
        items: list[tuple[str, str, list[int]]] = []
        for r in changes:
            if r.status == "made":
                continue
            low = " (confidence low)" if r.confidence and "low" in r.confidence else ""
            items.append((f"{r.status} change", f"{long_date(r.date)}, {STATUS_WORDS[r.status]}{low}: {r.what} "
                                                f"Confirm it before relying on it.", [r.source]))
        seen: set[str] = set()
        derived: dict[tuple[int | None, str | None], list[BodyRef]] = {}
        for t in transition:
            for b in [*t.before, *t.after]:
                if b.derived and b.id not in seen:
                    seen.add(b.id)
                    derived.setdefault((b.source, b.change), []).append(b)
        for (source, _), bodies in derived.items():
            reasons = list(dict.fromkeys(b.derived_reason or "derived, no reason recorded" for b in bodies))
            names = [b.name for b in bodies]
            verb = "is" if len(names) == 1 else "are"
            items.append(("derived body", f"{names_phrase(names, 40)} {verb} assumed, not read from a published "
                                          f"arrangement (the graph's reason: {' / '.join(reasons)}). Confirm which "
                                          "arrangement serves the area and what it is called.",
                          [source] if source else []))
        for key in sorted(self.starts):
            if not key.startswith("Area:") or key not in self.dg2:
                continue
            split = sorted(self.name(u) for u, _, e in self.dg2.in_edges(key, data=True)
                           if e.get("type") == "PART_OF" and e.get("share_basis") == "equal_split")
            if split:
                c = self.starts[key]
                items.append(("split district", f"{self.name(key)} takes an equal share of "
                                                f"{names_phrase(split, 8)}: the sources give no boundary inside "
                                                f"{'that district' if len(split) == 1 else 'those districts'}, so the "
                                                "split is assumed. Confirm the boundary.",
                              [self.sources.change(c)]))
        for bound in boundaries:
            if bound.uncertain and bound.when == "after":
                items.append(("boundary", f"{bound.council_name} and {bound.other_name}: both hold only part of a "
                                          "shared district, so the relation compares shares, not places. Confirm "
                                          "it.", []))
        return [QuestionRow(n=n, topic=topic, question=text, sources=sorted(set(srcs)))
                for n, (topic, text, srcs) in enumerate(items, start=1)]


def _of_kind(kind: str, found: Sequence[BodyFact], fire: set[str]) -> list[BodyFact]:
    """The bodies of ``kind`` (for fire and rescue authorities, also the councils that are their own)."""
    return sorted((b for b in found if b.kind == kind or (kind == "fire_authority" and f"Body:{b.id}" in fire)),
                  key=lambda b: (b.name.lower(), b.id))


def _made_by(c: Change) -> list[str]:
    p = c.params
    if c.op == "create_body":
        return [f"Body:{p['body']}"]
    if c.op == "create_area":
        return [f"Area:{p['area']}"]
    if c.op == "replace_body" and p.get("name"):
        return [f"Body:{b}" for b in p.get("to", ())]
    return []


def _ended_by(c: Change) -> list[str]:
    p = c.params
    if c.op == "end_body":
        return [f"Body:{p['body']}"]
    if c.op == "replace_body":
        return [f"Body:{b}" for b in p.get("bodies", ())]
    if c.op in ("end_area", "retire_code"):
        return [f"Area:{p['area']}"]
    return []


def _fire_councils(dg: nx.MultiDiGraph[str]) -> set[str]:
    """Councils that cover a fire and rescue area: their own fire and rescue authority."""
    return {u for key, a in dg.nodes(data=True) if a.get("label") == "Area" and a.get("kind") == "FRA"
            for u, _, e in dg.in_edges(key, data=True)
            if e.get("type") == "COVERS" and dg.nodes[u].get("kind") == "council"}


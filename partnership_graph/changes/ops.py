"""Changes compiled to one list of primitive operations, applied to a projection or a document.

A change set is applied in date order (and, within a day, creations before moves before
endings, see ``OP_ORDER``) to a networkx projection as ``stores/base.py`` describes it. Each
change becomes primitive operations, recorded as they are applied:

- ``AddNode(key, attrs)``, ``AddEdge(u, v, k, attrs)``: a new element, dated from the change;
- ``End(target, day)``: an element stops counting on ``day`` (its ``valid_to``; an element that
  only starts on or after ``day`` is removed, as it never counted);
- ``SetNode(key, attrs)``: attributes of a node in place (a name, notes, successors).

``apply_to_graph`` returns the changed copy of a projection (for scenarios: the store is never
written). ``apply_to_document`` projects a document, compiles there and replays the same
operations on the document's models (the bundled register applied to the national skeleton).
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..errors import LoadError, Problem
from ..graphmodel.projection import edge_model, node_model
from ..stores.dated import valid_on
from .model import Change, ChangeSet

if TYPE_CHECKING:
    import networkx as nx

    from ..graphmodel import GraphDocument

OP_ORDER = {op: i for i, op in enumerate((
    "create_area", "move_lad", "create_body", "describe_body", "replace_body", "move_lead",
    "end_relationship", "end_body", "retire_code", "end_area"))}
CLAIM_TYPES_END = "Issue:"
TOL = 1e-5


@dataclass(frozen=True)
class AddNode:
    key: str
    attrs: dict[str, Any]


@dataclass(frozen=True)
class AddEdge:
    u: str
    v: str
    k: str
    attrs: dict[str, Any]


@dataclass(frozen=True)
class End:
    target: str | tuple[str, str, str]
    day: str


@dataclass(frozen=True)
class SetNode:
    key: str
    attrs: dict[str, Any]


Op = AddNode | AddEdge | End | SetNode


class ChangeError(LoadError):
    """A change that cannot be applied to the graph it is given (a reference, a share)."""

    def __init__(self, problems: list[tuple[str, str | None, str]], where: str = "<changes>"):
        self.change_problems = problems
        super().__init__([Problem(where, None, None, f"change {cid}" + (f" ({param})" if param else "")
                                  + f": {msg}") for cid, param, msg in problems])


@dataclass
class Compiled:
    ops: list[Op] = field(default_factory=list)
    problems: list[tuple[str, str | None, str]] = field(default_factory=list)


def apply_to_graph(g: nx.MultiDiGraph[str], changes: ChangeSet | Iterable[Change],
                   copy: bool = True) -> nx.MultiDiGraph[str]:
    """``g`` with the changes applied (a copy unless ``copy=False``); raises ``ChangeError``."""
    out = g.copy() if copy else g
    compiled = compile_changes(out, changes)
    if compiled.problems:
        raise ChangeError(compiled.problems)
    return out


def apply_to_document(doc: GraphDocument, changes: ChangeSet | Iterable[Change]) -> GraphDocument:
    """The document with the changes applied, through the same operations as ``apply_to_graph``."""
    from ..graphmodel.projection import to_graph

    g = to_graph(doc)
    compiled = compile_changes(g, changes)
    if compiled.problems:
        raise ChangeError(compiled.problems)
    return replay_on_document(doc, compiled.ops)


def compile_changes(g: nx.MultiDiGraph[str], changes: ChangeSet | Iterable[Change]) -> Compiled:
    """Apply ``changes`` to ``g`` in place, returning the primitive operations and any problems."""
    items = changes.changes if isinstance(changes, ChangeSet) else tuple(changes)
    ordered = sorted(items, key=lambda c: (c.date, OP_ORDER.get(c.op, 99)))
    c = _Compiler(g)
    for change in ordered:
        before = len(c.out.problems)
        try:
            getattr(c, "op_" + change.op)(change)
        except _Refused as e:
            c.out.problems.append((change.id, e.param, e.message))
        if len(c.out.problems) > before:
            continue
    return c.out


class _Refused(Exception):
    def __init__(self, param: str | None, message: str):
        self.param, self.message = param, message


def edge_key(rel_type: str, attrs: dict[str, Any], claim: bool = False) -> str:
    merge = str(attrs.get("valid_from") or "")
    if claim:  # as graphmodel.relationships.Claim.merge_key: a statutory claim keeps its own identity
        merge = f"{attrs.get('scope') or ''}|{merge}" + ("|statutory" if attrs.get("statutory") else "")
    return f"{rel_type}|{merge}"


def source_id(change: Change) -> str:
    s = change.source
    digest = hashlib.sha1(f"{s.url}|{s.title}|{change.authoritative}".encode()).hexdigest()[:10]
    return f"change-source:{digest}"


class _Compiler:
    def __init__(self, g: nx.MultiDiGraph[str]):
        self.g = g
        self.out = Compiled()

    # -- primitives, applied to the graph and recorded --------------------------------------
    def add_node(self, key: str, attrs: dict[str, Any]) -> None:
        if key in self.g:
            raise _Refused(None, f"{key} already exists")
        clean = {k: v for k, v in attrs.items() if v is not None}
        self.g.add_node(key, **clean)
        self.out.ops.append(AddNode(key, clean))

    def add_edge(self, u: str, v: str, rel_type: str, attrs: dict[str, Any]) -> None:
        clean = {k: v for k, v in attrs.items() if v is not None and k not in ("type", "key")}
        claim = v.startswith(CLAIM_TYPES_END) and rel_type != "PART_OF"
        k = edge_key(rel_type, clean, claim)
        if self.g.has_edge(u, v, key=k):
            return  # the same relationship from the same day: once is enough
        clean["type"] = rel_type
        clean["key"] = k.split("|", 1)[1]
        self.g.add_edges_from([(u, v, k, clean)])  # type: ignore[list-item]  # keyed 4-tuple
        self.out.ops.append(AddEdge(u, v, k, clean))

    def end(self, target: str | tuple[str, str, str], day: str) -> None:
        attrs = self.g.nodes[target] if isinstance(target, str) else self.g.edges[target]
        start, stop = attrs.get("valid_from"), attrs.get("valid_to")
        if stop is not None and str(stop) <= day:
            return
        if start is not None and str(start) >= day:
            if isinstance(target, str):
                self.g.remove_node(target)
            else:
                self.g.remove_edge(*target)
        else:
            attrs["valid_to"] = day
        self.out.ops.append(End(target, day))

    def set_node(self, key: str, attrs: dict[str, Any]) -> None:
        self.g.nodes[key].update(attrs)
        self.out.ops.append(SetNode(key, attrs))

    # -- reading the graph as at the change's day -------------------------------------------
    def node(self, label: str, key: str, param: str) -> str:
        nk = f"{label}:{key}"
        if nk not in self.g:
            raise _Refused(param, f"no {label.lower()} {key!r} in the graph")
        return nk

    def live_edges(self, key: str, day: str, later: bool = False) -> list[tuple[str, str, str, dict[str, Any]]]:
        """The edges of ``key`` that hold on ``day`` (and, with ``later``, those that start after it)."""
        edges = [(u, v, k, a) for u, v, k, a in self.g.out_edges(key, keys=True, data=True)]
        edges += [(u, v, k, a) for u, v, k, a in self.g.in_edges(key, keys=True, data=True)]
        return [e for e in edges if valid_on(e[3], day) or (later and str(e[3].get("valid_from") or "") > day)]

    def end_node_and_edges(self, key: str, day: str) -> None:
        for u, v, k, _ in self.live_edges(key, day):
            self.end((u, v, k), day)
        self.end(key, day)

    def lads_of_area(self, key: str, day: str) -> dict[str, float]:
        if self.g.nodes[key].get("kind") == "LAD":
            return {key: 1.0}
        return {u: float(a.get("share", 1.0)) for u, _, a in self.g.in_edges(key, data=True)
                if a.get("type") == "PART_OF" and valid_on(a, day) and valid_on(self.g.nodes[u], day)
                and self.g.nodes[u].get("kind") == "LAD"}

    def footprint(self, key: str, day: str) -> set[str]:
        if key.startswith("Area:"):
            return set(self.lads_of_area(key, day))
        lads: set[str] = set()
        for _, v, a in self.g.out_edges(key, data=True):
            if a.get("type") == "COVERS" and valid_on(a, day) and v in self.g and valid_on(self.g.nodes[v], day):
                lads |= set(self.lads_of_area(v, day))
        return lads

    @staticmethod
    def marked(c: Change) -> dict[str, Any]:
        """The status mark of what ``c`` makes (decided with no order made, announced, proposal)."""
        mark = c.status_mark
        return {"status": mark, "status_note": c.notes or c.provenance()} if mark else {}

    def source(self, change: Change) -> str:
        sid = source_id(change)
        key = f"Source:{sid}"
        if key not in self.g:
            s = change.source
            ok_date = s.date if s.date and _is_iso_prefix(s.date) else None
            title = s.title if ok_date or not s.date else f"{s.title} ({s.date})"
            self.add_node(key, {"id": sid, "title": title[:500], "date": ok_date, "url": s.url,
                                "publisher": None, "authoritative": change.authoritative,
                                "label": "Source"})
        return sid

    # -- operations -------------------------------------------------------------------------
    def op_create_area(self, c: Change) -> None:
        p, day = c.params, c.date.isoformat()
        key = f"Area:{p['area']}"
        lads = [(self.node("Area", lad, "lads"), share) for lad, share in p.get("lads", ())]
        population = 0.0
        known = True
        for lad, share in lads:
            pop = self.g.nodes[lad].get("population")
            if pop is None:
                known = False
            else:
                population += float(pop) * (share if share is not None else 1.0)
        sid = self.source(c)
        self.add_node(key, {"code": p["area"], "name": p["name"], "kind": p["kind"], "label": "Area",
                            "vintage": p.get("vintage") or f"change {c.id}", "upper_tier": bool(p.get("upper_tier")),
                            "population": round(population) if known and lads else None,
                            "valid_from": day, "source": sid,
                            "notes": "; ".join(x for x in (p.get("notes"), c.provenance()) if x),
                            **self.marked(c)})
        for lad, share in lads:
            self.add_edge(lad, key, "PART_OF", {
                "share": share if share is not None else 1.0,
                "share_basis": p.get("share_basis", "stated") if share not in (None, 1.0) else "whole",
                "source": sid, "valid_from": day})

    def op_end_area(self, c: Change) -> None:
        self.end_node_and_edges(self.node("Area", c.params["area"], "area"), c.date.isoformat())

    def op_retire_code(self, c: Change) -> None:
        key = self.node("Area", c.params["area"], "area")
        self.set_node(key, {"successors": list(c.params.get("successors", ()))})
        self.end_node_and_edges(key, c.date.isoformat())

    def op_move_lad(self, c: Change) -> None:
        p, day = c.params, c.date.isoformat()
        lad = self.node("Area", p["lad"], "lad")
        src = self.node("Area", p["from"], "from")
        dst = self.node("Area", p["to"], "to")
        old = [(u, v, k, a) for u, v, k, a in self.g.out_edges(lad, keys=True, data=True)
               if v == src and a.get("type") == "PART_OF" and valid_on(a, day)]
        if not old:
            raise _Refused("from", f"{p['lad']} is not part of {p['from']} on {day}")
        u, v, k, a = old[0]
        a = dict(a)
        have = float(a.get("share", 1.0))
        share = float(p["share"]) if p.get("share") is not None else have
        if share > have + TOL:
            raise _Refused("share", f"{p['lad']} has only {have:g} of itself in {p['from']} on {day}; "
                                    f"cannot move {share:g}")
        sid = self.source(c)
        basis = p.get("share_basis", "stated")
        kind = self.g.nodes[dst].get("kind")
        others = [float(aa.get("share", 1.0)) for _, y, aa in self.g.out_edges(lad, data=True)
                  if aa.get("type") == "PART_OF" and y not in (src, dst) and valid_on(aa, day)
                  and self.g.nodes[y].get("kind") == kind]
        there = [(x, y, kk, aa) for x, y, kk, aa in self.g.out_edges(lad, keys=True, data=True)
                 if y == dst and aa.get("type") == "PART_OF" and valid_on(aa, day)]
        complete = abs(math.fsum([*others, have, *(float(aa.get("share", 1.0)) for *_, aa in there)]) - 1.0) <= TOL
        self.end((u, v, k), day)
        rest = have - share
        total = min(1.0, share + math.fsum(float(aa.get("share", 1.0)) for *_, aa in there))
        if complete:  # the LAD's shares of this kind add to exactly 1 after the move as before
            if rest <= TOL:
                total = 1.0 - math.fsum(others)
            elif rest >= total:
                rest = 1.0 - math.fsum([*others, total])
            else:
                total = 1.0 - math.fsum([*others, rest])
        if rest > TOL:
            self.add_edge(lad, src, "PART_OF", {**a, "share": rest, "share_basis": basis,
                                                "valid_from": day, "source": sid})
        for x, y, kk, aa in there:
            self.end((x, y, kk), day)
        whole = total >= 1.0 - TOL
        self.add_edge(lad, dst, "PART_OF", {"share": 1.0 if whole else total,
                                            "share_basis": "whole" if whole else basis,
                                            "source": sid, "valid_from": day})

    def op_create_body(self, c: Change) -> None:
        p, day = c.params, c.date.isoformat()
        key = f"Body:{p['body']}"
        until = p["valid_to"].isoformat() if p.get("valid_to") else None
        sid = self.source(c)
        notes = "; ".join(x for x in (p.get("notes"), c.provenance()) if x)
        self.add_node(key, {"id": p["body"], "name": p["name"], "kind": p["kind"], "label": "Body",
                            "council_type": p.get("council_type"), "source": sid, "notes": notes,
                            "derived": bool(p.get("derived")), "derived_reason": p.get("derived_reason"),
                            "valid_from": day, "valid_to": until, **self.marked(c)})
        dated = {"valid_from": day, "valid_to": until, "source": sid}
        for area, share in p.get("covers", ()):
            self.add_edge(key, self.node("Area", area, "covers"), "COVERS",
                          {**dated, "share": share if share is not None else 1.0,
                           "share_basis": "whole" if share in (None, 1.0) else "stated"})
        ev = c.provenance()
        role = p.get("role") or "member"
        for m in p.get("members", ()):
            self.add_edge(self.node("Body", m, "members"), key, "MEMBER_OF",
                          {**dated, "role": role, "statutory": False, "evidence": ev})
        for b in p.get("member_of", ()):
            self.add_edge(key, self.node("Body", b, "member_of"), "MEMBER_OF",
                          {**dated, "role": role, "statutory": False, "evidence": ev})
        for b in p.get("accountable_to", ()):
            self.add_edge(key, self.node("Body", b, "accountable_to"), "ACCOUNTABLE_TO",
                          {**dated, "mechanism": p.get("mechanism") or "reports_to", "evidence": ev})
        for claim_type, issue, evidence, cites in p.get("claims", ()):
            # a claim the law makes cites its section (statutory); otherwise the change's source
            self.add_edge(key, self.node("Issue", issue, "claims"), claim_type,
                          {**dated, "statutory": bool(cites), "source": cites or sid, "evidence": _join(evidence, ev)})
        if p.get("copy_links_of"):
            other = self.node("Body", p["copy_links_of"], "copy_links_of")
            for u, v, _, a in self.live_edges(other, day):
                nu, nv = (key if u == other else u), (key if v == other else v)
                self.add_edge(nu, nv, a["type"], {**a, "valid_from": day, "valid_to": until,
                                                  "evidence": _join(a.get("evidence"), f"as {p['copy_links_of']}: {ev}")})

    def op_end_body(self, c: Change) -> None:
        self.end_node_and_edges(self.node("Body", c.params["body"], "body"), c.date.isoformat())

    def op_describe_body(self, c: Change) -> None:
        p = c.params
        key = self.node("Body", p["body"], "body")
        attrs: dict[str, Any] = {}
        if p.get("name"):
            attrs["name"] = p["name"]
        attrs["notes"] = _join(self.g.nodes[key].get("notes"), _join(p.get("notes"), c.provenance()))
        if p.get("since") and not self.g.nodes[key].get("valid_from"):
            attrs["valid_from"] = p["since"].isoformat()
        self.set_node(key, attrs)

    def op_end_relationship(self, c: Change) -> None:
        p, day = c.params, c.date.isoformat()
        u = self.node("Body", p["from"], "from")
        v = self.node("Body", p["to"], "to")
        types = set(p.get("types") or ())
        hits = [(x, y, k) for x, y, k, a in self.g.out_edges(u, keys=True, data=True)
                if y == v and valid_on(a, day) and (not types or a.get("type") in types)]
        if not hits:
            raise _Refused("to", f"no relationship {p['from']} -> {p['to']} on {day}")
        for e in hits:
            self.end(e, day)

    def op_move_lead(self, c: Change) -> None:
        p, day = c.params, c.date.isoformat()
        src = self.node("Body", p["from"], "from")
        dst = self.node("Body", p["to"], "to")
        issue = f"Issue:{p['issue']}" if p.get("issue") else None
        ev = c.provenance()
        for u, v, k, a in list(self.g.out_edges(src, keys=True, data=True)):
            if v.startswith(CLAIM_TYPES_END) and valid_on(a, day) and (issue is None or v == issue):
                a = dict(a)
                self.end((u, v, k), day)
                self.add_edge(dst, v, a["type"], {**a, "valid_from": day,
                                                  "evidence": _join(a.get("evidence"), f"moved from {p['from']} by {ev}")})

    def op_replace_body(self, c: Change) -> None:
        p, day = c.params, c.date.isoformat()
        old = [self.node("Body", b, "bodies") for b in p["bodies"]]
        succ: list[str] = []
        for s in p["to"]:
            key = f"Body:{s}"
            if key not in self.g:
                if not p.get("name") or len(p["to"]) != 1:
                    raise _Refused("to", f"no body {s!r} in the graph (give name and kind to create it)")
                first = self.g.nodes[old[0]]
                self.op_create_body(Change(c.id, c.date, c.status, "create_body", {
                    "body": s, "name": p["name"], "kind": p.get("kind") or first.get("kind"),
                    "council_type": p.get("council_type", first.get("council_type")),
                    "derived": p.get("derived"), "derived_reason": p.get("derived_reason"),
                    "covers": [(v.removeprefix("Area:"), a.get("share")) for _, v, a in
                               self.g.out_edges(old[0], data=True)
                               if a.get("type") == "COVERS" and valid_on(a, day)],
                }, c.source, c.confidence, c.notes))
            succ.append(key)
        mapping = {o: succ for o in old}
        if p.get("with"):  # bodies ended by the same change, each to its own successors
            for o, s in p["with"]:
                mapping[self.node("Body", o, "with")] = [self.node("Body", x, "with") for x in s]
        fps: dict[str, set[str]] = {}

        def fp(key: str) -> set[str]:
            if key not in fps:
                fps[key] = self.footprint(key, day)
            return fps[key]

        def choose(cands: list[str], old_end: str, other: str) -> list[str]:
            """The successors that take over where the old body was and the other party is."""
            if len(cands) == 1:
                return cands
            where = [s for s in cands if fp(s) & fp(old_end)] or cands
            return [s for s in where if fp(s) & fp(other)] or where

        ev = c.provenance()
        moved: list[tuple[str, str, str, dict[str, Any], bool]] = []
        for o in mapping:
            # what holds on the day and what starts later (a statutory lead from a later Act, such
            # as the CSPs' serious violence lead from 31 January 2023): the successor takes both
            for u, v, k, a in self.live_edges(o, day, later=True):
                if a.get("type") == "COVERS":
                    continue
                moved.append((u, v, k, a, False))
        done: set[tuple[str, str, str]] = set()
        for u, v, k, a, _ in moved:
            if (u, v, k) in done:
                continue
            done.add((u, v, k))
            a = dict(a)
            us = choose(mapping[u], u, v) if u in mapping else [u]
            vs = choose(mapping[v], v, u) if v in mapping else [v]
            if u in mapping and v in mapping:
                pairs = [(x, y) for x in choose(mapping[u], u, u) for y in choose(mapping[v], v, v)
                         if x != y and fp(x) & fp(y)]
            else:
                pairs = [(x, y) for x in us for y in vs if x != y]
            self.end((u, v, k), day)
            derived = (len(mapping.get(u, [])) > 1 or len(mapping.get(v, [])) > 1)
            note = (f"moved from {u.split(':', 1)[1] if u in mapping else v.split(':', 1)[1]} by {ev}"
                    + ("; successor chosen by footprint (derived)" if derived else ""))
            for x, y in pairs:
                if x not in self.g or y not in self.g:
                    continue
                attrs = {**a, "valid_from": max(day, str(a.get("valid_from") or day))}
                if a.get("type") in ("MEMBER_OF", "ACCOUNTABLE_TO") or y.startswith(CLAIM_TYPES_END) \
                        or a.get("type") in ("FUNDS", "COMMISSIONS", "SHARES_INFORMATION_WITH"):
                    attrs["evidence"] = _join(a.get("evidence"), note)
                self.add_edge(x, y, a["type"], attrs)
        for o in mapping:
            if o in self.g:
                self.end_node_and_edges(o, day)


def _join(a: str | None, b: str | None) -> str | None:
    parts = [x for x in (a, b) if x]
    return "; ".join(parts) if parts else None


def _is_iso_prefix(text: str) -> bool:
    import re

    return re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", text) is not None


# -- replaying on a document ---------------------------------------------------------------

def replay_on_document(doc: GraphDocument, ops: Sequence[Op]) -> GraphDocument:
    from ..graphmodel import GraphDocument as Doc
    from ..graphmodel.document import NODE_FIELDS, REL_FIELDS, identity

    fields = (*NODE_FIELDS.values(), *REL_FIELDS)
    items: dict[str, dict[str, Any]] = {f: {identity(x): x for x in getattr(doc, f)} for f in fields}
    where: dict[str, str] = {ident: f for f in fields for ident in items[f]}
    for op in ops:
        if isinstance(op, AddNode):
            model, f = node_model(op.key, op.attrs)
            items[f][op.key] = model
            where[op.key] = f
        elif isinstance(op, AddEdge):
            model, f = edge_model(op.u, op.v, op.attrs)
            ident = identity(model)
            items[f][ident] = model
            where[ident] = f
        elif isinstance(op, SetNode):
            f = where[op.key]
            old = items[f][op.key]
            update = {k: (tuple(v) if isinstance(v, list) else v) for k, v in op.attrs.items()}
            if update.get("valid_from"):
                from datetime import date
                update["valid_from"] = date.fromisoformat(str(update["valid_from"]))
            items[f][op.key] = old.model_validate({**old.model_dump(), **update})
        elif isinstance(op, End):
            from datetime import date

            ident = op.target if isinstance(op.target, str) else f"{op.target[0]}->{op.target[2]}->{op.target[1]}"
            f = where[ident]
            old = items[f][ident]
            day = date.fromisoformat(op.day)
            if old.valid_from is not None and old.valid_from >= day:
                del items[f][ident]
            elif old.valid_to is None or old.valid_to > day:
                items[f][ident] = old.model_copy(update={"valid_to": day})
    return Doc.model_validate({**{f: tuple(items[f].values()) for f in fields},
                               "keep_existing": doc.keep_existing})

"""The networkx reader: the facts of ``queries.reader.Reader``, walked over a dated projection.

The graph handed in is already as at the date (``reader.dated_graph`` or an overlaid projection
passed through ``as_at``), so nothing here looks at ``valid_from`` / ``valid_to`` again.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from ..resolve import AreaIndex, AreaRef, BodyIndex, IssueIndex, IssueRef
from ._graph import footprint, in_edges, lad_shares, nodes, out_edges, source_info
from .facts import (
    AccountabilityLine, AreaFact, BodyFact, ClaimFact, Counts, IssueFact, PartnershipFact, Shares, Taxonomy,
)

if TYPE_CHECKING:
    import networkx as nx


T = TypeVar("T")
V = TypeVar("V")


def narrow(fp: Mapping[str, float], scope: Mapping[str, float] | None, lads: Iterable[str] | None) -> Shares:
    """A footprint narrowed to a claim's scope (the smaller share on each LAD) and to ``lads``."""
    keep = set(lads) if lads is not None else None
    out: Shares = {}
    for lad, share in fp.items():
        if keep is not None and lad not in keep:
            continue
        if scope is not None:
            if lad not in scope:
                continue
            share = min(share, scope[lad])
        if share > 0:
            out[lad] = share
    return out


def _by_lower_name(pairs: Iterable[tuple[str, V]]) -> dict[str, list[V]]:
    out: dict[str, list[V]] = {}
    for name, value in pairs:
        out.setdefault(name.lower(), []).append(value)
    return out


class NxReader:
    """Facts from a networkx projection that is already as at ``on``."""

    def __init__(self, g: nx.MultiDiGraph[str], on: str):
        self.g = g
        self.on = on
        self._footprints: dict[str, Shares] = {}
        self._memo: dict[str, Any] = {}
        self._covers_fra: set[str] | None = None

    def graph(self) -> nx.MultiDiGraph[str]:
        return self.g

    def _footprint(self, body_id: str) -> Shares:
        if body_id not in self._footprints:
            self._footprints[body_id] = footprint(self.g, body_id)
        return self._footprints[body_id]

    # -- name resolution ---------------------------------------------------------------------
    def _once(self, name: str, make: Callable[[], T]) -> T:
        """``make()`` the first time it is asked for: the projection never changes under a reader."""
        if name not in self._memo:
            self._memo[name] = make()
        return self._memo[name]  # type: ignore[no-any-return]

    def area_index(self) -> AreaIndex:
        return self._once("area_index", self._make_area_index)

    def _make_area_index(self) -> AreaIndex:
        g = self.g
        areas = list(nodes(g, "Area"))
        return AreaIndex((AreaRef(a["code"], a["name"], a["kind"]) for _, a in areas),
                         {a["code"]: [g.nodes[v]["code"] for v, _ in out_edges(g, k, "PART_OF")] for k, a in areas})

    def lookup_areas(self, code: str, lower: str) -> list[AreaRef]:
        by_code = self.g.nodes.get(f"Area:{code}")
        out = [AreaRef(by_code["code"], by_code["name"], by_code["kind"])] if by_code else []
        return out + self._once("areas_by_name", lambda: _by_lower_name(
            (str(a["name"]), AreaRef(a["code"], a["name"], a["kind"])) for _, a in nodes(self.g, "Area"))).get(lower, [])

    def lookup_body(self, body_id: str, lower: str) -> tuple[str | None, list[str]]:
        by_id = self.g.nodes.get(f"Body:{body_id}")
        return (str(by_id["id"]) if by_id else None,
                list(self._once("bodies_by_name", lambda: _by_lower_name(
                    (str(b["name"]), str(b["id"])) for _, b in nodes(self.g, "Body"))).get(lower, [])))

    def issue_index(self) -> IssueIndex:
        return self._once("issue_index", lambda: IssueIndex(IssueRef(a["id"], a["name"], tuple(a.get("synonyms", ())))
                                                            for _, a in nodes(self.g, "Issue")))

    def body_index(self) -> BodyIndex:
        return self._once("body_index", lambda: BodyIndex((a["id"], a["name"]) for _, a in nodes(self.g, "Body")))

    # -- geography ---------------------------------------------------------------------------
    def lad_shares(self, code: str | None) -> Shares:
        if code is None:
            return {c: 1.0 for c in sorted(a["code"] for _, a in nodes(self.g, "Area") if a.get("kind") == "LAD")}
        return lad_shares(self.g, code)

    def populations(self) -> dict[str, int | None]:
        return dict(self._once("populations", lambda: {a["code"]: a.get("population") for _, a in nodes(self.g, "Area")
                                                       if a.get("kind") == "LAD"}))

    def area_footprints(self, kinds: Iterable[str], utla: bool) -> list[tuple[str, str, Shares]]:
        wanted = set(kinds)
        out = []
        for _, a in nodes(self.g, "Area"):
            kind = a.get("kind")
            if kind in wanted or (utla and kind == "LAD" and a.get("upper_tier")):
                shares = lad_shares(self.g, a["code"])
                if shares:
                    out.append((a["code"], a["name"], shares))
        return out

    def area_parents(self) -> dict[str, frozenset[str]]:
        g = self.g
        out: dict[str, frozenset[str]] = {}
        for key, a in nodes(g, "Area"):
            if a.get("kind") != "LAD":
                parents = frozenset(g.nodes[v]["code"] for v, _ in out_edges(g, key, "PART_OF"))
                if parents:
                    out[a["code"]] = parents
        return out

    def body_footprints(self, kind: str) -> list[tuple[str, str, Shares]]:
        out = []
        for _, b in nodes(self.g, "Body"):
            if b.get("kind") == kind:
                shares = self._footprint(b["id"])
                if shares:
                    out.append((b["id"], b["name"], shares))
        return out

    # -- issues and claims -------------------------------------------------------------------
    def taxonomy(self) -> Taxonomy:
        return self._once("taxonomy", self._make_taxonomy)

    def _make_taxonomy(self) -> Taxonomy:
        g = self.g
        names = {a["id"]: a["name"] for _, a in nodes(g, "Issue")}
        parents = {i: frozenset(g.nodes[v]["id"] for v, _ in out_edges(g, f"Issue:{i}", "PART_OF")
                                if g.nodes[v].get("label") == "Issue") for i in names}
        return Taxonomy(names, parents)

    def issues(self) -> list[IssueFact]:
        g = self.g
        out = []
        for key, a in nodes(g, "Issue"):
            cited = {g.nodes[v]["id"]: str(e.get("source") or "") for v, e in out_edges(g, key, "PART_OF")
                     if g.nodes[v].get("label") == "Issue"}
            parents = sorted(cited)
            out.append(IssueFact(a["id"], a["name"], tuple(a.get("synonyms", ())), max(parents) if parents else None,
                                 tuple(parents), tuple(cited[p] for p in parents)))
        return out

    def claims(self, claim_types: Iterable[str], issues: Iterable[str] | None,
               lads: Iterable[str] | None) -> list[ClaimFact]:
        g = self.g
        types = set(claim_types)
        wanted = set(issues) if issues is not None else None
        keep = list(lads) if lads is not None else None
        out: list[ClaimFact] = []
        # claims point at their issue: for named issues, read only those issues' incoming edges
        edges = (g.edges(data=True) if wanted is None else
                 [(u, v, e) for i in sorted(wanted) if f"Issue:{i}" in g
                  for u, v, e in g.in_edges(f"Issue:{i}", data=True)])
        for u, v, e in edges:
            if e.get("type") not in types:
                continue
            issue = g.nodes[v]
            body = g.nodes[u]
            if issue.get("label") != "Issue" or body.get("label") != "Body":
                continue
            if wanted is not None and issue["id"] not in wanted:
                continue
            scope = e.get("scope")
            coverage = narrow(self._footprint(body["id"]), lad_shares(g, scope) if scope else None, keep)
            if not coverage:
                continue
            sid, title, auth = source_info(g, e.get("source"))
            out.append(ClaimFact(claim=e["type"], body_id=body["id"], body_name=body["name"],
                                 body_kind=body["kind"], issue_id=issue["id"], scope=scope, source=sid,
                                 source_title=title, authoritative=auth, evidence=e.get("evidence"),
                                 coverage=coverage, statutory=bool(e.get("statutory", False)),
                                 body_derived=bool(body.get("derived", False)),
                                 body_derived_reason=body.get("derived_reason"), body_source=body.get("source"),
                                 body_source_title=g.nodes.get(f"Source:{body.get('source')}", {}).get("title"),
                                 body_status=body.get("status"), body_status_note=body.get("status_note")))
        return out

    # -- bodies ------------------------------------------------------------------------------
    def partnerships(self, kinds: Iterable[str]) -> list[PartnershipFact]:
        g = self.g
        wanted = set(kinds)
        out = []
        # bodies that cover a fire and rescue authority area: a council that is its own fire authority
        if self._covers_fra is None:
            self._covers_fra = {u for key, a in nodes(g, "Area") if a.get("kind") == "FRA"
                                for u, _, c in g.in_edges(key, data=True) if c.get("type") == "COVERS"}
        covers_fra = self._covers_fra
        for key, b in nodes(g, "Body"):
            if b["kind"] not in wanted:
                continue
            members = set()
            for u, _, e in g.in_edges(key, data=True):
                if e.get("type") == "MEMBER_OF" and g.nodes[u].get("label") == "Body":
                    members.add(str(g.nodes[u].get("kind")))
                    if u in covers_fra:
                        members.add("fire_authority")  # a council that is its own fire and rescue authority
            out.append(PartnershipFact(b["id"], b["name"], b["kind"], self._footprint(b["id"]), frozenset(members),
                                       bool(b.get("derived", False)), b.get("status")))
        return out

    def accountability_lines(self, body_id: str) -> list[AccountabilityLine]:
        g = self.g
        if f"Body:{body_id}" not in g:
            return []
        seen = {body_id}
        queue = deque([body_id])
        out: list[AccountabilityLine] = []
        while queue:
            here = queue.popleft()
            key = f"Body:{here}"
            for v, e in out_edges(g, key, "ACCOUNTABLE_TO"):
                other = g.nodes[v]
                if other.get("label") != "Body":
                    continue
                if other["id"] not in seen:
                    seen.add(other["id"])
                    queue.append(other["id"])
                sid, title, auth = source_info(g, e.get("source"))
                out.append(AccountabilityLine(here, g.nodes[key]["name"], other["id"], other["name"], other["kind"],
                                              e["mechanism"], sid, title, auth, e.get("evidence")))
        return out

    def unscrutinised(self, kind: str | None) -> list[tuple[str, str, str]]:
        g = self.g
        return [(b["id"], b["name"], b["kind"]) for key, b in nodes(g, "Body")
                if (kind is None or b["kind"] == kind)
                and not any(g.nodes[v].get("label") == "Body" for v, _ in out_edges(g, key, "ACCOUNTABLE_TO"))]

    # -- listings ----------------------------------------------------------------------------
    def find_areas(self, needle: str, kind: str | None) -> list[AreaFact]:
        out = []
        for _, a in nodes(self.g, "Area"):
            if kind == "UTLA":
                if not (a["kind"] == "CTYUA" or (a["kind"] == "LAD" and a.get("upper_tier"))):
                    continue
            elif kind and a["kind"] != kind:
                continue
            if needle and needle != a["code"].lower() and needle not in a["name"].lower():
                continue
            out.append(AreaFact(a["code"], a["name"], a["kind"], a.get("population")))
        return out

    def find_bodies(self, needle: str, kind: str | None, area_lads: Iterable[str] | None) -> list[BodyFact]:
        inside = set(area_lads) if area_lads is not None else None
        out = []
        for _, b in nodes(self.g, "Body"):
            if kind and b["kind"] != kind:
                continue
            if needle and needle not in b["id"].lower() and needle not in b["name"].lower():
                continue
            fp = self._footprint(b["id"])
            if inside is not None and not (inside & set(fp)):
                continue
            sid, _, auth = source_info(self.g, b.get("source"))
            out.append(BodyFact(b["id"], b["name"], b["kind"], len(fp), sid, auth,
                                bool(b.get("derived", False)), b.get("derived_reason"), b.get("status"),
                                b.get("status_note")))
        return out

    def counts(self) -> Counts:
        from collections import Counter

        g = self.g
        node_counts = Counter((str(a.get("label", "")), str(a.get("kind", ""))) for _, a in g.nodes(data=True))
        derived = Counter((str(a.get("label", "")), str(a.get("kind", ""))) for _, a in g.nodes(data=True)
                          if a.get("derived"))
        rel_counts = Counter(str(a.get("type", "")) for _, _, a in g.edges(data=True))
        return Counts(dict(node_counts), dict(rel_counts), dict(derived))

    # -- one node and what touches it ----------------------------------------------------------
    def area_record(self, code: str) -> dict[str, Any]:
        g = self.g
        key = f"Area:{code}"
        a = g.nodes[key]

        def link(other: str, e: dict[str, Any]) -> dict[str, Any]:
            o = g.nodes[other]
            return {"code": o["code"], "name": o["name"], "kind": o["kind"], "share": e.get("share"),
                    "share_basis": e.get("share_basis")}

        return {"area": {"code": a["code"], "name": a["name"], "kind": a["kind"], "population": a.get("population"),
                         "valid_from": a.get("valid_from"), "valid_to": a.get("valid_to"),
                         "status": a.get("status"), "status_note": a.get("status_note")},
                "part_of": [link(v, e) for v, e in out_edges(g, key, "PART_OF")],
                "contains": [link(u, e) for u, e in in_edges(g, key, "PART_OF")],
                "covered_by": [{"id": g.nodes[u]["id"], "name": g.nodes[u]["name"], "kind": g.nodes[u]["kind"],
                                "share": e.get("share"), "derived": bool(g.nodes[u].get("derived", False)),
                                "status": g.nodes[u].get("status"),
                                "authoritative": source_info(g, g.nodes[u].get("source"))[2]}
                               for u, e in in_edges(g, key, "COVERS")]}

    def body_record(self, body_id: str, types: Iterable[str], claim_types: Iterable[str]) -> dict[str, Any]:
        g = self.g
        key = f"Body:{body_id}"
        wanted, claim_wanted = set(types), set(claim_types)

        def props(e: dict[str, Any]) -> dict[str, Any]:
            return {k: v for k, v in e.items() if k != "type"}

        def other(n: str) -> dict[str, Any]:
            o = g.nodes[n]
            return {"id": o.get("id"), "name": o.get("name"), "kind": o.get("kind")}

        covers = []
        for v, e in out_edges(g, key, "COVERS"):
            a = g.nodes[v]
            covers.append({"code": a["code"], "name": a["name"], "kind": a["kind"], "share": e.get("share"),
                           "lads": sorted(lad_shares(g, a["code"]))})
        outgoing = [{"props": props(e), "type": e["type"], "other": other(v)}
                    for _, v, e in g.out_edges(key, data=True) if e.get("type") in wanted]
        incoming = [{"props": props(e), "type": e["type"], "other": other(u)}
                    for u, _, e in g.in_edges(key, data=True) if e.get("type") in wanted]
        claims = [{"props": props(e), "type": e["type"], "issue": {"id": g.nodes[v]["id"], "name": g.nodes[v]["name"]}}
                  for _, v, e in g.out_edges(key, data=True)
                  if e.get("type") in claim_wanted and g.nodes[v].get("label") == "Issue"]
        body = {k: v for k, v in g.nodes[key].items() if k != "label"}
        source_ids = {body.get("source") or "unsourced"} | {
            x["props"].get("source") or "unsourced" for x in outgoing + incoming + claims}
        sources = []
        for sid in sorted(source_ids):
            s = g.nodes.get(f"Source:{sid}")
            if s is not None:
                sources.append({"id": sid, "title": s.get("title"), "authoritative": s.get("authoritative")})
        return {"body": body, "covers": covers, "outgoing": outgoing, "incoming": incoming, "claims": claims,
                "sources": sources}

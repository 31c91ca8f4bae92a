"""Which part of the graph an export holds: the one selection rule behind ``--area`` and ``--issue``.

Every exporter (html, graphml, gexf, json, csv, cypher) and the HTML page's own filters take
their nodes from ``Selector.node_keys``, so a file and the page agree on what "Oldham" or
"domestic abuse" means. The rule, on the networkx projection of either store:

- **By area** (a county with its districts): the bodies whose footprint shares a LAD with the
  area (``footprint`` / ``lad_shares`` of ``queries._common``, the basis of all geography maths),
  plus bodies with no footprint at all (national bodies such as the DWP) that are directly related
  to one of them, since such a body acts wherever it takes part; the area itself, its LADs, and
  every area a selected body COVERS (so each footprint edge is shown); the issues the selected
  bodies claim.
- **By issue**: the bodies that LEAD, SUPPORT or PRIORITISE the issue or a narrower one
  (``issue PART_OF`` taxonomy: domestic abuse is part of VAWG), the issue with every narrower
  issue, and the areas the selected bodies cover.
- **Both**: the bodies that satisfy both, the issue's subtree, and the area with its LADs and the
  areas the selected bodies cover.
- Sources cited (``source`` attribute) by a selected node or by an edge between selected nodes
  come along, so every claim in the export keeps its source.

Edges are those of the projection between selected nodes (the induced subgraph). A claim's
``scope`` is kept on the claim edge and does not narrow the selection.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx

    from ..stores.base import Store

__all__ = ["CLAIM_TYPES", "INTERNAL_ATTRIBUTES", "Selection", "Selector", "for_people", "select", "subgraph"]

CLAIM_TYPES = frozenset({"LEADS", "SUPPORTS", "PRIORITISES"})
# Attributes the stores need and people do not: the merge key of a relationship, and the names
# of the datasets that state an element (provenance for reloads; the source says who stated it).
INTERNAL_ATTRIBUTES = ("key", "merge_key", "datasets", "networkx_key")
BODY_LINK_TYPES = frozenset({"MEMBER_OF", "ACCOUNTABLE_TO", "FUNDS", "COMMISSIONS", "SHARES_INFORMATION_WITH"})


@dataclass(frozen=True)
class Selection:
    """A selected subgraph and what was asked for, in words an output can show."""

    graph: nx.MultiDiGraph[str]
    area_code: str | None = None
    area_name: str | None = None
    area_kind: str | None = None
    issue_id: str | None = None
    issue_name: str | None = None

    @property
    def description(self) -> str:
        """``Oldham (LAD E08000004), issue Domestic abuse``, or ``England and Wales``."""
        parts = []
        if self.area_code:
            parts.append(f"{self.area_name} ({self.area_kind} {self.area_code})")
        if self.issue_id:
            parts.append(f"issue {self.issue_name}")
        return ", ".join(parts) if parts else "England and Wales"


class Selector:
    """The selection rule over one graph, with footprints worked out once for many selections.

    The HTML page asks for a selection per filter option (hundreds for a national export), so
    the per-body facts are indexed here: footprint LADs, covered areas, claimed issues.
    """

    def __init__(self, g: nx.MultiDiGraph[str]):
        from ..queries._common import footprint, lad_shares

        self.g = g
        self._lad_shares = lad_shares
        self.body_lads: dict[str, frozenset[str]] = {}
        self.body_covers: dict[str, list[str]] = {}
        self.body_claims: dict[str, set[str]] = {}
        self.body_neighbours: dict[str, set[str]] = {}
        self.lad_bodies: dict[str, set[str]] = {}
        self.issue_children: dict[str, set[str]] = {}
        for key, attrs in g.nodes(data=True):
            label = attrs.get("label")
            if label == "Body":
                lads = frozenset(footprint(g, attrs["id"]))
                self.body_lads[key] = lads
                for lad in lads:
                    self.lad_bodies.setdefault(lad, set()).add(key)
                self.body_covers[key] = []
                self.body_claims[key] = set()
                self.body_neighbours[key] = set()
            elif label == "Issue":
                self.issue_children.setdefault(key, set())
        for u, v, e in g.edges(data=True):
            rel = e.get("type")
            if rel == "COVERS" and u in self.body_covers:
                self.body_covers[u].append(v)
            elif rel in CLAIM_TYPES and u in self.body_claims:
                self.body_claims[u].add(v)
            elif rel in BODY_LINK_TYPES and u in self.body_neighbours and v in self.body_neighbours:
                self.body_neighbours[u].add(v)
                self.body_neighbours[v].add(u)
            elif rel == "PART_OF" and g.nodes[u].get("label") == "Issue":
                self.issue_children.setdefault(v, set()).add(u)

    # -- the parts of the rule ---------------------------------------------------------------
    def area_lads(self, area_code: str) -> set[str]:
        """The LAD codes of an area (itself for a LAD)."""
        return set(self._lad_shares(self.g, area_code))

    def narrower_or_self(self, issue_id: str) -> set[str]:
        """Node keys of the issue and every issue below it in the taxonomy."""
        start = f"Issue:{issue_id}"
        found, todo = {start}, [start]
        while todo:
            for child in self.issue_children.get(todo.pop(), ()):
                if child not in found:
                    found.add(child)
                    todo.append(child)
        return found & set(self.issue_children)

    def bodies_touching(self, area_code: str) -> set[str]:
        out: set[str] = set()
        for lad in self.area_lads(area_code):
            out |= self.lad_bodies.get(lad, set())
        return out

    # -- the rule ----------------------------------------------------------------------------
    def node_keys(self, area_code: str | None = None, issue_id: str | None = None) -> set[str]:
        """Node keys (``Label:key``) of the selection; every node when neither is given."""
        g = self.g
        if area_code is None and issue_id is None:
            return set(g.nodes)
        bodies = set(self.body_lads)
        areas: set[str] = set()
        issues: set[str] | None = None
        if area_code is not None:
            touching = self.bodies_touching(area_code)
            bodies &= touching
            areas |= {f"Area:{area_code}"} | {f"Area:{lad}" for lad in self.area_lads(area_code)}
        if issue_id is not None:
            issues = self.narrower_or_self(issue_id)
            bodies = {b for b in bodies if self.body_claims[b] & issues}
        elif area_code is not None:
            bodies |= {n for b in bodies for n in self.body_neighbours[b] if not self.body_lads[n]}
        for b in bodies:
            areas.update(self.body_covers[b])
        if issues is None:
            issues = {i for b in bodies for i in self.body_claims[b]}
        chosen = (bodies | areas | issues) & set(g.nodes)
        return chosen | self._cited_sources(chosen)

    def _cited_sources(self, chosen: set[str]) -> set[str]:
        g = self.g
        cited = {a["source"] for n in chosen if "source" in (a := g.nodes[n])}
        for n in chosen:
            for _, v, e in g.out_edges(n, data=True):
                if v in chosen and "source" in e:
                    cited.add(e["source"])
        return {f"Source:{s}" for s in cited} & set(g.nodes)


def subgraph(g: nx.MultiDiGraph[str], area_code: str | None = None, issue_id: str | None = None,
             selector: Selector | None = None) -> nx.MultiDiGraph[str]:
    """The selection as a new graph: selected nodes and every edge between them (attributes copied).

    Nodes and edges keep the projection's sorted order, so an export is stable from run to run.
    """
    import networkx as nx

    if area_code is None and issue_id is None:
        keys: Iterable[str] = g.nodes
    else:
        keys = (selector or Selector(g)).node_keys(area_code, issue_id)
    keep = set(keys)
    out: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    out.add_nodes_from((n, dict(a)) for n, a in sorted(g.nodes(data=True)) if n in keep)  # type: ignore[arg-type,str-unpack]  # stubs type data=True loosely
    out.add_edges_from((u, v, k, dict(a)) for u, v, k, a in sorted(g.edges(keys=True, data=True),  # type: ignore[misc]
                                                                   key=lambda t: (t[0], t[1], t[2]))
                       if u in keep and v in keep)
    return out


def select(store: Store, area: str | None = None, issue: str | None = None, *,
           on: date | None = None, all_dates: bool = False) -> Selection:
    """Resolve ``area`` and ``issue`` as every command does (code, name, prefix, synonym) and select
    from the graph as at ``on`` (default today).

    Raises
    ------
    QueryError
        The area or the issue does not resolve (the message suggests near matches).
    """
    from ..queries._common import resolve_area, resolve_issue
    from ..queries.reader import reader

    rd = reader(store, on=on)
    area_ref = resolve_area(rd, area) if area else None
    issue_ref = resolve_issue(rd, issue) if issue else None
    # all_dates: every dated element whatever its dates (Gephi's timeline plays them); names still
    # resolve as at ``on``
    g = store.graph() if all_dates else rd.graph()
    chosen = subgraph(g, area_ref.code if area_ref else None, issue_ref.id if issue_ref else None)
    return Selection(chosen, area_code=area_ref.code if area_ref else None,
                     area_name=area_ref.name if area_ref else None, area_kind=area_ref.kind if area_ref else None,
                     issue_id=issue_ref.id if issue_ref else None, issue_name=issue_ref.name if issue_ref else None)


def for_people(g: nx.MultiDiGraph[str], *, keep_internal: bool = False,
               node_type: bool = False) -> nx.MultiDiGraph[str]:
    """The graph as the files people open hold it (HTML, CSV, GEXF, GraphML).

    - Source nodes are not nodes there: every node and relationship names its source in
      ``source`` with the title beside it in ``source_title``, so a file loses nothing and every
      format holds the same nodes for the same ``--area`` (the HTML page never drew sources).
    - Internal attributes (``INTERNAL_ATTRIBUTES``: merge keys, dataset names) are left out,
      unless ``keep_internal``.
    - With ``node_type`` (GEXF, GraphML, whose writers reserve ``label``), a node's label (Area,
      Body, Issue) is written as ``node_type``.
    """
    import networkx as nx

    titles = {a.get("id"): a.get("title") for _, a in g.nodes(data=True) if a.get("label") == "Source"}

    def clean(attrs: dict[str, object]) -> dict[str, object]:
        out = {k: v for k, v in attrs.items() if keep_internal or k not in INTERNAL_ATTRIBUTES}
        sid = attrs.get("source")
        if isinstance(sid, str) and titles.get(sid) is not None:
            out["source_title"] = titles[sid]
        return out

    people: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    def typed(attrs: dict[str, object]) -> dict[str, object]:
        if node_type and "label" in attrs:
            attrs = {("node_type" if k == "label" else k): v for k, v in attrs.items()}
        return attrs

    people.add_nodes_from((n, typed(clean(a))) for n, a in g.nodes(data=True) if a.get("label") != "Source")
    people.add_edges_from((u, v, k, clean(a)) for u, v, k, a in g.edges(keys=True, data=True)  # type: ignore[misc]
                          if u in people and v in people)
    return people

"""The projection codec: a document's nodes and relationships as networkx rows, and back.

Both stores hold the same projection (``stores.base``): node keys ``Label:key`` (``Area:E08000004``,
``Body:csp:oldham``) with the model's fields plus ``label``; edge keys ``TYPE|merge_key`` with the
relationship's fields plus ``type``; ``None`` left out, as Neo4j has no null properties. This
module is that mapping, written once: the stores write with it, ``changes`` replays scenarios
through it and ``loaders`` reads joint arrangements back with it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx

    from . import GraphDocument, Issue, Relationship, Source
    from .nodes import Node

__all__ = ["edge_attrs", "edge_identity", "edge_model", "edge_rows", "node_attrs", "node_key", "node_model",
           "node_rows", "to_graph"]


def node_key(label: str, key: str) -> str:
    return f"{label}:{key}"


def node_attrs(node: Node | Issue | Source) -> dict[str, Any]:
    """The stored properties of one node (without its label): one definition for both stores."""
    attrs = node.model_dump(mode="json", exclude_none=True)
    if "synonyms" in attrs:
        attrs["synonyms"] = list(attrs["synonyms"])
    for empty_as_none in ("successors", "replaces"):  # like None: Neo4j keeps no empty property
        if not attrs.get(empty_as_none):
            attrs.pop(empty_as_none, None)
    return attrs


def node_rows(doc: GraphDocument) -> Iterator[tuple[str, dict[str, Any]]]:
    """(networkx key, attributes) for every node of a document."""
    for node in doc.nodes():
        attrs = node_attrs(node)
        attrs["label"] = node.label.value
        yield node_key(node.label.value, node.key), attrs


def edge_identity(start: str, end: str, key: str) -> str:
    """The identity string of a projected edge, as ``graphmodel.document.identity`` makes it."""
    return f"{start}->{key}->{end}"


def edge_attrs(rel: Relationship) -> dict[str, Any]:
    """The stored properties of one relationship (without its type, with ``key``, its merge key)."""
    attrs = rel.model_dump(mode="json", exclude_none=True, exclude=_NOT_STORED)
    attrs["key"] = rel.merge_key
    return attrs


_NOT_STORED: set[str] = {"start", "end", "link", "claim"}


def edge_rows(doc: GraphDocument) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
    """(start key, end key, edge key, attributes) for every relationship of a document."""
    for rel in doc.relationships():
        attrs = edge_attrs(rel)
        attrs["type"] = rel.rel_type
        yield (node_key(rel.start_label.value, rel.start), node_key(rel.end_label.value, rel.end),
               f"{rel.rel_type}|{rel.merge_key}", attrs)


def to_graph(doc: GraphDocument) -> nx.MultiDiGraph[str]:
    """The document as a networkx projection (what a store holding only it would project)."""
    import networkx as nx

    g: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    g.add_nodes_from(node_rows(doc))
    g.add_edges_from(edge_rows(doc))  # type: ignore[arg-type]  # stubs omit keyed 4-tuples
    return g


def node_model(key: str, attrs: dict[str, Any]) -> tuple[Any, str]:
    """A node of the networkx projection back as its model, with the document field it goes in
    (scenario replays, ``loaders.dataset.joint_arrangements`` reading joint bodies from a store)."""
    from . import Area, Body, Issue, Source

    label = key.split(":", 1)[0]
    cls: Any
    cls, f = {"Area": (Area, "areas"), "Body": (Body, "bodies"), "Source": (Source, "sources"),
              "Issue": (Issue, "issues")}[label]
    data = {k: (tuple(v) if isinstance(v, list) else v) for k, v in attrs.items() if k in cls.model_fields}
    return cls.model_validate(data), f


def edge_model(u: str, v: str, attrs: dict[str, Any]) -> tuple[Any, str]:
    """An edge of the projection back as its relationship model, with the document field it goes in."""
    from . import AccountableTo, AreaPartOf, Claim, Covers, IssuePartOf, Link, MemberOf

    t = attrs["type"]
    ul, vl = u.split(":", 1)[0], v.split(":", 1)[0]
    data: dict[str, Any] = {"start": u.split(":", 1)[1], "end": v.split(":", 1)[1]}
    cls: Any
    if t == "PART_OF":
        cls, f = (AreaPartOf, "area_part_of") if ul == "Area" else (IssuePartOf, "issue_part_of")
    elif t == "COVERS":
        cls, f = Covers, "covers"
    elif t == "MEMBER_OF":
        cls, f = MemberOf, "memberships"
    elif t == "ACCOUNTABLE_TO":
        cls, f = AccountableTo, "accountability"
    elif vl == "Issue":
        cls, f = Claim, "claims"
        data["claim"] = t
    else:
        cls, f = Link, "links"
        data["link"] = t
    data.update({k: val for k, val in attrs.items() if k in cls.model_fields and k not in ("start", "end")})
    return cls.model_validate(data), f

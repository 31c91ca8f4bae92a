"""The issue taxonomy as a tree: each issue with its parent and depth, in reading order."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, LiteralString

from ._common import Row, is_neo4j, nodes, out_edges

if TYPE_CHECKING:
    from ..stores.base import Store

__all__ = ["IssueRow", "issue_tree"]


class IssueRow(Row):
    id: str
    name: str
    synonyms: list[str]
    parent: str | None
    depth: int


def issue_tree(store: Store) -> list[IssueRow]:
    """Depth-first, children sorted by name: a root, then everything under it, then the next root.

    Both twins return the same facts (each issue with its parent); the tree walk and its order
    are built here, once. An issue given several parents hangs under the one with the greatest
    id, so the answer does not depend on the order a store returns edges in.
    """
    facts = _via_cypher(store) if is_neo4j(store) else _via_networkx(store)
    issues = {f["id"]: f for f in facts}
    children: dict[str | None, list[str]] = {}
    for iid, f in issues.items():
        children.setdefault(f["parent"], []).append(iid)
    out: list[IssueRow] = []

    def walk(iid: str, depth: int) -> None:
        f = issues[iid]
        out.append(IssueRow(id=iid, name=f["name"], synonyms=list(f["synonyms"] or []),
                            parent=f["parent"], depth=depth))
        for child in sorted(children.get(iid, []), key=lambda c: (issues[c]["name"].lower(), c)):
            walk(child, depth + 1)

    for root in sorted(children.get(None, []), key=lambda c: (issues[c]["name"].lower(), c)):
        walk(root, 0)
    return out


def _via_networkx(store: Store) -> list[dict[str, Any]]:
    g = store.graph()
    facts = []
    for key, a in nodes(g, "Issue"):
        parents = [g.nodes[v]["id"] for v, _ in out_edges(g, key, "PART_OF")]
        facts.append({"id": a["id"], "name": a["name"], "synonyms": list(a.get("synonyms", [])),
                      "parent": max(parents) if parents else None})
    return facts


CYPHER_ISSUES: LiteralString = """\
MATCH (i:Issue)
OPTIONAL MATCH (i)-[:PART_OF]->(p:Issue)
RETURN i.id AS id, i.name AS name, coalesce(i.synonyms, []) AS synonyms, max(p.id) AS parent"""


def _via_cypher(store: Store) -> list[dict[str, Any]]:
    return store.read(CYPHER_ISSUES)  # type: ignore[attr-defined,no-any-return]

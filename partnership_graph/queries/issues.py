"""The issue taxonomy as a tree: each issue with its parent and depth, in reading order."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._common import Row, nodes, out_edges

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
    """Depth-first, children sorted by name: a root, then everything under it, then the next root."""
    g = store.graph()
    issues = {a["id"]: a for _, a in nodes(g, "Issue")}
    parent: dict[str, str] = {}
    for iid in issues:
        for v, _ in out_edges(g, f"Issue:{iid}", "PART_OF"):
            parent[iid] = g.nodes[v]["id"]
    children: dict[str | None, list[str]] = {}
    for iid in issues:
        children.setdefault(parent.get(iid), []).append(iid)
    out: list[IssueRow] = []

    def walk(iid: str, depth: int) -> None:
        a = issues[iid]
        out.append(IssueRow(id=iid, name=a["name"], synonyms=list(a.get("synonyms", [])),
                            parent=parent.get(iid), depth=depth))
        for child in sorted(children.get(iid, []), key=lambda c: issues[c]["name"].lower()):
            walk(child, depth + 1)

    for root in sorted(children.get(None, []), key=lambda c: issues[c]["name"].lower()):
        walk(root, 0)
    return out

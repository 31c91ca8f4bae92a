"""The issue taxonomy as a tree: each issue with its parent and depth, in reading order."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from ._common import Row, Rows
from .reader import reader

if TYPE_CHECKING:
    from ..stores.base import Store
    from .reader import Overlay

__all__ = ["IssueRow", "issue_tree"]


class IssueRow(Row):
    """An issue in reading order. The taxonomy is a DAG: ``parents`` names every broader issue
    (domestic abuse: violence against women and girls, and serious violence), ``parent`` the one
    it is shown under in the tree."""

    id: str
    name: str
    synonyms: list[str]
    parent: str | None
    depth: int
    parents: list[str] = []
    parent_names: list[str] = []
    parent_sources: list[str] = []   # aligned with ``parents``: the section that puts it there ("" if none)


def issue_tree(store: Store, *, on: date | None = None, scenario: Overlay | None = None) -> Rows[IssueRow]:
    """Depth-first, children sorted by name: a root, then everything under it, then the next root.

    Both readers return the same facts (each issue with its parent, as at ``on``, default
    today); the tree walk and its order are built here, once. An issue given several parents
    hangs under the one with the greatest id, so the answer does not depend on the order a store
    returns edges in.
    """
    rd = reader(store, on=on, scenario=scenario)
    issues = {f.id: f for f in rd.issues()}
    children: dict[str | None, list[str]] = {}
    for iid, f in issues.items():
        children.setdefault(f.parent if f.parent in issues else None, []).append(iid)
    out: list[IssueRow] = []

    def walk(iid: str, depth: int) -> None:
        f = issues[iid]
        cited = dict(zip(f.parents, f.parent_sources))
        ps = sorted(p for p in f.parents if p in issues)
        out.append(IssueRow(id=iid, name=f.name, synonyms=list(f.synonyms), parent=f.parent, depth=depth,
                            parents=ps, parent_names=[issues[p].name for p in ps],
                            parent_sources=[cited.get(p, "") for p in ps]))
        for child in sorted(children.get(iid, []), key=lambda c: (issues[c].name.lower(), c)):
            walk(child, depth + 1)

    for root in sorted(children.get(None, []), key=lambda c: (issues[c].name.lower(), c)):
        walk(root, 0)
    return Rows(out, rd.on)

"""GraphDocument: the validated unit of loading. Loaders make one; stores accept only one.

A document is closed: every relationship's ends are nodes of the document with the right
label, ids are unique per label, and part-of structures have no cycles. ``merge`` lays one
document over another (later wins on node properties), which is how a user dataset sits on the
national skeleton.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Annotated, Any

from pydantic import Field, model_validator

from .nodes import Area, Body, Issue, Model, Node, Source
from .relationships import (
    AccountableTo, AreaPartOf, Claim, Covers, IssuePartOf, Link, MemberOf, Relationship,
)
from .vocab import Label

NODE_FIELDS: dict[Label, str] = {
    Label.AREA: "areas", Label.BODY: "bodies", Label.ISSUE: "issues", Label.SOURCE: "sources",
}
REL_FIELDS: tuple[str, ...] = (
    "area_part_of", "issue_part_of", "covers", "memberships", "accountability", "links", "claims",
)


DATASET_NAME = r"^[^\x00-\x1f\x7f]+$"


class DatasetRef(Model):
    """A named dataset: ``name`` (``national-skeleton``, a file or folder name, or ``--name``) and
    where it was read from."""

    name: Annotated[str, Field(min_length=1, max_length=200, pattern=DATASET_NAME)]
    source: str | None = None


class GraphDocument(Model):
    areas: tuple[Area, ...] = ()
    bodies: tuple[Body, ...] = ()
    issues: tuple[Issue, ...] = ()
    sources: tuple[Source, ...] = ()
    area_part_of: tuple[AreaPartOf, ...] = ()
    issue_part_of: tuple[IssuePartOf, ...] = ()
    covers: tuple[Covers, ...] = ()
    memberships: tuple[MemberOf, ...] = ()
    accountability: tuple[AccountableTo, ...] = ()
    links: tuple[Link, ...] = ()
    claims: tuple[Claim, ...] = ()
    # Identities (see ``identity``) a store writes only where it has nothing yet. The national
    # skeleton under a user dataset is loaded this way, so loading dataset B never reverts what
    # dataset A said about a skeleton body.
    keep_existing: frozenset[str] = frozenset()
    # Dataset provenance (stores record on every element the names of the datasets that state it).
    # ``dataset`` states every element outside ``keep_existing``; ``base_dataset`` (the national
    # skeleton under a user dataset) states the ``keep_existing`` elements and the ones in
    # ``base_overridden`` (elements the dataset restates). A store treats a named load as the
    # whole of what that dataset says: elements it stated before and no longer does lose its name
    # and, stated by no dataset any more, are removed. An unnamed document only adds.
    dataset: DatasetRef | None = None
    base_dataset: DatasetRef | None = None
    base_overridden: frozenset[str] = frozenset()

    @model_validator(mode="after")
    def _closed_and_unique(self) -> "GraphDocument":
        problems = self.integrity_problems()
        if problems:
            shown = "; ".join(problems[:10])
            more = f" (and {len(problems) - 10} more)" if len(problems) > 10 else ""
            raise ValueError(f"inconsistent graph document: {shown}{more}")
        return self

    def integrity_problems(self) -> list[str]:
        problems: list[str] = []
        keys: dict[Label, set[str]] = {}
        for label, field in NODE_FIELDS.items():
            seen: set[str] = set()
            for node in getattr(self, field):
                if node.key in seen:
                    problems.append(f"duplicate {label.value} {node.key!r}")
                seen.add(node.key)
            keys[label] = seen
        rel_seen: set[str] = set()
        for rel in self.relationships():
            ident = identity(rel)
            if ident in rel_seen:
                problems.append(f"duplicate {rel.rel_type} {rel.start!r} -> {rel.end!r}"
                                + (f" (key {rel.merge_key!r})" if rel.merge_key else ""))
            rel_seen.add(ident)
            for end, label in ((rel.start, rel.start_label), (rel.end, rel.end_label)):
                if end not in keys[label]:
                    problems.append(f"{rel.rel_type} refers to unknown {label.value} {end!r}")
            if isinstance(rel, Claim) and rel.scope and rel.scope not in keys[Label.AREA]:
                problems.append(f"{rel.rel_type} scope refers to unknown Area {rel.scope!r}")
            if rel.source and rel.source not in keys[Label.SOURCE]:
                problems.append(f"{rel.rel_type} cites unknown Source {rel.source!r}")
        for body in self.bodies:
            if body.source and body.source not in keys[Label.SOURCE]:
                problems.append(f"Body {body.id!r} cites unknown Source {body.source!r}")
        cycle = _find_cycle((r.start, r.end) for r in self.issue_part_of)
        if cycle:
            problems.append("issue PART_OF cycle: " + " -> ".join(cycle))
        return problems

    def nodes(self) -> Iterator[Node | Issue | Source]:
        for field in NODE_FIELDS.values():
            yield from getattr(self, field)

    def relationships(self) -> Iterator[Relationship]:
        for field in REL_FIELDS:
            yield from getattr(self, field)

    def counts(self) -> dict[str, int]:
        return {f: len(getattr(self, f)) for f in (*NODE_FIELDS.values(), *REL_FIELDS)}

    def merge(self, other: "GraphDocument") -> "GraphDocument":
        """Lay ``other`` over this document: same-key nodes and relationships are replaced."""
        return self.overlay(**{f: getattr(other, f) for f in (*NODE_FIELDS.values(), *REL_FIELDS)})

    def overlay(self, **parts: Iterable[Any]) -> "GraphDocument":
        """Like ``merge`` with loose parts that may refer to this document's nodes."""
        data: dict[str, Any] = {}
        overridden: set[str] = set()
        for field in (*NODE_FIELDS.values(), *REL_FIELDS):
            merged: dict[Any, Any] = {}
            for item in getattr(self, field):
                merged[_identity(item)] = item
            for item in parts.get(field, ()):
                merged[_identity(item)] = item
                overridden.add(identity(item))
            data[field] = tuple(merged.values())
        data["keep_existing"] = self.keep_existing - overridden
        # The result is a new, unnamed statement (name it with ``named``); the base keeps stating
        # what it stated, including the elements the overlay restates.
        data["base_dataset"] = self.base_dataset
        data["base_overridden"] = self.base_overridden | (self.keep_existing & overridden)
        return GraphDocument.model_validate(data)

    def as_defaults(self) -> "GraphDocument":
        """This document marked to be written only where a store has nothing yet (its dataset, if
        named, becomes the base dataset of what is laid over it)."""
        keys = frozenset(identity(x) for x in (*self.nodes(), *self.relationships()))
        return self.model_copy(update={"keep_existing": keys, "base_dataset": self.dataset, "dataset": None,
                                       "base_overridden": frozenset()})

    def named(self, name: str, source: str | None = None) -> "GraphDocument":
        """This document as the named dataset ``name`` (read from ``source``, a file or folder)."""
        return self.model_copy(update={"dataset": DatasetRef(name=name, source=source)})

    def stated_by(self, ident: str) -> list[str]:
        """The names of the datasets this document says state the element ``ident``, sorted."""
        if ident in self.keep_existing:
            return [self.base_dataset.name] if self.base_dataset else []
        names = [self.dataset.name] if self.dataset else []
        if self.base_dataset and ident in self.base_overridden:
            names.append(self.base_dataset.name)
        return sorted(names)

    def dataset_names(self) -> list[str]:
        """The datasets this load restates whole (its own and its base's), sorted."""
        return sorted({d.name for d in (self.dataset, self.base_dataset) if d is not None})

    @classmethod
    def build(cls, **parts: Iterable[Any]) -> "GraphDocument":
        return cls.model_validate({k: tuple(v) for k, v in parts.items()})


def identity(item: Any) -> str:
    """The key a store knows an item by: ``Label:key`` for nodes, ``start->TYPE|merge_key->end``
    (ends as node identities) for relationships, as in the networkx projection."""
    if isinstance(item, Relationship):
        return (f"{item.start_label.value}:{item.start}->{item.rel_type}|{item.merge_key}->"
                f"{item.end_label.value}:{item.end}")
    return f"{item.label.value}:{item.key}"


def _identity(item: Any) -> Any:
    if isinstance(item, Relationship):
        return (item.rel_type, item.start, item.end, item.merge_key)
    return item.key


def _find_cycle(edges: Iterable[tuple[str, str]]) -> list[str] | None:
    parent: dict[str, list[str]] = {}
    for a, b in edges:
        parent.setdefault(a, []).append(b)
    state: dict[str, int] = {}
    for start in parent:
        stack = [(start, iter(parent.get(start, ())))]
        path = [start]
        state[start] = 1
        while stack:
            node, it = stack[-1]
            nxt = next(it, None)
            if nxt is None:
                state[node] = 2
                stack.pop()
                path.pop()
            elif state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            elif state.get(nxt) is None:
                state[nxt] = 1
                stack.append((nxt, iter(parent.get(nxt, ()))))
                path.append(nxt)
    return None

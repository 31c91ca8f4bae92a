"""Bigger national data for benchmarks: N copies of the skeleton plus example, with distinct ids.

Copy 0 is the real data; copy i > 0 renames every node so it cannot collide with the real data or
another copy: area codes keep their country letter and get the digit block ``99`` (no real GSS
code starts with E99/W99) plus a running number, so they still match ``^[EWSNK]\\d{8}$``; ids of
bodies, issues and sources get the suffix ``-x<i>``. Every reference (relationship ends, claim
scopes, cited sources, successors) is renamed with them, so each copy is a closed graph of the
same shape. ``keep_existing`` is cleared: a benchmark load writes everything it is given, as the
one dataset ``synthetic-x<N>``.
"""

from __future__ import annotations

from typing import Any

from partnership_graph.graphmodel import GraphDocument
from partnership_graph.graphmodel.document import NODE_FIELDS, REL_FIELDS

__all__ = ["synthetic_document"]


def _copy(doc: GraphDocument, i: int, next_code: list[int]) -> dict[str, list[Any]]:
    codes: dict[str, str] = {}
    for area in doc.areas:
        codes[area.code] = f"{area.code[0]}99{next_code[0]:06d}"
        next_code[0] += 1

    def ident(value: str) -> str:
        return f"{value}-x{i}"

    ids = {"Area": codes.__getitem__, "Body": ident, "Issue": ident, "Source": ident}
    parts: dict[str, list[Any]] = {field: [] for field in (*NODE_FIELDS.values(), *REL_FIELDS)}
    for area in doc.areas:
        parts["areas"].append(area.model_copy(update={
            "code": codes[area.code], "successors": tuple(codes.get(c, c) for c in area.successors),
            "source": ident(area.source) if area.source else None}))
    for body in doc.bodies:
        parts["bodies"].append(body.model_copy(update={
            "id": ident(body.id), "source": ident(body.source) if body.source else None}))
    for issue in doc.issues:
        parts["issues"].append(issue.model_copy(update={"id": ident(issue.id)}))
    for source in doc.sources:
        parts["sources"].append(source.model_copy(update={"id": ident(source.id)}))
    for field in REL_FIELDS:
        for rel in getattr(doc, field):
            update: dict[str, Any] = {"start": ids[rel.start_label.value](rel.start),
                                      "end": ids[rel.end_label.value](rel.end)}
            if rel.source:
                update["source"] = ident(rel.source)
            if getattr(rel, "scope", None):
                update["scope"] = codes[rel.scope]
            parts[field].append(rel.model_copy(update=update))
    return parts


def synthetic_document(copies: int, base: GraphDocument | None = None) -> GraphDocument:
    """``copies`` disjoint copies of ``base`` (default: the skeleton plus the LGA example) in one document."""
    if copies < 1:
        raise ValueError("copies must be at least 1")
    if base is None:
        from partnership_graph.national import example_document

        base = example_document()
    parts: dict[str, list[Any]] = {field: list(getattr(base, field)) for field in (*NODE_FIELDS.values(), *REL_FIELDS)}
    next_code = [1]
    for i in range(1, copies):
        for field, items in _copy(base, i, next_code).items():
            parts[field].extend(items)
    # one named dataset, as every real load is: rows carry their ``datasets`` (LOAD CSV writes them too)
    return GraphDocument.build(**parts).named(f"synthetic-x{copies}")

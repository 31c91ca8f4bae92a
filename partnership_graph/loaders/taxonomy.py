"""The bundled issue taxonomy (data/issues.yaml): issues, synonyms and PART_OF structure."""

from __future__ import annotations

from typing import Any

from ..graphmodel import Issue, IssuePartOf
from .bundled import DATA_DIR

TAXONOMY_FILE = DATA_DIR / "issues.yaml"


def load_taxonomy() -> tuple[list[Issue], list[IssuePartOf]]:
    import yaml

    with open(TAXONOMY_FILE, encoding="utf-8") as f:
        data: dict[str, Any] = yaml.safe_load(f)
    issues, part_of = [], []
    for entry in data["issues"]:
        issues.append(Issue(id=entry["id"], name=entry["name"],
                            synonyms=tuple(entry.get("synonyms") or ()),
                            description=entry.get("description")))
        if entry.get("part_of"):
            part_of.append(IssuePartOf(start=entry["id"], end=entry["part_of"]))
    return issues, part_of

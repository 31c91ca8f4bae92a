"""The bundled issue taxonomy (data/issues.yaml): issues, synonyms and PART_OF structure.

The taxonomy is a directed acyclic graph: ``part_of`` names one broader issue or a list of them
(child sexual exploitation is part of safeguarding children and of child exploitation). Queries
inherit leads along every path (``Taxonomy.ancestors`` walks them all). ``part_of_sources`` names
the section that puts an issue under a parent where a statute does (domestic abuse and sexual
offences are violence for the serious violence duty: PCSCA 2022 s.13(3)).
"""

from __future__ import annotations

from typing import Any

from ..graphmodel import Issue, IssuePartOf
from .bundled import DATA_DIR

TAXONOMY_FILE = DATA_DIR / "issues.yaml"


def parents_of(entry: dict[str, Any]) -> list[str]:
    """The broader issues of one taxonomy entry: ``part_of`` as one id or a list of ids."""
    raw = entry.get("part_of")
    if not raw:
        return []
    return [raw] if isinstance(raw, str) else [str(p) for p in raw]


def load_taxonomy() -> tuple[list[Issue], list[IssuePartOf]]:
    import yaml

    with open(TAXONOMY_FILE, encoding="utf-8") as f:
        data: dict[str, Any] = yaml.safe_load(f)
    issues, part_of = [], []
    for entry in data["issues"]:
        issues.append(Issue(id=entry["id"], name=entry["name"],
                            synonyms=tuple(entry.get("synonyms") or ()),
                            description=entry.get("description")))
        cited = entry.get("part_of_sources") or {}   # the section that puts it under a parent, where one does
        for parent in parents_of(entry):
            part_of.append(IssuePartOf(start=entry["id"], end=parent, source=cited.get(parent)))
    return issues, part_of

"""The 2027-28 planning pack: one document per area for what a reorganisation changes, and what to do.

``plan_pack(store, area, date_from, date_to, scenario)`` (``build.py``) assembles the pack as
pydantic sections (``model.py``) from the graph: the changes with their status and source, the
bodies and statutory duties of each kind before and after, partnerships to establish, joint
protocols to redraft (with fresh drafts), issue ownership, boundaries, decisions, open questions
and sources. ``pack_blocks`` (``document.py``) lays it out once; ``render`` writes it as Markdown,
Word or HTML (``render.py``), or JSON. The CLI's ``plan`` command and the web's ``/plan`` page
only wrap these functions.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from .._io import write_atomic
from .build import pack_status, plan_pack
from .document import Links, pack_blocks, pack_title
from .model import PlanPack

__all__ = ["FORMATS", "PlanPack", "file_name", "pack_blocks", "pack_status", "pack_title", "plan_pack", "render",
           "write_plan"]

Format = Literal["md", "docx", "html", "json"]
FORMATS: tuple[Format, ...] = ("md", "docx", "html", "json")
MEDIA_TYPES = {"md": "text/markdown; charset=utf-8", "html": "text/html; charset=utf-8",
               "json": "application/json",
               "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


def render(pack: PlanPack, fmt: Format = "md", links: Links = "cli") -> bytes:
    """The pack in one format, as bytes (UTF-8 text for md, html and json)."""
    from .formats import docx_bytes, html_document, markdown

    if fmt == "json":
        return (pack.model_dump_json(indent=2) + "\n").encode("utf-8")
    blocks = pack_blocks(pack, links)
    if fmt == "docx":
        return docx_bytes(blocks, pack_title(pack))
    if fmt == "html":
        return html_document(blocks, pack_title(pack)).encode("utf-8")
    return markdown(blocks).encode("utf-8")


def write_plan(pack: PlanPack, path: str | Path, fmt: Format = "md") -> Path:
    """Write the pack to ``path`` atomically."""
    return write_atomic(path, render(pack, fmt))


def file_name(pack: PlanPack, fmt: Format) -> str:
    """A download's file name: ``plan-surrey-2027-03-31-2027-04-01.md``."""
    import re

    s = pack.summary
    stem = re.sub(r"[^a-z0-9]+", "-", s.area_name.lower()).strip("-") or s.area_code.lower()
    scen = re.sub(r"[^a-z0-9]+", "-", (s.scenario or "").lower()).strip("-")
    return f"plan-{stem}-{s.date_from}-{s.date_to}{'-' + scen if scen else ''}.{fmt}"

"""A disk cache of documents built from the bundled data (the national skeleton).

Building the skeleton from the ONS lookups and applying the dated changes takes about 3 s; reading
the built document back from JSON takes about 0.5 s, and every ``load`` and ``demo`` needs it. The
key is a digest of the package's bundled data and of the code that builds from it, so a change to
either builds afresh: a stale skeleton can never be read. JSON, not pickle: reading the cache runs
no code, and pydantic validates it as it would any document.

``PARTNERSHIP_GRAPH_CACHE=off`` turns the cache off; ``PARTNERSHIP_GRAPH_CACHE_DIR`` moves it
(default ``$XDG_CACHE_HOME/partnership-graph``, else ``~/.cache/partnership-graph``). A cache that
cannot be read or written is passed over silently: it only ever saves time.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..graphmodel import GraphDocument

log = logging.getLogger(__name__)

PACKAGE = Path(__file__).resolve().parents[1]
#: What the bundled documents are built from: the data, and the code that reads and changes it.
INPUTS = ("data", "loaders", "changes", "graphmodel")


def cache_dir() -> Path | None:
    """Where cached documents live, or None when the cache is off."""
    if os.environ.get("PARTNERSHIP_GRAPH_CACHE", "").strip().lower() in ("off", "0", "no", "false"):
        return None
    explicit = os.environ.get("PARTNERSHIP_GRAPH_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "partnership-graph"


@cache
def inputs_digest() -> str:
    """SHA-256 over every file the bundled documents are built from (paths and bytes, sorted)."""
    h = hashlib.sha256()
    for folder in INPUTS:
        for path in sorted((PACKAGE / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
                h.update(path.relative_to(PACKAGE).as_posix().encode())
                h.update(b"\0")
                h.update(path.read_bytes())
                h.update(b"\0")
    return h.hexdigest()[:24]


def cached_document(name: str, build: Callable[[], GraphDocument]) -> GraphDocument:
    """``build()``, or the document it built last time for the same inputs."""
    from ..graphmodel import GraphDocument

    where = cache_dir()
    if where is None:
        return build()
    path = where / f"{name}-{inputs_digest()}.json"
    try:
        return GraphDocument.model_validate_json(path.read_bytes())
    except FileNotFoundError:
        pass
    except Exception as e:  # noqa: BLE001 - a damaged cache file is rebuilt, never trusted
        log.debug("cache %s unreadable (%s): rebuilding", path, e)
    doc = build()
    try:
        where.mkdir(parents=True, exist_ok=True)
        for old in where.glob(f"{name}-*.json"):   # earlier inputs' documents: never read again
            old.unlink(missing_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_text(doc.model_dump_json(), encoding="utf-8")
        tmp.replace(path)
    except OSError as e:
        log.debug("cache %s not written (%s)", path, e)
    return doc

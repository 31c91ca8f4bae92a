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
#: The bundled data the documents are built from. The code is every module of the package: the
#: build imports loaders, changes, graphmodel, stores (base, dated), resolve and more, and hashing
#: them all means an edit anywhere it reaches can never serve a stale skeleton
#: (tests/loaders/test_skeleton_cache.py checks each module the build imports changes the key).
DATA = "data"


def cache_dir() -> Path | None:
    """Where cached documents live, or None when the cache is off."""
    if os.environ.get("PARTNERSHIP_GRAPH_CACHE", "").strip().lower() in ("off", "0", "no", "false"):
        return None
    explicit = os.environ.get("PARTNERSHIP_GRAPH_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "partnership-graph"


def input_files() -> list[Path]:
    """Every file the bundled documents depend on: the bundled data and the package's modules."""
    data = [p for p in (PACKAGE / DATA).rglob("*") if p.is_file()]
    code = [p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts]
    return sorted(set(data) | set(code))


def file_digest(path: Path) -> bytes:
    """One input's bytes, hashed (the key's unit: a test swaps it to see each module count)."""
    return hashlib.sha256(path.read_bytes()).digest()


@cache
def inputs_digest() -> str:
    """SHA-256 over every input (relative paths and content digests, sorted)."""
    return digest_of(input_files(), file_digest)


def digest_of(files: list[Path], digest: Callable[[Path], bytes]) -> str:
    h = hashlib.sha256()
    for path in files:
        h.update(path.relative_to(PACKAGE).as_posix().encode())
        h.update(b"\0")
        h.update(digest(path))
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

"""The embedded store: a networkx MultiDiGraph kept as one JSON file.

Writes are all-or-nothing: the new graph goes to a temporary file in the same folder, is
flushed to disk, then renamed over the old one, so a crash leaves either the old file or the new
one and never half of either. A lock file keeps two writers from interleaving (a reader needs no
lock, since the rename is atomic). The file is written with sorted keys, so loading the same
data twice gives the same bytes.
"""

from __future__ import annotations

import gc
import json
import os
import tempfile
import time
from pathlib import Path
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ..errors import StoreBusy, StoreError
from .base import LoadSummary, edge_identity, edge_rows, node_rows

if TYPE_CHECKING:
    import networkx as nx

    from ..graphmodel import GraphDocument

FORMAT = "partnership-graph/embedded"
VERSION = 1
DEFAULT_LOCK_TIMEOUT = 30.0


def default_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("partnership-graph", appauthor=False)) / "graph.json"


class EmbeddedStore:
    kind = "embedded"

    def __init__(self, path: str | Path | None = None, lock_timeout: float = DEFAULT_LOCK_TIMEOUT):
        self.path = Path(path) if path else default_path()
        self.location = str(self.path)
        self.lock_timeout = lock_timeout
        self._graph: nx.MultiDiGraph[str] | None = None

    # -- reading -------------------------------------------------------------------------
    def _read(self) -> dict[str, Any]:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return {"format": FORMAT, "version": VERSION, "nodes": [], "edges": []}
        except OSError as e:
            raise StoreError(f"cannot read the store {self.path}: {e.strerror}") from None
        try:
            data = json.loads(raw)
        except (ValueError, UnicodeDecodeError):
            raise StoreError(f"{self.path} is not a readable partnership-graph store (invalid JSON); "
                             "move it aside or pass another --db") from None
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise StoreError(f"{self.path} is not a partnership-graph store; pass another --db")
        if data.get("version") != VERSION:
            raise StoreError(f"{self.path} has store version {data.get('version')}; "
                             f"this partnership-graph reads version {VERSION}")
        return data

    def graph(self) -> nx.MultiDiGraph[str]:
        if self._graph is None:
            with _no_gc():
                self._graph = _to_graph(self._read())
        return self._graph

    def exists(self) -> bool:
        return self.path.exists()

    # -- writing -------------------------------------------------------------------------
    def load(self, doc: GraphDocument) -> LoadSummary:
        """MERGE ``doc`` into the store: add what is new, replace what changed, keep the rest."""
        from filelock import FileLock, Timeout

        started = time.perf_counter()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise StoreError(f"cannot create {self.path.parent}: {e.strerror}") from None
        lock = FileLock(str(self.path) + ".lock")
        try:
            with lock.acquire(timeout=self.lock_timeout):
                self._remove_stale_temporaries()
                with _no_gc():
                    data = self._read()
                    summary = _merge(data, doc)
                    if summary.changed_anything or not self.path.exists():
                        self._write(data)
        except Timeout:
            raise StoreBusy(f"the store {self.path} is busy: another partnership-graph process is "
                            f"writing to it (waited {self.lock_timeout:.0f} s); try again") from None
        except PermissionError as e:
            raise StoreError(f"cannot write the store {self.path}: {e.strerror}") from None
        self._graph = None
        summary.seconds = time.perf_counter() - started
        return summary

    def _remove_stale_temporaries(self) -> None:
        """Temporary files left by a writer that was killed mid-write; safe to remove under the lock."""
        for tmp in self.path.parent.glob(self.path.name + ".*.tmp"):
            try:
                tmp.unlink()
            except OSError:
                pass

    def _write(self, data: dict[str, Any]) -> None:
        payload = _dumps(data)
        fd, tmp = tempfile.mkstemp(prefix=self.path.name + ".", suffix=".tmp", dir=self.path.parent)
        try:
            umask = os.umask(0)
            os.umask(umask)
            os.fchmod(fd, 0o666 & ~umask)
            with os.fdopen(fd, "wb") as f:
                f.write(payload)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.path)
        except OSError as e:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise StoreError(f"cannot write the store {self.path}: {e.strerror or e}; "
                             "the previous graph is unchanged") from None
        _fsync_dir(self.path.parent)

    def close(self) -> None:
        self._graph = None


def _merge(data: dict[str, Any], doc: GraphDocument) -> LoadSummary:
    nodes: dict[Any, dict[str, Any]] = {k: v for k, v in data["nodes"]}
    edges: dict[Any, dict[str, Any]] = {(u, v, k): a for u, v, k, a in data["edges"]}
    keep = doc.keep_existing
    n = _upsert(nodes, ((key, key, attrs) for key, attrs in node_rows(doc)), keep)
    r = _upsert(edges, (((u, v, k), edge_identity(u, v, k), attrs) for u, v, k, attrs in edge_rows(doc)), keep)
    data["nodes"] = sorted([k, a] for k, a in nodes.items())
    data["edges"] = sorted([u, v, k, a] for (u, v, k), a in edges.items())
    return LoadSummary(nodes_created=n[0], nodes_changed=n[1], nodes_unchanged=n[2],
                       relationships_created=r[0], relationships_changed=r[1], relationships_unchanged=r[2])


def _upsert(existing: dict[Any, dict[str, Any]], rows: Iterable[tuple[Any, str, dict[str, Any]]],
            keep: frozenset[str]) -> tuple[int, int, int]:
    """MERGE rows into ``existing``; return (created, changed, unchanged). Rows whose identity is in
    ``keep`` are written only where nothing exists yet."""
    created = changed = unchanged = 0
    for key, ident, attrs in rows:
        old = existing.get(key)
        if old is None:
            created += 1
        elif old == attrs or ident in keep:
            unchanged += 1
            continue
        else:
            changed += 1
        existing[key] = attrs
    return created, changed, unchanged


def _dumps(data: dict[str, Any]) -> bytes:
    body = {"format": FORMAT, "version": VERSION, "nodes": data["nodes"], "edges": data["edges"]}
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


class _no_gc:
    """Pause the cyclic garbage collector while building millions of acyclic objects.

    JSON parsing and graph building allocate containers that hold no reference cycles; letting
    the collector scan them again and again made x100 loads grow faster than the data.
    """

    def __enter__(self) -> None:
        self.was_enabled = gc.isenabled()
        gc.disable()

    def __exit__(self, *exc: object) -> None:
        if self.was_enabled:
            gc.enable()


def _to_graph(data: dict[str, Any]) -> nx.MultiDiGraph[str]:
    import networkx as nx

    g: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    g.add_nodes_from((k, a) for k, a in data["nodes"])
    g.add_edges_from((u, v, k, a) for u, v, k, a in data["edges"])  # type: ignore[misc]  # stubs omit keyed 4-tuples
    return g


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)

"""The embedded store: a networkx MultiDiGraph kept as one JSON file.

Writes are all-or-nothing: the new graph goes to a temporary file in the same folder, is
flushed to disk, then renamed over the old one, so a crash leaves either the old file or the new
one and never half of either. A lock file keeps two writers from interleaving (a reader needs no
lock, since the rename is atomic). The file is written with sorted keys, so loading the same
data twice gives the same bytes.

Stores opened on the same bytes share one projection (``_SharedProjections``): a process that
opens the store again and again (a test run, a notebook, the web app's service) parses and
builds the graph, and cuts it at a date, once per content of the file, not once per opening.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import tempfile
import threading
import time
from collections import OrderedDict
from pathlib import Path
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from ..errors import StoreBusy, StoreError
from ..graphmodel.projection import edge_identity, edge_rows, node_rows
from .cache import ProjectionCache
from .base import DATASETS_PROPERTY, DatasetInfo, LoadSummary, now_utc, paused_gc, removal_document

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
        self.cache = ProjectionCache()

    # -- reading -------------------------------------------------------------------------
    def _read(self) -> dict[str, Any]:
        return self._parse(self._read_bytes())

    def _read_bytes(self) -> bytes | None:
        """The file's bytes, or None when there is no file yet (an empty store)."""
        try:
            return self.path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as e:
            raise StoreError(f"cannot read the store {self.path}: {e.strerror}") from None

    def _parse(self, raw: bytes | None) -> dict[str, Any]:
        if raw is None:
            return {"format": FORMAT, "version": VERSION, "nodes": [], "edges": []}
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

    def joint_arrangements_graph(self) -> nx.MultiDiGraph[str]:
        """What a load reads first to keep other datasets' joint arrangements: the whole
        projection, which the embedded store holds in memory anyway."""
        return self.graph()

    def graph(self) -> nx.MultiDiGraph[str]:
        """The projection of the file as it is now (read once per store; a load reads it again).

        Shared, with the cache of what readers derive from it, by every store of this process
        that reads the same bytes: it is frozen (networkx raises on any change to it), as every
        caller treats a projection as read-only already."""
        if self._graph is None:
            raw = self._read_bytes()
            if raw is None:
                self._graph = _to_graph(self._parse(None))
            else:
                self._graph, self.cache = _SHARED.get(raw, lambda: _to_graph(self._parse(raw)))
        return self._graph

    def exists(self) -> bool:
        return self.path.exists()

    # -- writing -------------------------------------------------------------------------
    def datasets(self) -> list[DatasetInfo]:
        """The datasets loaded, by name, from the store's registry."""
        registry = self._read().get("datasets", {})
        return [DatasetInfo(name, e.get("loaded_at", ""), e.get("source"), e.get("nodes", 0),
                            e.get("relationships", 0)) for name, e in sorted(registry.items())]

    def remove_dataset(self, name: str, *, keep_history: bool = False, today: datetime.date | None = None,
                       restate: Callable[[nx.MultiDiGraph[str]], GraphDocument | None] | None = None,
                       ) -> LoadSummary:
        """Withdraw everything the dataset ``name`` states, as a load of it with nothing in it;
        ``restate(joint arrangements)`` gives the national skeleton to restate in the same write
        (``removal_document``; ``datasets.remove`` passes ``skeleton_after_removal``), or None."""
        if name not in {d.name for d in self.datasets()}:
            raise StoreError(f"no dataset {name!r} is loaded in {self.path}"
                             f"{_did_you_mean(name, [d.name for d in self.datasets()])}")
        from ..loaders.dataset import SKELETON_DATASET

        def build(joint: nx.MultiDiGraph[str]) -> GraphDocument:
            return removal_document(name, restate(joint) if restate is not None else None)

        return self.load_with(build, datasets=[SKELETON_DATASET, name], keep_history=keep_history, today=today,
                              forget=name)

    def load(self, doc: GraphDocument, *, keep_history: bool = False, today: datetime.date | None = None,
             _forget: str | None = None) -> LoadSummary:
        """Lay ``doc`` over the store: add what is new, replace what changed, and replace whole the
        datasets it names (see ``merge``). ``keep_history`` end-dates at ``today`` (default: the
        current date) what those datasets no longer state, instead of removing it.
        """
        return self.load_with(lambda _joint: doc, keep_history=keep_history, today=today, forget=_forget)

    def load_with(self, build: Callable[[nx.MultiDiGraph[str]], GraphDocument], *, datasets: Iterable[str] = (),
                  keep_history: bool = False, today: datetime.date | None = None,
                  forget: str | None = None) -> LoadSummary:
        """Load the document ``build`` makes from the joint arrangements the store holds (the
        graph ``joint_arrangements_graph`` gives), read under the write's own lock: a load of
        another dataset cannot slip in between the read and the write (``datasets`` names what the
        document will restate; the file lock covers them all). ``forget`` drops that dataset's
        registry entry in the same write (a removal).
        """
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
                with paused_gc():
                    summary = self._merge_and_write(build, keep_history, today, forget)
        except Timeout:
            raise StoreBusy(f"the store {self.path} is busy: another partnership-graph process is "
                            f"writing to it (waited {self.lock_timeout:.0f} s); try again") from None
        except PermissionError as e:
            raise StoreError(f"cannot write the store {self.path}: {e.strerror}") from None
        self._graph = None
        summary.seconds = time.perf_counter() - started
        return summary

    def _merge_and_write(self, build: Callable[[nx.MultiDiGraph[str]], GraphDocument], keep_history: bool,
                         today: datetime.date | None, forget: str | None) -> LoadSummary:
        """The read, merge and write of ``load_with``, in a function of its own so that the file's
        rows (hundreds of thousands of containers) are freed when it returns, before the caller
        turns the collector back on: alive at that moment, the collector's next pass walked them
        all (a tenth of a national load's time)."""
        data = self._read()
        registry = dict(data.get("datasets", {}))
        summary = merge(data, build(_joint_graph(data)), keep_history, today)
        if forget is not None:
            data.get("datasets", {}).pop(forget, None)
        if summary.changed_anything or not self.path.exists() or data.get("datasets", {}) != registry:
            self._write(data)
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


class _SharedProjections:
    """The projections last built, by the SHA-256 of the file bytes they were built from.

    Keyed by content, not by path or modification time, so an entry can never be stale: a write
    gives new bytes and so a new key, and two copies of one file share one entry. Hashing the
    national store's 6.6 MB takes 4 ms; parsing and building it 80-200 ms, cutting it at a date
    50-170 ms more (benchmarks/bench_projection.py). Bounded (``capacity``, least recently used
    first out) to one content by default: after a reload the web app's new projection replaces
    the old one here as it does in the app, so the process holds no more graphs than before.
    """

    def __init__(self, capacity: int = 1) -> None:
        self.capacity = capacity
        self._lock = threading.Lock()
        self._entries: OrderedDict[bytes, tuple[nx.MultiDiGraph[str], ProjectionCache]] = OrderedDict()

    def get(self, raw: bytes, build: Callable[[], nx.MultiDiGraph[str]],
            ) -> tuple[nx.MultiDiGraph[str], ProjectionCache]:
        """The projection of ``raw`` and its cache, built by ``build()`` (outside the lock, with
        the collector paused) when no store of this process has read these bytes lately."""
        import networkx as nx

        key = hashlib.sha256(raw).digest()
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
                return entry
        with paused_gc():
            g = nx.freeze(build())
        with self._lock:
            entry = self._entries.setdefault(key, (g, ProjectionCache()))  # a racing builder's, if first
            self._entries.move_to_end(key)
            while len(self._entries) > self.capacity:
                self._entries.popitem(last=False)
        return entry

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


_SHARED = _SharedProjections()


def merge(data: dict[str, Any], doc: GraphDocument, keep_history: bool = False,
           today: datetime.date | None = None) -> LoadSummary:
    """Lay ``doc`` over the store's ``data``; the datasets it names are replaced whole.

    Each row's ``datasets`` becomes the names it had from other datasets plus the ones ``doc``
    says state it. Rows the document states are written whole, except "keep" rows (the skeleton
    under a user dataset), written only where nothing exists yet or where the skeleton is left
    as the only dataset stating them (so its version comes back when a dataset stops restating
    it). Rows that a named dataset of this load stated before and no longer does lose its name;
    stated by nobody, they are removed (nodes only once no relationship touches them), or with
    ``keep_history`` end-dated at ``today``.
    """
    nodes: dict[Any, dict[str, Any]] = {k: v for k, v in data["nodes"]}
    edges: dict[Any, dict[str, Any]] = {(u, v, k): a for u, v, k, a in data["edges"]}
    names = doc.dataset_names()
    counts = {name: [0, 0] for name in names}
    seen_nodes: set[Any] = set()
    seen_edges: set[Any] = set()
    n = _upsert(nodes, ((key, key, attrs) for key, attrs in node_rows(doc)), doc, names, counts, 0,
                seen_nodes)
    r = _upsert(edges, (((u, v, k), edge_identity(u, v, k), attrs) for u, v, k, attrs in edge_rows(doc)),
                doc, names, counts, 1, seen_edges)
    summary = LoadSummary(nodes_created=n[0], nodes_changed=n[1], nodes_unchanged=n[2],
                          relationships_created=r[0], relationships_changed=r[1], relationships_unchanged=r[2])
    if names:
        ended = (today or datetime.date.today()).isoformat() if keep_history else None
        removed, changed, ended_n = _withdraw(edges, seen_edges, names, ended, lambda key: False)
        summary.relationships_removed, summary.relationships_ended = removed, ended_n
        summary.relationships_changed += changed
        linked = {end for u, v, _ in edges for end in (u, v)}
        removed, changed, ended_n = _withdraw(nodes, seen_nodes, names, ended, linked.__contains__)
        summary.nodes_removed, summary.nodes_ended = removed, ended_n
        summary.nodes_changed += changed
    data["nodes"] = sorted([k, a] for k, a in nodes.items())
    data["edges"] = sorted([u, v, k, a] for (u, v, k), a in edges.items())
    registry: dict[str, Any] = data.setdefault("datasets", {})
    for name in names:
        ref = doc.dataset if doc.dataset and doc.dataset.name == name else doc.base_dataset
        entry = {"source": ref.source if ref else None, "nodes": counts[name][0], "relationships": counts[name][1]}
        old = registry.get(name)
        if old is None or summary.changed_anything or {k: old.get(k) for k in entry} != entry:
            registry[name] = {**entry, "loaded_at": now_utc()}
    summary.extra["datasets"] = names
    return summary


def _upsert(existing: dict[Any, dict[str, Any]], rows: Iterable[tuple[Any, str, dict[str, Any]]],
            doc: GraphDocument, names: list[str], counts: dict[str, list[int]],
            slot: int, seen: set[Any]) -> tuple[int, int, int]:
    """MERGE rows into ``existing``; return (created, changed, unchanged)."""
    created = changed = unchanged = 0
    keep = doc.keep_existing
    base = [doc.base_dataset.name] if doc.base_dataset else None
    withdrawn = set(names)
    for key, ident, attrs in rows:
        seen.add(key)
        stated = doc.stated_by(ident)
        for name in stated:
            counts[name][slot] += 1
        old = existing.get(key)
        old_sets = old.get(DATASETS_PROPERTY, []) if old is not None else []
        datasets = sorted({d for d in old_sets if d not in withdrawn} | set(stated))
        if old is not None and ident in keep and datasets != base:
            new = {**old, DATASETS_PROPERTY: datasets}
        else:
            new = {**attrs, DATASETS_PROPERTY: datasets}
        if old is None:
            created += 1
        elif old == new:
            unchanged += 1
            continue
        else:
            changed += 1
        existing[key] = new
    return created, changed, unchanged


def _withdraw(existing: dict[Any, dict[str, Any]], seen: set[Any], names: list[str], ended: str | None,
              linked: Callable[[Any], bool]) -> tuple[int, int, int]:
    """Take ``names`` off rows not in ``seen``; return (removed, changed, end-dated)."""
    removed = changed = ended_n = 0
    withdrawn = set(names)
    for key in [k for k, a in existing.items() if k not in seen and withdrawn.intersection(a.get(DATASETS_PROPERTY, ()))]:
        attrs = existing[key]
        datasets = [d for d in attrs[DATASETS_PROPERTY] if d not in withdrawn]
        # an element not yet in force when its last dataset withdraws it never held: end-dating it
        # would give valid_to before valid_from, so it goes as without history
        future = ended is not None and attrs.get("valid_from") is not None and attrs["valid_from"] > ended
        if datasets or ((ended is None or future) and linked(key)):
            existing[key] = {**attrs, DATASETS_PROPERTY: datasets}
            changed += 1
        elif ended is not None and not future:
            valid_to = attrs.get("valid_to")
            existing[key] = {**attrs, DATASETS_PROPERTY: [],
                             "valid_to": valid_to if valid_to is not None and valid_to < ended else ended}
            ended_n += 1
        else:
            del existing[key]
            removed += 1
    return removed, changed, ended_n


def _dumps(data: dict[str, Any]) -> bytes:
    body = {"format": FORMAT, "version": VERSION, "nodes": data["nodes"], "edges": data["edges"],
            "datasets": data.get("datasets", {})}
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _joint_graph(data: dict[str, Any]) -> nx.MultiDiGraph[str]:
    """The joint bodies (``Body`` nodes with ``replaces``) of the store's ``data`` and the sources
    they cite, as projection nodes: what the Neo4j store's ``joint_arrangements_graph`` reads."""
    import networkx as nx

    nodes = dict((k, a) for k, a in data["nodes"])
    g: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    for key, attrs in nodes.items():
        if attrs.get("label") == "Body" and attrs.get("replaces"):
            g.add_node(key, **attrs)
            source = f"Source:{attrs.get('source')}"
            if attrs.get("source") and source in nodes:
                g.add_node(source, **nodes[source])
    return g


def _to_graph(data: dict[str, Any]) -> nx.MultiDiGraph[str]:
    """The projection of a store file's rows, built straight into networkx's adjacency dicts (the
    structure ``add_edges_from`` makes, a successor's and a predecessor's key dict being one
    object): about three times faster, and every command opening the store pays it. The rows'
    attribute dicts are fresh from ``json.loads`` and become the graph's own."""
    import networkx as nx

    g: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    built: Any = g  # the stubs do not declare networkx's adjacency dicts
    nodes, succ, pred = built._node, built._succ, built._pred
    for key, attrs in data["nodes"]:
        nodes[key] = attrs
        succ[key] = {}
        pred[key] = {}
    for u, v, k, attrs in data["edges"]:
        for end in (u, v):
            if end not in nodes:  # as add_edges_from would: an end without a row of its own
                nodes[end] = {}
                succ[end] = {}
                pred[end] = {}
        keys = succ[u].get(v)
        if keys is None:
            keys = succ[u][v] = pred[v][u] = {}
        keys[k] = attrs
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


def _did_you_mean(name: str, choices: list[str]) -> str:
    from ..suggest import did_you_mean

    return did_you_mean(name, choices) if choices else "; none is loaded"

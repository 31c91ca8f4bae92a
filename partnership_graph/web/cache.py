"""A bounded, thread-safe LRU cache for a long-running server, and a rough measure of what it holds.

The web app keeps per-date and per-scenario views of the graph, search indexes and finished
answers (area overviews, network data) so that a page asked twice is fast. Each of those grows
with every distinct date or scenario a client asks for, so each lives in a ``BoundedCache``: at
most ``max_entries`` entries and ``max_bytes`` (as ``weigh`` estimates them), the least recently
used going first. A value heavier than the whole budget is handed back without being kept.

``get_or_make`` computes a missing value once even when several requests ask for it at the same
time: the others wait for the first and share its answer (or compute it themselves if it failed),
instead of each building the same dated graph.
"""

from __future__ import annotations

import sys
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

__all__ = ["BoundedCache", "CacheStats", "approx_size", "graph_size"]

V = TypeVar("V")

#: Bytes a node or an edge of the networkx projection takes in memory, with its attribute dict
#: (measured with tracemalloc on the national graph's as-at copy: 9.3 MB for 20,847 elements).
BYTES_PER_GRAPH_ELEMENT = 470


@dataclass(frozen=True)
class CacheStats:
    name: str
    entries: int
    bytes: int
    max_entries: int
    max_bytes: int


class BoundedCache(Generic[V]):
    """LRU by entries and by (estimated) size; safe to share between threads."""

    def __init__(self, name: str, max_entries: int, max_bytes: int, weigh: Callable[[V], int]):
        if max_entries < 1 or max_bytes < 1:
            raise ValueError("a cache needs room for at least one entry and one byte")
        self.name = name
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._weigh = weigh
        self._lock = threading.Lock()
        self._data: OrderedDict[Hashable, tuple[V, int]] = OrderedDict()
        self._bytes = 0
        self._making: dict[Hashable, threading.Lock] = {}

    def get_or_make(self, key: Hashable, make: Callable[[], V]) -> V:
        """The value under ``key``, made (once, whoever else asks meanwhile) when it is missing."""
        with self._lock:
            hit = self._data.get(key)
            if hit is not None:
                self._data.move_to_end(key)
                return hit[0]
            pending = self._making.setdefault(key, threading.Lock())
        try:
            with pending:
                with self._lock:
                    hit = self._data.get(key)
                    if hit is not None:
                        self._data.move_to_end(key)
                        return hit[0]
                value = make()
                self._put(key, value)
                return value
        finally:
            with self._lock:
                if self._making.get(key) is pending and not pending.locked():
                    del self._making[key]

    def _put(self, key: Hashable, value: V) -> None:
        size = max(1, self._weigh(value))
        if size > self.max_bytes:
            return  # heavier than the whole budget: answered, not kept
        with self._lock:
            old = self._data.pop(key, None)
            if old is not None:
                self._bytes -= old[1]
            self._data[key] = (value, size)
            self._bytes += size
            while len(self._data) > self.max_entries or self._bytes > self.max_bytes:
                _, (_, dropped) = self._data.popitem(last=False)
                self._bytes -= dropped

    def clear(self) -> None:
        with self._lock:
            self._data.clear()
            self._bytes = 0

    def __len__(self) -> int:
        return len(self._data)

    def stats(self) -> CacheStats:
        with self._lock:
            return CacheStats(self.name, len(self._data), self._bytes, self.max_entries, self.max_bytes)


def graph_size(g: Any) -> int:
    """Estimated bytes of a networkx projection (nodes and edges with their attributes)."""
    return int((g.number_of_nodes() + g.number_of_edges()) * BYTES_PER_GRAPH_ELEMENT)


def approx_size(value: Any, sample: int = 64, limit: int = 200_000) -> int:
    """Estimated bytes of a tree of containers, pydantic models, dataclasses and scalars: the sum of
    ``sys.getsizeof`` over the objects reached (a shared object counts once).

    Weighing must cost far less than making the answer, so a long list or dict is weighed by an
    evenly spread ``sample`` of its items, scaled up (a whole-graph network answer, ~20 MB of
    dicts, is weighed in milliseconds); at most ``limit`` objects are visited in all.
    """
    seen: set[int] = set()
    stack: list[tuple[Any, float]] = [(value, 1.0)]
    total = 0.0
    visited = 0
    while stack and visited < limit:
        obj, weight = stack.pop()
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        visited += 1
        total += sys.getsizeof(obj, 64) * weight
        if isinstance(obj, (str, bytes, int, float, bool)) or obj is None:
            continue
        if isinstance(obj, dict):
            keys = list(obj)
            picked = keys[:: max(1, len(keys) // sample)] if len(keys) > 2 * sample else keys
            scale = weight * len(keys) / len(picked) if picked else weight
            for k in picked:
                stack.append((k, scale))
                stack.append((obj[k], scale))
        elif isinstance(obj, (list, tuple, set, frozenset)):
            items: Sequence[Any] = list(obj) if isinstance(obj, (set, frozenset)) else obj
            some = items[:: max(1, len(items) // sample)] if len(items) > 2 * sample else items
            scale = weight * len(items) / len(some) if some else weight
            stack.extend((item, scale) for item in some)
        elif hasattr(obj, "__dict__"):
            stack.append((vars(obj), weight))
        elif hasattr(obj, "__slots__"):
            stack.extend((getattr(obj, slot), weight) for slot in obj.__slots__ if hasattr(obj, slot))
    return int(total)

"""Work a store's readers derive from its projection, kept by the store that owns it.

Cutting the projection as at a date, the reader over that cut (with the footprints and name
indexes it works out), the membership links the broker ranking walks: each is worked out once per
date and shared by every question asked of it (a protocol draft asks ~20). The cache belongs to
the store instance (``Store.cache``), so it goes with the store; it holds only what was derived
from the projection the store gives now, and starts afresh when the store gives another (a reload).

The web app asks from many threads at once: every read and change of the entries holds the
cache's lock; the work of making an entry does not (other dates are answered meanwhile), and when
two threads make the same entry the first one stored is the one both get.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    import networkx as nx

T = TypeVar("T")

__all__ = ["ProjectionCache"]

#: How many keys (dates, mostly) each kind of entry keeps, the least recently used going first.
PER_KIND = 4


class ProjectionCache:
    """Entries derived from one projection, by kind and key, each kind bounded to ``per_kind``."""

    def __init__(self, per_kind: int = PER_KIND) -> None:
        self.per_kind = per_kind
        self._lock = threading.Lock()
        self._source: weakref.ref[nx.MultiDiGraph[str]] | None = None
        self._entries: dict[str, OrderedDict[Hashable, Any]] = {}

    def get(self, source: nx.MultiDiGraph[str], kind: str, key: Hashable, make: Callable[[], T]) -> T:
        """The entry ``kind``/``key`` derived from ``source`` (the store's projection now), made by
        ``make()`` the first time; a ``source`` other than the last one asked about clears the
        entries of the last (they describe a projection the store no longer gives)."""
        with self._lock:
            found, value = self._find(source, kind, key)
        if found:
            return value  # type: ignore[no-any-return]
        made = make()   # outside the lock
        with self._lock:
            found, value = self._find(source, kind, key)
            if found:   # another thread made it meanwhile: share the first
                return value  # type: ignore[no-any-return]
            by_key = self._entries.setdefault(kind, OrderedDict())
            by_key[key] = made
            while len(by_key) > self.per_kind:
                by_key.popitem(last=False)
        return made

    def _find(self, source: nx.MultiDiGraph[str], kind: str, key: Hashable) -> tuple[bool, Any]:
        if self._source is None or self._source() is not source:
            self._source = weakref.ref(source)
            self._entries.clear()
            return False, None
        by_key = self._entries.get(kind)
        if by_key is None or key not in by_key:
            return False, None
        by_key.move_to_end(key)
        return True, by_key[key]

    def sizes(self) -> dict[str, int]:
        """How many entries of each kind are held (for tests and the web app's cache stats)."""
        with self._lock:
            return {kind: len(by_key) for kind, by_key in self._entries.items()}

"""Where a GraphDocument goes: the embedded networkx store (default) or Neo4j."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..config import STORE_KINDS, Settings
from ..errors import StoreError
from .base import LoadSummary, Store, WritableStore

if TYPE_CHECKING:
    pass


def open_store(settings: Settings | None = None) -> WritableStore:
    """Open the store the settings name; connection errors surface as ``StoreError``."""
    settings = settings or Settings.from_env()
    if settings.store == "embedded":
        from .embedded import EmbeddedStore

        return EmbeddedStore(settings.db)
    if settings.store == "neo4j":
        from .neo4j import Neo4jStore  # type: ignore[import-not-found,unused-ignore]

        return Neo4jStore.connect(settings)  # type: ignore[no-any-return,unused-ignore]
    raise StoreError(f"unknown store {settings.store!r}; choose one of {', '.join(STORE_KINDS)}")


__all__ = ["LoadSummary", "Store", "open_store"]

"""Connection settings: from options first, then the environment, never from code.

The password is held so that no repr, log line or error message can show it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field


class Secret:
    """A string that will not print itself."""

    __slots__ = ("_value",)

    def __init__(self, value: str | None):
        self._value = value

    def get(self) -> str | None:
        return self._value

    def __bool__(self) -> bool:
        return bool(self._value)

    def __repr__(self) -> str:
        return "Secret('**********')" if self._value else "Secret(None)"

    __str__ = __repr__


STORE_KINDS = ("embedded", "neo4j")


@dataclass
class Settings:
    store: str = "embedded"
    db: str | None = None
    neo4j_uri: str = "bolt://127.0.0.1:7687"
    neo4j_user: str = "neo4j"
    neo4j_password: Secret = field(default_factory=lambda: Secret(None))
    neo4j_database: str | None = None

    @classmethod
    def from_env(cls, store: str | None = None, db: str | None = None, uri: str | None = None,
                 user: str | None = None, password: str | None = None,
                 database: str | None = None) -> "Settings":
        env = os.environ
        return cls(
            store=(store or env.get("PARTNERSHIP_GRAPH_STORE") or "embedded").lower(),
            db=db or env.get("PARTNERSHIP_GRAPH_DB") or None,
            neo4j_uri=uri or env.get("NEO4J_URI") or "bolt://127.0.0.1:7687",
            neo4j_user=user or env.get("NEO4J_USER") or env.get("NEO4J_USERNAME") or "neo4j",
            neo4j_password=Secret(password or env.get("NEO4J_PASSWORD")),
            neo4j_database=database or env.get("NEO4J_DATABASE") or None,
        )

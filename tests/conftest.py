"""Shared fixtures. Built documents are session-scoped (they are immutable); stores are per test."""

from __future__ import annotations

from pathlib import Path

import pytest

from partnership_graph.graphmodel import GraphDocument
from partnership_graph.loaders import example_document, national_skeleton
from partnership_graph.stores.embedded import EmbeddedStore


@pytest.fixture(scope="session")
def skeleton() -> GraphDocument:
    return national_skeleton()


@pytest.fixture(scope="session")
def example_doc() -> GraphDocument:
    return example_document()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "graph.json"


@pytest.fixture
def empty_store(db_path: Path) -> EmbeddedStore:
    return EmbeddedStore(db_path)


@pytest.fixture(scope="session")
def _example_store_file(tmp_path_factory: pytest.TempPathFactory, example_doc: GraphDocument) -> Path:
    path = tmp_path_factory.mktemp("example") / "graph.json"
    EmbeddedStore(path).load(example_doc)
    return path


@pytest.fixture
def example_store(_example_store_file: Path) -> EmbeddedStore:
    """The skeleton plus the LGA example, in an embedded store (read-only: do not load into it)."""
    return EmbeddedStore(_example_store_file)

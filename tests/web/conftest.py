"""Fixtures for the web app: the app over the example store and over the example with hostile names."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from partnership_graph.stores.embedded import EmbeddedStore
from tests.exporters.conftest import _hostile_store_file  # noqa: F401  (the same hostile example as the exports)

from fastapi import FastAPI  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402

from partnership_graph.web.app import create_app  # noqa: E402
from partnership_graph.web.service import Service  # noqa: E402


def make_app(path: Path) -> FastAPI:
    service = Service(EmbeddedStore(path), lambda: EmbeddedStore(path))
    service.warm()
    return create_app(service)


@pytest.fixture(scope="session")
def example_app(_example_store_file: Path) -> FastAPI:
    return make_app(_example_store_file)


@pytest.fixture
def client(example_app: FastAPI) -> Iterator[TestClient]:
    """A client of the app over the skeleton plus the LGA example (read-only)."""
    with TestClient(example_app, raise_server_exceptions=False) as c:
        yield c


@pytest.fixture(scope="session")
def hostile_app(_hostile_store_file: Path) -> FastAPI:
    return make_app(_hostile_store_file)


@pytest.fixture
def hostile_client(hostile_app: FastAPI) -> Iterator[TestClient]:
    with TestClient(hostile_app, raise_server_exceptions=False) as c:
        yield c

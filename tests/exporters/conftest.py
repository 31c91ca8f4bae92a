"""Fixtures for the exporter tests: the example store, and one with hostile names in it."""

from __future__ import annotations

from pathlib import Path

import pytest

from partnership_graph.graphmodel import Body, Claim, Covers, GraphDocument, MemberOf
from partnership_graph.stores.embedded import EmbeddedStore

# Names an attacker (or an unlucky spreadsheet) might give a body. Each must reach every output
# as text: never markup in the page, never a formula in a CSV, never code in a Cypher script.
IMG_NAME = "<img src=x onerror=alert(1)>"
SCRIPT_NAME = "</script><script>alert(2)</script> & \"double\" 'single' \\ back\\slash"
FORMULA_NAME = "=HYPERLINK(\"http://example.invalid\",\"click\")"
HOSTILE = {"hostile-img": IMG_NAME, "hostile-script": SCRIPT_NAME, "hostile-formula": FORMULA_NAME}
OLDHAM = "E08000004"


def hostile_document(base: GraphDocument) -> GraphDocument:
    """The example plus three bodies with hostile names, in Oldham, one leading domestic abuse."""
    bodies = [Body(id=i, name=n, kind="other", source="illustrative") for i, n in HOSTILE.items()]
    covers = [Covers(start=i, end=OLDHAM, source="illustrative") for i in HOSTILE]
    claims = [Claim(start="hostile-img", end="domestic-abuse", claim="LEADS", source="illustrative",
                    evidence=IMG_NAME)]
    members = [MemberOf(start="hostile-script", end="csp:oldham", source="illustrative", evidence=SCRIPT_NAME)]
    return base.overlay(bodies=bodies, covers=covers, claims=claims, memberships=members)


@pytest.fixture(scope="session")
def _hostile_store_file(tmp_path_factory: pytest.TempPathFactory, example_doc: GraphDocument) -> Path:
    path = tmp_path_factory.mktemp("hostile") / "graph.json"
    EmbeddedStore(path).load(hostile_document(example_doc))
    return path


@pytest.fixture
def hostile_store(_hostile_store_file: Path) -> EmbeddedStore:
    """The example with three hostile-named bodies in Oldham (read-only)."""
    return EmbeddedStore(_hostile_store_file)

"""GEXF: valid against the official 1.2draft and 1.3 schemas, and read back with the same counts.

The check is not loosened: the schemas are the published bytes (hash-checked below), and what
networkx's writer gets wrong (a ``name`` on ``<graph>``; for 1.3, the XSI namespace without
``www.``) is fixed in our exporter. The one defect of the published schemas, viz elements
declared in the wrong namespace, is avoided rather than worked around: we write no viz elements
(asserted below).
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import networkx as nx
import pytest

from partnership_graph.exporters.gexf import GEXF_VERSIONS, gexf_bytes, write_gexf
from partnership_graph.exporters.select import select
from partnership_graph.stores.embedded import EmbeddedStore

from ._schemas import HERE, gexf_schema
from .conftest import IMG_NAME, SCRIPT_NAME


@pytest.mark.parametrize("version", GEXF_VERSIONS)
def test_the_whole_graph_validates_and_reads_back(example_store: EmbeddedStore, tmp_path: Path,
                                                  version: str) -> None:
    g = example_store.graph()
    path = write_gexf(g, tmp_path / "graph.gexf", version=version)  # type: ignore[arg-type]
    gexf_schema(version).validate(str(path))
    back = nx.read_gexf(path, version=version)
    assert (back.number_of_nodes(), back.number_of_edges()) == (g.number_of_nodes(), g.number_of_edges())
    assert set(back.nodes) == set(g.nodes)


@pytest.mark.parametrize("version", GEXF_VERSIONS)
def test_networkx_output_is_fixed_not_the_check_loosened(example_store: EmbeddedStore, version: str) -> None:
    text = gexf_bytes(select(example_store, "Oldham").graph, version).decode()  # type: ignore[arg-type]
    assert re.search(r"<graph [^>]*name=", text) is None
    assert 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"' in text
    assert "viz:" not in text and "<color" not in text  # no viz elements: the published XSDs misplace them


def test_values_and_labels_read_back(hostile_store: EmbeddedStore, tmp_path: Path) -> None:
    path = write_gexf(select(hostile_store, "Oldham").graph, tmp_path / "oldham.gexf")
    gexf_schema("1.2draft").validate(str(path))
    back = nx.read_gexf(path)
    oldham = back.nodes["Area:E08000004"]
    assert (oldham["label"], oldham["population"], oldham["upper_tier"]) == ("Oldham", 246130, True)
    assert back.nodes["Body:hostile-img"]["label"] == IMG_NAME
    assert back.nodes["Body:hostile-script"]["name"] == SCRIPT_NAME
    rel_types = {e["rel_type"] for _, _, e in back.edges(data=True)}
    assert {"LEADS", "MEMBER_OF", "COVERS", "PART_OF", "ACCOUNTABLE_TO"} <= rel_types


def test_bundled_schemas_are_the_published_bytes() -> None:
    readme = (HERE / "README.md").read_text()
    listed = dict(re.findall(r"\| `([\w./-]+\.xsd)` \|[^\n]*`([0-9a-f]{64})` \|", readme))
    files = sorted(p.relative_to(HERE).as_posix() for p in HERE.rglob("*.xsd"))
    assert sorted(listed) == files
    for name, digest in listed.items():
        assert hashlib.sha256((HERE / name).read_bytes()).hexdigest() == digest, name

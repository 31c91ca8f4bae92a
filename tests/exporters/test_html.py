"""The HTML page: offline, escaped, styled from the vocabulary, and the counts it will report.

What the page does in a browser is checked by test_browser.py; these tests read the file.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from partnership_graph.exporters import export
from partnership_graph.exporters.html import (
    EDGE_STYLES, LARGE_GRAPH, NODE_STYLES, _template, html_bytes, page_data, script_json, vis_network_js,
)
from partnership_graph.exporters.select import select
from partnership_graph.graphmodel import BodyKind, RelType
from partnership_graph.stores.embedded import EmbeddedStore

from .conftest import IMG_NAME, SCRIPT_NAME


class Tags(HTMLParser):
    """Every start tag with its attributes, and the text of each <script>, as a browser splits them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data


@pytest.fixture
def hostile_page(hostile_store: EmbeddedStore) -> str:
    return html_bytes(select(hostile_store, "Oldham"), hostile_store.graph()).decode("utf-8")


def parsed(page: str) -> Tags:
    tags = Tags()
    tags.feed(page)
    return tags


def test_the_page_loads_nothing_from_the_network(hostile_page: str) -> None:
    for tag, attrs in parsed(hostile_page).tags:
        for name in ("src", "href", "data", "action", "srcset", "poster"):
            value = attrs.get(name) or ""
            assert not re.match(r"\s*(https?:)?//", value, re.I), (tag, name, value)
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)\s*=\s*[\"']?\s*(https?:)?//", hostile_page, re.I)
    assert not re.search(r"@import|url\(\s*[\"']?\s*(https?:)?//", hostile_page, re.I)


def test_the_page_has_exactly_our_three_scripts(hostile_page: str) -> None:
    tags = parsed(hostile_page)
    scripts = [attrs for tag, attrs in tags.tags if tag == "script"]
    assert scripts == [{"id": "pg-data", "type": "application/json"}, {}, {}]
    assert not [tag for tag, _ in tags.tags if tag in ("img", "iframe", "object", "embed")]


def test_names_reach_the_page_as_json_data_and_nowhere_else(hostile_page: str, hostile_store: EmbeddedStore) -> None:
    data_block = parsed(hostile_page).scripts[0]
    data = json.loads(data_block)
    names = {n["key"]: n["tip"][0][1] for n in data["nodes"]}
    assert names["Body:hostile-img"] == IMG_NAME and names["Body:hostile-script"] == SCRIPT_NAME
    assert "<" not in data_block and ">" not in data_block and "&" not in data_block
    assert "\\u003cimg src=x" in data_block
    assert "&lt;" not in data_block  # not HTML-escaped first: no double encoding
    assert hostile_page.count(IMG_NAME) == 0 and "</script><script>alert(2)" not in hostile_page


def test_script_json_escapes_what_could_end_a_script_block() -> None:
    text = script_json({"a": "</script><!-- & -->", "b": "\u2028"})
    assert json.loads(text) == {"a": "</script><!-- & -->", "b": "\u2028"}
    assert not set("<>&") & set(text)


def test_the_script_never_parses_markup() -> None:
    template = _template()
    assert "innerHTML" not in template and "outerHTML" not in template and "insertAdjacentHTML" not in template
    assert "document.write" not in template and "eval(" not in template
    assert template.count("@@DATA@@") == 1 and template.count("@@VIS_NETWORK@@") == 1


def test_the_page_reports_the_selection_without_sources(example_store: EmbeddedStore, tmp_path: Path) -> None:
    selection = select(example_store, "Oldham")
    result = export(example_store, "html", tmp_path / "oldham.html", area="Oldham")
    drawn = [n for n, a in selection.graph.nodes(data=True) if a["label"] != "Source"]
    assert (result.nodes, result.edges) == (len(drawn), selection.graph.number_of_edges())
    assert "vis-network" in result.paths[0].read_text()[:200_000]


def test_every_kind_and_relationship_type_has_a_style() -> None:
    assert set(BodyKind.values()) | {"Area", "Issue"} == set(NODE_STYLES)
    assert set(RelType.values()) == set(EDGE_STYLES)


def test_filters_offer_the_areas_and_issues_of_the_export(example_store: EmbeddedStore) -> None:
    data = page_data(select(example_store, "Nottinghamshire"), example_store.graph())
    areas = {a["value"]: a for a in data["areas"]}
    assert "E10000024" in areas and "E07000174" in areas  # the county and Mansfield, one of its districts
    key = {n["id"]: n["key"] for n in data["nodes"]}
    mansfield = {key[i] for i in areas["E07000174"]["nodes"]}
    assert "Body:csp:mansfield" in mansfield and "Body:csp:ashfield" not in mansfield
    issues = {i["value"]: {key[n] for n in i["nodes"]} for i in data["issues"]}
    assert {"Body:csg:nottinghamshire", "Body:csp:mansfield"} <= issues["violence-against-women-and-girls"]


def test_large_graphs_freeze_after_a_bounded_settle(example_store: EmbeddedStore) -> None:
    small = page_data(select(example_store, "Oldham"), example_store.graph())
    large = page_data(select(example_store), example_store.graph())
    assert len(large["nodes"]) > LARGE_GRAPH >= len(small["nodes"])
    assert (small["large"], large["large"]) == (False, True)
    assert large["stabilise"] < small["stabilise"] and large["hidden"] == ["Area"]


def test_illustrative_claims_are_marked_in_tooltips(example_store: EmbeddedStore) -> None:
    data = page_data(select(example_store, "Oldham"), example_store.graph())
    csp = next(n for n in data["nodes"] if n["key"] == "Body:csp:oldham")
    leads = [text for field, text in csp["tip"] if field == "Leads"]
    # the example's claims are illustrative; the statutory ones cite their Act section
    assert leads and all("ILLUSTRATIVE" in text or "Act" in text for text in leads)
    assert any("ILLUSTRATIVE" in text for text in leads) and any("Crime and Disorder Act 1998" in t for t in leads)
    soc = next(e for e in data["edges"] if e["type"] == "LEADS" and "serious and organised" in e["tip"][0][1].lower())
    assert ["Source", "LGA review of the future of community safety services: draft summary report (2016: states "
                      "the position then, not necessarily today)"] in soc["tip"]


def test_the_page_uses_pyvis_files_without_importing_pyvis(example_store: EmbeddedStore, tmp_path: Path) -> None:
    # Importing pyvis loads IPython; the export only needs the vis-network file pyvis ships.
    code = ("import sys; from partnership_graph.stores.embedded import EmbeddedStore; "
            "from partnership_graph.exporters import export; "
            f"export(EmbeddedStore({example_store.location!r}), 'html', {str(tmp_path / 'o.html')!r}, area='Oldham'); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pyvis', 'IPython', 'jinja2')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
    assert "vis-network" in vis_network_js()[:300]

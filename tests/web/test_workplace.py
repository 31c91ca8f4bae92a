"""Issue 22: the app as a place to work, checked as pages and files (TestClient; the browser tests
are test_accessibility.py and test_journeys.py). Facts come from the graph the app serves, not
from figures written here, so the tests hold as the national data changes.
"""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from html.parser import HTMLParser

import networkx as nx
import pytest
from fastapi.testclient import TestClient

from partnership_graph.exporters.html import NODE_STYLES
from partnership_graph.stores.embedded import EmbeddedStore
from partnership_graph.web.app import long_date
from tests._today import Today
from tests.exporters._schemas import graphml_schema, validate_gexf

OLDHAM = "E08000004"
SURREY = "E10000030"        # the county that ends when its two unitaries start (data/changes)


class VisibleText(HTMLParser):
    """The text a reader sees: everything outside <script>, <style> and <head>."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "head"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "head"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def visible(page: str) -> str:
    p = VisibleText()
    p.feed(page)
    return "".join(p.parts)


def answered_on(text: str, today: Today) -> str:
    """The date a page without ``on`` answered for: the day its banner names, one of ``today``'s."""
    named = [d for d in today.days if f"Answers as at {long_date(d)} (today)." in text]
    assert len(named) == 1, (today.days, text[text.find("Answers as at"):][:60])
    return named[0]


@pytest.fixture(scope="module")
def graph(_example_store_file: object) -> nx.MultiDiGraph[str]:
    return EmbeddedStore(_example_store_file).graph()  # type: ignore[arg-type]


# -- areas across dates ----------------------------------------------------------------------------
def test_an_ended_area_names_and_links_its_successors(client: TestClient, graph: nx.MultiDiGraph[str]) -> None:
    surrey = graph.nodes[f"Area:{SURREY}"]
    ended = str(surrey["valid_to"])
    after = (date.fromisoformat(ended) + timedelta(days=61)).isoformat()
    r = client.get(f"/areas/{SURREY}", params={"on": after})
    assert r.status_code == 200
    text = visible(r.text)
    assert f"ended on {long_date(ended)}" in text
    successors = [graph.nodes[f"Area:{c}"] for c in surrey["successors"]]
    assert len(successors) >= 2
    for s in successors:
        assert s["name"] in text
        assert re.search(rf'href="/areas/{s["code"]}\?on={after}"', r.text), s["code"]


def test_todays_area_page_says_when_it_ends(client: TestClient, graph: nx.MultiDiGraph[str]) -> None:
    ended = str(graph.nodes[f"Area:{SURREY}"]["valid_to"])
    with Today() as today:
        text = visible(client.get(f"/areas/{SURREY}").text)
    assert ended > answered_on(text, today)     # the date it answers for, always said
    assert f"ends on {long_date(ended)}" in text


def test_an_area_not_yet_started_offers_its_first_day(client: TestClient, graph: nx.MultiDiGraph[str]) -> None:
    code = str(graph.nodes[f"Area:{SURREY}"]["successors"][0])
    start = str(graph.nodes[f"Area:{code}"]["valid_from"])
    r = client.get(f"/areas/{code}")
    assert r.status_code == 200
    assert f"starts on {long_date(start)}" in visible(r.text)
    assert f'href="/areas/{code}?on={start}"' in r.text
    assert client.get(f"/areas/{code}", params={"on": start}).status_code == 200


def test_search_finds_areas_on_any_date_and_says_when(client: TestClient, graph: nx.MultiDiGraph[str]) -> None:
    code = str(graph.nodes[f"Area:{SURREY}"]["successors"][0])
    name, start = graph.nodes[f"Area:{code}"]["name"], graph.nodes[f"Area:{code}"]["valid_from"]
    hits = client.get("/api/search", params={"q": name}).json()
    hit = next(h for h in hits if h["key"] == code)
    assert f"from {long_date(start)}" in hit["detail"] and hit["url"] == f"/areas/{code}?on={start}"


@pytest.mark.parametrize(("typed", "full"), [("Notts", "Nottinghamshire"), ("Bucks", "Buckinghamshire"),
                                             ("Northants", "Northamptonshire"),
                                             ("BCP", "Bournemouth, Christchurch and Poole")])
def test_search_knows_the_short_names_people_write(client: TestClient, typed: str, full: str) -> None:
    hits = client.get("/api/search", params={"q": typed}).json()
    assert hits and hits[0]["name"] == full


def test_a_csp_is_found_from_any_of_its_districts(client: TestClient, graph: nx.MultiDiGraph[str]) -> None:
    # a district whose CSP has another name (a merged CSP), read from the lookups' PART_OF edges
    lad, csp = next((u, v) for u, v, e in sorted(graph.edges(data=True), key=lambda t: (t[0], t[1]))
                    if e.get("type") == "PART_OF" and graph.nodes[u].get("kind") == "LAD"
                    and graph.nodes[v].get("kind") == "CSP" and not e.get("valid_to") and not e.get("valid_from")
                    and graph.nodes[u]["name"] != graph.nodes[v]["name"] and not graph.nodes[v].get("valid_to"))
    hits = client.get("/api/search", params={"q": graph.nodes[lad]["name"] + " CSP"}).json()
    assert graph.nodes[csp]["code"] in [h["key"] for h in hits], (lad, csp, hits)


# -- the area page leads with who leads what ---------------------------------------------------------
def test_the_area_page_leads_with_who_leads_what(client: TestClient) -> None:
    page = client.get(f"/areas/{OLDHAM}").text
    assert page.index('id="pg-ownership"') < page.index('id="pg-part-of"') < page.index('id="pg-covered"')
    assert "“held only through a broader issue” means" in page
    matrix = page.split('id="pg-matrix"', 1)[1].split("</table>", 1)[0]
    assert "duty holder" not in matrix                    # duties are folded apart, not in the matrix


def test_the_issue_picker_gives_the_district_view(client: TestClient) -> None:
    r = client.get("/areas/Nottinghamshire", params={"issue": "domestic-abuse"})
    assert r.status_code == 200
    table = r.text.split('id="pg-by-district"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr><th scope=\"row\">", table)
    api = client.get("/api/areas/Nottinghamshire").json()
    assert len(rows) == len([c for c in api["contains"] if c["kind"] == "LAD"]) > 1


def test_every_parent_of_an_issue_is_shown(client: TestClient, graph: nx.MultiDiGraph[str]) -> None:
    parents: dict[str, list[str]] = {}
    for u, v, e in graph.edges(data=True):
        if e.get("type") == "PART_OF" and graph.nodes[u].get("label") == "Issue" and not e.get("valid_to"):
            parents.setdefault(graph.nodes[u]["id"], []).append(graph.nodes[v]["name"])
    issue = max(sorted(parents), key=lambda i: len(parents[i]))
    text = visible(client.get(f"/issues/{issue}").text)
    assert all(name in text.split("Part of", 1)[1][:400] for name in parents[issue])


# -- the protocol page --------------------------------------------------------------------------------
def test_the_protocol_page_is_rendered_and_its_downloads_are_attachments(client: TestClient) -> None:
    page = client.get(f"/areas/{OLDHAM}/protocol").text
    text = visible(page)
    assert "## " not in text and "|---|" not in text
    assert "<table" in page.split('id="pg-protocol"', 1)[1] and "<h3>" in page
    for fmt in ("md", "docx"):
        r = client.get(f"/api/areas/{OLDHAM}/protocol", params={"format": fmt})
        assert r.status_code == 200 and r.headers["content-disposition"].startswith("attachment;"), fmt
    # boards by name, with checkboxes
    assert re.search(r'<input type="checkbox" name="boards" value="csp" checked>\s*Community safety partnership', page)


def test_a_bad_board_keeps_the_form_and_says_why(client: TestClient) -> None:
    r = client.get(f"/areas/{OLDHAM}/protocol", params=[("boards", "csp"), ("boards", "polce")])
    assert r.status_code == 422
    assert 'id="pg-protocol-form"' in r.text and "unknown board &#39;polce&#39;" in r.text
    assert re.search(r'value="csp" checked', r.text)


def test_the_protocol_has_a_transition_section_when_boards_change_within_a_year(
        client: TestClient, graph: nx.MultiDiGraph[str]) -> None:
    ended = date.fromisoformat(str(graph.nodes[f"Area:{SURREY}"]["valid_to"]))
    before = (ended - timedelta(days=100)).isoformat()
    text = visible(client.get(f"/areas/{SURREY}/protocol", params={"on": before}).text)
    assert "Transition" in text and "its protocol lapses" in text and "successors:" in text
    # the section is there exactly when diff reports a party's kind of board changing within the year
    from partnership_graph.queries.diff import diff_graph

    with Today() as today:
        oldham = visible(client.get(f"/areas/{OLDHAM}/protocol").text)
    day = date.fromisoformat(answered_on(oldham, today))
    rows = diff_graph(graph, day, day + timedelta(days=365), None, OLDHAM, sections=("protocol",)).rows
    kinds = {"csp", "hwb", "safeguarding_children", "safeguarding_adults"}
    expected = any(graph.nodes[f"Body:{r.subject}"].get("kind") in kinds for r in rows)
    assert ("Transition" in oldham) == expected


# -- what changes ---------------------------------------------------------------------------------------
def test_what_changes_sums_up_groups_and_downloads(client: TestClient, graph: nx.MultiDiGraph[str]) -> None:
    ended = str(graph.nodes[f"Area:{SURREY}"]["valid_to"])
    params = {"on": ended, "area": SURREY}
    api = client.get("/api/changes", params=params).json()
    page = client.get("/changes", params=params).text
    text = visible(page)
    assert f": {len(api)} changes" in text
    assert text.index("Download") < text.index("Areas (")           # the summary comes first
    body = page.split('id="pg-changes-summary"', 1)[1]
    assert "True" not in visible(body) and "False" not in visible(body)
    assert SURREY not in visible(body.split("</section>", 1)[1])    # names, not ids
    r = client.get("/api/changes", params={**params, "format": "csv"})
    assert r.headers["content-type"].startswith("text/csv") and r.headers["content-disposition"].startswith("attachment")
    assert len(list(csv.DictReader(io.StringIO(r.text)))) == len(api)
    md = client.get("/api/changes", params={**params, "format": "md"})
    assert md.headers["content-type"].startswith("text/markdown") and md.text.startswith("# What changes")


# -- the network's downloads ------------------------------------------------------------------------------
def test_the_network_page_offers_gexf_and_graphml_of_what_it_shows(client: TestClient) -> None:
    page = client.get("/network", params={"area": "Greater Manchester"}).text
    gexf_href = re.search(r'id="pg-download-gexf" download href="([^"]+)"', page)
    graphml_href = re.search(r'id="pg-download-graphml" download href="([^"]+)"', page)
    assert gexf_href and graphml_href
    data = client.get("/api/network", params={"area": "Greater Manchester"}).json()
    shown = [n for n in data["nodes"] if n["group"] not in data["hidden"]]
    r = client.get(gexf_href.group(1).replace("&amp;", "&"))
    assert r.headers["content-disposition"].startswith("attachment;") and r.headers["content-type"].startswith(
        "application/gexf+xml")
    validate_gexf(r.content, "1.3")
    root = ET.fromstring(r.content)
    ns = "{http://gexf.net/1.3}"
    nodes = list(root.iter(f"{ns}node"))
    assert sorted(n.get("id") for n in nodes) == sorted(n["key"] for n in shown)   # exactly the shown nodes
    assert all(n.find("{http://gexf.net/1.3/viz}color") is not None for n in nodes)
    assert b"networkx_key" not in r.content and root.find(f"{ns}graph").get("mode") == "static"  # type: ignore[union-attr]
    kinds = {e.get("label") for e in root.iter(f"{ns}edge")}
    assert kinds and not kinds & set(data["hiddenTypes"])
    colours = {n.get("id"): n.find("{http://gexf.net/1.3/viz}color") for n in nodes}
    council = next(n["key"] for n in shown if n["group"] == "council")
    c = colours[council]
    assert c is not None and "#{:02x}{:02x}{:02x}".format(int(c.get("r")), int(c.get("g")), int(c.get("b"))) == \
        NODE_STYLES["council"][0]
    g = client.get(graphml_href.group(1).replace("&amp;", "&"))
    assert g.headers["content-disposition"].startswith("attachment;")
    graphml_schema().validate(g.content)
    back = nx.read_graphml(io.BytesIO(g.content), force_multigraph=True)
    assert sorted(back.nodes) == sorted(n["key"] for n in shown)
    # with the areas ticked, they are in the file too; an unknown format is refused, not answered as JSON
    everything = client.get("/api/network", params={"area": "Greater Manchester", "format": "gexf", "hide": "",
                                                   "hide_rel": ""})
    assert everything.content.count(b"<node ") == len(data["nodes"])
    assert client.get("/api/network", params={"area": "Greater Manchester", "format": "svg"}).status_code == 422

"""The web app over Neo4j answers as it does over the embedded store, loaded from the same document."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest
from fastapi.testclient import TestClient

from partnership_graph.web.app import create_app
from partnership_graph.web.service import Service

if TYPE_CHECKING:
    from partnership_graph.stores.neo4j import Neo4jStore

pytestmark = pytest.mark.neo4j

URLS = [
    "/api/who-leads?issue=DA&area=Oldham",
    "/api/who-leads?issue=modern%20slavery",
    "/api/gaps?area=Central%20Bedfordshire",
    "/api/overlaps?issue=CSE",
    "/api/coterminosity?kinds=csp,pfa&area=Nottinghamshire",
    "/api/areas/Oldham",
    "/api/areas/E08000004/overview",
    "/api/bodies/csp:oldham",
    "/api/bodies/csp:oldham/accountability",
    "/api/bodies?area=Oldham&format=csv",
    "/api/issues/modern-slavery",
    "/api/search?q=oldham",
    "/api/areas/Oldam",
    "/api/who-leads?issue=DAX",
]


@pytest.fixture
def neo4j_client(neo4j_example: Neo4jStore) -> Iterator[TestClient]:
    service = Service(neo4j_example)
    service.warm()
    with TestClient(create_app(service), raise_server_exceptions=False) as c:
        yield c


def test_every_answer_matches_the_embedded_store(neo4j_client: TestClient, client: TestClient) -> None:
    meta = neo4j_client.get("/api/meta").json()
    assert meta["store"] == "neo4j"
    for url in URLS:
        embedded, neo4j = client.get(url), neo4j_client.get(url)
        assert (neo4j.status_code, neo4j.headers["content-type"]) == (embedded.status_code,
                                                                      embedded.headers["content-type"]), url
        assert neo4j.text == embedded.text, url
    # The Oldham lead reads the same on both: the example's CSP, marked illustrative.
    rows = neo4j_client.get("/api/who-leads", params={"issue": "DA", "area": "Oldham"}).json()
    assert [(r["body_id"], r["authoritative"]) for r in rows if r["role"] == "lead"] == [("csp:oldham", False)]


def test_the_web_layer_adds_nothing_to_the_library_on_neo4j(neo4j_client: TestClient,
                                                              neo4j_example: Neo4jStore) -> None:
    from partnership_graph.queries.who_leads import who_leads

    web = neo4j_client.get("/api/who-leads", params={"issue": "DA"}).json()
    rows = who_leads(neo4j_example, "domestic-abuse")
    assert web == [{**r.model_dump(mode="json"), "as_at": rows.as_at} for r in rows]


def test_the_domestic_abuse_issue_page_matches_the_embedded_store(neo4j_client: TestClient,
                                                                  client: TestClient) -> None:
    url = "/api/issues/domestic-abuse"
    assert neo4j_client.get(url).text == client.get(url).text


def test_pages_render_over_neo4j(neo4j_client: TestClient) -> None:
    for url in ("/", "/areas/Oldham", "/bodies/csp:oldham", "/issues/DA", "/network?area=Oldham",
                "/network/frame?area=Oldham", "/search?q=Oldham"):
        r = neo4j_client.get(url)
        assert r.status_code == 200, url
        assert "neo4j store" in r.text or url.startswith("/network/frame"), url

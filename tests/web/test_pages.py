"""Pages as HTML: every name escaped, sources and marks shown, errors as pages with did-you-mean."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape

from tests.exporters.conftest import FORMULA_NAME, IMG_NAME, SCRIPT_NAME

OLDHAM = "E08000004"
PAGES = ["/", "/search?q=hostile", "/search?q=%3Cimg", f"/areas/{OLDHAM}", f"/areas/{OLDHAM}/protocol",
         "/bodies/hostile-img", "/bodies/hostile-script", "/bodies/hostile-formula", "/issues",
         "/issues/domestic-abuse", f"/network?area={OLDHAM}", "/api"]


@pytest.mark.parametrize("path", PAGES)
def test_hostile_names_reach_pages_only_escaped(hostile_client: TestClient, path: str) -> None:
    r = hostile_client.get(path)
    assert r.status_code == 200, r.text[:500]
    page = r.text
    assert not re.search(r"<img\b|<[a-z][^<>]*\bonerror\b", page, re.I)   # no element from a name
    assert "<script>alert" not in page and "</script><script>" not in page
    assert len(re.findall(r"<script\b", page)) == 1       # the app's own /static/app.js, nothing else


@pytest.mark.parametrize(("path", "name"), [("/bodies/hostile-img", IMG_NAME), ("/bodies/hostile-script", SCRIPT_NAME),
                                            ("/bodies/hostile-formula", FORMULA_NAME)])
def test_a_hostile_body_page_shows_its_name_as_text(hostile_client: TestClient, path: str, name: str) -> None:
    page = hostile_client.get(path).text
    assert f'<h1 id="pg-body-name">{escape(name)}' in page


def test_the_area_page_marks_illustrative_claims_and_names_sources(client: TestClient) -> None:
    page = client.get(f"/areas/{OLDHAM}").text
    row = page.split('data-issue="domestic-abuse"', 1)[1].split("</tr>", 1)[0]
    cell = row.split('<td data-body="csp:oldham">', 1)[1].split("</td>", 1)[0]
    assert "LEAD" in cell and "ILLUSTRATIVE" in cell


def test_an_unknown_area_page_is_a_404_page_with_did_you_mean(client: TestClient) -> None:
    r = client.get("/areas/Oldam")
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
    assert "no area named &#39;Oldam&#39;: did you mean Oldham (LAD E08000004)?" in r.text
    assert f'href="/areas/{OLDHAM}"' in r.text.split('id="pg-did-you-mean"', 1)[1]


def test_the_date_travels_in_every_link(client: TestClient) -> None:
    page = client.get(f"/areas/{OLDHAM}", params={"on": "2025-04-01"}).text
    assert 'class="asat"' in page                            # says which date it shows, with a way back
    assert 'value="2025-04-01"' in page                      # the date picker shows it
    # the page's own content: inside <main>, after the date banner (whose "Back to today" drops the date)
    page = re.split(r"<main\b[^>]*>", page.split("</main>", 1)[0], maxsplit=1)[1].split('id="pg-asat"', 1)[1]
    page = page.split("</p>", 1)[1]
    links = re.findall(r'href="(/(?:areas|bodies|issues)/[^"]*)"', page)
    assert links and all("on=2025-04-01" in link for link in links)
    r = client.get(f"/areas/{OLDHAM}", params={"on": "yesterday"})
    assert r.status_code == 422 and "&#39;yesterday&#39; is not a date; write it as YYYY-MM-DD" in r.text

"""The planning pack in the web app: ``/plan`` shows the same sections as the CLI's pack and offers
its files as attachments; ``/api/plan`` answers the pack as JSON. One pack per area and dates is
built by the app (cached), so the requests below share it. The last test reads the page in
Chromium: headings in order, tables captioned, and the print layout hiding the site's controls.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from lxml import html as lxml_html

from partnership_graph.exporters.plan import plan_pack, render
from partnership_graph.stores.embedded import EmbeddedStore
from tests.exporters._chromium import Chromium, _module_chromium, browser, chromium  # noqa: F401 (fixtures)

from ._live import live_server

SURREY = {"area": "Surrey", "from": "2027-03-31", "to": "2027-04-01"}
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "web"


@pytest.fixture(scope="module")
def page(example_app: FastAPI) -> Any:
    with TestClient(example_app) as c:
        r = c.get("/plan", params=SURREY)
    assert r.status_code == 200, r.text[:500]
    return r


@pytest.fixture(scope="module")
def cli_markdown(_example_store_file: Path) -> str:
    return render(plan_pack(EmbeddedStore(_example_store_file), "Surrey", "2027-03-31", "2027-04-01"), "md").decode()


def test_the_page_renders_the_same_sections_as_the_cli(page: Any, cli_markdown: str) -> None:
    tree = lxml_html.fromstring(page.text)
    main = tree.find(".//main")
    page_h2 = [" ".join(h.text_content().split()) for h in main.iter("h2")]
    cli_h2 = [line[3:] for line in cli_markdown.splitlines() if line.startswith("## ")]
    assert page_h2 == cli_h2
    assert len(page_h2) >= 9
    # the same rows: every table caption of the CLI's Markdown is a caption on the page
    captions = [" ".join(c.text_content().split()) for c in main.iter("caption")]
    cli_captions = [re.sub(r"\\(.)", r"\1", m) for m in re.findall(r"^\*(Table \d+: .*)\*$", cli_markdown, re.M)]
    assert captions == cli_captions
    text = " ".join(main.text_content().split())
    for name in ("East Surrey Council", "West Surrey Council", "Surrey County Council",
                 "Safeguarding children partnership for East Surrey (assumed: the new council's own; no source "
                 "names it yet)", "Safeguarding children partnership for Surrey (assumed: no published arrangement "
                 "found)"):
        assert name in text


def test_the_page_is_accessible_structure(page: Any) -> None:
    tree = lxml_html.fromstring(page.text)
    main = tree.find(".//main")
    levels = [int(e.tag[1]) for e in main.iter("h1", "h2", "h3", "h4", "h5", "h6")]
    assert levels[0] == 1 and levels.count(1) == 1 and all(b <= a + 1 for a, b in zip(levels, levels[1:]))
    assert all(t.find("caption") is not None for t in main.iter("table"))
    assert all(th.get("scope") in ("col", "row") for th in main.iter("th"))
    for field in main.iter("input"):
        if field.get("type") != "hidden":
            assert main.find(f".//label[@for='{field.get('id')}']") is not None
    assert '<link rel="stylesheet" href="/static/plan.css">' in page.text


def test_the_page_offers_every_download_as_an_attachment(example_app: FastAPI, page: Any) -> None:
    import docx

    links = lxml_html.fromstring(page.text).findall(".//p[@id='pg-plan-downloads']/a")
    assert [a.text for a in links] == ["Word", "Markdown", "HTML", "JSON"]
    with TestClient(example_app) as c:
        for a in links:
            r = c.get(a.get("href"))
            assert r.status_code == 200
            fmt = a.get("href").rsplit("format=", 1)[1]
            assert r.headers["content-disposition"] == (
                f'attachment; filename="plan-surrey-2027-03-31-2027-04-01.{fmt}"')
            if fmt == "docx":
                headings = [p.text for p in docx.Document(io.BytesIO(r.content)).paragraphs
                            if p.style.name.startswith("Heading")]
                assert "1. Summary" in headings and "9. Sources" in headings
            if fmt == "md":
                assert r.text.startswith("# Planning pack: Surrey, 2027-03-31 to 2027-04-01")


def test_api_plan_answers_the_pack(example_app: FastAPI) -> None:
    with TestClient(example_app) as c:
        r = c.get("/api/plan", params={"area": "Oldham", "from": "2027-03-31", "to": "2027-04-01"})
        assert r.status_code == 200
        body = r.json()
        assert body["summary"]["area_code"] == "E08000004" and body["summary"]["changes"] == []
        bad = c.get("/api/plan", params={"area": "Nowhereshire"})
        assert bad.status_code == 422 and "no area named 'Nowhereshire'" in bad.json()["error"]
        late = c.get("/api/plan", params={"area": "Surrey", "from": "2027-04-02", "to": "2027-04-01"})
        assert late.status_code == 422 and late.json()["parameter"] == "to"
        scen = c.get("/api/plan", params={"area": "Surrey", "scenario": "/etc/passwd"})
        assert scen.status_code == 422 and "no bundled scenario named '/etc/passwd'" in scen.json()["error"]


def test_an_area_that_does_not_resolve_keeps_the_form_with_the_message(example_app: FastAPI) -> None:
    with TestClient(example_app) as c:
        r = c.get("/plan", params={"area": "Surey Heath", "to": "2027-04-01"})
        empty = c.get("/plan")
    assert r.status_code == 422
    tree = lxml_html.fromstring(r.text)
    assert tree.get_element_by_id("pg-plan-area").get("value") == "Surey Heath"
    assert tree.get_element_by_id("pg-plan-to").get("value") == "2027-04-01"
    assert "no area named 'Surey Heath'" in tree.get_element_by_id("pg-error").text_content()
    assert empty.status_code == 200 and 'id="pg-plan-area"' in empty.text and "pg-plan-downloads" not in empty.text


@pytest.fixture(scope="module")
def example_url(example_app: FastAPI) -> Iterator[str]:
    with live_server(example_app) as url:
        yield url


def test_in_a_browser_the_page_reads_in_order_and_prints_without_the_site_controls(
        browser: Chromium, example_url: str, page: Any) -> None:  # noqa: F811
    from urllib.parse import urlencode

    browser.open(f"{example_url}/plan?{urlencode(SURREY)}")
    assert browser.wait_for("document.querySelector('#pg-plan-title') !== null", timeout=240)
    checked = browser.evaluate("""(function () {
      var hs = Array.from(document.querySelectorAll('main h1, main h2, main h3, main h4'));
      var levels = hs.map(function (h) { return +h.tagName[1]; });
      var skips = levels.filter(function (l, i) { return i > 0 && l > levels[i - 1] + 1; }).length;
      var tables = document.querySelectorAll('main table').length;
      var captioned = document.querySelectorAll('main table > caption').length;
      return [levels[0], skips, tables, captioned];
    })()""")
    assert checked[0] == 1 and checked[1] == 0 and checked[2] >= 6 and checked[2] == checked[3]
    shown = "getComputedStyle(document.querySelector('{}')).display"
    assert browser.evaluate(shown.format("header.top")) != "none"
    browser.send("Emulation.setEmulatedMedia", {"media": "print"})
    for selector in ("header.top", "footer", ".plan-form", "#pg-plan-downloads"):
        assert browser.evaluate(shown.format(selector)) == "none", selector
    assert browser.evaluate(shown.format(".plan-pack thead")) == "table-header-group"
    browser.screenshot(ARTIFACTS / "plan-surrey-print.png")
    assert browser.log.errors == [], browser.log.errors

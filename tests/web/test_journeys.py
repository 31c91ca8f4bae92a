"""The three people of issue 22, in a real browser (Playwright driving Debian's Chromium), each doing
what stopped them: a county strategist, a police and crime commissioner's analyst, and a council
officer drafting a protocol for 2027. One browser for the module; screenshots in artifacts/web/.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI

from partnership_graph.exporters.html import NODE_STYLES
from partnership_graph.stores.embedded import EmbeddedStore

from ._live import live_server
from ._playwright import DESKTOP, FRAME_READY, PHONE, pw_browser, wait_until  # noqa: F401

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "web"
SURREY = "E10000030"   # ends when its unitaries start (data/changes)


@pytest.fixture(scope="module")
def app_url(example_app: FastAPI) -> Iterator[str]:
    with live_server(example_app) as url:
        yield url


@pytest.fixture
def page(pw_browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    context = pw_browser.new_context(viewport=getattr(request, "param", DESKTOP), accept_downloads=True)
    p = context.new_page()
    p.set_default_timeout(120_000)
    errors: list[str] = []
    p.on("pageerror", lambda e: errors.append(str(e)))
    yield p
    context.close()
    assert errors == []


def test_a_county_strategist_finds_notts_picks_an_issue_and_reads_it_district_by_district(
        page: Any, app_url: str) -> None:
    page.goto(app_url + "/")
    box = page.get_by_role("combobox", name="Search areas, bodies and issues")
    box.press_sequentially("Notts", delay=20)
    wait_until(page, "document.getElementById('pg-q-status').textContent.indexOf('for Notts:') > 0")
    status = page.locator("#pg-q-status").inner_text()
    assert "suggestion" in status                          # announced in the live region
    box.press("ArrowDown")
    active = page.evaluate("document.getElementById('pg-q').getAttribute('aria-activedescendant')")
    assert page.locator(f"#{active}").get_attribute("aria-selected") == "true"
    assert "Nottinghamshire" in page.locator(f"#{active}").inner_text()
    box.press("Enter")
    page.wait_for_url("**/areas/E10000024**")               # Nottinghamshire county (ONS CTYUA)
    # who leads what comes first; pick domestic abuse and read it district by district
    page.get_by_label("Issue", exact=True).select_option(label="Domestic abuse")
    page.locator("#pg-issue-picker button").click()
    page.wait_for_url("**issue=domestic-abuse**")
    rows = page.locator("#pg-by-district tbody tr")
    assert rows.count() > 1
    first_lead = rows.first.locator("td").nth(1).locator("a.body").first
    name = first_lead.inner_text()
    page.screenshot(path=str(ARTIFACTS / "journey-strategist-nottinghamshire.png"), full_page=False)
    first_lead.click()
    page.wait_for_url("**/bodies/**")
    assert page.locator("#pg-body-name").inner_text().startswith(name)


def test_an_analyst_draws_greater_manchester_reads_the_table_and_takes_it_to_gephi(
        page: Any, app_url: str, tmp_path: Path) -> None:
    page.goto(app_url + "/network")
    page.get_by_label("Area", exact=True).fill("Greater Manchester")
    page.get_by_role("button", name="Draw").click()
    page.wait_for_url("**area=Greater**")
    wait_until(page, FRAME_READY)
    frame = page.frame_locator("#pg-network-frame")
    status = frame.locator("#pg-status").inner_text()
    assert "Hidden as the page opens" in status
    # the text alternative: the same nodes as a table
    frame.get_by_role("button", name="Show as a table").click()
    table_rows = frame.locator("#pg-table table").first.locator("tbody tr")
    shown = int(page.evaluate("document.getElementById('pg-network-frame').contentDocument.body.dataset"
                              ".pgVisibleNodes"))
    assert table_rows.count() == shown > 50
    assert frame.get_by_role("button", name="Show as a network").get_attribute("aria-pressed") == "true"
    # switch the areas on in the legend, then download GEXF: the file holds what is shown
    frame.get_by_role("button", name="Show as a network").click()
    frame.locator("#pg-legend-nodes label", has_text="Area").locator("input").check()
    wait_until(page, "JSON.parse(document.getElementById('pg-network-frame').contentDocument.body.dataset"
                     ".pgHidden).groups.length === 0")
    shown = int(page.evaluate("document.getElementById('pg-network-frame').contentDocument.body.dataset"
                              ".pgVisibleNodes"))
    with page.expect_download() as info:
        page.get_by_role("link", name="GEXF (Gephi)").click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    assert path.suffix == ".gexf"
    root = ET.parse(path).getroot()
    nodes = list(root.iter("{http://gexf.net/1.3}node"))
    assert len(nodes) == shown
    areas = [n for n in nodes if n.get("id", "").startswith("Area:")]
    colour = areas[0].find("{http://gexf.net/1.3/viz}color")
    assert colour is not None and "#{:02x}{:02x}{:02x}".format(
        int(colour.get("r", "")), int(colour.get("g", "")), int(colour.get("b", ""))) == NODE_STYLES["Area"][0]
    page.screenshot(path=str(ARTIFACTS / "journey-analyst-greater-manchester.png"))


@pytest.mark.parametrize("page", [PHONE], indirect=True)
def test_a_council_officer_plans_a_2027_protocol_for_surrey_on_a_phone(
        page: Any, app_url: str, _example_store_file: Path, tmp_path: Path) -> None:
    g = EmbeddedStore(_example_store_file).graph()
    surrey = g.nodes[f"Area:{SURREY}"]
    ends = str(surrey["valid_to"])
    page.goto(app_url + f"/areas/{SURREY}")
    notice = page.locator("#pg-area-ends").inner_text()
    day = date.fromisoformat(ends)
    assert f"ends on {day.day} {day:%B} {day.year}" in notice
    # searching a successor today finds it, and says when it starts
    successor = g.nodes[f"Area:{surrey['successors'][0]}"]
    box = page.get_by_role("combobox", name="Search areas, bodies and issues")
    box.press_sequentially(str(successor["name"]), delay=20)
    wait_until(page, f"document.getElementById('pg-q-status').textContent.indexOf('for {successor['name']}:') > 0")
    option = page.locator("#pg-suggestions [role=option]", has_text="from")
    assert str(successor["name"]) in option.first.inner_text()
    option.first.click()
    page.wait_for_url(f"**/areas/{successor['code']}?on={successor['valid_from']}**")
    assert "Answers as at" in page.locator("#pg-asat").inner_text()
    # back to Surrey as at a date before the change: the protocol has a Transition section
    before = (day - timedelta(days=60)).isoformat()
    page.goto(app_url + f"/areas/{SURREY}/protocol?on={before}")
    article = page.locator("#pg-protocol")
    assert article.get_by_role("heading", name="Transition").count() == 1
    assert "## " not in article.inner_text() and "|---|" not in article.inner_text()
    # choose the boards by name, redraft, download the Markdown as a file
    page.get_by_label("Safeguarding adults board").uncheck()
    page.get_by_role("button", name="Redraft").click()
    page.wait_for_url("**boards=**")
    assert page.get_by_label("Safeguarding adults board").is_checked() is False
    with page.expect_download() as info:
        page.locator("#pg-download-md").click()
    saved = tmp_path / info.value.suggested_filename
    info.value.save_as(saved)
    text = saved.read_text(encoding="utf-8")
    assert saved.name.endswith(".md") and "## Transition" in text and "Safeguarding adults board" not in text.split(
        "Boards:", 1)[1].split("\n", 1)[0]
    page.screenshot(path=str(ARTIFACTS / "journey-officer-surrey-protocol-phone.png"))

"""WCAG 2.2 AA in a real browser: axe-core finds no violation on any page template, at a desktop
(1366x768) and a phone (390x844) size; and the Greater Manchester network, drawn in both, shows
labelled nodes in its legend's colours (read back from the canvas's pixels).

Playwright drives Debian's Chromium (``tests/web/_playwright.py``); one browser for the module.
Screenshots go to ``artifacts/web/`` (gitignored).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI

from partnership_graph.exporters.html import NODE_STYLES

from ._live import live_server
from ._playwright import FRAME_READY, SIZES, axe_violations, describe, pw_browser, wait_until  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts" / "web"
OLDHAM = "E08000004"        # ONS LAD code (data/ons)
GREATER_MANCHESTER = "Greater Manchester"

# One page of every template, and the error pages (what each status looks like).
PAGES = {
    "home": "/",
    "search results": "/search?q=Oldham",
    "area": f"/areas/{OLDHAM}",
    "area on another date": "/areas/E10000030?on=2027-06-01",   # Surrey after its unitaries (data/changes)
    "body": "/bodies/csp:oldham",
    "issues": "/issues",
    "issue": "/issues/modern-slavery",          # the template with few rows: axe's time grows with the page
    "network": f"/network?area={GREATER_MANCHESTER}",
    "network frame": f"/network/frame?area={GREATER_MANCHESTER}",
    "protocol": f"/areas/{OLDHAM}/protocol",
    "what changes": "/changes?on=2027-04-01&area=Elmbridge",   # a Surrey district, in the 2027 change
    "api": "/api",
    "error 404": "/areas/Oldam",
    "error 422": f"/areas/{OLDHAM}?on=yesterday",
}


@pytest.fixture(scope="module")
def app_url(example_app: FastAPI) -> Iterator[str]:
    with live_server(example_app) as url:
        yield url


@pytest.fixture(scope="module", params=list(SIZES))
def page(request: pytest.FixtureRequest, pw_browser: Any) -> Iterator[Any]:
    """One page per screen size, reused by the tests of that size."""
    context = pw_browser.new_context(viewport=SIZES[request.param])
    p = context.new_page()
    p.errors = []  # type: ignore[attr-defined]
    p.on("pageerror", lambda e: p.errors.append(str(e)))  # type: ignore[attr-defined]
    p.size = request.param  # type: ignore[attr-defined]
    yield p
    context.close()


@pytest.mark.parametrize("name", list(PAGES))
def test_axe_finds_no_violation(page: Any, app_url: str, name: str) -> None:
    response = page.goto(app_url + PAGES[name])
    assert response is not None
    assert response.status == (404 if name == "error 404" else 422 if name == "error 422" else 200)
    if name == "network":
        wait_until(page, FRAME_READY)
    elif name == "network frame":
        wait_until(page, "document.body.dataset.pgReady === 'true'")
    violations = axe_violations(page)
    assert violations == [] or not violations, f"{name} at {page.size}:\n" + describe(violations)
    # the page stays within the screen's width (tables scroll inside their own regions)
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"] + 1, name
    assert page.errors == []


# -- the network, as drawn -------------------------------------------------------------------------
PIXELS = """(function () {
  var w = document.getElementById('pg-network-frame');
  var win = w ? w.contentWindow : window, doc = w ? w.contentDocument : document;
  var g = win.partnershipGraph, net = g.network;
  var canvas = doc.querySelector('#pg-network canvas');
  var ctx = canvas.getContext('2d');
  var ratio = canvas.width / canvas.getBoundingClientRect().width;
  var ids = g.visible(), pos = net.getPositions(ids);
  return ids.map(function (id) {
    var n = g.nodes.get(id), p = net.canvasToDOM(pos[id]);
    // the pixels within 2 px of the node's centre (a label's white outline or a line may cross the
    // centre itself)
    var r = Math.max(1, Math.round(2 * ratio));
    var data = ctx.getImageData(Math.round(p.x * ratio) - r, Math.round(p.y * ratio) - r, 2 * r + 1, 2 * r + 1).data;
    var around = [];
    for (var i = 0; i < data.length; i += 4) { around.push([data[i], data[i + 1], data[i + 2]]); }
    return {group: n.group, label: n.label || '', rgb: around[Math.floor(around.length / 2)], around: around};
  });
})()"""


def _hex(rgb: list[int]) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def _near(rgb: list[int], colour: str) -> bool:
    want = [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
    return all(abs(a - b) <= 12 for a, b in zip(rgb, want))


def test_the_greater_manchester_network_is_labelled_in_the_legends_colours(page: Any, app_url: str) -> None:
    page.goto(app_url + f"/network?area={GREATER_MANCHESTER}")
    wait_until(page, FRAME_READY)
    page.wait_for_timeout(300)
    page.locator("#pg-network-frame").scroll_into_view_if_needed()
    page.evaluate("document.getElementById('pg-network-frame').scrollIntoView({block: 'start'})")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / f"network-greater-manchester-{page.size}.png"
    page.screenshot(path=str(shot))
    print(f"screenshot: {shot}")
    frame = page.frame_locator("#pg-network-frame")
    legend = json.loads(page.evaluate(
        "JSON.stringify(document.getElementById('pg-network-frame').contentWindow.partnershipGraph"
        ".groups)"))
    # the vis-network groups are the legend's, entry by entry
    for group, style in legend.items():
        assert style["color"]["background"] == NODE_STYLES[group][0], group
    samples = page.evaluate(PIXELS)
    assert len(samples) > 50
    # the pixel at each node's centre is its legend colour (a node under another, or under a
    # label, may show something else: nearly all must match, and none may show vis-network's own
    # group palette, which is what an undeclared group gets). On a phone the same nodes share a
    # third of the width, so more middles lie under a label's text (87% matched with the register's
    # longer names for derived boards: 110 of 126, against 114 of 126 at desktop width).
    matching = [s for s in samples if any(_near(px, NODE_STYLES[s["group"]][0]) for px in s["around"])]
    share = 0.85 if page.size == "390x844" else 0.9
    assert len(matching) >= share * len(samples), [(s["group"], _hex(s["rgb"])) for s in samples
                                                   if s not in matching][:20]
    vis_palette = ("#97c2fc", "#ffff00", "#fb7e81", "#7be141", "#eb7df4")   # vis-network's first groups
    assert not [s for s in samples if any(_near(s["rgb"], c) for c in vis_palette)
                and not any(_near(px, NODE_STYLES[s["group"]][0]) for px in s["around"])]
    # every kind of body drawn is in the legend, and the busiest nodes carry labels as it opens
    shown_groups = {s["group"] for s in samples}
    legend_groups = set(page.evaluate("Array.from(document.getElementById('pg-network-frame').contentDocument"
                                      ".querySelectorAll('#pg-legend-nodes .pg-legend-item')).length ? "
                                      "Object.keys(document.getElementById('pg-network-frame').contentWindow"
                                      ".partnershipGraph.groups) : []"))
    assert shown_groups <= legend_groups
    labelled = [s for s in samples if s["label"]]
    assert len(labelled) >= 8, len(labelled)
    # the labels are drawn large enough to read (11-13 px on screen)
    px = page.evaluate("(function () { var g = document.getElementById('pg-network-frame').contentWindow"
                       ".partnershipGraph; return g.labelPx(g.network.getScale()); })()")
    assert 11 <= px <= 13
    # on a phone the network comes first and takes over 60% of the screen's height
    box = frame.locator("#pg-network").bounding_box()
    assert box is not None
    if page.size == "390x844":
        assert box["height"] >= 0.6 * 844, box
        aside = frame.locator("aside").bounding_box()
        assert aside is not None and aside["y"] > box["y"]
    # and it says what it hides, and why
    status = frame.locator("#pg-status").inner_text()
    assert "Hidden as the page opens" in status and "area" in status.lower()

"""The web app in a real headless Chromium, driven as a user would; no console errors, no script from data.

Chromium is Debian's package, driven over the DevTools protocol (``tests/exporters/_chromium.py``).
Without a browser these tests skip, unless ``PARTNERSHIP_GRAPH_REQUIRE_BROWSER=1`` (set by
``.ci/run``) turns the skip into a failure. Screenshots go to ``artifacts/web/`` (gitignored);
each test prints where.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI

from tests.exporters._chromium import BEFORE_LOAD, BrowserError, Chromium, _module_chromium, browser, chromium  # noqa: F401 (fixtures)
from tests.exporters.conftest import FORMULA_NAME, IMG_NAME, SCRIPT_NAME

from ._live import live_server

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts" / "web"
OLDHAM = "E08000004"   # ONS LAD code (data/ons/lad_csp_pfa.csv)



@pytest.fixture(scope="module")
def example_url(example_app: FastAPI) -> Iterator[str]:
    with live_server(example_app) as url:
        yield url


@pytest.fixture(scope="module")
def hostile_url(hostile_app: FastAPI) -> Iterator[str]:
    with live_server(hostile_app) as url:
        yield url


def wait(b: Chromium, expression: str, timeout: float = 60.0) -> Any:
    """``wait_for`` that rides over a navigation (the page's context is replaced while we ask)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return b.wait_for(expression, timeout=max(0.5, deadline - time.monotonic()))
        except BrowserError:
            if time.monotonic() > deadline:
                raise
            b.pump(0.2)


def click(b: Chromium, selector: str) -> None:
    """A real mouse click in the middle of the element ``selector`` names."""
    x, y = b.evaluate(f"""(function () {{
      var e = document.querySelector({json.dumps(selector)});
      e.scrollIntoView({{block: 'center'}});
      var r = e.getBoundingClientRect();
      return [r.left + r.width / 2, r.top + r.height / 2];
    }})()""")
    for kind in ("mousePressed", "mouseReleased"):
        b.send("Input.dispatchMouseEvent", {"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1})


def shot(b: Chromium, name: str) -> Path:
    path = b.screenshot(ARTIFACTS / name)
    print(f"screenshot: {path}")
    return path


def test_a_user_searches_oldham_reads_the_lead_follows_a_body_and_draws_greater_manchester(
        browser: Chromium, example_url: str) -> None:
    b = browser
    b.open(example_url + "/", before_load=BEFORE_LOAD)
    wait(b, "document.readyState === 'complete' && document.getElementById('pg-q') !== null")

    # Search: type "Oldham" into the box; suggestions come from /api/search as you type.
    b.evaluate("document.getElementById('pg-q').focus()")
    b.send("Input.insertText", {"text": "Oldham"})
    first = wait(b, "(function () { var a = document.querySelector('#pg-suggestions [role=option]');"
                    " return a && !document.getElementById('pg-suggestions').hidden &&"
                    " [a.dataset.kind, a.dataset.key, a.querySelector('.name').textContent]; })()", timeout=20)
    assert first == ["area", OLDHAM, "Oldham"]
    shot(b, "1-search-oldham.png")

    # Open the area page from the suggestion.
    click(b, "#pg-suggestions [role=option]")
    wait(b, f"location.pathname === '/areas/{OLDHAM}' && document.readyState === 'complete'"
            " && document.body.dataset.page === 'area'")
    assert b.evaluate("document.getElementById('pg-area-name').textContent").startswith("Oldham")

    # Read who leads domestic abuse: the matrix row's LEAD cell and the body heading its column.
    lead = b.evaluate("""(function () {
      var row = document.querySelector('#pg-matrix tr[data-issue="domestic-abuse"]');
      var cell = row.querySelector('td .cell.lead').parentNode;
      var head = document.querySelector('#pg-matrix thead th[data-body="' + cell.dataset.body + '"] a');
      return [cell.dataset.body, head.textContent, cell.textContent];
    })()""")
    assert lead[0] == "csp:oldham" and lead[1] == "Oldham Community Safety Partnership"
    assert "LEAD" in lead[2] and "ILLUSTRATIVE" in lead[2]     # the example's claim, marked as invented
    shot(b, "2-area-oldham.png")

    # Follow the link to that body.
    click(b, '#pg-matrix thead th[data-body="csp:oldham"] a')
    wait(b, "location.pathname === '/bodies/csp:oldham' && document.readyState === 'complete'"
            " && document.body.dataset.page === 'body'")
    assert b.evaluate("document.getElementById('pg-body-name').textContent").strip() == \
        "Oldham Community Safety Partnership"
    claims = b.evaluate("document.getElementById('pg-claims').textContent")
    assert "Domestic abuse" in claims and "ILLUSTRATIVE" in claims
    shot(b, "3-body-oldham-csp.png")

    # The network view, filtered to Greater Manchester through the page's own form.
    click(b, "header nav a[href^='/network']")
    wait(b, "document.readyState === 'complete' && document.body.dataset.page === 'network'")
    b.evaluate("document.getElementById('pg-network-area').focus()")
    b.send("Input.insertText", {"text": "Greater Manchester"})
    click(b, "#pg-network-form button[type=submit]")
    wait(b, "location.search.indexOf('area=Greater') >= 0 && document.readyState === 'complete'")
    ready = ("(function () { var f = document.getElementById('pg-network-frame');"
             " var d = f && f.contentDocument; return d && d.body && d.body.dataset.pgReady === 'true'; })()")
    wait(b, ready, timeout=120)
    drawn = b.evaluate("(function () { var d = document.getElementById('pg-network-frame').contentDocument;"
                       " return [Number(d.body.dataset.pgNodes), d.getElementById('pg-title').textContent]; })()")
    expected = json.loads(_get(example_url + "/api/network?area=Greater%20Manchester"))
    assert drawn == [len(expected["nodes"]), expected["title"]]
    assert "Greater Manchester" in drawn[1]
    shot(b, "4-network-greater-manchester.png")

    b.pump(0.5)
    assert b.evaluate("window.__pgDialogs") == []
    assert b.log.errors == [], b.log.errors
    local = example_url.split("://", 1)[1]
    assert all(u.split("://", 1)[-1].startswith(local) or u.startswith(("data:", "about:")) for u in b.log.requests), \
        [u for u in b.log.requests if local not in u]


def _get(url: str) -> str:
    from urllib.request import urlopen

    with urlopen(url, timeout=60) as r:  # noqa: S310 - a loopback test server
        text: str = r.read().decode("utf-8")
        return text


@pytest.mark.parametrize(("path", "names"), [
    ("/search?q=%3Cimg", [IMG_NAME]),
    (f"/areas/{OLDHAM}", [IMG_NAME, SCRIPT_NAME, FORMULA_NAME]),
    ("/bodies/hostile-img", [IMG_NAME]),
    ("/bodies/hostile-script", [SCRIPT_NAME]),
    ("/issues/domestic-abuse", [IMG_NAME]),
    (f"/network?area={OLDHAM}", [IMG_NAME, SCRIPT_NAME, FORMULA_NAME]),
])
def test_hostile_names_show_as_text_and_run_nothing(browser: Chromium, hostile_url: str, path: str,
                                                    names: list[str]) -> None:
    b = browser
    b.open(hostile_url + path, before_load=BEFORE_LOAD)
    wait(b, "document.readyState === 'complete' && document.body && document.body.dataset.page")
    if path.startswith("/network"):
        wait(b, "(function () { var d = document.getElementById('pg-network-frame').contentDocument;"
                " return d && d.body && d.body.dataset.pgReady === 'true'; })()", timeout=120)
        text = b.evaluate("""(function () {
          var w = document.getElementById('pg-network-frame').contentWindow;
          return w.partnershipGraph.nodes.get().map(function (n) { return n.title.textContent; }).join('\\n');
        })()""")
        frames = b.evaluate("[document.getElementById('pg-network-frame').contentWindow.__pgDialogs,"
                            " document.getElementById('pg-network-frame').contentDocument"
                            ".querySelectorAll('img, iframe, object, embed').length]")
        assert frames == [[], 0]
    else:
        text = b.evaluate("document.body.innerText")
    for name in names:                # the whole name, as text: nothing was parsed as markup
        assert name in text, (name, text[:2000])
    b.pump(0.3)
    assert b.evaluate("window.__pgDialogs") == []
    assert b.log.dialogs == []
    assert b.evaluate("document.querySelectorAll('img, object, embed').length") == 0
    assert b.evaluate("Array.from(document.scripts).every(function (s) {"
                      " return s.src ? s.src.indexOf('/static/') >= 0 : false; })")
    assert b.log.errors == [], b.log.errors
    shot(b, "hostile" + path.replace("/", "_").replace("?", "_").replace("%", "") + ".png")


# A missing browser fails this module's tests when the run requires one, and skips them otherwise:
# checked with the exporters' browser tests, in one pytest process per case
# (tests/exporters/test_browser.py::test_a_missing_browser_fails_when_the_run_requires_one).

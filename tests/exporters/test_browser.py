"""The exported page in a real headless Chromium: it loads clean, counts right, and runs no names.

Chromium is Debian's package (``apt-get install chromium``), driven over the DevTools protocol
through a pipe (``_chromium.py``). Without a browser the test skips, unless
``PARTNERSHIP_GRAPH_REQUIRE_BROWSER=1`` (set by ``.ci/run``), which turns the skip into a failure.
The screenshot is saved under ``artifacts/`` (gitignored) for people to look at.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from partnership_graph.exporters import export
from partnership_graph.stores.embedded import EmbeddedStore

from ._chromium import BEFORE_LOAD, Chromium, _module_chromium, browser, chromium  # noqa: F401 (fixtures)
from .conftest import FORMULA_NAME, IMG_NAME, SCRIPT_NAME

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts"



def node_position(b: Chromium, name: str) -> tuple[float, float]:
    """Where the node named ``name`` is drawn, in page coordinates."""
    xy = b.evaluate(f"""(function () {{
      var g = window.partnershipGraph;
      var node = g.nodes.get().filter(function (n) {{ return n.name === {json.dumps(name)}; }})[0];
      var p = g.network.canvasToDOM(g.network.getPosition(node.id));
      var box = document.getElementById('pg-network').getBoundingClientRect();
      return [p.x + box.left, p.y + box.top, node.id];
    }})()""")
    return xy[0], xy[1]


def test_the_page_loads_counts_and_shows_hostile_names_as_text(
        browser: Chromium, hostile_store: EmbeddedStore, tmp_path: Path) -> None:
    result = export(hostile_store, "html", tmp_path / "oldham.html", area="Oldham")
    browser.open(result.paths[0].as_uri(), before_load=BEFORE_LOAD)
    browser.wait_for("document.body && document.body.dataset.pgReady === 'true'")

    # The network reports the node and edge counts of the export.
    reported = browser.evaluate("[document.body.dataset.pgNodes, document.body.dataset.pgEdges,"
                                " window.partnershipGraph.nodes.length, window.partnershipGraph.edges.length]")
    assert reported == [str(result.nodes), str(result.edges), result.nodes, result.edges]

    # Hover the hostile node: vis-network shows our tooltip, which holds the name as text.
    x, y = node_position(browser, IMG_NAME)
    browser.move_mouse(x, y)
    tooltip = browser.wait_for("(function () { var t = document.querySelector('div.vis-tooltip');"
                               " return t && t.style.visibility === 'visible' && t.textContent; })()", timeout=10)
    assert IMG_NAME in tooltip
    browser.screenshot(ARTIFACTS / "html-export-oldham.png")

    # The details panel shows the other hostile names as text too.
    for name in (SCRIPT_NAME, FORMULA_NAME, IMG_NAME):
        shown = browser.evaluate(f"""(function () {{
          var g = window.partnershipGraph;
          var n = g.nodes.get().filter(function (n) {{
            return n.title.textContent.indexOf({json.dumps(name)}) === 0; }})[0];
          g.showDetails('node', n.id);
          return document.getElementById('pg-details').textContent;
        }})()""")
        assert shown.startswith(name)

    # Nothing ran: no dialog was called or opened, no element came from a name.
    browser.pump(0.5)
    assert browser.evaluate("window.__pgDialogs") == []
    assert browser.log.dialogs == []
    assert browser.evaluate("document.querySelectorAll('img, iframe, object, embed').length") == 0
    assert browser.evaluate("document.querySelectorAll('script').length") == 3

    # No console errors, no exceptions, and nothing fetched but the file itself.
    assert browser.log.errors == [], browser.log.errors
    assert {url.split(":", 1)[0] for url in browser.log.requests} <= {"file", "data", "about"}, browser.log.requests


def test_the_filters_show_what_the_selection_rule_selects(
        browser: Chromium, example_store: EmbeddedStore, tmp_path: Path) -> None:
    result = export(example_store, "html", tmp_path / "notts.html", area="Nottinghamshire")
    nottinghamshire_da = export(example_store, "json", tmp_path / "da.json", area="Nottinghamshire", issue="DA")
    browser.open(result.paths[0].as_uri(), before_load=BEFORE_LOAD)
    browser.wait_for("document.body && document.body.dataset.pgReady === 'true'")
    shown = browser.evaluate("""(function () {
      var issue = document.getElementById('pg-issue');
      issue.value = 'domestic-abuse';
      issue.dispatchEvent(new Event('change'));
      var g = window.partnershipGraph;
      return g.network.body.data.nodes.get().map(function (n) { return n.group; });
    })()""")
    bodies = [group for group in shown if group not in ("Area", "Issue")]
    expected = json.loads((tmp_path / "da.json").read_text())
    assert len(bodies) == sum(1 for n in expected["nodes"] if n["label"] == "Body")
    assert int(browser.evaluate("document.body.dataset.pgVisibleNodes")) == len(shown)
    assert nottinghamshire_da.nodes > 0
    assert browser.log.errors == []


#: A browser test of each suite that uses the shared Chromium fixture: the exported page's and the
#: web app's (tests/web/test_browser.py), run together in one pytest process per case.
BROWSER_TESTS = ("tests/exporters/test_browser.py::test_the_page_loads_counts_and_shows_hostile_names_as_text",
                 "tests/web/test_browser.py::"
                 "test_a_user_searches_oldham_reads_the_lead_follows_a_body_and_draws_greater_manchester")


@pytest.mark.parametrize(("required", "outcome"), [("1", "2 errors"), ("", "2 skipped")])
def test_a_missing_browser_fails_when_the_run_requires_one(tmp_path: Path, required: str, outcome: str) -> None:
    # CI (.ci/run) sets PARTNERSHIP_GRAPH_REQUIRE_BROWSER=1: there a missing Chromium must fail the
    # run, not skip, in the exporters' browser tests and in the web app's alike.
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("PYTEST_XDIST")},
           "PARTNERSHIP_GRAPH_CHROMIUM": str(tmp_path / "no-such-browser"),
           "PARTNERSHIP_GRAPH_REQUIRE_BROWSER": required, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-n0", "-p", "no:cacheprovider", *BROWSER_TESTS],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert outcome in done.stdout, done.stdout[-2000:]
    summary = [line for line in done.stdout.splitlines() if line.startswith(("ERROR ", "SKIPPED "))]
    if required:
        assert done.returncode != 0 and done.stdout.count("a browser is required") >= 2, done.stdout[-2000:]
        assert sorted(line.split()[1] for line in summary) == sorted(BROWSER_TESTS)
    else:
        assert done.returncode == 0 and all("no Chromium found" in line for line in summary), done.stdout[-2000:]
        assert sorted(line.split()[2].split(":")[0] for line in summary) == sorted(t.split("::")[0] for t in BROWSER_TESTS)

"""Playwright for Python driving Debian's Chromium (``executable_path``: no browser is downloaded),
one browser per test module, and axe-core (bundled in ``axe-playwright-python``: nothing is fetched).

The browser is found as the other browser tests find it (``tests/exporters/_chromium.py``): without
one these tests skip, unless ``PARTNERSHIP_GRAPH_REQUIRE_BROWSER=1`` (CI) turns the skip into a failure.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from typing import Any

import pytest

from tests.exporters._chromium import find_chromium

FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]
DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
SIZES = {"1366x768": DESKTOP, "390x844": PHONE}


def _missing(reason: str) -> None:
    if os.environ.get("PARTNERSHIP_GRAPH_REQUIRE_BROWSER") == "1":
        pytest.fail(f"a browser is required (PARTNERSHIP_GRAPH_REQUIRE_BROWSER=1) but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def pw_browser() -> Iterator[Any]:
    """One headless Chromium for the module, through Playwright."""
    executable = find_chromium()
    if executable is None:
        _missing("no Chromium found (apt-get install -y chromium, or set PARTNERSHIP_GRAPH_CHROMIUM)")
    from playwright.sync_api import sync_playwright  # a test dependency: missing, it fails the run

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, headless=True, args=FLAGS)
        try:
            yield browser
        finally:
            browser.close()


def wait_until(page: Any, expression: str, timeout: float = 120.0) -> Any:
    """Poll a JavaScript expression in the page (``page.wait_for_function`` evaluates strings with
    ``eval``, which the app's Content Security Policy forbids, rightly)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            value = page.evaluate(expression)
        except Exception:  # noqa: BLE001 - the page is being replaced by a navigation
            value = None
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"waited {timeout:.0f} s for {expression!r}")
        page.wait_for_timeout(100)


FRAME_READY = ("(function () { var f = document.getElementById('pg-network-frame');"
               " var d = f && f.contentDocument; return !!(d && d.body && d.body.dataset.pgReady === 'true'); })()")


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """axe-core's violations on the page as it stands: every rule axe runs by default (WCAG 2.0, 2.1
    and 2.2 A and AA, and its best practices), the bundled axe-core, nothing fetched."""
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(page)
    violations: list[dict[str, Any]] = result.response["violations"]
    return violations


def describe(violations: list[dict[str, Any]]) -> str:
    return "\n".join(f"{v['id']} ({v['impact']}): {v['help']}: "
                     + "; ".join(n["target"][0] if isinstance(n["target"][0], str) else str(n["target"])
                                 for n in v["nodes"][:5]) for v in violations)

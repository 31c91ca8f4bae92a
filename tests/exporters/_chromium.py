"""A headless Chromium driven over the DevTools protocol through a pipe: no extra dependencies.

``--remote-debugging-pipe`` makes Chromium read protocol messages on fd 3 and write them on
fd 4, each a JSON object ended by a NUL byte. That is all a test needs: inject a script before
the page runs (to catch ``alert``), watch console messages, exceptions, dialogs and network
requests, evaluate expressions, move the mouse, and take a screenshot.

The flags are those that work on our machines (the env notes for this machine kind): without
the background-networking ones Chromium tries to reach Google at every start and the closed
network refuses it. A fresh ``--user-data-dir`` per browser keeps runs independent.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--hide-scrollbars", "--mute-audio")
CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_chromium() -> str | None:
    """The browser to use: $PARTNERSHIP_GRAPH_CHROMIUM, else the first of CANDIDATES on PATH."""
    explicit = os.environ.get("PARTNERSHIP_GRAPH_CHROMIUM")
    if explicit:
        return explicit if Path(explicit).exists() else shutil.which(explicit)
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


# Runs before any script of every page and frame: records dialog calls instead of showing them, so a
# test can tell that a name from the data ran no ``alert``.
BEFORE_LOAD = """
window.__pgDialogs = [];
['alert', 'confirm', 'prompt', 'print'].forEach(function (name) {
  window[name] = function (message) { window.__pgDialogs.push(name + ': ' + String(message)); };
});
"""


@pytest.fixture(scope="session")
def chromium() -> str:
    """The browser binary; skips without one, unless PARTNERSHIP_GRAPH_REQUIRE_BROWSER=1 (.ci/run)
    turns the skip into a failure. Session-scoped, so it is looked for before the national
    fixtures a browser test also asks for are built: a run without a browser stops at once."""
    found = find_chromium()
    if found is None:
        reason = ("no Chromium found (install Debian's package: apt-get install -y chromium; or set "
                  "PARTNERSHIP_GRAPH_CHROMIUM to a Chromium or Chrome binary)")
        if os.environ.get("PARTNERSHIP_GRAPH_REQUIRE_BROWSER") == "1":
            pytest.fail(f"a browser is required (PARTNERSHIP_GRAPH_REQUIRE_BROWSER=1) but {reason}", pytrace=False)
        pytest.skip(reason)
    return found


@pytest.fixture(scope="module")
def _module_chromium(chromium: str) -> Iterator[list[Chromium]]:
    """The module's one headless Chromium (in a list, so a test that lost it gets a new one)."""
    held = [Chromium(chromium)]
    yield held
    held[0].close()


@pytest.fixture
def browser(_module_chromium: list[Chromium], chromium: str) -> Iterator[Chromium]:
    """A fresh browser context (pages, cookies, storage, its own log) per test, in the module's
    one Chromium: starting a browser per test cost more than most browser tests."""
    if _module_chromium[0].proc.poll() is not None:   # a test crashed or closed it
        _module_chromium[0].close()
        _module_chromium[0] = Chromium(chromium)
    b = _module_chromium[0]
    b.reset()
    yield b
    b.reset()


class BrowserError(RuntimeError):
    pass


@dataclass
class PageLog:
    """What a page did that a test may object to."""

    console: list[tuple[str, str]] = field(default_factory=list)     # (level, text)
    exceptions: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    log_entries: list[tuple[str, str]] = field(default_factory=list)  # browser log: (level, text)
    requests: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[str]:
        return ([f"console.{lvl}: {text}" for lvl, text in self.console if lvl in ("error", "assert")]
                + [f"exception: {e}" for e in self.exceptions]
                + [f"log {lvl}: {text}" for lvl, text in self.log_entries if lvl == "error"])


class Chromium:
    """One headless browser with one page. Use as a context manager."""

    def __init__(self, executable: str, width: int = 1400, height: int = 900, timeout: float = 60.0):
        self.width, self.height, self.timeout = width, height, timeout
        self.profile = tempfile.mkdtemp(prefix="pg-chromium-")
        self.stderr_path = Path(self.profile) / "stderr.log"
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()
        # Copies at fd >= 10 that close on exec; the child moves them to 3 and 4 (inheritable).
        hi_r = fcntl.fcntl(to_browser_r, fcntl.F_DUPFD_CLOEXEC, 10)
        hi_w = fcntl.fcntl(from_browser_w, fcntl.F_DUPFD_CLOEXEC, 10)
        os.close(to_browser_r)
        os.close(from_browser_w)

        def wire() -> None:
            os.dup2(hi_r, 3)
            os.dup2(hi_w, 4)

        cmd = [executable, *FLAGS, f"--user-data-dir={self.profile}", "--remote-debugging-pipe",
               f"--window-size={width},{height}", "about:blank"]
        self._stderr = open(self.stderr_path, "wb")
        self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=self._stderr, preexec_fn=wire, close_fds=False)
        os.close(hi_r)
        os.close(hi_w)
        self._buffer = b""
        self._next_id = 0
        self._pending: list[dict[str, Any]] = []
        self.session: str | None = None
        self.context: str | None = None
        self.log = PageLog()

    # -- protocol ------------------------------------------------------------------------------
    def _read_message(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise BrowserError("timed out waiting for Chromium")
            ready, _, _ = select.select([self._from_browser], [], [], left)
            if ready:
                chunk = os.read(self._from_browser, 1 << 20)
                if not chunk:
                    raise BrowserError("Chromium closed the pipe: " + self.stderr_tail())
                self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        message: dict[str, Any] = json.loads(raw)
        return message

    def _handle_event(self, msg: dict[str, Any]) -> None:
        if "sessionId" in msg and msg["sessionId"] != self.session:
            return   # a page of an earlier test (or an earlier page of this one): not this page's log
        method, params = msg.get("method", ""), msg.get("params", {})
        if method == "Runtime.consoleAPICalled":
            text = " ".join(str(a.get("value", a.get("description", ""))) for a in params.get("args", []))
            self.log.console.append((params.get("type", ""), text))
        elif method == "Runtime.exceptionThrown":
            details = params.get("exceptionDetails", {})
            self.log.exceptions.append(str(details.get("exception", {}).get("description") or details.get("text")))
        elif method == "Page.javascriptDialogOpening":
            self.log.dialogs.append(f"{params.get('type')}: {params.get('message')}")
            self.send("Page.handleJavaScriptDialog", {"accept": False}, wait=False)
        elif method == "Log.entryAdded":
            entry = params.get("entry", {})
            self.log.log_entries.append((entry.get("level", ""), f"{entry.get('text', '')} {entry.get('url', '')}"))
        elif method == "Network.requestWillBeSent":
            self.log.requests.append(params.get("request", {}).get("url", ""))

    def send(self, method: str, params: dict[str, Any] | None = None, *, wait: bool = True,
             top_level: bool = False) -> dict[str, Any]:
        self._next_id += 1
        msg: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if self.session and not top_level:
            msg["sessionId"] = self.session
        os.write(self._to_browser, json.dumps(msg).encode() + b"\0")
        if not wait:
            return {}
        deadline = time.monotonic() + self.timeout
        while True:
            reply = self._read_message(deadline)
            if reply.get("id") == msg["id"]:
                if "error" in reply:
                    raise BrowserError(f"{method}: {reply['error']}")
                result: dict[str, Any] = reply.get("result", {})
                return result
            self._handle_event(reply)

    def pump(self, seconds: float) -> None:
        """Take in events for a while (console messages, dialogs...)."""
        deadline = time.monotonic() + seconds
        while True:
            try:
                self._handle_event(self._read_message(deadline))
            except BrowserError as e:
                if "timed out" in str(e):
                    return
                raise

    # -- page ------------------------------------------------------------------------------------
    def reset(self) -> None:
        """Close the pages of the last test with the browser context they were made in, and start
        a new log: the next test sees the browser as if it had just started."""
        if self.context is not None:
            self.send("Target.disposeBrowserContext", {"browserContextId": self.context}, top_level=True)
        self.context = self.session = None
        self.log = PageLog()

    def _ensure_context(self) -> str:
        if self.context is None:
            self.context = self.send("Target.createBrowserContext", {"disposeOnDetach": False},
                                     top_level=True)["browserContextId"]
        return self.context

    def allow_downloads(self, folder: Path) -> None:
        """Save this test's downloads into ``folder`` (set on its browser context)."""
        self.send("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(folder),
                                                  "browserContextId": self._ensure_context(),
                                                  "eventsEnabled": True}, top_level=True)

    def open(self, url: str, before_load: str = "") -> None:
        self._ensure_context()
        target = self.send("Target.createTarget", {"url": "about:blank", "browserContextId": self.context},
                           top_level=True)["targetId"]
        self.session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True},
                                 top_level=True)["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.send(f"{domain}.enable")
        self.send("Emulation.setDeviceMetricsOverride",
                  {"width": self.width, "height": self.height, "deviceScaleFactor": 1, "mobile": False})
        if before_load:
            self.send("Page.addScriptToEvaluateOnNewDocument", {"source": before_load})
        self.send("Page.navigate", {"url": url})

    def evaluate(self, expression: str) -> Any:
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                                "awaitPromise": True})
        if "exceptionDetails" in result:
            raise BrowserError(f"evaluating {expression!r}: {result['exceptionDetails']}")
        return result.get("result", {}).get("value")

    def wait_for(self, expression: str, timeout: float = 60.0) -> Any:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = self.evaluate(expression)
            if value:
                return value
            self.pump(0.2)
        raise BrowserError(f"timed out waiting for {expression!r}")

    def move_mouse(self, x: float, y: float) -> None:
        self.send("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": x, "y": y})

    def screenshot(self, path: Path) -> Path:
        data = self.send("Page.captureScreenshot", {"format": "png"})["data"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(data))
        return path

    def stderr_tail(self, lines: int = 8) -> str:
        try:
            return " | ".join(self.stderr_path.read_text(errors="replace").strip().splitlines()[-lines:])
        except OSError:
            return ""

    # -- lifecycle ---------------------------------------------------------------------------------
    def close(self) -> None:
        try:
            self.send("Browser.close", top_level=True, wait=False)
        except OSError:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=10)
        for fd in (self._to_browser, self._from_browser):
            try:
                os.close(fd)
            except OSError:
                pass
        self._stderr.close()
        shutil.rmtree(self.profile, ignore_errors=True)

    def __enter__(self) -> Chromium:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

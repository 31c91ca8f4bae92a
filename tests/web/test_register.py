"""The open register in the web app: /register and /api/register, and the page driven in Chromium.

The package the app hands out must be the one ``exporters.datapackage`` builds (and ``publish``
writes) for the same store and date; counts are checked against the package's own rows.
"""

from __future__ import annotations

import functools
import io
import json
import time
import zipfile
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from partnership_graph.exporters.datapackage import DataPackage, build_package
from partnership_graph.exporters.datapackage.published import published_counts
from partnership_graph.exporters.datapackage.schema import RESOURCES
from partnership_graph.stores.embedded import EmbeddedStore
from tests._today import Today
from tests.exporters._chromium import BEFORE_LOAD, Chromium, _module_chromium, browser, chromium  # noqa: F401 (fixtures)

from ._live import live_server

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts" / "web"
CAPTION = "Bodies and areas of each kind in the register on "
ZIP = "partnership-graph-register-"


class _Tables(HTMLParser):
    """The cells of every table of a page, by table id, and every table's caption."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.captions: list[str] = []
        self._table: str | None = None
        self._cell: list[str] | None = None
        self._caption: list[str] | None = None
        self._count = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._count += 1
            self._table = dict(attrs).get("id") or f"table-{self._count}"
            self.tables[self._table] = []
        elif tag == "tr" and self._table is not None:
            self.tables[self._table].append([])
        elif tag in ("td", "th") and self._table is not None:
            self._cell = []
        elif tag == "caption":
            self._caption = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self._table is not None:
            self.tables[self._table][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "caption" and self._caption is not None:
            self.captions.append("".join(self._caption).strip())
            self._caption = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
        if self._caption is not None:
            self._caption.append(data)


def tables_of(html: str) -> _Tables:
    parser = _Tables()
    parser.feed(html)
    return parser


@pytest.fixture(scope="module")
def package_on(_example_store_file: Path) -> Callable[[str], DataPackage]:
    """The package ``publish`` writes for a day, built once per day asked for: today's, and the next
    day's too when the run crosses midnight."""
    store = EmbeddedStore(_example_store_file)

    @functools.cache
    def package(day: str) -> DataPackage:
        return build_package(store, on=day)
    return package


def test_the_register_page_shows_counts_beside_the_published_counts(
        client: TestClient, package_on: Callable[[str], DataPackage]) -> None:
    with Today() as today:
        page = client.get("/register")
    assert page.status_code == 200 and 'data-page="register"' in page.text
    parsed = tables_of(page.text)
    day = today.said(parsed.captions[0].removeprefix(CAPTION)[:10])
    package = package_on(day)
    rows = {r[0]: r for r in parsed.tables["pg-counts"][1:]}
    for kind, published in published_counts().items():
        row = rows[kind.replace("_", " ")]
        expected = sum(1 for b in package.tables["bodies"] if b["kind"] == kind)
        assert row[2] == str(expected)
        assert row[4].split()[0] == str(published.published_count)
    pfa = [r for r in package.counts if r["kind"] == "PFA"][0]
    assert rows["PFA"][2] == str(pfa["count"])
    assert parsed.captions[0].startswith(CAPTION + day)


def test_the_register_page_describes_every_file_and_field_from_the_schema(client: TestClient) -> None:
    page = client.get("/register?on=2027-06-01")
    assert page.status_code == 200
    parsed = tables_of(page.text)
    assert 'id="pg-register-date">2027-06-01<' in page.text
    for r in RESOURCES:
        assert f"Fields of {r.path}" in parsed.captions
        fields = [row[0] for row in parsed.tables[f"pg-fields-{r.name}"][1:]]
        assert fields == list(r.columns), r.name
        assert r.description in page.text.replace("&#39;", "'")
    assert "/api/register/download?on=2027-06-01" in page.text


def test_the_download_is_the_package_publish_writes(client: TestClient,
                                                    package_on: Callable[[str], DataPackage]) -> None:
    with Today() as today:
        got = client.get("/api/register/download")
    assert got.status_code == 200 and got.headers["content-type"] == "application/zip"
    day = today.said(got.headers["content-disposition"].partition(ZIP)[2].removesuffix('.zip"'))
    assert got.headers["content-disposition"] == f'attachment; filename="{ZIP}{day}.zip"'
    package = package_on(day)
    assert got.content == package.zip_bytes()
    with zipfile.ZipFile(io.BytesIO(got.content)) as z:
        assert z.namelist() == list(package.files)


def test_the_api_answers_the_descriptor_counts_and_each_file(client: TestClient) -> None:
    descriptor = client.get("/api/register", params={"on": "2027-06-01"}).json()
    assert descriptor["partnership_graph"]["as_at"] == "2027-06-01"
    assert [r["name"] for r in descriptor["resources"]] == [r.name for r in RESOURCES]
    counts = client.get("/api/register/counts", params={"on": "2027-06-01"}).json()
    assert {c["as_at"] for c in counts} == {"2027-06-01"}
    bodies = client.get("/api/register/files/bodies.csv", params={"on": "2027-06-01"})
    assert bodies.headers["content-type"].startswith("text/csv")
    rows = bodies.text.splitlines()[1:]
    assert sum(c["count"] for c in counts if c["element"] == "body") == len(rows)
    csv_counts = client.get("/api/register/counts", params={"format": "csv", "on": "2027-06-01"}).text
    assert csv_counts.splitlines()[0].startswith("element,kind,as_at,count")
    missing = client.get("/api/register/files/nope.csv")
    assert missing.status_code == 404 and "bodies.csv" in missing.json()["error"]
    paths = client.get("/api/openapi.json").json()["paths"]
    assert {"/api/register", "/api/register/counts", "/api/register/download", "/api/register/files/{name}"} <= set(paths)


def test_every_page_links_to_the_register(client: TestClient) -> None:
    assert 'href="/register"' in client.get("/issues").text


# -- in a real browser -----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def example_url(example_app: FastAPI) -> Iterator[str]:
    with live_server(example_app) as url:
        yield url


def test_register_renders_in_chromium_with_counts_and_a_working_download(browser: Chromium, example_url: str,
                                                                        tmp_path: Path) -> None:
    b = browser
    b.allow_downloads(tmp_path)
    b.open(example_url + "/register", before_load=BEFORE_LOAD)
    b.wait_for("document.readyState === 'complete' && document.body.dataset.page === 'register'")
    counts = b.evaluate("""Array.from(document.querySelectorAll('#pg-counts tbody tr')).map(function (tr) {
      return [tr.dataset.kind, tr.cells[2].textContent.trim()]; })""")
    shown_on = b.evaluate("document.getElementById('pg-register-date').textContent")   # today when it loaded
    listed = json.loads(_get(f"{example_url}/api/register/counts?on={shown_on}"))
    expected = {c["kind"]: str(c["count"]) for c in listed if c["element"] == "body"}
    assert counts and all(expected[k] == n for k, n in counts if k in expected)
    assert {"safeguarding_children", "safeguarding_adults", "youth_justice"} <= {k for k, _ in counts}
    assert b.evaluate("document.querySelector('#pg-counts caption').textContent").startswith("Bodies and areas")
    b.screenshot(ARTIFACTS / "register.png")

    with Today() as today:
        b.evaluate("document.getElementById('pg-register-zip').click()")
        deadline = time.monotonic() + 60
        done: list[Path] = []
        while time.monotonic() < deadline and not done:
            b.pump(0.3)
            done = [p for p in tmp_path.iterdir() if p.suffix == ".zip"]
    assert len(done) == 1, done
    day = today.said(done[0].name.removeprefix(ZIP).removesuffix(".zip"))
    assert done[0].name == f"{ZIP}{day}.zip"
    assert done[0].read_bytes() == _get_bytes(f"{example_url}/api/register/download?on={day}")
    with zipfile.ZipFile(done[0]) as z:
        assert "datapackage.json" in z.namelist() and "bodies.csv" in z.namelist()
    assert b.log.errors == [], b.log.errors
    assert b.evaluate("window.__pgDialogs") == []


def _get_bytes(url: str) -> bytes:
    from urllib.request import urlopen

    with urlopen(url, timeout=120) as r:  # noqa: S310 - a loopback test server
        data: bytes = r.read()
        return data


def _get(url: str) -> str:
    return _get_bytes(url).decode("utf-8")

"""Shared fixtures. Built documents are session-scoped (they are immutable); stores are per test."""

from __future__ import annotations

from pathlib import Path

import pytest

from partnership_graph.graphmodel import GraphDocument
from partnership_graph.loaders import example_document, national_skeleton
from partnership_graph.stores.embedded import EmbeddedStore


@pytest.fixture(scope="session")
def skeleton() -> GraphDocument:
    return national_skeleton()


@pytest.fixture(scope="session")
def example_doc() -> GraphDocument:
    return example_document()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "graph.json"


@pytest.fixture
def empty_store(db_path: Path) -> EmbeddedStore:
    return EmbeddedStore(db_path)


@pytest.fixture(scope="session")
def _example_store_file(tmp_path_factory: pytest.TempPathFactory, example_doc: GraphDocument) -> Path:
    path = tmp_path_factory.mktemp("example") / "graph.json"
    EmbeddedStore(path).load(example_doc)
    return path


@pytest.fixture
def example_store(_example_store_file: Path) -> EmbeddedStore:
    """The skeleton plus the LGA example, in an embedded store (read-only: do not load into it)."""
    return EmbeddedStore(_example_store_file)


@pytest.fixture(scope="session")
def _lookup_example_store_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from partnership_graph.loaders.bundled import EXAMPLE_DATASET
    from partnership_graph.loaders.dataset import load_dataset
    from partnership_graph.loaders.skeleton import lookup_skeleton

    path = tmp_path_factory.mktemp("lookup-example") / "graph.json"
    EmbeddedStore(path).load(load_dataset(EXAMPLE_DATASET, base=lookup_skeleton()))
    return path


@pytest.fixture
def lookup_example_store(_lookup_example_store_file: Path) -> EmbeddedStore:
    """The LGA example over the skeleton as the 2024 lookups give it, before the dated changes
    (partnership_graph/changes): for tests pinning the lookups' national figures (read-only)."""
    return EmbeddedStore(_lookup_example_store_file)


# -- Neo4j ------------------------------------------------------------------------------------
# A real server for the tests marked `neo4j`: the one NEO4J_URI names, or else a throwaway
# tools/neo4j-local server on its own port and home, started once per session and stopped at the
# end by the session that started it. Several pytest sessions may share it (lease files), so a
# parallel run does not pull the server from under another. Without Java and Maven the tests
# skip, unless PARTNERSHIP_GRAPH_REQUIRE_NEO4J=1 (set by .ci/run) turns that into a failure.
import fcntl  # noqa: E402
import os  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import time  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from contextlib import contextmanager  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from typing import TYPE_CHECKING, Any  # noqa: E402

from partnership_graph.config import Secret, Settings  # noqa: E402

if TYPE_CHECKING:
    from neo4j import Driver

    from partnership_graph.stores.neo4j import Neo4jStore

REPO = Path(__file__).resolve().parents[1]
NEO4J_LOCAL = REPO / "tools" / "neo4j-local" / "neo4j-local"
NEO4J_TEST_HOME = Path(os.environ.get("PARTNERSHIP_GRAPH_TEST_NEO4J_HOME") or REPO / ".neo4j-local-test")
NEO4J_TEST_PORT = int(os.environ.get("PARTNERSHIP_GRAPH_TEST_NEO4J_PORT") or 7697)
NEO4J_TEST_PASSWORD = "pg-test-password"  # of a throwaway local test server; not a secret
NEO4J_STARTS: list[float] = []  # seconds tools/neo4j-local took to start, for the summary


@dataclass(frozen=True)
class Neo4jServer:
    uri: str
    user: str
    password: str
    start_seconds: float | None  # time this session took to start it; None if it was running

    def settings(self, **overrides: Any) -> Settings:
        values: dict[str, Any] = {"store": "neo4j", "neo4j_uri": self.uri, "neo4j_user": self.user,
                                  "neo4j_password": Secret(self.password)}
        values.update(overrides)
        return Settings(**values)

    def cli_env(self) -> dict[str, str | None]:
        """Environment for CliRunner: this server, and nothing inherited that would override it."""
        return {"NEO4J_URI": self.uri, "NEO4J_USER": self.user, "NEO4J_PASSWORD": self.password,
                "NEO4J_DATABASE": None, "PARTNERSHIP_GRAPH_STORE": None}


def neo4j_unavailable(reason: str) -> None:
    """Skip with the reason, or fail when the run demands Neo4j (CI)."""
    if os.environ.get("PARTNERSHIP_GRAPH_REQUIRE_NEO4J") == "1":
        pytest.fail(f"Neo4j is required (PARTNERSHIP_GRAPH_REQUIRE_NEO4J=1) but {reason}", pytrace=False)
    pytest.skip(f"no Neo4j server: {reason} (set NEO4J_URI and NEO4J_PASSWORD, or install Java 17+ "
                "and Maven so tests can start tools/neo4j-local)")


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    with open(path, "a+") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _neo4j_local(command: str, env: dict[str, str], timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(NEO4J_LOCAL), command], env=env, capture_output=True, text=True,
                          timeout=timeout, check=False)


@contextmanager
def _local_neo4j() -> Iterator[float | None]:
    """Start (or join) the test server; stop it when the last session that needs it is done."""
    if not NEO4J_LOCAL.exists():
        neo4j_unavailable(f"{NEO4J_LOCAL.relative_to(REPO)} is missing")
    java_home = os.environ.get("JAVA_HOME")
    if shutil.which("java", path=os.path.join(java_home, "bin") if java_home else None) is None:
        neo4j_unavailable("java is not on PATH (tools/neo4j-local needs Java 17 or 21)")
    lib_ready = any((NEO4J_TEST_HOME / "lib").glob("neo4j-bootcheck-*.jar"))
    if not lib_ready and shutil.which(os.environ.get("MVN", "mvn")) is None:
        neo4j_unavailable("mvn is not on PATH (tools/neo4j-local fetches the Neo4j jars with Maven once)")
    env = {**os.environ, "NEO4J_PASSWORD": NEO4J_TEST_PASSWORD, "NEO4J_LOCAL_PORT": str(NEO4J_TEST_PORT),
           "NEO4J_LOCAL_HOME": str(NEO4J_TEST_HOME)}
    leases = NEO4J_TEST_HOME / "pytest-leases"
    leases.mkdir(parents=True, exist_ok=True)
    lock = NEO4J_TEST_HOME / "pytest-leases.lock"
    marker, lease = leases / "started-by-pytest", leases / str(os.getpid())
    start_seconds: float | None = None
    with _locked(lock):
        lease.touch()
        if _neo4j_local("status", env).returncode != 0:
            started = time.perf_counter()
            done = _neo4j_local("start", env)
            if done.returncode != 0:
                lease.unlink(missing_ok=True)
                tail = " | ".join((done.stdout + done.stderr).strip().splitlines()[-6:])
                neo4j_unavailable(f"tools/neo4j-local could not start it: {tail}")
            start_seconds = time.perf_counter() - started
            NEO4J_STARTS.append(start_seconds)
            marker.touch()
    try:
        yield start_seconds
    finally:
        with _locked(lock):
            lease.unlink(missing_ok=True)
            others = [p for p in leases.iterdir() if p.name.isdigit() and _pid_alive(int(p.name))]
            if not others and marker.exists():
                _neo4j_local("stop", env, timeout=120)
                marker.unlink(missing_ok=True)


@pytest.fixture(scope="session")
def neo4j_server() -> Iterator[Neo4jServer]:
    """A reachable Neo4j: NEO4J_URI's when set, else a tools/neo4j-local server on port 7697."""
    uri = os.environ.get("NEO4J_URI")
    if uri:
        password = os.environ.get("NEO4J_PASSWORD")
        if not password:
            neo4j_unavailable("NEO4J_URI is set but NEO4J_PASSWORD is not")
        yield Neo4jServer(uri, os.environ.get("NEO4J_USER") or "neo4j", password or "", None)
        return
    with _local_neo4j() as start_seconds:
        yield Neo4jServer(f"bolt://127.0.0.1:{NEO4J_TEST_PORT}", "neo4j", NEO4J_TEST_PASSWORD, start_seconds)


@contextmanager
def _database_to_ourselves(uri: str) -> Iterator[None]:
    """Hold the test database for this whole session: tests empty and reload it, so two pytest
    sessions on one machine (parallel work in one checkout) must take turns, not interleave."""
    import hashlib
    import sys
    import tempfile

    digest = hashlib.sha256(uri.encode()).hexdigest()[:12]
    with open(Path(tempfile.gettempdir()) / f"partnership-graph-tests-neo4j-{digest}.lock", "a+") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"\nwaiting for another test session to finish with the Neo4j at {uri} ...",
                  file=sys.stderr, flush=True)
            fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


@pytest.fixture(scope="session")
def neo4j_driver(neo4j_server: Neo4jServer) -> Iterator[Driver]:
    """A plain driver for test set-up and inspection (clearing, counting, killing connections).

    Requesting it gives this session the database to itself until the session ends.
    """
    from neo4j import GraphDatabase

    auth = (neo4j_server.user, neo4j_server.password)
    with _database_to_ourselves(neo4j_server.uri), GraphDatabase.driver(neo4j_server.uri, auth=auth) as driver:
        try:
            driver.verify_connectivity()
        except Exception as e:  # noqa: BLE001 - any failure here means "no usable server"
            neo4j_unavailable(f"{neo4j_server.uri} does not answer: {type(e).__name__}: {str(e)[:200]}")
        foreign, _, _ = driver.execute_query(
            "MATCH (n) WHERE NOT (n:Area OR n:Body OR n:Issue OR n:Source OR n:Dataset) RETURN count(n) AS n")
        if foreign[0]["n"]:
            neo4j_unavailable(f"the database at {neo4j_server.uri} holds {foreign[0]['n']} nodes that are not "
                              "ours, and the tests empty it; point NEO4J_URI at a test database")
        yield driver


def clear_neo4j(driver: Driver) -> None:
    driver.execute_query("MATCH (n) DETACH DELETE n")


@pytest.fixture
def neo4j_store(neo4j_server: Neo4jServer, neo4j_driver: Driver) -> Iterator[Neo4jStore]:
    """A Neo4jStore on an empty database (constraints may stay); closed after the test."""
    from partnership_graph.stores.neo4j import Neo4jStore

    clear_neo4j(neo4j_driver)
    store = Neo4jStore.connect(neo4j_server.settings())
    try:
        yield store
    finally:
        store.close()


def pytest_terminal_summary(terminalreporter: Any) -> None:
    for seconds in NEO4J_STARTS:
        terminalreporter.write_line(f"neo4j: tools/neo4j-local started a test server on port {NEO4J_TEST_PORT} "
                                    f"in {seconds:.1f} s")

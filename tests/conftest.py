"""Shared fixtures. Built documents are session-scoped (they are immutable); stores are per test,
except Neo4j's, whose loaded state is kept for the session (``neo4j_holding``).

The suite runs under pytest-xdist (``-n auto`` in pyproject): every test that touches the shared
Neo4j test database is put in one xdist group, so one worker runs them in turn while the others
run the rest; the fault tests, which stop and kill a private server, are a group of their own.
Hypothesis reads its profile from ``HYPOTHESIS_PROFILE``: ``dev`` (the default: quick) or ``ci``
(``.ci/run``: more examples, derandomised so a failure repeats).
"""

from __future__ import annotations

import gc
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

if os.environ.get("PYTEST_XDIST_WORKER"):
    # execnet starts xdist's workers with COLUMNS=80 and LINES=24, as if on a terminal; the CLI
    # then wraps tables that the tests read as a pipe would see them (no wrapping).
    for _variable in ("COLUMNS", "LINES"):
        os.environ.pop(_variable, None)

settings.register_profile("ci", max_examples=100, deadline=None, derandomize=True, database=None,
                          print_blob=True, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

#: Fixtures that reach the shared Neo4j test database: a test using any of them runs in the
#: worker that holds it (xdist group "neo4j").
NEO4J_FIXTURES = frozenset({"neo4j_server", "neo4j_driver", "neo4j_store", "neo4j_holding", "neo4j_example",
                            "neo4j_skeleton"})


#: Tests run between two freezes of what is alive (see pytest_runtest_logfinish).
_FREEZE_EVERY = 50
_finished = 0

# Full (oldest-generation) collections only at those freezes, not whenever the collector's own
# rule fires: each walked every object not yet frozen (a module's national graphs and documents),
# 0.26 s apiece, and they took a sixth of the CPU of test_statutory, test_plan and test_corpus
# (gen2 12.1 s of 73.3 CPU-s; with this, 4.3 s of 58.5). The young generations are collected as
# usual, and what dies in the oldest waits at most _FREEZE_EVERY tests (largest process of a whole
# run: 2.05 GB).
_GEN0, _GEN1, _ = gc.get_threshold()
gc.set_threshold(_GEN0, _GEN1, 1_000_000)


def pytest_runtest_logfinish(nodeid: str, location: object) -> None:
    global _finished
    _finished += 1
    if _finished % _FREEZE_EVERY == 0:
        _freeze_survivors()


def _freeze_survivors() -> None:
    """Move every object still alive (modules, session fixtures' national documents and graphs)
    out of the cyclic collector's sight: a worker holds over half a million of them, and each full
    collection scanned them all again, several times per test that builds a graph. Unfrozen and
    collected first, so what died since the last freeze (a module's graphs, whose views make
    cycles) is still collected, not kept for the rest of the run."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """``-n auto``: one worker more than the cores this process may use. Much of the suite waits on
    other processes (the Neo4j server, Chromium, the CLI run as a user runs it), so with a worker
    per core the cores idle while the Neo4j groups wait on the server."""
    return len(os.sched_getaffinity(0)) + 1


@pytest.fixture(autouse=True)
def _groups_hold(request: pytest.FixtureRequest) -> None:
    """Under xdist a grouped test's id ends "@group"; without it the group did not hold, and the
    workers would queue for the one Neo4j database (pytest-dev/pytest-xdist#1386: pytest 9.2)."""
    marker = request.node.get_closest_marker("xdist_group")
    if marker and os.environ.get("PYTEST_XDIST_WORKER") and request.config.getvalue("loadgroup") \
            and not request.node.nodeid.endswith(f"@{marker.args[0]}"):
        pytest.fail(f"xdist ignored the group {marker.args[0]!r} of {request.node.nodeid}: use a pytest below 9.2 "
                    "(pytest-dev/pytest-xdist#1386)", pytrace=False)


#: The order the Neo4j group runs in: each national holding's readers together, so it is loaded
#: once (a load of the national graph is the group's largest cost), and the tests that empty the
#: database last, so nothing after them pays to reload a holding.
_HOLDING_ORDER = (("neo4j_example",), ("neo4j_skeleton", "skeleton_loaded", "skeleton_store"))


def _neo4j_rank(item: pytest.Item) -> int:
    fixtures = set(getattr(item, "fixturenames", ()))
    for rank, names in enumerate(_HOLDING_ORDER):
        if fixtures & set(names):
            return rank
    return len(_HOLDING_ORDER) + (1 if "neo4j_store" in fixtures else 0)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Order the Neo4j group's tests by what they need the database to hold (a stable sort, in the
    places the group's tests already occupy; every worker computes the same order)."""
    places = [i for i, item in enumerate(items) if _in_group(item, "neo4j")]
    ordered = sorted((items[i] for i in places), key=_neo4j_rank)
    for place, item in zip(places, ordered):
        items[place] = item


def _in_group(item: pytest.Item, group: str) -> bool:
    marker = item.get_closest_marker("xdist_group")
    return marker is not None and marker.args[0] == group


def pytest_itemcollected(item: pytest.Item) -> None:
    # Here, not in pytest_collection_modifyitems: xdist's worker reads the groups in that hook,
    # and a conftest's implementation of it may run after xdist's.
    fixtures = set(getattr(item, "fixturenames", ()))
    if "private" in fixtures:
        item.add_marker(pytest.mark.xdist_group("neo4j-faults"))
    elif fixtures & NEO4J_FIXTURES or item.get_closest_marker("neo4j"):
        item.add_marker(pytest.mark.xdist_group("neo4j"))

from partnership_graph.graphmodel import GraphDocument
from partnership_graph.national import example_document, national_skeleton
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
import shutil  # noqa: E402
import subprocess  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable, Iterator, Sequence  # noqa: E402
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
#: The test servers' collector (tools/neo4j-local's NEO4J_LOCAL_GC): serial, which took 9-20%
#: less of the server's CPU than G1 on 2 cores with the 1g heap (tools/neo4j-local/README.md).
TEST_SERVER_GC = os.environ.get("NEO4J_LOCAL_GC") or "serial"
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


class _LocalServer:
    """The tools/neo4j-local test server, joined through a lease file per pytest process; the
    process whose session ends last, of those that leased it, stops it if pytest started it."""

    def __init__(self) -> None:
        self.env = {**os.environ, "NEO4J_PASSWORD": NEO4J_TEST_PASSWORD, "NEO4J_LOCAL_PORT": str(NEO4J_TEST_PORT),
                    "NEO4J_LOCAL_HOME": str(NEO4J_TEST_HOME), "NEO4J_LOCAL_GC": TEST_SERVER_GC}
        self.leases = NEO4J_TEST_HOME / "pytest-leases"
        self.lock = NEO4J_TEST_HOME / "pytest-leases.lock"
        self.marker, self.lease = self.leases / "started-by-pytest", self.leases / str(os.getpid())
        self.start_seconds: float | None = None
        self.problem: str | None = None  # why there is no server, once acquire() has run
        self.leased = False

    def unavailable_because(self) -> str | None:
        if not NEO4J_LOCAL.exists():
            return f"{NEO4J_LOCAL.relative_to(REPO)} is missing"
        java_home = os.environ.get("JAVA_HOME")
        if shutil.which("java", path=os.path.join(java_home, "bin") if java_home else None) is None:
            return "java is not on PATH (tools/neo4j-local needs Java 17 or 21)"
        lib_ready = any((NEO4J_TEST_HOME / "lib").glob("neo4j-bootcheck-*.jar"))
        if not lib_ready and shutil.which(os.environ.get("MVN", "mvn")) is None:
            return "mvn is not on PATH (tools/neo4j-local fetches the Neo4j jars with Maven once)"
        return None

    def acquire(self) -> None:
        """Lease the server, starting it if nobody runs it; never raises (``problem`` says why not)."""
        self.problem = self.unavailable_because()
        if self.problem:
            return
        self.leases.mkdir(parents=True, exist_ok=True)
        with _locked(self.lock):
            self.lease.touch()
            self.leased = True
            if _neo4j_local("status", self.env).returncode != 0:
                started = time.perf_counter()
                done = _neo4j_local("start", self.env)
                if done.returncode != 0:
                    self.lease.unlink(missing_ok=True)
                    self.leased = False
                    tail = " | ".join((done.stdout + done.stderr).strip().splitlines()[-6:])
                    self.problem = f"tools/neo4j-local could not start it: {tail}"
                    return
                self.start_seconds = time.perf_counter() - started
                NEO4J_STARTS.append(self.start_seconds)
                self.marker.touch()

    def release(self) -> None:
        if not self.leased:
            return
        with _locked(self.lock):
            self.lease.unlink(missing_ok=True)
            others = [p for p in self.leases.iterdir() if p.name.isdigit() and _pid_alive(int(p.name))]
            if not others and self.marker.exists():
                _neo4j_local("stop", self.env, timeout=120)
                self.marker.unlink(missing_ok=True)
        self.leased = False


#: The local server, started in the background as soon as collection shows a test needs it, so
#: its boot (10-30 s) overlaps the tests that do not.
_LOCAL: _LocalServer | None = None
_LOCAL_STARTING: threading.Thread | None = None


def pytest_collection_finish(session: pytest.Session) -> None:
    global _LOCAL, _LOCAL_STARTING
    _freeze_survivors()
    if os.environ.get("NEO4J_URI") or session.config.getoption("collectonly"):
        return
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker not in (None, "gw0", "gw1"):  # any worker may get the group; two are enough to start it early
        # (a third that gets it joins the server through its lease, in the fixture)
        return
    if any(_in_group(item, "neo4j") for item in session.items):
        _LOCAL = _LocalServer()
        _LOCAL_STARTING = threading.Thread(target=_LOCAL.acquire, name="neo4j-local start", daemon=True)
        _LOCAL_STARTING.start()


def pytest_sessionfinish(session: pytest.Session) -> None:
    if _LOCAL_STARTING is not None:
        _LOCAL_STARTING.join()
    if _LOCAL is not None:
        _LOCAL.release()


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
    global _LOCAL
    if _LOCAL_STARTING is not None:
        _LOCAL_STARTING.join()
    if _LOCAL is None:  # collection did not foresee it (a test asked for the server by other means)
        _LOCAL = _LocalServer()
        _LOCAL.acquire()
    if _LOCAL.problem:
        neo4j_unavailable(_LOCAL.problem)
    yield Neo4jServer(f"bolt://127.0.0.1:{NEO4J_TEST_PORT}", "neo4j", NEO4J_TEST_PASSWORD, _LOCAL.start_seconds)


@contextmanager
def _database_to_ourselves(uri: str) -> Iterator[None]:
    """Hold the test database for this whole session: tests empty and reload it, so two pytest
    sessions on one machine (parallel work in one checkout) must take turns, not interleave."""
    import hashlib
    import sys
    import tempfile

    digest = hashlib.sha256(uri.encode()).hexdigest()[:12]
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID", "")
    with open(Path(tempfile.gettempdir()) / f"partnership-graph-tests-neo4j-{digest}.lock", "a+") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            f.seek(0)
            if run and f.read().strip() == run:  # another worker of this run holds it: waiting would hang
                pytest.fail("this test reaches Neo4j outside the xdist group 'neo4j': mark it @pytest.mark.neo4j "
                            "or request a Neo4j fixture by name (tests/conftest.py, NEO4J_FIXTURES)", pytrace=False)
            print(f"\nwaiting for another test session to finish with the Neo4j at {uri} ...",
                  file=sys.stderr, flush=True)
            fcntl.flock(f, fcntl.LOCK_EX)
        f.seek(0)
        f.truncate()
        f.write(run)
        f.flush()
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


#: How much lower the other workers run once one worker holds the Neo4j group (see below).
SIBLING_NICENESS = 5


def _yield_to_the_neo4j_group() -> None:
    """Lower the priority of this run's other xdist workers (and what they start from now on).

    The Neo4j group runs in one worker, one test after another, and is the run's longest path:
    with three workers and two JVMs on two cores it got about three quarters of a core, and the
    other workers finished 60-80 s before it. At a lower priority they take what the group and
    its server leave, so the group is not kept waiting. The worker may raise its siblings'
    niceness (same user), never lower it; where it cannot, nothing changes but the timing.
    """
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        return
    controller = os.getppid()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            pid = int(stat.parent.name)
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if pid == os.getpid() or int(fields[1]) != controller:
                continue
            os.setpriority(os.PRIO_PROCESS, pid, max(os.getpriority(os.PRIO_PROCESS, pid), SIBLING_NICENESS))
        except (OSError, ValueError, IndexError):  # gone, not ours, or no /proc: only the timing changes
            continue


@pytest.fixture(scope="session")
def neo4j_driver(neo4j_server: Neo4jServer) -> Iterator[Driver]:
    """A plain driver for test set-up and inspection (clearing, counting, killing connections).

    Requesting it gives this session the database to itself until the session ends.
    """
    from neo4j import GraphDatabase

    _yield_to_the_neo4j_group()
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


class Neo4jHolding:
    """What the shared test database holds, so that a test which only reads a national graph does
    not pay for loading it again (a national load is seconds; the suite would spend its time
    reloading). ``hold(name, build)`` loads only when the database holds something else or was
    changed since; a test that writes takes ``neo4j_store`` (an emptied database) instead, which
    forgets what was held. The fingerprint (node and relationship counts and the dataset registry
    with its load times) is checked again after every reading test: a test that wrote to a
    database it was lent read-only fails, naming the fixture to use.
    """

    def __init__(self, server: Neo4jServer, driver: Driver):
        self.server, self.driver = server, driver
        self.name: str | None = None
        self.fingerprint: tuple[Any, ...] | None = None

    def now(self) -> tuple[Any, ...]:
        records, _, _ = self.driver.execute_query(
            "CALL { MATCH (n) RETURN count(n) AS nodes } CALL { MATCH ()-[r]->() RETURN count(r) AS rels } "
            "CALL { MATCH (d:Dataset) WITH d ORDER BY d.name RETURN collect([d.name, d.loaded_at]) AS registry } "
            "RETURN nodes, rels, registry")
        return (records[0]["nodes"], records[0]["rels"], tuple(tuple(x) for x in records[0]["registry"]))

    def hold(self, name: str, build: Callable[[], Sequence[GraphDocument]]) -> None:
        from partnership_graph.stores.neo4j import Neo4jStore

        if self.name == name and self.now() == self.fingerprint:
            return
        self.forget()
        clear_neo4j(self.driver)
        with Neo4jStore.connect(self.server.settings()) as store:
            for doc in build():
                store.load(doc)
        self.name, self.fingerprint = name, self.now()

    def forget(self) -> None:
        self.name = self.fingerprint = None

    def check_unchanged(self, test: str) -> None:
        if self.name is not None and self.now() != self.fingerprint:
            held, self.name = self.name, None
            pytest.fail(f"{test} changed the Neo4j database it was lent read-only (holding {held!r}); "
                        "a test that writes must use the neo4j_store fixture", pytrace=False)


@pytest.fixture(scope="session")
def neo4j_holding(neo4j_server: Neo4jServer, neo4j_driver: Driver) -> Neo4jHolding:
    return Neo4jHolding(neo4j_server, neo4j_driver)


@contextmanager
def lent(holding: Neo4jHolding, name: str, build: Callable[[], Sequence[GraphDocument]],
         test: str) -> Iterator[Neo4jStore]:
    """A store on the database holding ``name`` (loaded if needed), read-only for the test."""
    from partnership_graph.stores.neo4j import Neo4jStore

    holding.hold(name, build)
    store = Neo4jStore.connect(holding.server.settings())
    try:
        yield store
    finally:
        store.close()
    holding.check_unchanged(test)


@pytest.fixture
def neo4j_example(neo4j_holding: Neo4jHolding, example_doc: GraphDocument,
                  request: pytest.FixtureRequest) -> Iterator[Neo4jStore]:
    """Neo4j holding the skeleton plus the LGA example (read-only: loaded once per session)."""
    with lent(neo4j_holding, "example", lambda: [example_doc], request.node.nodeid) as store:
        yield store


@pytest.fixture
def neo4j_skeleton(neo4j_holding: Neo4jHolding, skeleton: GraphDocument,
                   request: pytest.FixtureRequest) -> Iterator[Neo4jStore]:
    """Neo4j holding the national skeleton alone (read-only: loaded once while it holds it)."""
    with lent(neo4j_holding, "skeleton", lambda: [skeleton], request.node.nodeid) as store:
        yield store


@pytest.fixture
def neo4j_store(neo4j_server: Neo4jServer, neo4j_driver: Driver, neo4j_holding: Neo4jHolding) -> Iterator[Neo4jStore]:
    """A Neo4jStore on an empty database (constraints may stay), for tests that write; closed after."""
    from partnership_graph.stores.neo4j import Neo4jStore

    neo4j_holding.forget()
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

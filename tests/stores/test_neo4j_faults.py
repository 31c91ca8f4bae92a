"""Neo4j faults the shared test server cannot suffer: the server killed in the middle of a load
and then down while commands run (one restart serves both: each restart is a JVM boot), a
genuine transient error (a lock wait timing out) that succeeds on retry or outlasts the retries,
and a connection dropped mid-transaction as the CLI reports it. After each: the previous graph is
intact, the next load succeeds, and the CLI printed one line with exit code 1 (or its usual
output when the retry succeeded).

These tests stop and kill a server, so they run their own: a private tools/neo4j-local instance
(home ``.neo4j-local-faults/``, port 7707 or a free one), started once for this module and
stopped at its end, with ``db.lock.acquisition.timeout=2s`` so that a blocked lock is a real
``Neo.TransientError.Transaction.LockAcquisitionTimeout``. A file lock keeps two pytest sessions
on one checkout from sharing it. The dropped-connection-once-and-retried case is proven at the
library level in test_neo4j.py (``test_a_connection_dropped_once_is_retried...``) and not repeated.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx
import pytest
from click.testing import CliRunner, Result

from partnership_graph.cli import cli
from partnership_graph.national import load_dataset
from partnership_graph.stores.embedded import EmbeddedStore
from partnership_graph.stores.neo4j import Neo4jStore

from ..conftest import NEO4J_LOCAL, REPO, TEST_SERVER_GC, Neo4jServer, neo4j_unavailable
from .test_neo4j import assert_same_graph, fresh_graph, kill_loader_connections

if TYPE_CHECKING:
    from neo4j import Driver

pytestmark = pytest.mark.neo4j

HOME = Path(os.environ.get("PARTNERSHIP_GRAPH_TEST_NEO4J_FAULTS_HOME") or REPO / ".neo4j-local-faults")
PREFERRED_PORT = int(os.environ.get("PARTNERSHIP_GRAPH_TEST_NEO4J_FAULTS_PORT") or 7707)
PASSWORD = "pg-faults-password"  # of a throwaway local test server; not a secret
LOCK_TIMEOUT_SECONDS = 2
#: The private server's JIT stops at C1: its two short lives (a boot, a few loads, a restart) spent
#: most of their CPU compiling with C2 for a steady state they never reach. This module's two JVMs
#: took 112 CPU-s with C2 and 75 with C1 alone, and the module 132 s against 120 s of wall (run
#: alone on 2 cores). The shared test server keeps C2: over the whole suite it repays the compiling.
C1_ONLY = "-XX:TieredStopAtLevel=1"


# -- the private server -----------------------------------------------------------------------
def _port_free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PrivateNeo4j:
    """A tools/neo4j-local server this module may stop, start and kill."""

    def __init__(self, port: int):
        self.port = port
        self.server = Neo4jServer(f"bolt://127.0.0.1:{port}", "neo4j", PASSWORD, None)
        self.env = {**os.environ, "NEO4J_PASSWORD": PASSWORD, "NEO4J_LOCAL_HOME": str(HOME),
                    "NEO4J_LOCAL_PORT": str(port), "NEO4J_LOCAL_HEAP": "512m", "NEO4J_LOCAL_PAGECACHE": "64m",
                    "NEO4J_LOCAL_GC": TEST_SERVER_GC,
                    "NEO4J_LOCAL_EXTRA_CONF": f"db.lock.acquisition.timeout={LOCK_TIMEOUT_SECONDS}s\n"
                                              f"server.jvm.additional={C1_ONLY}"}

    def tool(self, command: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(NEO4J_LOCAL), command], env=self.env, capture_output=True, text=True,
                              timeout=timeout, check=False)

    def running(self) -> bool:
        return self.tool("status", timeout=60).returncode == 0

    def start(self) -> None:
        done = self.tool("start")
        if done.returncode != 0:
            tail = " | ".join((done.stdout + done.stderr).strip().splitlines()[-6:])
            raise RuntimeError(f"tools/neo4j-local could not start the private server: {tail}")

    def stop(self) -> None:
        self.tool("stop", timeout=120)

    def kill(self) -> None:
        """SIGKILL the server's JVM (the process this module started), as a crash would."""
        pid = int((HOME / "run" / "neo4j.pid").read_text().split()[0])
        os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.05)
        raise AssertionError(f"the Neo4j process {pid} did not die")

    def driver(self) -> Driver:
        from neo4j import GraphDatabase

        return GraphDatabase.driver(self.server.uri, auth=(self.server.user, PASSWORD))


@pytest.fixture(scope="module")
def private() -> Iterator[PrivateNeo4j]:
    java_home = os.environ.get("JAVA_HOME")
    if shutil.which("java", path=os.path.join(java_home, "bin") if java_home else None) is None:
        neo4j_unavailable("java is not on PATH (the fault tests start a private tools/neo4j-local server)")
    if not any((HOME / "lib").glob("neo4j-bootcheck-*.jar")) and shutil.which(os.environ.get("MVN", "mvn")) is None:
        neo4j_unavailable("mvn is not on PATH (tools/neo4j-local fetches the Neo4j jars with Maven once)")
    HOME.mkdir(parents=True, exist_ok=True)
    with open(HOME / "pytest-faults.lock", "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another session's fault tests: wait for them
        try:
            leftover = PrivateNeo4j(PREFERRED_PORT)
            if leftover.running():  # left by a session that died (we hold the lock): start afresh
                leftover.stop()
            server = PrivateNeo4j(PREFERRED_PORT if _port_free(PREFERRED_PORT) else _free_port())
            try:
                server.start()
            except RuntimeError as e:
                neo4j_unavailable(str(e))
            try:
                yield server
            finally:
                server.stop()
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


@pytest.fixture
def admin(private: PrivateNeo4j) -> Iterator[Driver]:
    """A driver for set-up and inspection, on a database emptied for the test."""
    if not private.running():  # a failed test may have left it stopped
        private.start()
    with private.driver() as driver:
        driver.execute_query("MATCH (n) DETACH DELETE n")
        yield driver


# -- datasets and helpers ---------------------------------------------------------------------
def dataset(folder: Path, name: str) -> Path:
    """A small dataset on top of the skeleton: one team in Oldham, a member of Oldham's CSP.

    The membership writes a relationship to ``csp:oldham``, so a load needs that node's lock.
    """
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "bodies.csv").write_text(f"id,name,kind,covers,notes\nfaults-{name},Faults team {name},team,"
                                       f"E08000004,made by the fault tests\n", encoding="utf-8")
    (folder / "memberships.csv").write_text(f"member,body,role\nfaults-{name},csp:oldham,member\n", encoding="utf-8")
    return folder


def run_cli(args: list[str], server: Neo4jServer) -> Result:
    env = {**server.cli_env(), "PARTNERSHIP_GRAPH_DB": None}
    return CliRunner().invoke(cli, ["--store", "neo4j", *args], env=env)


def run_process(args: list[str], server: Neo4jServer, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The CLI in a real process: what a user sees, driver logging and all."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "PARTNERSHIP_GRAPH_"))}
    env.update(NEO4J_URI=server.uri, NEO4J_USER=server.user, NEO4J_PASSWORD=server.password)
    return subprocess.run([sys.executable, "-c", "from partnership_graph.cli import main; main()",
                           "--store", "neo4j", *args], env=env, capture_output=True, text=True, timeout=120, cwd=cwd)


def loaded_ok(result: Result | subprocess.CompletedProcess[str], folder: Path, server: Neo4jServer) -> None:
    code = result.exit_code if isinstance(result, Result) else result.returncode
    assert code == 0, (result.stdout, result.stderr)
    lines = result.stdout.splitlines()
    assert lines[0] == f"Loaded {folder} into the neo4j store at {server.uri}"
    assert re.fullmatch(r"nodes: \d+ created, \d+ changed, \d+ unchanged; relationships: \d+ created, "
                        r"\d+ changed, \d+ unchanged \([0-9.]+ s\)", lines[1]) and len(lines) == 2
    assert result.stderr == ""


def expected_graph(tmp_path: Path, *folders: Path) -> nx.MultiDiGraph:
    """What the database should hold: the same datasets loaded in order into an embedded store."""
    store = EmbeddedStore(tmp_path / "expected.json")
    for folder in folders:
        store.load(load_dataset(str(folder)))
    return store.graph()


def unreachable(server: Neo4jServer) -> str:
    return (f"Error: cannot reach Neo4j at {server.uri} (is it running? start one with "
            "tools/neo4j-local/neo4j-local start)")


def patch_store(monkeypatch: pytest.MonkeyPatch, *, retry_seconds: float | None = None,
                on_batch: Callable[[int, int], None] | None = None) -> None:
    """Let the CLI's store retry for ``retry_seconds`` (not 30 s) and call ``on_batch`` mid-load."""
    real_connect = Neo4jStore.connect.__func__  # type: ignore[attr-defined]
    real_load = Neo4jStore.load_with

    def connect(cls: type[Neo4jStore], settings: Any, **kwargs: Any) -> Neo4jStore:
        if retry_seconds is not None:
            kwargs["max_retry_seconds"] = retry_seconds
        store: Neo4jStore = real_connect(cls, settings, **kwargs)
        return store

    def load_with(self: Neo4jStore, build: Any, **kwargs: Any) -> Any:
        # every load goes through load_with (the datasets service, and store.load itself)
        return real_load(self, build, **{**kwargs, "batch_size": 500, "on_batch": on_batch})

    monkeypatch.setattr(Neo4jStore, "connect", classmethod(connect))
    if on_batch is not None:
        monkeypatch.setattr(Neo4jStore, "load_with", load_with)


class LockHolder:
    """Another client's open write transaction holding the lock on one node until released."""

    def __init__(self, driver: Driver, body_id: str):
        self.release = threading.Event()
        held = threading.Event()
        self.errors: list[BaseException] = []

        def hold() -> None:
            try:
                with driver.session() as session:
                    tx = session.begin_transaction()
                    tx.run("MATCH (b:Body {id: $id}) SET b.name = b.name", id=body_id).consume()
                    held.set()
                    self.release.wait(120)
                    tx.rollback()
            except BaseException as e:  # noqa: BLE001 - reported by the test
                self.errors.append(e)
                held.set()

        self.thread = threading.Thread(target=hold, daemon=True)
        self.thread.start()
        assert held.wait(30) and not self.errors, self.errors

    def __enter__(self) -> LockHolder:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release.set()
        self.thread.join(30)


# -- the server killed, then down ------------------------------------------------------------
def test_a_server_killed_mid_load_rolls_it_back_while_down_each_command_is_one_line_and_after_recovery_all_is_intact(
        private: PrivateNeo4j, admin: Driver, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # One restart serves both cases a user meets (issue 18): the server dies in the middle of a
    # load, and then, while it is down, a load and a real process are refused in one line each;
    # after the restart the graph is the one before the killed load, and the next loads succeed.
    server = private.server
    a, b, c = dataset(tmp_path / "a", "a"), dataset(tmp_path / "b", "b"), dataset(tmp_path / "c", "c")
    loaded_ok(run_cli(["load", str(a)], server), a, server)
    before = fresh_graph(server)
    assert "Body:faults-a" in before

    def crash(done: int, total: int) -> None:
        if done == 5:  # 5 of ~36 statements written in the open transaction
            private.kill()

    patch_store(monkeypatch, retry_seconds=2.0, on_batch=crash)
    load = run_cli(["load", str(c)], server)
    assert (load.exit_code, load.stdout) == (1, "")
    assert load.stderr == (f"Error: lost the connection to Neo4j at {server.uri} while trying to load the graph, "
                           "and retrying did not help; nothing was changed\n")
    monkeypatch.undo()
    assert not private.running()

    # Down: nothing listens on the port.
    load = run_cli(["load", str(b)], server)
    assert (load.exit_code, load.stdout, load.stderr) == (1, "", unreachable(server) + "\n")
    stats = run_process(["stats"], server, tmp_path)  # a real process: no driver noise, no traceback
    assert (stats.returncode, stats.stdout, stats.stderr.splitlines()) == (1, "", [unreachable(server)])

    private.start()  # Neo4j recovers from its transaction log: only committed work comes back
    assert_same_graph(fresh_graph(server), before)  # the previous graph, node for node
    loaded_ok(run_cli(["load", str(b)], server), b, server)
    loaded_ok(run_cli(["load", str(c)], server), c, server)
    assert_same_graph(fresh_graph(server), expected_graph(tmp_path, a, b, c))


# -- transient errors -------------------------------------------------------------------------
def loader_transaction_ids(driver: Driver) -> set[str]:
    """Open transactions of partnership-graph connections that are writing rows."""
    records, _, _ = driver.execute_query(
        "SHOW TRANSACTIONS YIELD transactionId, currentQuery, connectionId "
        "WHERE currentQuery CONTAINS 'UNWIND $rows' RETURN transactionId, connectionId")
    ids = {r["connectionId"] for r in driver.execute_query(
        "CALL dbms.listConnections() YIELD connectionId, userAgent "
        "WHERE userAgent STARTS WITH 'partnership-graph/' RETURN connectionId").records}
    return {r["transactionId"] for r in records if r["connectionId"] in ids}


def test_a_transient_error_is_retried_and_the_load_completes_with_the_usual_output(
        private: PrivateNeo4j, admin: Driver, tmp_path: Path) -> None:
    # Another client holds a lock the load needs: the load's first attempt waits 2 s and fails with
    # Neo.TransientError.Transaction.LockAcquisitionTimeout; the driver retries the whole
    # transaction, and once the other client lets go the retry completes.
    server = private.server
    a, b = dataset(tmp_path / "a", "a"), dataset(tmp_path / "b", "b")
    loaded_ok(run_cli(["load", str(a)], server), a, server)
    with LockHolder(admin, "csp:oldham") as holder:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "PARTNERSHIP_GRAPH_"))}
        env.update(NEO4J_URI=server.uri, NEO4J_USER=server.user, NEO4J_PASSWORD=server.password)
        proc = subprocess.Popen([sys.executable, "-c", "from partnership_graph.cli import main; main()",
                                 "--store", "neo4j", "load", str(b)], env=env, cwd=tmp_path,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        attempts: set[str] = set()
        deadline = time.monotonic() + 90
        while len(attempts) < 2 and proc.poll() is None and time.monotonic() < deadline:
            attempts |= loader_transaction_ids(admin)  # a second transaction id: the first attempt failed
            time.sleep(0.1)
        holder.release.set()
        stdout, stderr = proc.communicate(timeout=120)
    assert len(attempts) == 2, (attempts, stderr)
    result = subprocess.CompletedProcess(proc.args, proc.returncode, stdout, stderr)
    loaded_ok(result, b, server)  # exit 0, the usual two lines, nothing on stderr (no retry warnings)
    created = re.match(r"nodes: (\d+) created", stdout.splitlines()[1])
    assert created is not None and created.group(1) == "1"  # the retry counted the new team once
    assert_same_graph(fresh_graph(server), expected_graph(tmp_path, a, b))


def test_a_transient_error_that_outlasts_the_retries_is_one_line_and_changes_nothing(
        private: PrivateNeo4j, admin: Driver, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    server = private.server
    a, b = dataset(tmp_path / "a", "a"), dataset(tmp_path / "b", "b")
    loaded_ok(run_cli(["load", str(a)], server), a, server)
    before = fresh_graph(server)
    patch_store(monkeypatch, retry_seconds=3.0)
    with LockHolder(admin, "csp:oldham"):
        load = run_cli(["load", str(b)], server)
    monkeypatch.undo()
    assert (load.exit_code, load.stdout) == (1, "")
    assert load.stderr.count("\n") == 1 and "Traceback" not in load.stderr
    assert load.stderr.startswith(f"Error: Neo4j at {server.uri} could not load the graph even after retrying "
                                  "(Neo.TransientError.Transaction.LockAcquisitionTimeout: ")
    assert load.stderr.endswith("; nothing was changed\n")
    assert_same_graph(fresh_graph(server), before)
    loaded_ok(run_cli(["load", str(b)], server), b, server)
    assert_same_graph(fresh_graph(server), expected_graph(tmp_path, a, b))


# -- the connection dropped mid-transaction, as the CLI reports it ----------------------------
def test_a_connection_dropped_on_every_attempt_is_one_line_on_the_cli_and_changes_nothing(
        private: PrivateNeo4j, admin: Driver, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The library-level twin (test_neo4j.py) checks the StoreError; this checks what a user sees.
    server = private.server
    a, b = dataset(tmp_path / "a", "a"), dataset(tmp_path / "b", "b")
    loaded_ok(run_cli(["load", str(a)], server), a, server)
    before = fresh_graph(server)
    kills: list[int] = []

    def drop(done: int, total: int) -> None:
        if done == 5:
            kills.append(kill_loader_connections(admin))

    patch_store(monkeypatch, retry_seconds=2.0, on_batch=drop)
    load = run_cli(["load", str(b)], server)
    monkeypatch.undo()
    assert len(kills) >= 2 and set(kills) == {1}
    assert (load.exit_code, load.stdout) == (1, "")
    # dbms.killConnection terminates the connection's transaction, then closes the connection: the
    # client meets whichever reaches it first on the last attempt, and each is one true line
    lost = (f"Error: lost the connection to Neo4j at {server.uri} while trying to load the graph, "
            "and retrying did not help; nothing was changed\n")
    terminated = (f"Error: the transaction was terminated on the Neo4j server at {server.uri} while trying to "
                  "load the graph; nothing was changed\n")
    assert load.stderr in (lost, terminated)
    assert_same_graph(fresh_graph(server), before)
    loaded_ok(run_cli(["load", str(b)], server), b, server)
    assert_same_graph(fresh_graph(server), expected_graph(tmp_path, a, b))


# -- a load bigger than the server's transaction memory ----------------------------------------
class _RefusingSession:
    """A session whose write transaction the server refuses when it commits, as it did for the
    national data x100 (1.1M rows) with 3 GiB of transaction memory (benchmarks/README.md)."""

    def __enter__(self) -> _RefusingSession:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def execute_write(self, work: Any) -> Any:
        from neo4j.exceptions import Neo4jError

        raise Neo4jError._hydrate_neo4j(  # what the driver raises, after its own retries
            code="Neo.TransientError.General.MemoryPoolOutOfMemoryError",
            message="The allocation of an extra 101.4 MiB would use more than the limit 3.0 GiB. Currently using "
                    "2.9 GiB. dbms.memory.transaction.total.max threshold reached")


class _RefusingDriver:
    def session(self, **kwargs: Any) -> _RefusingSession:
        return _RefusingSession()

    def close(self) -> None:
        pass


def test_a_load_refused_for_memory_at_commit_says_what_to_raise_in_one_line(example_doc: Any) -> None:
    # Neo4j may refuse the memory while a statement runs (handled inside the unit of work) or only
    # when the transaction commits, outside it; both must give the same sentence.
    from partnership_graph.errors import StoreError

    store = Neo4jStore(_RefusingDriver(), "bolt://db.example:7687", "neo4j")  # type: ignore[arg-type]
    store._constraints_ready = True  # noqa: SLF001 - no server to create them on
    with pytest.raises(StoreError) as caught:
        store.load(example_doc)
    assert str(caught.value) == ("the load into Neo4j at bolt://db.example:7687 was rolled back: the load does not "
                                 "fit in one Neo4j transaction with the server's memory limits; raise the heap and "
                                 "dbms.memory.transaction.total.max (see docs/neo4j.md); nothing was changed")

"""The `serve` command as a user runs it: loopback by default, a warning otherwise, a fast --help."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.request import urlopen

import pytest

from ._live import free_port

ROOT = Path(__file__).resolve().parents[2]
WEB_LIBRARIES = ("fastapi", "starlette", "uvicorn", "jinja2", "networkx", "pydantic")


def test_help_loads_no_web_library() -> None:
    code = ("import sys; from partnership_graph.cli import cli; from click.testing import CliRunner; "
            "CliRunner().invoke(cli, ['--help']); CliRunner().invoke(cli, ['serve', '--help']); "
            f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({WEB_LIBRARIES!r})))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert out.stdout.strip() == "[]"


def _serve(db: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "partnership_graph", "--db", str(db), "serve", *args],
                            cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def _wait_ready(proc: subprocess.Popen[str], timeout: float = 60) -> list[str]:
    lines: list[str] = []
    deadline = time.monotonic() + timeout
    assert proc.stderr is not None
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        if not line:
            break
        lines.append(line.rstrip("\n"))
        if line.startswith("Serving "):
            return lines
    proc.kill()
    raise AssertionError(f"serve did not start: {lines}")


def _stop(proc: subprocess.Popen[str]) -> int:
    proc.send_signal(signal.SIGINT)
    try:
        return proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        return proc.wait(timeout=10)


def test_serve_listens_on_loopback_and_answers(_example_store_file: Path) -> None:
    port = free_port()
    proc = _serve(_example_store_file, "--port", str(port))
    try:
        lines = _wait_ready(proc)
        ready = lines[-1]
        assert f"http://127.0.0.1:{port}/" in ready and "read-only" in ready and "Ready in" in ready
        assert not any("WARNING" in line for line in lines)
        with urlopen(f"http://127.0.0.1:{port}/api/meta", timeout=30) as r:  # noqa: S310 - loopback
            meta = json.loads(r.read())
        assert meta["store"] == "embedded" and meta["location"] == str(_example_store_file)
        # A page asked for under another host name is refused (DNS rebinding guard on loopback).
        from urllib.request import Request

        with pytest.raises(Exception) as refused:
            urlopen(Request(f"http://127.0.0.1:{port}/api/meta", headers={"Host": "evil.example"}), timeout=30)  # noqa: S310
        assert "400" in str(refused.value)
    finally:
        assert _stop(proc) in (0, -signal.SIGINT, 130)


def test_serve_warns_when_bound_beyond_loopback(_example_store_file: Path) -> None:
    port = free_port()
    proc = _serve(_example_store_file, "--host", "0.0.0.0", "--port", str(port))
    try:
        lines = _wait_ready(proc)
        assert lines[0].startswith("WARNING: listening on 0.0.0.0: anyone who can reach this machine")
    finally:
        _stop(proc)

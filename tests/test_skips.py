"""No skip can fire in CI: every place in tests/ that may skip does so through a helper that turns
the skip into a failure when ``.ci/run`` demands the component (``PARTNERSHIP_GRAPH_REQUIRE_NEO4J``
or ``PARTNERSHIP_GRAPH_REQUIRE_BROWSER``), and no test is skipped by a marker."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent
#: The helpers allowed to call pytest.skip, each failing instead under its REQUIRE variable.
SKIPPERS = {("conftest.py", "neo4j_unavailable"), ("web/_playwright.py", "_missing"),
            ("exporters/_chromium.py", "chromium")}
SKIPPING = {"skip", "skipif", "importorskip", "xfail"}


def _skips() -> list[tuple[str, str, int]]:
    """(file, enclosing function, line) of every pytest.skip / skipif / importorskip / xfail."""
    found = []
    for path in sorted(TESTS.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        functions = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)]
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in SKIPPING:
                owner = next((f.name for f in functions if f.lineno <= node.lineno <= (f.end_lineno or 0)
                              and all(not (g is not f and f.lineno < g.lineno <= node.lineno <= (g.end_lineno or 0))
                                      for g in functions)), "<module>")
                found.append((path.relative_to(TESTS).as_posix(), owner, node.lineno))
    return found


def test_only_the_helpers_that_fail_in_ci_may_skip() -> None:
    skips = _skips()
    assert {(f, fn) for f, fn, _ in skips} == SKIPPERS, skips
    for file, function, _ in skips:
        tree = ast.parse((TESTS / file).read_text(encoding="utf-8"))
        body = next(n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == function)
        source = ast.unparse(body)
        assert "PARTNERSHIP_GRAPH_REQUIRE_" in source and "pytest.fail(" in source, (file, function)


def test_ci_demands_both_components() -> None:
    run = (TESTS.parent / ".ci" / "run").read_text(encoding="utf-8")
    assert "export PARTNERSHIP_GRAPH_REQUIRE_NEO4J=1" in run and "export PARTNERSHIP_GRAPH_REQUIRE_BROWSER=1" in run
    assert "unset NEO4J_URI" in run  # the tests start their own server, whose logs test_secrets reads

"""`mypy --strict` stays clean on the package (the style guide's promise)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_package_is_clean_under_mypy_strict() -> None:
    out = subprocess.run([sys.executable, "-m", "mypy", "--strict", "partnership_graph"], cwd=ROOT,
                         capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stdout[-3000:]

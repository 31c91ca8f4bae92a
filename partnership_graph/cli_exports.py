"""The output commands (export, protocol): pictures, files other tools read, and protocol drafts.

Imported at the end of cli.py, which registers these commands on the same group. Only click is
imported at module level.
"""

from __future__ import annotations

from .cli import cli  # noqa: F401  (commands below register on this group)

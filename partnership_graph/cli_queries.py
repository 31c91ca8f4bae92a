"""The question commands (who-leads, gaps, overlaps, coterminosity, accountability, brokers).

Kept apart from cli.py so the two families can grow independently; imported at the end of
cli.py, which registers the commands on the same group. Only click is imported at module level.
"""

from __future__ import annotations

from .cli import cli  # noqa: F401  (commands below register on this group)

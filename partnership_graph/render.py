"""One renderer for every listing command: rows -> table, CSV or JSON text.

Imports nothing heavy: rows arrive as pydantic models but are read through ``model_dump``.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Sequence
from typing import Any

FORMATS = ("table", "csv", "json")
MIN_COLUMN = 10  # a wrapped column is never narrower than this


def _plain(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.4g}" if not value.is_integer() else str(int(value))
    if isinstance(value, (list, tuple)):
        return "; ".join(_plain(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


# Other C0 and C1 controls (ESC starts terminal escape sequences: colours, titles, hyperlinks,
# clipboard writes) are shown as U+FFFD in a table, which is for a terminal; CSV and JSON keep
# every character.
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def _one_line(text: str) -> str:
    """Newlines and tabs would break a table's rows; leading spaces (tree indents) are kept."""
    return _CONTROLS.sub("\ufffd", re.sub(r"[\r\n\t\v\f]+", " ", text)).rstrip()


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def terminal_text(text: str) -> str:
    """A line for the terminal: data's newlines and control characters cannot break or steer it."""
    return _one_line(text)


def neutralise_formula(text: str) -> str:
    """Text a spreadsheet would run as a formula gets a leading apostrophe; the one rule for
    every CSV this tool writes (listings and exports)."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_safe(value: Any) -> str:
    """A listing cell: numbers are left alone (a negative amount stays a number); text is guarded."""
    text = _plain(value)
    return text if isinstance(value, (int, float)) else neutralise_formula(text)


def to_json(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False)


def render_rows(rows: Sequence[Any], fmt: str, columns: Sequence[str] | None = None,
                as_at: str | None = None) -> str:
    """Render pydantic rows; ``columns`` picks and orders the table/CSV columns (JSON keeps all).

    ``as_at`` (the ISO date the rows describe) becomes the last field of every JSON object and
    the last CSV column; a table leaves it to the caller (the CLI says it on stderr).
    """
    dicts = [r.model_dump(mode="json") for r in rows]
    dated = as_at is not None and fmt in ("json", "csv")
    if dated:
        dicts = [{**d, "as_at": as_at} for d in dicts]
    if fmt == "json":
        return to_json(dicts)
    if not dicts:
        if fmt == "csv":
            fields = list(columns or [])
            if fields and dated:
                fields.append("as_at")
            return ",".join(fields) + "\n" if fields else ""
        return "(no rows)\n"
    fields = list(columns or dicts[0].keys())
    if columns and dated:
        fields.append("as_at")
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(fields)
        for d in dicts:
            writer.writerow([csv_safe(d.get(f)) for f in fields])
        return buf.getvalue()
    return render_table([[_plain(d.get(f)) for f in fields] for d in dicts], fields)


def table_width() -> int | None:
    """Columns the table may use: ``COLUMNS`` when set, else the terminal's width when standard
    output is a terminal; ``None`` (no limit: nothing is cut) when writing to a pipe or a file."""
    import os
    import shutil
    import sys

    env = os.environ.get("COLUMNS", "")
    if env.isdigit() and int(env) > 0:
        return int(env)
    try:
        if sys.stdout.isatty():
            return shutil.get_terminal_size((100, 24)).columns
    except (AttributeError, ValueError, OSError):
        pass
    return None


def _fit(widths: list[int], limit: int) -> list[int]:
    """Narrow the widest columns until the row fits ``limit`` (two spaces between columns)."""
    widths = list(widths)
    while sum(widths) + 2 * (len(widths) - 1) > limit:
        widest = max(range(len(widths)), key=lambda i: widths[i])
        if widths[widest] <= MIN_COLUMN:
            break
        widths[widest] -= 1
    return widths


def _wrap(text: str, width: int) -> list[str]:
    import textwrap

    return textwrap.wrap(text, width, break_long_words=True, break_on_hyphens=False) or [""]


def render_table(cells: Sequence[Sequence[str]], headers: Sequence[str], width: int | None = -1) -> str:
    """A plain-text table. Cells are never cut: when the table is wider than the terminal
    (``width``; by default ``table_width()``), the widest columns wrap onto more lines."""
    limit = table_width() if width == -1 else width
    grid = [[_one_line(h) for h in headers]] + [[_one_line(c) for c in row] for row in cells]
    natural = [max(len(r[i]) for r in grid) for i in range(len(headers))]
    widths = _fit(natural, limit) if limit else natural
    lines = []
    for n, row in enumerate(grid):
        wrapped = [_wrap(c, w) if len(c) > w else [c] for c, w in zip(row, widths)]
        for k in range(max(len(w) for w in wrapped)):
            lines.append("  ".join((w[k] if k < len(w) else "").ljust(width_)
                                   for w, width_ in zip(wrapped, widths)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines) + "\n"


def basis(authoritative: bool, source: str) -> str:
    """How a claim is shown: its source id, flagged when the source is not authoritative."""
    if authoritative:
        return source
    return "ILLUSTRATIVE" if source == "illustrative" else f"{source} (NOT AUTHORITATIVE)"

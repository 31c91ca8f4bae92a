"""One exception tree for the library; the CLI turns these into messages and exit codes.

Exit codes follow click: 2 for what the user must fix (bad input, names that do not resolve),
1 for what the environment did (unreachable server, busy or unwritable store).
"""

from __future__ import annotations

from dataclasses import dataclass


class PartnershipGraphError(Exception):
    """Base of every error the library raises on purpose."""

    exit_code = 1


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an input, at a place a spreadsheet user can find.

    ``row`` and ``column`` are 1-based as a spreadsheet shows them (the header is row 1);
    either may be ``None`` when the problem belongs to the whole file or row.
    """

    file: str
    row: int | None
    column: int | None
    message: str

    def __str__(self) -> str:
        place = self.file
        if self.row is not None:
            place += f":{self.row}"
            if self.column is not None:
                place += f":{self.column}"
        return f"{place}: {self.message}"


MAX_PROBLEMS_PER_FILE = 50


def capped(problems: list[Problem], most: int = MAX_PROBLEMS_PER_FILE) -> list[Problem]:
    """At most ``most`` problems per file, sorted by place, then one line per file saying how many
    more there were: a wrong separator should not print ten thousand lines."""
    per_file: dict[str, int] = {}
    kept: list[Problem] = []
    for p in problems:
        per_file[p.file] = per_file.get(p.file, 0) + 1
        if per_file[p.file] <= most:
            kept.append(p)
    kept.sort(key=lambda p: (p.file, p.row or 0, p.column or 0))
    for file, n in per_file.items():
        if n > most:
            kept.append(Problem(file, None, None, f"... and {n - most} more problems"))
    return kept


class LoadError(PartnershipGraphError):
    """Input that cannot be loaded; carries every problem found, not just the first."""

    exit_code = 2

    def __init__(self, problems: list[Problem] | Problem | str):
        if isinstance(problems, str):
            problems = [Problem("<input>", None, None, problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems = list(problems)
        super().__init__(self.render())

    def render(self) -> str:
        lines = [str(p) for p in self.problems]
        n = len(self.problems)
        lines.append(f"{n} problem{'s' if n != 1 else ''} found; nothing was loaded.")
        return "\n".join(lines)


class StoreError(PartnershipGraphError):
    """The store could not be read or written (unreachable, refused, busy, corrupt)."""

    exit_code = 1


class StoreBusy(StoreError):
    """Another process holds the store's write lock for longer than we were willing to wait."""


class QueryError(PartnershipGraphError):
    """A query argument does not resolve: unknown or ambiguous area, issue or body."""

    exit_code = 2


class ExportError(PartnershipGraphError):
    """An export could not be written."""

    exit_code = 1

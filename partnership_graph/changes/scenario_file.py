"""A user's change file (a CSV folder or a YAML file), checked like a dataset.

Tables: ``changes`` (one row per change) and, optionally, ``scenario`` (one row: ``name``,
``title``, ``description``). Every problem is reported at ``file:row:column`` with "did you
mean", up to 50 per file, and nothing is returned (so nothing is applied) if there is any.
After the cells, the changes are compiled against the graph they will apply to (a copy), so a
LAD that is not in the area it moves from, or a share larger than the LAD has there, is reported
at the row that says it. docs/scenarios.md describes the format.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import LoadError, Problem, capped
from ..graphmodel.vocab import AreaKind, BodyKind, CouncilType, Mechanism, MembershipRole, parse_area_kind
from ..resolve import AreaIndex, AreaRef, BodyIndex, IssueIndex, IssueRef, ResolveError
from ..suggest import did_you_mean
from .model import OPERATIONS, STATUSES, Change, ChangeSet, ChangeSource

if TYPE_CHECKING:
    import networkx as nx

    from ..loaders.tables import Cell, Table

TABLES = ["changes", "scenario"]
COLUMNS = ("id", "date", "status", "operation", "area", "name", "kind", "lads", "lad", "from", "to",
           "share", "body", "bodies", "covers", "council_type", "derived", "derived_reason", "members",
           "member_of", "role", "accountable_to", "mechanism", "issue", "successors", "upper_tier",
           "types", "valid_to", "notes", "confidence", "source_title", "source_url", "source_date", "excerpt")
SCENARIO_COLUMNS = ("name", "title", "description")
REQUIRED = ("id", "date", "status", "operation", "source_title")
NEEDS: dict[str, tuple[str, ...]] = {
    "create_area": ("area", "name", "kind", "lads"), "end_area": ("area",),
    "move_lad": ("lad", "from", "to"), "create_body": ("body", "name", "kind"), "end_body": ("body",),
    "replace_body": ("bodies", "to"), "move_lead": ("from", "to"), "end_relationship": ("from", "to"),
    "describe_body": ("body",), "retire_code": ("area", "successors"),
}
# which reference each column holds, per operation ("area", "lad", "body", "new-area", "new-body")
AREA_FROM_TO = {"move_lad"}
CODE = re.compile(r"^[EWSNK]\d{8}$")
ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:\-]*$")


class _Bad(ValueError):
    pass


@dataclass
class _Ctx:
    areas: AreaIndex
    area_kinds: dict[str, str]
    bodies: BodyIndex
    issues: IssueIndex


def read_scenario(path: str | Path, graph: nx.MultiDiGraph[str]) -> ChangeSet:
    """Read and check a change file against ``graph`` (``national.load_scenario`` gives the
    national skeleton's when it has no store's)."""
    from ..loaders.tables import read_dataset
    from .ops import compile_changes

    path = Path(path)
    g = graph
    raw = read_dataset(path, TABLES)
    problems = list(raw.problems)
    ctx = _context(g)
    changes: list[Change] = []
    rows: dict[str, tuple[Table, int, dict[str, Cell]]] = {}
    meta: dict[str, str] = {}
    if "scenario" in raw.tables:
        t = raw.tables["scenario"]
        _check_header(t, SCENARIO_COLUMNS, (), problems)
        for _, cells in t.rows[:1]:
            meta = {k: c.value for k, c in cells.items() if k in SCENARIO_COLUMNS}
    table = raw.tables.get("changes")
    if table is None and not problems:
        problems.append(Problem(str(path), None, None, "no 'changes' table: a scenario lists its changes "
                                                       "in a table named 'changes'"))
    if table is not None:
        _check_header(table, COLUMNS, REQUIRED, problems)
        for row, cells in table.rows:
            if row in table.bad_rows:
                continue
            change = _row(table, row, cells, ctx, rows, problems)
            if change is not None:
                changes.append(change)
                rows[change.id] = (table, row, cells)
    if not problems:
        compiled = compile_changes(g.copy(), changes)
        for cid, param, message in compiled.problems:
            t, row, cells = rows[cid]
            cell = cells.get(param or "") if param else None
            problems.append(Problem(t.file, row, cell.column if cell else None, message))
    if problems:
        raise LoadError(capped(problems))
    name = meta.get("name") or path.stem
    return ChangeSet(name, meta.get("title") or name, tuple(changes), meta.get("description", ""),
                     origin=str(path))


def _context(g: nx.MultiDiGraph[str]) -> _Ctx:
    areas = [(a["code"], a["name"], a["kind"]) for _, a in g.nodes(data=True) if a.get("label") == "Area"]
    return _Ctx(AreaIndex(AreaRef(*a) for a in areas), {a[0]: a[2] for a in areas},
                BodyIndex((a["id"], a["name"]) for _, a in g.nodes(data=True) if a.get("label") == "Body"),
                IssueIndex(IssueRef(a["id"], a["name"], tuple(a.get("synonyms") or ()))
                           for _, a in g.nodes(data=True) if a.get("label") == "Issue"))


def _check_header(table: Table, known: tuple[str, ...], required: tuple[str, ...],
                  problems: list[Problem]) -> None:
    for column, col in table.columns.items():
        if column not in known:
            problems.append(Problem(table.file, table.header_row, col,
                                    f"unknown column {column!r}{did_you_mean(column, known)}"))
    if not table.per_row_columns:
        width = max(table.columns.values(), default=0)
        missing = [c for c in required if c not in table.columns]
        for offset, name in enumerate(missing, start=1):
            problems.append(Problem(table.file, table.header_row, width + offset,
                                    f"missing required column {name!r} in table 'changes'"))


def _row(table: Table, row: int, cells: dict[str, Cell], ctx: _Ctx,
         seen: dict[str, Any], problems: list[Problem]) -> Change | None:
    before = len(problems)

    def bad(column: str | None, message: str) -> None:
        cell = cells.get(column) if column else None
        col = cell.column if cell else (None if table.per_row_columns or column is None
                                        else table.columns.get(column))
        problems.append(Problem(table.file, cell.row if cell else row, col, message))

    def get(column: str, convert: Callable[[str], Any] | None = None) -> Any:
        cell = cells.get(column)
        if cell is None:
            return None
        try:
            return convert(cell.value) if convert else cell.value
        except (_Bad, ResolveError, ValueError, KeyError) as e:
            bad(column, str(e) if not isinstance(e, KeyError) else f"unknown value {cell.value!r}")
            return None

    for column in REQUIRED:
        if column not in cells and (table.per_row_columns or column in table.columns):
            bad(column, f"missing value for required column {column!r}")
    cid = get("id", lambda v: _match(ID, v, "an id (letters, digits, - _ . :)"))
    if cid and cid in seen:
        bad("id", f"duplicate id {cid!r} (first at row {seen[cid][1]})")
    day = get("date", _date)
    status = get("status", lambda v: _word(v, STATUSES, "status"))
    op = get("operation", lambda v: _word(v, OPERATIONS, "operation"))
    params: dict[str, Any] = {}
    if op:
        for column in NEEDS[op]:
            if column not in cells:
                bad(column if column in table.columns else "operation",
                    f"{op} needs a value in column {column!r}")

        def area(v: str) -> str:
            return ctx.areas.resolve(v).code

        def lad(v: str) -> str:
            ref = ctx.areas.resolve(v)
            if ref.kind != AreaKind.LAD.value:
                raise _Bad(f"{v!r} is a {ref.kind}, not a LAD (local authority district)")
            return ref.code

        def body(v: str) -> str:
            return ctx.bodies.resolve(v)

        def new_code(v: str) -> str:
            code = _match(CODE, v.strip().upper(), "a GSS-shaped code such as E06999001")
            if code in ctx.area_kinds:
                raise _Bad(f"area {code} already exists; a new area needs a new code")
            return code

        def new_body(v: str) -> str:
            ident = _match(ID, v, "a body id (letters, digits, - _ . :)")
            try:
                ctx.bodies.resolve_id(ident)
            except ResolveError:
                return ident
            raise _Bad(f"body {ident!r} already exists; a new body needs a new id")

        def shares(resolve: Callable[[str], str]) -> Callable[[str], list[tuple[str, float | None]]]:
            def convert(v: str) -> list[tuple[str, float | None]]:
                out = []
                for part in [p.strip() for p in v.split(";") if p.strip()]:
                    ref, _, share = part.partition("=")
                    out.append((resolve(ref), _share(share) if share.strip() else None))
                return out
            return convert

        def many(resolve: Callable[[str], str]) -> Callable[[str], list[str]]:
            return lambda v: [resolve(p.strip()) for p in v.split(";") if p.strip()]

        if op == "create_area":
            params["area"] = get("area", new_code)
            params["kind"] = get("kind", lambda v: parse_area_kind(v).value)
            params["lads"] = get("lads", shares(lad))
            params["upper_tier"] = get("upper_tier", _bool)
        elif op in ("end_area", "retire_code"):
            params["area"] = get("area", area)
            params["successors"] = get("successors", lambda v: [p.strip().upper() for p in v.split(";") if p.strip()])
        elif op == "move_lad":
            params["lad"] = get("lad", lad)
            params["from"] = get("from", area)
            params["to"] = get("to", area)
            params["share"] = get("share", _share)
        elif op == "create_body":
            params["body"] = get("body", new_body)
            params["kind"] = get("kind", lambda v: _word(v, BodyKind.values(), "body kind"))
            params["council_type"] = get("council_type", lambda v: _word(v, CouncilType.values(), "council type"))
            params["covers"] = get("covers", shares(area)) or []
            params["members"] = get("members", many(body)) or []
            params["member_of"] = get("member_of", many(body)) or []
            params["accountable_to"] = get("accountable_to", many(body)) or []
            params["role"] = get("role", lambda v: _word(v, MembershipRole.values(), "role"))
            params["mechanism"] = get("mechanism", lambda v: _word(v, Mechanism.values(), "mechanism"))
            params["derived"] = get("derived", _bool)
            params["derived_reason"] = get("derived_reason")
            params["valid_to"] = get("valid_to", _date)
        elif op in ("end_body", "describe_body"):
            params["body"] = get("body", body)
        elif op == "replace_body":
            params["bodies"] = get("bodies", many(body))
            params["to"] = get("to", lambda v: [p.strip() for p in v.split(";") if p.strip()])
            params["kind"] = get("kind", lambda v: _word(v, BodyKind.values(), "body kind"))
            params["derived"] = get("derived", _bool)
            params["derived_reason"] = get("derived_reason")
        elif op in ("move_lead", "end_relationship"):
            params["from"] = get("from", body)
            params["to"] = get("to", body)
            params["issue"] = get("issue", lambda v: ctx.issues.resolve(v).id)
            params["types"] = get("types", lambda v: [p.strip().upper() for p in v.split(";") if p.strip()])
        if op in ("create_area", "create_body", "describe_body", "replace_body"):
            params["name"] = get("name")
        params["notes"] = get("notes") if op in ("create_area", "create_body", "describe_body") else None
    if len(problems) > before or not (cid and day and status and op):
        return None
    src = ChangeSource(id=f"{table.file}:{row}", title=cells["source_title"].value,
                       url=get("source_url"), excerpt=get("excerpt"), date=get("source_date"))
    change = Change(cid, day, status, op, {k: v for k, v in params.items() if v is not None}, src,
                    get("confidence"), get("notes") if op not in ("create_area", "create_body") else None,
                    # a user's "decided" change is marked too: nothing says an order is made
                    "decided" if status == "decided" else None)
    _declare(change, ctx)
    return change


def _declare(change: Change, ctx: _Ctx) -> None:
    """What a change creates can be referred to by later rows."""
    p = change.params
    if change.op == "create_area":
        ref = AreaRef(p["area"], p["name"], p["kind"])
        ctx.areas.by_code[ref.code] = ref
        ctx.areas.by_name.setdefault(ref.name.lower(), []).append(ref)
        ctx.area_kinds[ref.code] = ref.kind
    elif change.op in ("create_body", "replace_body"):
        for ident in ([p["body"]] if change.op == "create_body" else p.get("to", [])):
            if ident not in ctx.bodies.ids:
                ctx.bodies.ids[ident] = p.get("name") or ident
                ctx.bodies.names.setdefault((p.get("name") or ident).lower(), []).append(ident)


def _match(pattern: re.Pattern[str], v: str, what: str) -> str:
    if not pattern.match(v.strip()):
        raise _Bad(f"{v!r} is not {what}")
    return v.strip()


def _word(v: str, allowed: Any, what: str) -> str:
    key = v.strip().lower().replace(" ", "_").replace("-", "_")
    words = list(allowed)
    if key in words:
        return key
    raise _Bad(f"unknown {what} {v!r}{did_you_mean(v, words)}; one of: {', '.join(words)}")


def _date(v: str) -> date:
    try:
        return date.fromisoformat(v.strip())
    except ValueError:
        raise _Bad(f"{v!r} is not a date; write it as YYYY-MM-DD") from None


def _share(v: str) -> float:
    try:
        x = float(v.strip().rstrip("%")) / (100 if v.strip().endswith("%") else 1)
    except ValueError:
        raise _Bad(f"{v!r} is not a share (a number above 0 and at most 1)") from None
    if not 0 < x <= 1:
        raise _Bad(f"share {v!r} must be above 0 and at most 1")
    return x


def _bool(v: str) -> bool:
    from ..graphmodel.vocab import truth

    value = truth(v)
    if value is None:
        raise _Bad(f"{v!r} is not true or false")
    return value

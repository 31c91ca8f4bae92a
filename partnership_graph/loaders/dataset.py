"""A user dataset (CSV folder, YAML or XLSX) -> a GraphDocument laid over the national skeleton.

Checks run in one pass that collects every problem with its ``file:row:column`` before anything
is loaded: unknown tables and columns, missing required columns and values, bad kinds and
dates, duplicate ids, references that do not resolve (with "did you mean"), self-references and
membership cycles. If any problem is found, ``LoadError`` carries them all and nothing is built.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

from ..errors import LoadError, Problem, capped
from ..graphmodel import (
    AccountableTo, Area, AreaPartOf, Body, BodyKind, Claim, ClaimType, CouncilType, Covers, GraphDocument, Issue,
    IssuePartOf, Link, LinkType, Mechanism, MemberOf, MembershipRole, ShareBasis, Source,
)
from ..graphmodel.document import _find_cycle, identity
from ..graphmodel.vocab import AREA_KIND_ALIASES
from ..graphmodel.relationships import Relationship
from ..render import FORMULA_STARTS
from ..resolve import AreaIndex, AreaRef, BodyIndex, IssueIndex, IssueRef, ResolveError
from ..suggest import did_you_mean
from .tables import Cell, RawDataset, Table, read_dataset

if TYPE_CHECKING:
    import networkx as nx


class _Ctx:
    """What references resolve against: the base document plus the dataset's own definitions."""

    def __init__(self, base: GraphDocument):
        self.base = base
        self.areas = AreaIndex(AreaRef(a.code, a.name, str(a.kind)) for a in base.areas)
        self.issue_refs = [IssueRef(i.id, i.name, i.synonyms) for i in base.issues]
        self.body_ids = {b.id: b.name for b in base.bodies}
        self.source_ids = {s.id for s in base.sources}
        self.issues = IssueIndex(self.issue_refs)
        self.bodies = BodyIndex(self.body_ids.items())
        self.base_area_codes = {a.code for a in base.areas}
        self.population = {a.code: a.population for a in base.areas}
        # derived bodies that another dataset's joint arrangement replaced (``skeleton_for``) ->
        # the joint body; a row that refers to one refers to the joint body instead
        self.replaced = {old: b.id for b in base.bodies for old in b.replaces}
        self.redirected: dict[str, str] = {}


Converter = Callable[[str, _Ctx], Any]


def _text(v: str, ctx: _Ctx) -> str:
    return v


def _enum(enum: type[Enum], words: dict[str, Any] | None = None) -> Converter:
    allowed = words or {str(m.value): m for m in enum}

    def convert(v: str, ctx: _Ctx) -> Any:
        key = v.strip().lower().replace(" ", "_").replace("-", "_")
        for word, member in allowed.items():
            if key == word.lower():
                return member
        raise ValueError(f"unknown {_enum_label(enum)} {v!r}{did_you_mean(v, allowed)}; "
                         f"one of: {', '.join(allowed)}")
    return convert


def _enum_label(enum: type[Enum]) -> str:
    return {BodyKind: "body kind", CouncilType: "council type", MembershipRole: "role",
            Mechanism: "mechanism", ClaimType: "claim", LinkType: "link type"}.get(enum, "value")


def _date(v: str, ctx: _Ctx) -> date:
    try:
        return date.fromisoformat(v.strip())
    except ValueError:
        raise ValueError(f"{v!r} is not a date; write it as YYYY-MM-DD") from None


def _bool(v: str, ctx: _Ctx) -> bool:
    from ..graphmodel.vocab import truth

    value = truth(v)
    if value is None:
        raise ValueError(f"{v!r} is not true or false")
    return value


def _number(v: str, ctx: _Ctx) -> float:
    try:
        n = float(v.replace(",", "").replace("£", "").strip())
    except ValueError:
        raise ValueError(f"{v!r} is not a number") from None
    if n != n or n in (float("inf"), float("-inf")):
        raise ValueError(f"{v!r} is not a finite number")
    return n


def _list(v: str, ctx: _Ctx) -> list[str]:
    return [p.strip() for p in v.split(";") if p.strip()]


def _area(v: str, ctx: _Ctx) -> str:
    return ctx.areas.resolve(v).code


def _areas(v: str, ctx: _Ctx) -> list[str]:
    return [_area(p, ctx) for p in _list(v, ctx)]


def _new_area_code(v: str, ctx: _Ctx) -> str:
    code = v.strip().upper()
    import re

    if not re.fullmatch(r"[EWSNK]\d{8}", code):
        raise ValueError(f"{v!r} is not a GSS-shaped code; use a code of your own such as E06999101 "
                         "(the entity's prefix, then 999)")
    if code in ctx.base_area_codes:
        raise ValueError(f"area {code} is already in the national skeleton; a new area needs a new code")
    return code


def _area_kind(v: str, ctx: _Ctx) -> str:
    from ..graphmodel.vocab import parse_area_kind

    try:
        return parse_area_kind(v).value
    except KeyError:
        raise ValueError(f"unknown area kind {v!r}{did_you_mean(v, AREA_KIND_ALIASES)}; "
                         f"one of: {', '.join(AREA_KIND_ALIASES)}") from None


def _lad_shares(v: str, ctx: _Ctx) -> list[tuple[str, float | None]]:
    out: list[tuple[str, float | None]] = []
    for part in _list(v, ctx):
        ref, _, share = part.partition("=")
        found = ctx.areas.resolve(ref)
        if found.kind != "LAD":
            raise ValueError(f"{ref.strip()!r} is a {found.kind}, not a LAD (local authority district)")
        x = _number(share, ctx) if share.strip() else None
        if x is not None and not 0 < x <= 1:
            raise ValueError(f"share {share.strip()!r} of {ref.strip()!r} must be above 0 and at most 1")
        out.append((found.code, x))
    return out


def _body(v: str, ctx: _Ctx) -> str:
    query = v.strip()
    joint = ctx.replaced.get(query)
    if joint is not None and query not in ctx.body_ids:
        ctx.redirected[query] = joint
        return joint
    return ctx.bodies.resolve_id(v)


def _issue(v: str, ctx: _Ctx) -> str:
    return ctx.issues.resolve(v).id


def _issues(v: str, ctx: _Ctx) -> list[str]:
    return [_issue(p, ctx) for p in _list(v, ctx)]


def _source(v: str, ctx: _Ctx) -> str:
    if v in ctx.source_ids:
        return v
    raise ValueError(f"unknown source {v!r}{did_you_mean(v, ctx.source_ids)}; "
                     "define it in the sources table")


@dataclass(frozen=True)
class Column:
    name: str
    convert: Converter = _text
    required: bool = False
    field: str | None = None  # the model field it fills, when named differently

    @property
    def target(self) -> str:
        return self.field or self.name


VALIDITY = (Column("valid_from", _date), Column("valid_to", _date))
PROVENANCE = (*VALIDITY, Column("source", _source), Column("evidence"))

TABLES: dict[str, tuple[Column, ...]] = {
    "sources": (Column("id", required=True), Column("title", required=True), Column("date"),
                Column("url"), Column("publisher"), Column("authoritative", _bool)),
    "issues": (Column("id", required=True), Column("name", required=True), Column("synonyms", _list),
               Column("part_of", _issues), Column("description")),
    "bodies": (Column("id", required=True), Column("name", required=True),
               Column("kind", _enum(BodyKind), required=True), Column("council_type", _enum(CouncilType)),
               Column("covers", _areas), *VALIDITY, Column("source", _source), Column("notes"),
               Column("replaces_derived", _bool)),
    "footprints": (Column("body", _body, True, "start"), Column("area", _area, True, "end"),
                   Column("share", _number, True), *VALIDITY, Column("source", _source)),
    "memberships": (Column("member", _body, True, "start"), Column("body", _body, True, "end"),
                    Column("role", _enum(MembershipRole), True), Column("statutory", _bool), *PROVENANCE),
    "ownership": (Column("body", _body, True, "start"), Column("issue", _issue, True, "end"),
                  Column("claim", _enum(ClaimType, {"leads": ClaimType.LEADS, "supports": ClaimType.SUPPORTS,
                                                   "prioritises": ClaimType.PRIORITISES}), True),
                  Column("scope", _area), *PROVENANCE),
    "accountability": (Column("body", _body, True, "start"), Column("accountable_to", _body, True, "end"),
                       Column("mechanism", _enum(Mechanism), True), *PROVENANCE),
    "links": (Column("from", _body, True, "start"), Column("to", _body, True, "end"),
              Column("type", _enum(LinkType, {"funds": LinkType.FUNDS, "commissions": LinkType.COMMISSIONS,
                                              "shares_information_with": LinkType.SHARES_INFORMATION_WITH}),
                     True, "link"),
              Column("amount", _number), Column("period"), *PROVENANCE),
    "areas": (Column("code", _new_area_code, True), Column("name", required=True),
              Column("kind", _area_kind, True), Column("lads", _lad_shares, True),
              Column("upper_tier", _bool), *VALIDITY, Column("source", _source), Column("notes")),
}
ID_TABLES = {"areas": "code", "sources": "id", "issues": "id", "bodies": "id"}


SKELETON_DATASET = "national-skeleton"


def dataset_name(path: str | Path) -> str:
    """The default name of the dataset at ``path``: its folder name, or its file name without the
    extension (so ``oldham.xlsx`` exported from ``oldham/`` and loaded back is the same dataset)."""
    p = Path(path)
    name = p.name if p.is_dir() or not p.suffix else p.stem
    return name or Path(path).resolve().name or "dataset"


def read_tables(path: str | Path) -> RawDataset:
    """A dataset's cells, read but not yet checked against the graph (``loaders.tables``).

    ``load`` reads them before it reads the store or builds the skeleton, so a file that cannot be
    read at all (a wrong file type, YAML nested too deep, a workbook past its budgets) is refused
    at once: raises ``LoadError`` when nothing in it could be read. Pass the result on to
    ``load_dataset(raw=...)``.
    """
    raw = read_dataset(Path(path), list(TABLES))
    if raw.problems and not raw.tables:
        raise LoadError(capped(raw.problems))
    return raw


def load_dataset(path: str | Path, base: GraphDocument, name: str | None = None,
                 notes: list[str] | None = None, raw: RawDataset | None = None) -> GraphDocument:
    """Read and check a dataset; return ``base`` (usually the national skeleton:
    ``national.load_dataset`` gives it) with it laid over.

    The result is the named dataset ``name`` (default: ``dataset_name(path)``): a store that loads
    it replaces what that dataset said before. Raises ``LoadError`` with every problem found;
    nothing is returned half-checked. ``notes``, when given, receives what was skipped on purpose
    (an untouched empty ``Sheet1``). ``raw``: the cells ``read_tables(path)`` already read.
    """
    name = dataset_name(path) if name is None else name
    reserved = {d.name for d in (base.dataset, base.base_dataset) if d is not None} | {SKELETON_DATASET}
    if name in reserved or not name.strip() or any(ord(c) < 32 or ord(c) == 127 for c in name) or len(name) > 200:
        why = "is the national skeleton's" if name in reserved else "is not a usable name"
        raise LoadError(Problem(str(path), None, None, f"dataset name {name!r} {why}; choose another with --name"))
    loader = _DatasetLoader(Path(path), base, raw)
    doc = loader.run().named(name.strip(), str(Path(path).resolve()))
    if notes is not None:
        notes.extend(loader.notes)
    return doc


class _DatasetLoader:
    def __init__(self, path: Path, base: GraphDocument, raw: RawDataset | None = None):
        self.path = path
        self.base = base
        self.raw = raw
        self.ctx = _Ctx(base)
        self.problems: list[Problem] = []
        # joint arrangements: body id -> (table, row, column, areas it covers)
        self.joint: dict[str, tuple[Table, int, int | None, list[str]]] = {}
        self.notes: list[str] = []

    def problem(self, table: Table, row: int | None, col: int | None, message: str) -> None:
        self.problems.append(Problem(table.file, row, col, message))

    def run(self) -> GraphDocument:
        raw = self.raw if self.raw is not None else read_dataset(self.path, list(TABLES))
        self.problems.extend(raw.problems)
        self.notes.extend(raw.notes)
        tables = raw.tables
        for table in tables.values():
            self._check_header(table)
        self._declare_ids(tables)
        built: dict[str, list[BaseModel]] = {name: [] for name in TABLES}
        # rows where each relationship came from, to point at the row that closes a cycle
        # and the cell (its column) that closes it: integrity errors found late keep their place
        membership_rows: dict[tuple[str, str], tuple[Table, int, int | None]] = {}
        part_of_rows: dict[tuple[str, str], tuple[Table, int, int | None]] = {}
        scope_cells: list[tuple[Claim, Table, int, int | None]] = []  # claims with a scope, and where
        first_row: dict[str, tuple[str, int]] = {}
        for name in TABLES:
            if name in tables:
                table = tables[name]
                for row, model in self._rows(table):
                    if isinstance(model, Relationship):
                        ident = identity(model)
                        if ident in first_row and first_row[ident][0] == table.file:
                            if {model.start, model.end} & set(self.ctx.redirected.values()):
                                continue  # two replaced bodies' rows that became one joint body's
                            self.problem(table, row, self._column(table, row, TABLES[name][0].name),
                                         f"repeats row {first_row[ident][1]} (same {model.rel_type} "
                                         f"{model.start!r} -> {model.end!r})")
                            continue
                        first_row.setdefault(ident, (table.file, row))
                    built[name].append(model)
                    if isinstance(model, Claim) and model.scope:
                        scope_cells.append((model, tables[name], row, self._column(tables[name], row, "scope")))
                    if isinstance(model, MemberOf):
                        membership_rows[(model.start, model.end)] = (table, row, self._column(table, row, "body"))
                    elif isinstance(model, IssuePartOf):
                        part_of_rows[(model.start, model.end)] = (table, row, self._column(table, row, "part_of"))
        self.notes.extend(f"rows that refer to {old!r} refer to {new!r} instead: the joint arrangement of "
                          "another dataset replaced it" for old, new in sorted(self.ctx.redirected.items()))
        self._check_cycles(built, membership_rows, part_of_rows)
        if self.problems:
            raise LoadError(capped(self.problems))
        doc = self._document(built)
        self._check_scopes(doc, scope_cells)
        if self.problems:
            raise LoadError(capped(self.problems))
        return doc

    def _check_scopes(self, doc: GraphDocument, claims: list[tuple[Claim, Table, int, int | None]]) -> None:
        """A claim's ``scope`` must share a district with the body's footprint, or the claim would
        load and then count nowhere (``who-leads`` narrows the footprint to the scope)."""
        if not claims:
            return
        lads_of: dict[str, set[str]] = {}
        kinds = {a.code: str(a.kind) for a in doc.areas}
        names = {a.code: a.name for a in doc.areas}
        for e in doc.area_part_of:
            if kinds.get(e.start) == "LAD":
                lads_of.setdefault(e.end, set()).add(e.start)

        def lads(code: str) -> set[str]:
            return {code} if kinds.get(code) == "LAD" else lads_of.get(code, set())

        footprint: dict[str, set[str]] = {}
        for c in doc.covers:
            footprint.setdefault(c.start, set()).update(lads(c.end))
        for claim, table, row, col in claims:
            scope = str(claim.scope)
            body_lads = footprint.get(claim.start, set())
            if not body_lads or body_lads & lads(scope):
                continue
            covered = sorted(names.get(lad, lad) for lad in body_lads)
            shown = ", ".join(covered[:4]) + (f" and {len(covered) - 4} more" if len(covered) > 4 else "")
            self.problem(table, row, col,
                         f"scope {names.get(scope, scope)} ({kinds.get(scope, 'area')} {scope}) lies outside the "
                         f"footprint of {claim.start!r}, which covers {shown}: the claim would count nowhere")

    def _check_header(self, table: Table) -> None:
        spec = {c.name: c for c in TABLES[table.name]}
        for column, col in table.columns.items():
            if column not in spec:
                self.problem(table, table.header_row, col,
                             f"unknown column {column!r}{did_you_mean(column, spec)}")
        if table.per_row_columns:
            return
        width = max(table.columns.values(), default=0)
        missing = [c.name for c in TABLES[table.name] if c.required and c.name not in table.columns]
        for offset, name in enumerate(missing, start=1):
            self.problem(table, table.header_row, width + offset,
                         f"missing required column {name!r} in table {table.name!r}")

    def _declare_ids(self, tables: dict[str, Table]) -> None:
        """First pass: every id the dataset defines, so later rows may refer to earlier or later ones."""
        for name, id_col in ID_TABLES.items():
            table = tables.get(name)
            if table is None:
                continue
            first: dict[str, int] = {}
            for row, cells in table.rows:
                cell = cells.get(id_col)
                if cell is None:
                    continue
                if cell.value in first:
                    self.problem(table, row, cell.column,
                                 f"duplicate id {cell.value!r} (first defined at row {first[cell.value]})")
                    continue
                first[cell.value] = row
                if name == "areas":  # a user's own area: later rows may refer to it by code or name
                    code = cell.value.strip().upper()
                    ref = AreaRef(code, cells["name"].value if "name" in cells else code,
                                  _area_kind(cells["kind"].value, self.ctx) if "kind" in cells
                                  and cells["kind"].value.strip().lower() in AREA_KIND_ALIASES else "")
                    self.ctx.areas.by_code.setdefault(code, ref)
                    self.ctx.areas.by_name.setdefault(ref.name.lower(), []).append(ref)
                elif name == "sources":
                    self.ctx.source_ids.add(cell.value)
                elif name == "bodies":
                    self.ctx.body_ids[cell.value] = cells["name"].value if "name" in cells else cell.value
                elif name == "issues":
                    synonyms = tuple(_list(cells["synonyms"].value, self.ctx)) if "synonyms" in cells else ()
                    name_cell = cells.get("name")
                    self.ctx.issue_refs.append(IssueRef(cell.value, name_cell.value if name_cell else cell.value,
                                                        synonyms))
        self.ctx.issues = IssueIndex(self.ctx.issue_refs)
        self.ctx.bodies = BodyIndex(self.ctx.body_ids.items())
        self.duplicate_rows = {(p.file, p.row) for p in self.problems if "duplicate id" in p.message}

    def _rows(self, table: Table) -> list[tuple[int, BaseModel]]:
        spec = TABLES[table.name]
        out: list[tuple[int, BaseModel]] = []
        for row, cells in table.rows:
            if (table.file, row) in self.duplicate_rows or row in table.bad_rows:
                continue
            if table.name == "ownership" and set(cells) == {"body"}:
                continue  # a starter workbook's row still to fill in (exporters.dataset_export)
            values: dict[str, Any] = {}
            ok = True
            for column in spec:
                cell = cells.get(column.name)
                if cell is None:
                    if column.required and table.per_row_columns:
                        self.problem(table, row, table.row_columns.get(row),
                                     f"missing required column {column.name!r}")
                        ok = False
                    elif column.required and column.name in table.columns:
                        self.problem(table, row, table.columns[column.name],
                                     f"missing value for required column {column.name!r}")
                        ok = False
                    elif column.required:
                        ok = False  # already reported once for the whole table
                    continue
                try:
                    values[column.target] = column.convert(_unquoted(cell.value), self.ctx)
                except (ValueError, ResolveError) as e:
                    self.problem(table, cell.row, cell.column, str(e))
                    ok = False
            if not ok:
                continue
            models = self._models(table, row, cells, values)
            out.extend((row, m) for m in models)
        return out

    def _models(self, table: Table, row: int, cells: dict[str, Cell], values: dict[str, Any]) -> list[BaseModel]:
        name = table.name
        start, end = values.get("start"), values.get("end")
        if name in ("memberships", "accountability", "links") and start == end:
            cell = cells[TABLES[name][1].name]
            self.problem(table, cell.row, cell.column, f"{start!r} refers to itself")
            return []
        try:
            if name == "areas":
                lads = values.pop("lads")
                known = all(self.ctx.population.get(lad) is not None for lad, _ in lads)
                population = round(sum((self.ctx.population.get(lad) or 0) * (x if x is not None else 1.0)
                                       for lad, x in lads)) if known else None
                area = Area(**values, population=population, vintage="dataset")
                return [area, *(AreaPartOf(start=lad, end=area.code, share=x if x is not None else 1.0,
                                           share_basis=ShareBasis.STATED if x not in (None, 1.0) else ShareBasis.WHOLE,
                                           source=area.source, valid_from=area.valid_from,
                                           valid_to=area.valid_to) for lad, x in lads)]
            if name == "sources":
                return [Source(**values)]
            if name == "issues":
                parents = values.pop("part_of", None) or []
                values["synonyms"] = tuple(values.get("synonyms", ()))
                issue = Issue(**values)
                return [issue, *(IssuePartOf(start=issue.id, end=p) for p in dict.fromkeys(parents))]
            if name == "bodies":
                covers = values.pop("covers", [])
                joint = values.pop("replaces_derived", False)
                body = Body(**values)
                if joint:
                    flag = cells.get("replaces_derived")
                    self.joint[body.id] = (table, row, flag.column if flag else None, list(covers))
                return [body, *(Covers(start=body.id, end=a, source=body.source, valid_from=body.valid_from,
                                       valid_to=body.valid_to) for a in covers)]
            if name == "footprints":
                return [Covers(share_basis=ShareBasis.STATED, **values)]
            model = {"memberships": MemberOf, "ownership": Claim, "accountability": AccountableTo,
                     "links": Link}[name]
            return [model(**values)]
        except ValidationError as e:
            fields = {c.target: c.name for c in TABLES[name]}
            for err in e.errors():
                field = str(err["loc"][0]) if err["loc"] else ("valid_to" if "valid_to" in str(err["msg"]) else "")
                column = fields.get(field, field)
                found = cells.get(column)
                col = found.column if found else (None if table.per_row_columns else table.columns.get(column))
                msg = str(err["msg"]).removeprefix("Value error, ")
                self.problem(table, found.row if found else row, col, f"{column}: {msg}" if column else msg)
            return []

    @staticmethod
    def _column(table: Table, row: int, column: str) -> int | None:
        """Where the cell ``column`` of ``row`` is (YAML rows place each cell themselves)."""
        for r, cells in table.rows:
            if r == row and column in cells:
                return cells[column].column
        return None if table.per_row_columns else table.columns.get(column)

    def _check_cycles(self, built: dict[str, list[BaseModel]],
                      membership_rows: dict[tuple[str, str], tuple[Table, int, int | None]],
                      part_of_rows: dict[tuple[str, str], tuple[Table, int, int | None]]) -> None:
        """Membership and issue PART_OF cycles, placed at the dataset cell that closes them."""
        memberships = [(m.start, m.end) for m in self.base.memberships]
        memberships += [(m.start, m.end) for m in built["memberships"] if isinstance(m, MemberOf)]
        part_of = [(p.start, p.end) for p in self.base.issue_part_of]
        part_of += [(m.start, m.end) for m in built["issues"] if isinstance(m, IssuePartOf)]
        for edges, rows, what in ((memberships, membership_rows, "membership cycle"),
                                  (part_of, part_of_rows, "issue PART_OF cycle")):
            cycle = _find_cycle(edges)
            if cycle:
                pairs = list(zip(cycle, cycle[1:]))
                table, row, col = next((rows[p] for p in reversed(pairs) if p in rows), (None, None, None))
                where = table.file if table else str(self.path)
                self.problems.append(Problem(where, row, col, f"{what}: " + " -> ".join(cycle)))

    def _document(self, built: dict[str, list[BaseModel]]) -> GraphDocument:
        parts: dict[str, list[BaseModel]] = {k: [] for k in (
            "areas", "area_part_of", "sources", "issues", "bodies", "issue_part_of", "covers", "memberships", "claims",
            "accountability", "links")}
        kinds = {Area: "areas", AreaPartOf: "area_part_of", Source: "sources", Issue: "issues", Body: "bodies", IssuePartOf: "issue_part_of",
                 Covers: "covers", MemberOf: "memberships", Claim: "claims",
                 AccountableTo: "accountability", Link: "links"}
        for models in built.values():
            for m in models:
                parts[kinds[type(m)]].append(m)
        base = self._replace_derived(parts)
        if self.problems:
            raise LoadError(capped(self.problems))
        try:
            return base.as_defaults().overlay(**parts)
        except ValidationError as e:
            # References were checked row by row; what is left is structural (an issue cycle).
            message = str(e.errors()[0]["msg"]).removeprefix("Value error, ")
            raise LoadError(Problem(str(self.path), None, None, message)) from None


    def _replace_derived(self, parts: dict[str, list[BaseModel]]) -> GraphDocument:
        """Joint arrangements: a body with ``replaces_derived`` replaces, for every area it covers,
        the derived body of its kind there (one safeguarding board per council...), all or nothing.

        Checks each arrangement against the base, records the derived bodies it replaces on the
        body (``Body.replaces``, in ``parts`` too, so the store keeps it) and lays them over the
        base with ``lay_joint_arrangements``.
        """
        if not self.joint:
            return self.base
        derived: dict[tuple[str, str], str] = {}  # (kind, area) -> derived body id
        kinds = {b.id: str(b.kind) for b in self.base.bodies}
        flags = {b.id for b in self.base.bodies if b.derived}
        for c in self.base.covers:
            # today's derived body of an area: an earlier one (before a published arrangement
            # began) has ended and is not what a joint arrangement replaces
            if c.start in flags and c.valid_to is None:
                derived[(kinds[c.start], c.end)] = c.start
        bodies = {b.id: b for m in parts["bodies"] if isinstance(m, Body) for b in (m,)}
        replaced: dict[str, str] = {}  # derived body -> joint body
        for joint_id, (table, row, col, areas) in self.joint.items():
            kind = str(bodies[joint_id].kind)
            if not areas:
                self.problem(table, row, col, f"replaces_derived: {joint_id!r} covers no area, so it "
                             "replaces nothing; list the councils' areas in 'covers'")
                continue
            for area in areas:
                old = derived.get((kind, area))
                if old is None:
                    self.problem(table, row, col, f"replaces_derived: no derived {kind} body covers {area}; "
                                 "a joint arrangement replaces derived bodies only (nothing was replaced)"
                                 + self._replaced_by_another(kind, area))
                elif old in replaced and replaced[old] != joint_id:
                    self.problem(table, row, col, f"replaces_derived: {old!r} is already replaced by "
                                 f"{replaced[old]!r}")
                else:
                    replaced[old] = joint_id
        if self.problems:
            return self.base
        joint = {j: bodies[j].model_copy(update={"replaces": tuple(sorted(o for o, n in replaced.items() if n == j))})
                 for j in self.joint}
        parts["bodies"] = [joint.get(m.id, m) if isinstance(m, Body) else m for m in parts["bodies"]]
        sources = [m for m in parts["sources"] if isinstance(m, Source)]
        return lay_joint_arrangements(self.base, joint.values(), sources)

    def _replaced_by_another(self, kind: str, area: str) -> str:
        """A hint when the base (``skeleton_for``) already holds other datasets' joint bodies of
        ``kind``: one of them may have replaced the derived body of ``area``."""
        joint = sorted(b.id for b in self.base.bodies if b.replaces and str(b.kind) == kind and b.id not in self.joint)
        if not joint:
            return ""
        shown = ", ".join(repr(j) for j in joint[:3]) + (f" and {len(joint) - 3} more" if len(joint) > 3 else "")
        return f"; a joint arrangement another dataset declares ({shown}) may already replace it"


def lay_joint_arrangements(base: GraphDocument, joint: Iterable[Body],
                           sources: Iterable[Source] = ()) -> GraphDocument:
    """``base`` with the joint bodies laid over it: each replaces the bodies its ``replaces`` names.

    The replaced (derived) bodies leave the document with every relationship they had; their
    statutory claims, statutory memberships and reporting lines pass to the joint body, so no
    statutory lead is lost. The joint bodies join the document, with the ``sources`` they cite
    that ``base`` lacks. The one rule for a dataset being loaded (``_DatasetLoader``) and for the
    arrangements a store already holds (``skeleton_for``). A replaced id missing from ``base``
    (a skeleton that no longer derives it) is passed over, and one already taken by an earlier
    joint body stays with that body.
    """
    present = {b.id for b in base.bodies}
    replaced: dict[str, str] = {}  # derived body -> joint body
    bodies = list(joint)
    for body in bodies:
        for old in body.replaces:
            if old in present and old not in replaced:
                replaced[old] = body.id
    if not bodies:
        return base
    keep = [b for b in base.bodies if b.id not in replaced and b.id not in {j.id for j in bodies}]

    def moved(rel: Any) -> Any:
        return rel.model_copy(update={k: replaced.get(getattr(rel, k), getattr(rel, k)) for k in ("start", "end")})

    rels: dict[str, list[Any]] = {}
    for field in ("covers", "memberships", "accountability", "links", "claims"):
        out: dict[str, Any] = {}
        for rel in getattr(base, field):
            if rel.start not in replaced and rel.end not in replaced:
                out[identity(rel)] = rel
            elif field == "claims" and rel.statutory:
                new = moved(rel)
                out.setdefault(identity(new), new)
            elif (field == "memberships" and rel.statutory and rel.end in replaced) or (
                    field == "accountability" and rel.start in replaced):
                new = moved(rel)
                out.setdefault(identity(new), new)
        rels[field] = list(out.values())
    cited = {b.source for b in bodies if b.source}
    own_sources = {s.id for s in base.sources}
    extra = {s.id: s for s in sources if s.id in cited and s.id not in own_sources}
    return GraphDocument.build(**{**{f: getattr(base, f) for f in (
        "areas", "issues", "area_part_of", "issue_part_of")}, "sources": [*base.sources, *extra.values()],
        "bodies": [*keep, *bodies], **rels}).model_copy(update={"dataset": base.dataset})


def joint_arrangements(graph: nx.MultiDiGraph[str], excluding: str | None = None) -> tuple[list[Body], list[Source]]:
    """The joint bodies a store holds (``Body`` nodes with ``replaces``) that a dataset other than
    ``excluding`` and the national skeleton states, sorted by id, and the sources they cite."""
    from ..graphmodel.projection import node_model

    skip = {SKELETON_DATASET, excluding}
    bodies: list[Body] = []
    sources: list[Source] = []
    for key in sorted(graph.nodes):
        attrs = graph.nodes[key]
        if attrs.get("label") == "Body" and attrs.get("replaces") and set(attrs.get("datasets", ())) - skip:
            body, _ = node_model(key, attrs)
            bodies.append(body)
            source = f"Source:{body.source}"
            if body.source and source in graph:
                sources.append(node_model(source, graph.nodes[source])[0])
    return bodies, sources


def skeleton_for(graph: nx.MultiDiGraph[str], dataset: str | None, base: GraphDocument) -> GraphDocument:
    """What a store whose networkx projection is ``graph`` should hold as the national skeleton
    when ``dataset`` is (re)loaded or removed: ``base`` (the fresh national skeleton,
    ``national.national_skeleton``) with the joint arrangements of every other dataset the store
    holds laid over it.

    Every load restates the skeleton; built this way, it keeps the joint arrangements of the
    datasets that stay (``replaces_derived`` lasts until the dataset that declares it is
    reloaded without it or removed) and gives back the derived bodies of those that go.
    """
    bodies, sources = joint_arrangements(graph, dataset)
    return lay_joint_arrangements(base, bodies, sources) if bodies else base


def skeleton_after_removal(graph: nx.MultiDiGraph[str], dataset: str,
                           base: Callable[[], GraphDocument]) -> GraphDocument | None:
    """The skeleton ``remove_dataset(dataset, skeleton=...)`` restates, or ``None`` when removing
    ``dataset`` takes no joint arrangement away (nothing of the skeleton needs to come back).
    ``base`` gives the fresh national skeleton, asked for only when it is needed.

    A joint arrangement goes with the dataset when no other dataset (but the skeleton, which
    restates it) states its body; the derived bodies it replaced then come back in the same
    write as the removal.
    """
    if dataset == SKELETON_DATASET:
        return None
    stay = {b.id for b in joint_arrangements(graph, dataset)[0]}
    goes = any(a.get("label") == "Body" and a.get("replaces") and dataset in a.get("datasets", ())
               and a.get("id") not in stay for _, a in graph.nodes(data=True))
    return skeleton_for(graph, dataset, base()) if goes else None


def _unquoted(value: str) -> str:
    """A cell as written: exports neutralise formula-like text with a leading apostrophe
    (render.neutralise_formula); reading it back drops that apostrophe again."""
    return value[1:] if value.startswith("'") and value[1:].startswith(FORMULA_STARTS) else value

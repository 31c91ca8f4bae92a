"""Reading a dataset (CSV folder, YAML file or XLSX workbook) into positioned cells.

Every cell keeps the row and column a person would look at, so any later check can point at it.
Reading never raises on bad content: it records problems and carries on, so the user sees every
problem at once (a malformed CSV file is reported at the row and column where it breaks, and the
other files are still read and checked). Control characters other than tab, line feed and
carriage return are refused at their cell: no export format can carry them all (XML 1.0 forbids
them), and in a spreadsheet they are invisible. Names (``name`` and ``synonyms`` columns) may not
hold invisible or direction-changing characters either (zero-width spaces, bidi overrides...):
they make one name look like another. A YAML table named twice in one file is an error at the
second name, not a silently dropped table. Formats share one shape, ``Table``, and everything
after this module is format-blind.

Hostile files end fast, with a placed problem: YAML nested deeper than ``MAX_YAML_DEPTH`` is
refused where it goes too deep (before PyYAML's recursive composer can overflow the stack), and
a workbook is read by its cells, not by the size its sheets declare: each sheet's XML is first
counted (rows, empty ones included, up to the last row present; cells present, empty or not)
against ``MAX_ROWS`` and ``MAX_XLSX_CELLS``, then read only to the header's width and the last
row holding a value, the whole within ``MAX_XLSX_SECONDS``.
"""

from __future__ import annotations

import csv
import functools
import io
import re
import time
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..errors import Problem
from ..suggest import did_you_mean

MAX_CELL_CHARS = 10_000
MAX_ROWS = 200_000
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNPACKED_XLSX = 200 * 1024 * 1024
MAX_XLSX_CELLS = 3_000_000      # cells present in a workbook's sheets, values or not
MAX_XLSX_SECONDS = 60.0         # counting and reading a workbook
MAX_YAML_DEPTH = 20             # a dataset needs 5: the file, a table, a row, a list in a cell, its items
NAME_COLUMNS = frozenset({"name", "synonyms"})
# Characters that show as nothing or change the direction of the text around them: Unicode
# format characters (category Cf: zero-width space and joiners, LRM/RLM, embeddings, overrides
# and isolates, soft hyphen, BOM...), the line and paragraph separators and the Hangul fillers.
_INVISIBLE_OTHERS = frozenset("\u2028\u2029\u115f\u1160\u3164\uffa0")
# C0 controls but tab, LF and CR; DEL; C1 controls
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def control_character_problem(text: str) -> str | None:
    """The message for the first control character in ``text``, or None when it has none."""
    found = CONTROL_CHARACTERS.search(text)
    if found is None:
        return None
    return (f"control character U+{ord(found.group()):04X} at character {found.start() + 1} of this cell; "
            "remove it (only tab, line feed and carriage return are accepted)")


def invisible_character_problem(text: str) -> str | None:
    """The message for the first invisible or direction-changing character in a name, or None."""
    for i, ch in enumerate(text):
        if ch in _INVISIBLE_OTHERS or (ch > "\x7f" and unicodedata.category(ch) == "Cf"):
            what = unicodedata.name(ch, "")
            return (f"invisible or direction-changing character U+{ord(ch):04X}{f' ({what})' if what else ''} at "
                    f"character {i + 1} of this cell; remove it (names may not hold such characters: they make one "
                    "name look like another)")
    return None


def cell_problem(column: str, text: str) -> str | None:
    """Why a cell of ``column`` cannot hold ``text`` (a control character anywhere; an invisible or
    direction-changing character in a name), or None."""
    control = control_character_problem(text)
    if control is None and column in NAME_COLUMNS:
        return invisible_character_problem(text)
    return control


@dataclass(frozen=True)
class Cell:
    value: str
    row: int
    column: int


@dataclass
class Table:
    name: str
    file: str
    header_row: int = 1
    columns: dict[str, int] = field(default_factory=dict)
    rows: list[tuple[int, dict[str, Cell]]] = field(default_factory=list)
    # YAML rows are mappings, so a column can be missing from one row only
    per_row_columns: bool = False
    # rows whose reading already produced a problem: not checked further, to avoid echoes
    bad_rows: set[int] = field(default_factory=set)
    # YAML: the column where each row's mapping starts, to place row-level problems
    row_columns: dict[int, int] = field(default_factory=dict)


@dataclass
class RawDataset:
    tables: dict[str, Table]
    problems: list[Problem]
    notes: list[str] = field(default_factory=list)  # things skipped on purpose, said to the user


def read_dataset(path: Path, table_names: list[str]) -> RawDataset:
    """Read whatever ``path`` is (folder, .yaml/.yml, .xlsx) into tables named as the spec says."""
    if path.is_dir():
        return _read_folder(path, table_names)
    if not path.exists():
        return RawDataset({}, [Problem(str(path), None, None, "no such file or folder")])
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        return _read_yaml(path, table_names)
    if suffix == ".xlsx":
        return _read_xlsx(path, table_names)
    if suffix in (".xlsm", ".xls", ".xlsb"):
        return RawDataset({}, [Problem(str(path), None, None,
                                       f"{suffix} workbooks are not accepted; save the workbook as .xlsx "
                                       "(macros are never run or read)")])
    if suffix == ".csv":
        return RawDataset({}, [Problem(str(path), None, None,
                                       "a dataset is a folder of CSV files, a .yaml file or an .xlsx "
                                       "workbook; put this file in a folder named for the dataset")])
    return RawDataset({}, [Problem(str(path), None, None,
                                   f"unsupported file type {suffix or '(none)'!r}: use a folder of CSV "
                                   "files, a .yaml file or an .xlsx workbook")])


def _check_table_name(name: str, file: str, table_names: list[str], problems: list[Problem]) -> bool:
    if name in table_names:
        return True
    problems.append(Problem(file, None, None,
                            f"unknown table {name!r}{did_you_mean(name, table_names)}; "
                            f"tables are: {', '.join(table_names)}"))
    return False


def _too_big(file: str, size: int, problems: list[Problem]) -> bool:
    if size > MAX_FILE_BYTES:
        problems.append(Problem(file, None, None,
                                f"file is {size / 2**20:.1f} MB; the limit is {MAX_FILE_BYTES // 2**20} MB"))
        return True
    return False


def _read_folder(folder: Path, table_names: list[str]) -> RawDataset:
    tables: dict[str, Table] = {}
    problems: list[Problem] = []
    for csv_path in sorted(folder.glob("*.csv")):
        file = str(csv_path)
        if not _check_table_name(csv_path.stem, file, table_names, problems):
            continue
        if _too_big(file, csv_path.stat().st_size, problems):
            continue
        table = _read_csv(csv_path.read_bytes(), csv_path.stem, file, problems)
        if table:
            tables[table.name] = table
    if not tables and not problems:
        problems.append(Problem(str(folder), None, None,
                                f"no dataset tables here: expected one or more of "
                                f"{', '.join(n + '.csv' for n in table_names)}"))
    return RawDataset(tables, problems)


def _read_csv(raw: bytes, name: str, file: str, problems: list[Problem]) -> Table | None:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        problems.append(Problem(file, 1, 1, "file is UTF-16; save it as 'CSV UTF-8' instead"))
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        col = e.start - (raw.rfind(b"\n", 0, e.start) + 1) + 1
        problems.append(Problem(file, line, col,
                                "not valid UTF-8 (save the file as 'CSV UTF-8' in your spreadsheet)"))
        return None
    if "\x00" in text:
        problems.append(Problem(file, None, None, "contains NUL bytes: not a text CSV file"))
        return None
    if not text.strip():
        problems.append(Problem(file, None, None, "file is empty: expected a header row"))
        return None
    csv.field_size_limit(MAX_FILE_BYTES)  # long cells are reported below, with their column
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    table = Table(name=name, file=file)
    record_start = 1
    try:
        header = next(reader)
        if len([h for h in header if h.strip()]) == 1 and header[0].count(";") >= 1 and "," not in header[0]:
            # Excel in many locales saves "CSV" with semicolons: one clear hint, not a missing column each
            problems.append(Problem(file, 1, 1, "the columns are separated by semicolons, not commas (Excel saves "
                                                "CSV this way in many locales): save the file as 'CSV UTF-8 "
                                                "(Comma delimited)', or use an .xlsx workbook"))
            return None
        if not _set_header(table, [(h, i + 1) for i, h in enumerate(header)], 1, problems):
            return None
        ncols = len(header)
        record_start = reader.line_num + 1
        for record in reader:
            row = reader.line_num
            record_start = row + 1
            if not any(v.strip() for v in record):
                continue
            if len(table.rows) >= MAX_ROWS:
                problems.append(Problem(file, row, None, f"more than {MAX_ROWS} rows; split the dataset"))
                return None
            if len(record) > ncols:
                extra = [v for v in record[ncols:] if v.strip()]
                if extra:
                    problems.append(Problem(file, row, ncols + 1,
                                            f"row has {len(record)} cells but the header has {ncols}"))
                    continue
            table.rows.append((row, _cells(table, record, row, problems)))
    except csv.Error as e:
        at_row, at_col, why = _csv_break(re.split(r"\r\n|\r|\n", text), record_start)
        problems.append(Problem(file, at_row, at_col, f"malformed CSV: {why or e}"))
        return None
    return table


def _csv_break(lines: list[str], first: int) -> tuple[int | None, int | None, str | None]:
    """Where strict CSV parsing of the record starting at line ``first`` (1-based) breaks: the row
    and column (cell number) to show, and why; the row and column where a never-closed quote opened."""
    col, quoted, at_start, opened = 1, False, True, (first, 1)
    for row in range(first, len(lines) + 1):
        line, i = lines[row - 1], 0
        while i < len(line):
            c = line[i]
            if quoted:
                if c == '"':
                    if line[i + 1:i + 2] == '"':
                        i += 2
                        continue
                    quoted = False
                    if i + 1 < len(line) and line[i + 1] != ",":
                        return row, col, f"text after the closing quote of a quoted cell ({line[i + 1]!r})"
            elif c == ",":
                col, at_start = col + 1, True
            elif c == '"' and at_start:
                quoted, opened, at_start = True, (row, col), False
            else:
                at_start = False
            i += 1
        if not quoted:
            return row, None, None
    return opened[0], opened[1], "this quoted cell is never closed (a quote \" opens it and none ends it)"


def _set_header(table: Table, header: list[tuple[Any, int]], row: int, problems: list[Problem]) -> bool:
    for raw, col in header:
        name = str(raw).strip().lower() if raw is not None else ""
        if not name:
            continue
        if name in table.columns:
            problems.append(Problem(table.file, row, col,
                                    f"duplicate column {name!r} (also column {table.columns[name]})"))
            continue
        table.columns[name] = col
    table.header_row = row
    if not table.columns:
        problems.append(Problem(table.file, row, None, "the header row is empty"))
        return False
    return True


def _cells(table: Table, values: list[Any], row: int, problems: list[Problem]) -> dict[str, Cell]:
    by_col = {c: n for n, c in table.columns.items()}
    cells: dict[str, Cell] = {}
    for i, raw in enumerate(values):
        col = i + 1
        if col not in by_col:
            continue
        text = _text(raw)
        if len(text) > MAX_CELL_CHARS:
            problems.append(Problem(table.file, row, col,
                                    f"cell has {len(text)} characters; the limit is {MAX_CELL_CHARS}"))
            table.bad_rows.add(row)
            text = ""
        control = cell_problem(by_col[col], text)
        if control:
            problems.append(Problem(table.file, row, col, control))
            table.bad_rows.add(row)
            text = ""
        if text:
            cells[by_col[col]] = Cell(text, row, col)
    return cells


def _text(raw: Any) -> str:
    if raw is None:
        return ""
    if isinstance(raw, bool):
        return "true" if raw else "false"
    if isinstance(raw, datetime):
        return raw.date().isoformat() if raw.time() == datetime.min.time() else raw.isoformat()
    if isinstance(raw, date):
        return raw.isoformat()
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return str(raw).strip()


def _read_yaml(path: Path, table_names: list[str]) -> RawDataset:
    import yaml

    file = str(path)
    problems: list[Problem] = []
    if _too_big(file, path.stat().st_size, problems):
        return RawDataset({}, problems)
    try:
        text = path.read_bytes().decode("utf-8-sig")
        root = yaml.compose(text, Loader=_depth_limited_loader())
    except UnicodeDecodeError:
        return RawDataset({}, [Problem(file, None, None, "not valid UTF-8")])
    except _TooDeep as e:
        return RawDataset({}, [Problem(file, e.line, e.column,
                                       f"YAML nested more than {MAX_YAML_DEPTH} levels deep; a dataset or a change file needs "
                                       "5 at most (the file, a table, a row, a list in a cell, its items)")])
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        return RawDataset({}, [Problem(file, line, col, f"YAML syntax error: {e.problem}")])
    except yaml.YAMLError as e:
        return RawDataset({}, [Problem(file, None, None, f"YAML error: {e}")])
    if root is None:
        return RawDataset({}, [Problem(file, None, None, "file is empty")])
    if _has_aliases(root):
        return RawDataset({}, [Problem(file, None, None,
                                       "YAML anchors and aliases (&, *) are not accepted in a dataset")])
    tables: dict[str, Table] = {}

    def at(node: yaml.Node) -> tuple[int, int]:
        return node.start_mark.line + 1, node.start_mark.column + 1

    if not isinstance(root, yaml.MappingNode):
        return RawDataset({}, [Problem(file, *at(root), "expected a mapping of table names to lists of rows")])
    first_line: dict[str, int] = {}
    for key_node, value_node in root.value:
        name = str(key_node.value)
        if not _check_table_name(name, file, table_names, problems):
            problems[-1] = Problem(file, *at(key_node), problems[-1].message)
            continue
        if name in first_line:
            problems.append(Problem(file, *at(key_node),
                                    f"table {name!r} appears twice in this file (first at line {first_line[name]}); "
                                    f"put all its rows under one '{name}:'"))
            continue
        first_line[name] = at(key_node)[0]
        if not isinstance(value_node, yaml.SequenceNode):
            problems.append(Problem(file, *at(value_node), f"table {name!r} must be a list of rows"))
            continue
        table = Table(name=name, file=file, per_row_columns=True)
        for item in value_node.value:
            row, col = at(item)
            if not isinstance(item, yaml.MappingNode):
                problems.append(Problem(file, row, col, "each row must be a mapping of column: value"))
                continue
            cells: dict[str, Cell] = {}
            table.row_columns[row] = col
            for k, v in item.value:
                column = str(k.value).strip().lower()
                vrow, vcol = at(v)
                if k.tag != "tag:yaml.org,2002:str" or not _plain_tag(v):
                    problems.append(Problem(file, vrow, vcol, f"YAML tag {v.tag!r} is not accepted"))
                    table.bad_rows.add(row)
                    continue
                table.columns.setdefault(column, at(k)[1])
                if column in cells:
                    problems.append(Problem(file, *at(k), f"duplicate column {column!r} in this row"))
                    continue
                text = _yaml_text(v)
                if len(text) > MAX_CELL_CHARS:
                    problems.append(Problem(file, vrow, vcol,
                                            f"cell has {len(text)} characters; the limit is {MAX_CELL_CHARS}"))
                    table.bad_rows.add(row)
                    continue
                control = cell_problem(column, text)
                if control:
                    problems.append(Problem(file, vrow, vcol, control))
                    table.bad_rows.add(row)
                    continue
                if text:
                    cells[column] = Cell(text, vrow, vcol)
            if len(table.rows) >= MAX_ROWS:
                problems.append(Problem(file, row, None, f"more than {MAX_ROWS} rows; split the dataset"))
                break
            table.rows.append((row, cells))
        tables[name] = table
    return RawDataset(tables, problems)


class _TooDeep(Exception):
    def __init__(self, line: int, column: int):
        super().__init__(line, column)
        self.line = line
        self.column = column


@functools.cache
def _depth_limited_loader() -> Any:
    """PyYAML's safe loader, refusing nodes nested deeper than ``MAX_YAML_DEPTH``: its composer
    recurses once per level, so a file nested 50,000 deep would end in a ``RecursionError``."""
    import yaml

    class DepthLimitedLoader(yaml.SafeLoader):
        _depth = 0

        def compose_node(self, parent: Any, index: Any) -> Any:
            self._depth += 1
            try:
                if self._depth > MAX_YAML_DEPTH:
                    mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
                    raise _TooDeep(mark.line + 1, mark.column + 1)
                return super().compose_node(parent, index)
            finally:
                self._depth -= 1

    return DepthLimitedLoader


_PLAIN_TAGS = {"tag:yaml.org,2002:" + t for t in ("str", "int", "float", "bool", "null", "seq", "timestamp")}


def _plain_tag(node: Any) -> bool:
    import yaml

    if node.tag not in _PLAIN_TAGS:
        return False
    if isinstance(node, yaml.SequenceNode):
        return all(isinstance(n, yaml.ScalarNode) and n.tag in _PLAIN_TAGS for n in node.value)
    return True


def _yaml_text(node: Any) -> str:
    import yaml

    if isinstance(node, yaml.SequenceNode):
        return "; ".join(str(n.value).strip() for n in node.value)
    if node.tag == "tag:yaml.org,2002:null":
        return ""
    return str(node.value).strip()


def _has_aliases(root: Any) -> bool:
    """A node reached twice means an alias: refuse, which also defuses 'billion laughs'."""
    import yaml

    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            return True
        seen.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                stack.extend((k, v))
    return False


def _read_xlsx(path: Path, table_names: list[str]) -> RawDataset:
    import zipfile

    from openpyxl import load_workbook

    file = str(path)
    problems: list[Problem] = []
    if _too_big(file, path.stat().st_size, problems):
        return RawDataset({}, problems)
    try:
        with zipfile.ZipFile(path) as z:
            unpacked = sum(i.file_size for i in z.infolist())
            if any(i.filename.lower().endswith("vbaproject.bin") for i in z.infolist()):
                return RawDataset({}, [Problem(file, None, None, "workbook contains macros; save it as a "
                                                                 "plain .xlsx workbook (macros are never run)")])
        if unpacked > MAX_UNPACKED_XLSX:
            return RawDataset({}, [Problem(file, None, None,
                                           f"workbook unpacks to {unpacked / 2**20:.0f} MB; the limit is "
                                           f"{MAX_UNPACKED_XLSX // 2**20} MB")])
        book = load_workbook(path, read_only=True, data_only=False)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as e:
        return RawDataset({}, [Problem(file, None, None, f"not a readable .xlsx workbook ({e})")])
    tables: dict[str, Table] = {}
    notes: list[str] = []
    budget = _Budget(time.monotonic() + MAX_XLSX_SECONDS, MAX_XLSX_CELLS)
    try:
        for sheet in book.worksheets:
            where = f"{file}[{sheet.title}]"
            name = sheet.title.strip().lower()
            scan = _scan_sheet(sheet, where, budget)
            if scan.problem is not None:
                problems.append(scan.problem)
                if budget.spent:
                    break   # out of cells or time: the other sheets are not read either
                continue
            if name not in table_names and not scan.last_value_row:
                # the default sheet a new workbook starts with (Sheet1), never touched: not a table
                notes.append(f"{where}: ignored the empty sheet {sheet.title!r} (not a dataset table)")
                continue
            if not _check_table_name(name, where, table_names, problems):
                continue
            table = Table(name=name, file=where)
            if not _read_sheet(sheet, table, scan.last_value_row, budget, problems):
                if budget.spent:
                    break
                continue
            tables[table.name] = table
    finally:
        book.close()
    if not tables and not problems:
        problems.append(Problem(file, None, None, f"no dataset sheets in this workbook: expected one or more of "
                                                  f"{', '.join(table_names)}"))
    return RawDataset(tables, problems, notes)


@dataclass
class _Budget:
    """What reading one workbook may still take: a deadline and a number of cells."""

    deadline: float
    cells: int
    spent: bool = False

    def out_of_time(self) -> bool:
        if time.monotonic() > self.deadline:
            self.spent = True
        return self.spent


@dataclass
class _SheetScan:
    last_value_row: int = 0     # the last row with a cell holding a value or a formula (0: none)
    problem: Problem | None = None


class _StopScan(Exception):
    pass


def _too_many_rows(where: str, row: int) -> Problem:
    return Problem(where, row, None, f"more than {MAX_ROWS} rows (rows without values count too); delete "
                                     "the rows below the data, or split the dataset")


def _out_of_time(where: str, row: int | None) -> Problem:
    return Problem(where, row, None, f"reading stopped after {MAX_XLSX_SECONDS:.0f} seconds; the workbook is "
                                     "too big to read: split it, or save its sheets as CSV files")


def _scan_sheet(sheet: Any, where: str, budget: _Budget) -> _SheetScan:
    """Count a sheet's rows and cells from its XML, as they are, before anything reads them.

    A sheet's declared size means nothing (a 5 KB workbook may declare ``A1:XFD1048576``) and
    openpyxl fills the gaps between the rows it finds with empty rows; this count (expat, no cell
    converted) stops at the first row past ``MAX_ROWS`` or cell past the workbook's budget, so a
    hostile sheet costs what its bytes cost, and tells the reader where the values end.
    """
    import xml.parsers.expat

    scan = _SheetScan()
    row = 0
    in_cell = False
    seen = 0

    def start(tag: str, attrs: dict[str, str]) -> None:
        nonlocal row, in_cell, seen
        name = tag.rpartition("}")[2]
        if name == "row":
            number = attrs.get("r", "")
            row = int(number) if number.isdigit() else row + 1
            if row > MAX_ROWS + 1:
                scan.problem = _too_many_rows(where, row)
                raise _StopScan
        elif name == "c":
            in_cell = True
            budget.cells -= 1
            if budget.cells < 0:
                budget.spent = True
                scan.problem = Problem(where, row, None, f"more than {MAX_XLSX_CELLS} cells in this workbook "
                                                         "(empty cells count too); delete the unused cells, or "
                                                         "split the dataset")
                raise _StopScan
        elif in_cell and name in ("v", "is", "f"):
            scan.last_value_row = row
        seen += 1
        if seen % 8192 == 0 and budget.out_of_time():
            scan.problem = _out_of_time(where, row)
            raise _StopScan

    def end(tag: str) -> None:
        nonlocal in_cell
        if tag.endswith("}c") or tag == "c":
            in_cell = False

    parser = xml.parsers.expat.ParserCreate(namespace_separator="}")
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    try:
        with sheet._get_source() as source:  # openpyxl's read-only sheet: its XML in the archive
            while chunk := source.read(1 << 16):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except _StopScan:
        pass
    except xml.parsers.expat.ExpatError as e:
        scan.problem = Problem(where, None, None, f"not a readable .xlsx workbook (the sheet's XML: {e})")
    return scan


def _read_sheet(sheet: Any, table: Table, last_row: int, budget: _Budget, problems: list[Problem]) -> bool:
    """Read a scanned sheet into ``table``: the header, then each row to the header's width and
    down to the last row holding a value. False when it could not be read (a problem says why)."""
    where = table.file
    sheet.reset_dimensions()   # read the cells there are, not the size the sheet declares
    header = next(sheet.iter_rows(min_row=1, max_row=1), None)
    if header is None:
        problems.append(Problem(where, None, None, "sheet is empty: expected a header row"))
        return False
    if not _set_header(table, [(c.value, i + 1) for i, c in enumerate(header)], 1, problems):
        return False
    width = max(table.columns.values())
    if last_row < 2:
        return True
    for r, row in enumerate(sheet.iter_rows(min_row=2, max_row=last_row, max_col=width), start=2):
        if r % 1024 == 0 and budget.out_of_time():
            problems.append(_out_of_time(where, r))
            return False
        values: list[Any] = []
        for i, c in enumerate(row):
            if c.data_type == "f":
                problems.append(Problem(where, r, i + 1, "formulas are not accepted; paste the values instead"))
                table.bad_rows.add(r)
                values.append(None)
            else:
                values.append(c.value)
        if not any(_text(v) for v in values):
            continue
        if len(table.rows) >= MAX_ROWS:
            problems.append(_too_many_rows(where, r))
            return False
        table.rows.append((r, _cells(table, values, r, problems)))
    return True
